package stream

import (
	"context"

	"github.com/errfirst/loop"
)

// TransformOf is Node's stream.Transform: a duplex stream whose output is
// computed from its input. What is written (chunks of type I) goes through
// the implementation's Transform, which pushes output (chunks of type O) to
// the readable side; at the end, Flush may push more. Backpressure is the
// reader's: a chunk's transform waits while the output is over its mark.
// Transform, its byte form, is TransformOf[[]byte, []byte].
//
// It has the methods of ReadableOf (reading O) and of WritableOf (writing
// I).
type TransformOf[I, O any] struct {
	DuplexOf[O, I]
	transformImpl func(chunk I, push func(O), done func(error))
	flushImpl     func(push func(O), done func(error))
	push          func(O)     // made once: pushes to the readable side
	transformDone func(error) // made once: the done of every Transform call
	// The write in progress (one at a time): its callback, and the readable
	// length before it.
	writeCb   func(error)
	lengthWas int
	// held is the callback of a write whose output filled the readable side:
	// it is called once the reader wants more (Node's kCallback).
	held func(error)
}

// Transform is a transform stream of bytes.
type Transform = TransformOf[[]byte, []byte]

// TransformOptionsOf configures a TransformOf[I, O].
type TransformOptionsOf[I, O any] struct {
	// Transform is the implementation's _transform: it calls push with
	// each output chunk the input chunk gives (none, one or many), now or
	// later, then done once, with nil or the error.
	Transform func(chunk I, push func(O), done func(error))
	// Flush is the implementation's _flush: after the last input, it may
	// push more output, then calls done.
	Flush func(push func(O), done func(error))
	// The high-water marks, object modes and encoding are as in
	// DuplexOptionsOf; Encoding applies to the output.
	HighWaterMark         int
	ReadableHighWaterMark int
	WritableHighWaterMark int
	ObjectMode            bool
	ReadableObjectMode    bool
	WritableObjectMode    bool
	Encoding              string
	// Destroy, Construct, DisableAutoDestroy, DisableEmitClose, Context and
	// Handle are as in ReadableOptionsOf; DisallowHalfOpen as in
	// DuplexOptionsOf.
	Destroy            func(err error, cb func(error))
	Construct          func(cb func(error))
	DisallowHalfOpen   bool
	DisableAutoDestroy bool
	DisableEmitClose   bool
	Context            context.Context
	Handle             *loop.Handle
}

// TransformOptions configures a Transform (of bytes).
type TransformOptions = TransformOptionsOf[[]byte, []byte]

// NewTransform returns a transform stream on l (the default loop if nil),
// configured by opts. It must be called on the loop goroutine.
func NewTransform[I, O any](l *loop.Loop, opts TransformOptionsOf[I, O]) *TransformOf[I, O] {
	t := &TransformOf[I, O]{}
	t.initTransform("NewTransform", "transform", l, opts)
	return t
}

// PassThrough is a Transform that passes its input through unchanged:
// Node's stream.PassThrough.
type PassThrough = TransformOf[[]byte, []byte]

// NewPassThrough returns a stream that passes what is written to it through
// unchanged, a TransformOf[T, T] with no transform of its own. opts.Transform
// and opts.Flush must be nil.
func NewPassThrough[T any](l *loop.Loop, opts TransformOptionsOf[T, T]) *TransformOf[T, T] {
	if opts.Transform != nil || opts.Flush != nil {
		panic("stream: NewPassThrough called with a Transform or Flush; use NewTransform")
	}
	t := &TransformOf[T, T]{}
	opts.Transform = func(chunk T, push func(T), done func(error)) {
		push(chunk)
		done(nil)
	}
	t.initTransform("NewPassThrough", "passthrough", l, opts)
	return t
}

func (t *TransformOf[I, O]) initTransform(fn, kind string, l *loop.Loop, opts TransformOptionsOf[I, O]) {
	t.transformImpl, t.flushImpl = opts.Transform, opts.Flush
	t.push = func(v O) { t.Push(v) }
	t.transformDone = t.afterTransform
	d := DuplexOptionsOf[O, I]{
		HighWaterMark: opts.HighWaterMark, ReadableHighWaterMark: opts.ReadableHighWaterMark,
		WritableHighWaterMark: opts.WritableHighWaterMark, ObjectMode: opts.ObjectMode,
		ReadableObjectMode: opts.ReadableObjectMode, WritableObjectMode: opts.WritableObjectMode,
		Encoding: opts.Encoding, Destroy: opts.Destroy, Construct: opts.Construct,
		DisallowHalfOpen: opts.DisallowHalfOpen, DisableAutoDestroy: opts.DisableAutoDestroy,
		DisableEmitClose: opts.DisableEmitClose, Context: opts.Context, Handle: opts.Handle,
		Write: t.write, Final: t.final,
	}
	// A Duplex buffers on both sides, a Transform means to buffer its
	// mark's worth once: with an unbuffered readable side, the writable
	// side is unbuffered too unless told otherwise (as in Node).
	rh := opts.HighWaterMark
	if rh == 0 {
		rh = opts.ReadableHighWaterMark
	}
	if rh == Unbuffered && opts.HighWaterMark == 0 && opts.WritableHighWaterMark == 0 {
		d.WritableHighWaterMark = Unbuffered
	}
	t.initDuplex(fn, l, t, kind, d, t.read)
	// The transform's Read is ready before any data: no sync guard.
	t.readSide.sync = false
}

// write is the writable side's implementation: one Transform call per
// chunk.
func (t *TransformOf[I, O]) write(chunk I, cb func(error)) {
	if t.transformImpl == nil {
		cb(notImplemented("_transform()"))
		return
	}
	t.writeCb, t.lengthWas = cb, t.readSide.length
	t.transformImpl(chunk, t.push, t.transformDone)
}

func (t *TransformOf[I, O]) afterTransform(err error) {
	cb := t.writeCb
	if cb == nil {
		t.errorOrDestroy(ErrMultipleCallback, false)
		return
	}
	t.writeCb = nil
	rs := &t.readSide
	switch {
	case err != nil:
		cb(err)
	case rs.ended:
		// The implementation pushed the end: let that state settle first.
		t.tick(func() { cb(nil) })
	case t.writeSide.ended || t.lengthWas == rs.length || rs.length < rs.hwm:
		cb(nil)
	default:
		t.held = cb // the output is full: wait for the reader
	}
}

// read is the readable side's implementation: a reader wants more, so the
// held write may complete.
func (t *TransformOf[I, O]) read(int) {
	if cb := t.held; cb != nil {
		t.held = nil
		cb(nil)
	}
}

// final runs after the last write: Flush, then the end of the output.
func (t *TransformOf[I, O]) final(cb func(error)) {
	if t.flushImpl == nil || t.destroyed {
		t.PushEnd()
		cb(nil)
		return
	}
	t.flushImpl(t.push, func(err error) {
		if err != nil {
			cb(err)
			return
		}
		t.PushEnd()
		cb(nil)
	})
}
