package stream

import (
	"iter"

	"github.com/errfirst/loop"
)

// FromSlice returns a stream that emits each item of items, in order, then
// ends: Node's Readable.from(array). As in Node it is in object mode with a
// high-water mark of 1, unless opts say otherwise (a []byte item is one
// chunk).
func FromSlice[T any](l *loop.Loop, items []T, opts ...ReadableOptionsOf[T]) *ReadableOf[T] {
	i := 0
	return From(l, func(yield func(T) bool) {
		for ; i < len(items); i++ {
			if !yield(items[i]) {
				return
			}
		}
	}, opts...)
}

// From returns a stream that emits the values of seq, then ends: Node's
// Readable.from(iterable). seq is pulled one value per read, on the loop
// goroutine, so it must not block; a panic in it destroys the stream.
// Options are as in FromSlice.
func From[T any](l *loop.Loop, seq iter.Seq[T], opts ...ReadableOptionsOf[T]) *ReadableOf[T] {
	if seq == nil {
		panic("stream: From called with a nil sequence")
	}
	var o ReadableOptionsOf[T]
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Read != nil {
		panic("stream: From called with a Read function; the sequence is the source")
	}
	o.ObjectMode = true
	if o.HighWaterMark == 0 {
		o.HighWaterMark = 1
	}
	var next func() (T, bool)
	var stop func()
	o.Read = func(r *ReadableOf[T], n int) {
		if next == nil {
			next, stop = iter.Pull(seq)
		}
		for {
			v, ok := next()
			if !ok {
				stop()
				r.PushEnd()
				return
			}
			if !r.Push(v) {
				return
			}
		}
	}
	userDestroy := o.Destroy
	o.Destroy = func(err error, cb func(error)) {
		if stop != nil {
			stop()
		}
		if userDestroy != nil {
			userDestroy(err, cb)
			return
		}
		cb(err)
	}
	return NewReadable(l, o)
}
