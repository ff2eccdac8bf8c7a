package stream

import (
	"context"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// Writer is a stream that can be written: a WritableOf[T], DuplexOf[R, T],
// TransformOf[T, O], or a type embedding one. Pipe takes it.
type Writer[T any] interface {
	Stream
	writer() *writeSide[T]
}

// Reader is a stream that can be read: a ReadableOf[T], DuplexOf[T, W],
// TransformOf[I, T], or a type embedding one.
type Reader[T any] interface {
	Stream
	reader() *readSide[T]
}

// WritableOf is Node's stream.Writable, for chunks of type T: a
// destination that a producer writes and an implementation consumes, one
// write at a time, with Node's buffering, backpressure, cork and final.
// Writable, its byte form, is WritableOf[[]byte]; any other T is object
// mode.
//
// Write returns false once WritableLength reaches the high-water mark: the
// producer should wait for 'drain'. End says no more will be written;
// 'finish' is emitted once every write has been flushed, then 'close'.
//
// All methods must be called on the loop goroutine, and every event and
// callback runs there. A write's callback is called exactly once: with nil
// once the implementation has written the chunk, or with the error that
// kept it from being written; never from inside Write.
type WritableOf[T any] struct {
	core
	writeSide[T]
}

// Writable is a writable stream of bytes.
type Writable = WritableOf[[]byte]

// WritableOptionsOf configures a WritableOf[T].
type WritableOptionsOf[T any] struct {
	// HighWaterMark is how much may be buffered before Write returns false:
	// bytes, or chunks in object mode. 0 means the default; Unbuffered is
	// Node's 0.
	HighWaterMark int
	// ObjectMode counts []byte chunks one by one.
	ObjectMode bool
	// Write is the implementation's _write: it writes chunk, now or later,
	// and calls done once, with nil or the error. The stream calls it one
	// chunk at a time, and buffers the chunks written meanwhile.
	Write func(chunk T, done func(error))
	// Writev is the implementation's _writev: it writes several buffered
	// chunks at once (after Uncork, or while a write was in flight) and
	// calls done once. Optional; a stream with only Writev uses it for
	// single chunks too.
	Writev func(chunks []T, done func(error))
	// Final is the implementation's _final: called once everything written
	// has been flushed, after End, before 'finish'; done(nil) lets 'finish'
	// come, done(err) fails the stream.
	Final func(done func(error))
	// Destroy and Construct are as in ReadableOptionsOf.
	Destroy   func(err error, cb func(error))
	Construct func(cb func(error))
	// DisableAutoDestroy, DisableEmitClose, Context and Handle are as in
	// ReadableOptionsOf.
	DisableAutoDestroy bool
	DisableEmitClose   bool
	Context            context.Context
	Handle             *loop.Handle
}

// WritableOptions configures a Writable (of bytes).
type WritableOptions = WritableOptionsOf[[]byte]

// NewWritable returns a writable stream on l (the default loop if nil),
// configured by opts. It must be called on the loop goroutine. It panics
// if the high-water mark is negative (other than Unbuffered).
func NewWritable[T any](l *loop.Loop, opts WritableOptionsOf[T]) *WritableOf[T] {
	w := &WritableOf[T]{}
	hwm := highWaterMark("NewWritable", opts.HighWaterMark, objectModeOf[T](opts.ObjectMode))
	w.writeSide.init(&w.core, hwm, opts.ObjectMode)
	w.writeImpl, w.writevImpl, w.finalImpl = opts.Write, opts.Writev, opts.Final
	w.wr = &w.writeSide
	w.destroyImpl = opts.Destroy
	w.core.init("NewWritable", l, w, coreOptions{
		kind: "writable", handle: opts.Handle, ctx: opts.Context,
		disableAutoDestroy: opts.DisableAutoDestroy, disableEmitClose: opts.DisableEmitClose,
	})
	if opts.Construct != nil {
		w.construct(opts.Construct, w.onConstructed)
	}
	return w
}

func (ws *writeSide[T]) onConstructed() {
	if !ws.writing {
		ws.clearBuffer()
	}
	if ws.ending {
		ws.finishMaybe(false)
	}
}

func (ws *writeSide[T]) writer() *writeSide[T] { return ws }

// Write writes chunk and reports whether the caller may write more before
// 'drain': false once WritableLength reaches the high-water mark (the chunk
// is still taken). cb, if not nil, is called once: with nil when the chunk
// has been written, or with the error. Writing after End, or to a
// destroyed stream, gives cb ErrWriteAfterEnd (or ErrDestroyed) and emits
// it as 'error'; it never panics.
func (ws *writeSide[T]) Write(chunk T, cb func(error)) bool {
	ok, _ := ws.write(chunk, cb)
	return ok
}

// End says that nothing more will be written. cb, if not nil, is called
// once: with nil when the stream has finished ('finish'), or with the
// error that kept it from finishing.
func (ws *writeSide[T]) End(cb func(error)) { ws.end(cb) }

// EndWith writes chunk, then ends, as Node's end(chunk, cb).
func (ws *writeSide[T]) EndWith(chunk T, cb func(error)) { ws.endWith(&chunk, cb) }

// Cork buffers every write until Uncork (or End), so that they reach the
// implementation together, through its Writev if it has one.
func (ws *writeSide[T]) Cork() { ws.cork() }

// Uncork undoes one Cork; once every Cork is undone, the buffered writes
// start.
func (ws *writeSide[T]) Uncork() { ws.uncork() }

// WritableLength returns how much has been written and not yet flushed.
func (ws *writeSide[T]) WritableLength() int { return ws.length }

// WritableHighWaterMark returns the high-water mark.
func (ws *writeSide[T]) WritableHighWaterMark() int { return ws.hwm }

// WritableNeedDrain reports whether a Write returned false and 'drain' has
// not come yet.
func (ws *writeSide[T]) WritableNeedDrain() bool { return ws.needsDrain() }

// WritableEnded reports whether End has been called.
func (ws *writeSide[T]) WritableEnded() bool { return ws.ending }

// WritableFinished reports whether 'finish' has been emitted.
func (ws *writeSide[T]) WritableFinished() bool { return ws.finished }

// WritableCorked returns how many Corks are not undone.
func (ws *writeSide[T]) WritableCorked() int { return ws.corked }

// WritableObjectMode reports whether the stream is in object mode.
func (ws *writeSide[T]) WritableObjectMode() bool { return ws.ops.objectMode }

// IsWritable reports whether the stream can still be written: Node's
// writable, false once it ended, failed or was destroyed.
func (ws *writeSide[T]) IsWritable() bool { return ws.status().writable }

// WritableAborted reports whether the stream was destroyed or failed
// before 'finish'.
func (ws *writeSide[T]) WritableAborted() bool {
	return (ws.c.destroyed || ws.c.errored != nil) && !ws.finished
}

// OnDrain adds fn to the 'drain' listeners: the buffer has emptied after a
// Write returned false.
func (ws *writeSide[T]) OnDrain(fn func()) events.Listener {
	return onEmpty(ws.c, evDrain, "OnDrain", fn)
}

// OnFinish adds fn to the 'finish' listeners: End was called and every
// write has been flushed.
func (ws *writeSide[T]) OnFinish(fn func()) events.Listener {
	return onEmpty(ws.c, evFinish, "OnFinish", fn)
}

// OnPrefinish adds fn to the 'prefinish' listeners, which run just before
// the implementation's Final (or 'finish' if it has none).
func (ws *writeSide[T]) OnPrefinish(fn func()) events.Listener {
	return onEmpty(ws.c, evPrefinish, "OnPrefinish", fn)
}

// OnPipe adds fn to the 'pipe' listeners: a readable started piping into
// the stream.
func (ws *writeSide[T]) OnPipe(fn func(src Stream)) events.Listener {
	return onStream(ws.c, evPipe, "OnPipe", fn)
}

// OnUnpipe adds fn to the 'unpipe' listeners: a readable stopped piping
// into the stream.
func (ws *writeSide[T]) OnUnpipe(fn func(src Stream)) events.Listener {
	return onStream(ws.c, evUnpipe, "OnUnpipe", fn)
}

func onStream(c *core, event, method string, fn func(Stream)) events.Listener {
	mustListener(method, fn == nil)
	return events.EventOf[Stream](&c.EventEmitter, event).On(fn)
}
