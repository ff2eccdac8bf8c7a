package stream

import (
	"context"
	"fmt"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// DefaultHighWaterMark is the high-water mark of a byte stream made
// without one (16 KiB), and DefaultObjectHighWaterMark that of an object
// stream (16 objects), as Node's getDefaultHighWaterMark.
const (
	DefaultHighWaterMark       = 16 << 10
	DefaultObjectHighWaterMark = 16
)

// Unbuffered, as a HighWaterMark, is Node's highWaterMark of 0: a
// readable side reads only when asked, a writable side reports every write
// that is not written at once as over the mark. (A HighWaterMark of 0
// means the default; other negative values panic.)
const Unbuffered = -1

// ReadableOf is Node's stream.Readable, for chunks of type T: a source of
// data that an implementation pushes and a consumer reads, with Node's
// paused and flowing modes, events and backpressure. Readable, its byte
// form, is ReadableOf[[]byte]; any other T is object mode (see the package
// doc).
//
// A Readable starts paused. A 'data' listener (OnData or On("data", ...)),
// Resume or Pipe makes it flow: each chunk is emitted as 'data' as soon as
// it is pushed. A 'readable' listener takes precedence and keeps it paused:
// the consumer calls Read. 'end' is emitted once, after every byte was
// consumed, then 'close'.
//
// All methods must be called on the loop goroutine of the stream's loop,
// and every event and callback runs there. Events that Node emits on a
// later tick ('end', 'close', 'readable', 'resume') are never emitted from
// inside the call that causes them.
type ReadableOf[T any] struct {
	core
	readSide[T]
}

// Readable is a readable stream of bytes.
type Readable = ReadableOf[[]byte]

// ReadableOptionsOf configures a ReadableOf[T].
type ReadableOptionsOf[T any] struct {
	// HighWaterMark is how much the stream buffers before Push returns
	// false: bytes, or chunks in object mode. 0 means the default
	// (DefaultHighWaterMark, or DefaultObjectHighWaterMark); Unbuffered is
	// Node's 0.
	HighWaterMark int
	// ObjectMode counts []byte chunks one by one and never cuts or joins
	// them. Chunks of any other type are always in object mode.
	ObjectMode bool
	// Encoding makes 'data' and Read deliver text, as SetEncoding does.
	Encoding string
	// Read is the implementation's _read: called on the loop goroutine when
	// the stream wants data, it should Push up to n bytes (or chunks), now
	// or later, and PushEnd at the end. It is not called again until it has
	// pushed. A stream whose data comes from elsewhere may leave it nil and
	// push when data arrives... but a nil Read that is called is an error.
	Read func(r *ReadableOf[T], n int)
	// Destroy is the implementation's _destroy: it releases what the
	// stream holds and calls cb, once, with the error to emit (err, or
	// another, or nil).
	Destroy func(err error, cb func(error))
	// Construct is the implementation's _construct: it runs on the next
	// tick, before any Read, and the stream waits for cb.
	Construct func(cb func(error))
	// DisableAutoDestroy keeps the stream from destroying itself after
	// 'end' or an error (Node's autoDestroy: false).
	DisableAutoDestroy bool
	// DisableEmitClose keeps the stream from emitting 'close' (Node's
	// emitClose: false).
	DisableEmitClose bool
	// Context destroys the stream with an AbortError when it is done
	// (Node's signal).
	Context context.Context
	// Handle, for an I/O type that embeds a loop.Handle: the stream uses it
	// as its handle, so the type's Ref and Unref govern the stream's
	// liveness. Nil: the stream has its own.
	Handle *loop.Handle
}

// ReadableOptions configures a Readable (of bytes).
type ReadableOptions = ReadableOptionsOf[[]byte]

// NewReadable returns a readable stream on l (the default loop if nil),
// configured by opts. It must be called on the loop goroutine. It panics
// if the high-water mark is negative (other than Unbuffered) or the
// encoding unknown.
func NewReadable[T any](l *loop.Loop, opts ReadableOptionsOf[T]) *ReadableOf[T] {
	r := &ReadableOf[T]{}
	hwm := highWaterMark("NewReadable", opts.HighWaterMark, objectModeOf[T](opts.ObjectMode))
	var read func(int)
	if opts.Read != nil {
		read = func(n int) { opts.Read(r, n) }
	}
	r.readSide.init(&r.core, hwm, opts.ObjectMode, opts.Encoding, read)
	r.rd = &r.readSide
	r.destroyImpl = opts.Destroy
	r.core.init("NewReadable", l, r, coreOptions{
		kind: "readable", handle: opts.Handle, ctx: opts.Context,
		disableAutoDestroy: opts.DisableAutoDestroy, disableEmitClose: opts.DisableEmitClose,
	})
	if opts.Construct != nil {
		r.construct(opts.Construct, func() {
			if r.needReadable {
				r.maybeReadMore()
			}
		})
	}
	return r
}

// objectModeOf reports whether a stream of T is in object mode.
func objectModeOf[T any](forced bool) bool {
	var zero T
	_, isBytes := any(zero).([]byte)
	return forced || !isBytes
}

// highWaterMark validates and resolves an option's high-water mark.
func highWaterMark(fn string, hwm int, objectMode bool) int {
	switch {
	case hwm == Unbuffered:
		return 0
	case hwm < 0:
		panic(fmt.Sprintf("stream: %s called with HighWaterMark %d; it must be positive, 0 for the default, or Unbuffered", fn, hwm))
	case hwm > 0:
		return hwm
	case objectMode:
		return DefaultObjectHighWaterMark
	default:
		return DefaultHighWaterMark
	}
}

// Push adds chunk to the end of the stream's buffer, or hands it straight
// to 'data' listeners when the stream flows, and reports whether the
// implementation may push more: false once the buffer is at the high-water
// mark (the chunk is still taken). A nil []byte chunk ends the stream, as
// Node's push(null); so does PushEnd. Pushing after the end is
// ERR_STREAM_PUSH_AFTER_EOF, an 'error'. An empty chunk adds nothing.
func (rs *readSide[T]) Push(chunk T) bool { return rs.push(chunk) }

// PushEnd ends the stream: once what is buffered has been consumed, 'end'
// is emitted. It is Node's push(null), and returns false.
func (rs *readSide[T]) PushEnd() bool { return rs.pushEOF() }

// Unshift puts chunk back at the front of the buffer, for a consumer that
// read more than it could use. After 'end' it is
// ERR_STREAM_UNSHIFT_AFTER_END_EVENT.
func (rs *readSide[T]) Unshift(chunk T) bool { return rs.unshift(chunk) }

// Read takes up to n bytes from the buffer (one chunk in object mode) and
// returns them, or ok false if fewer than n are buffered and the stream has
// not ended; n < 0 is Node's read() with no size: everything buffered, or
// one chunk while flowing. Read(0) reads nothing and asks the
// implementation for more. What Read returns is also emitted as 'data'.
func (rs *readSide[T]) Read(n int) (chunk T, ok bool) {
	if n < 0 {
		n = readNoSize
	}
	return rs.read(n)
}

// Pause stops the flow: 'data' stops and what arrives is buffered. It emits
// 'pause' if the stream was flowing.
func (rs *readSide[T]) Pause() { rs.pause() }

// Resume starts the flow, on the next tick, and emits 'resume'. With a
// 'readable' listener the stream stays in paused mode.
func (rs *readSide[T]) Resume() { rs.resume() }

// IsPaused reports whether Pause was called, or the flow stopped.
func (rs *readSide[T]) IsPaused() bool { return rs.isPaused() }

// SetEncoding makes the stream deliver text: 'data' and Read return the
// bytes of strings in the encoding (utf8, utf16le, latin1, ascii, base64,
// base64url, hex), as UTF-8, and never split a character (or a base64
// group) across two chunks. It panics on an unknown encoding, or on a
// stream of objects.
func (rs *readSide[T]) SetEncoding(enc string) { rs.setEncoding("SetEncoding", enc) }

// Pipe sends everything read from the stream to dst, with Node's rules: the
// stream flows, and pauses whenever dst.Write returns false, until dst
// emits 'drain'; at
// the stream's end dst.End is called, unless opts say not to; errors are
// not forwarded. Several destinations may be piped at once, and the slowest
// governs. dst emits 'pipe' with the stream.
func (rs *readSide[T]) Pipe(dst Writer[T], opts ...PipeOptions) {
	pipeTo(rs, dst, "Pipe", opts)
}

// Unpipe stops piping into dst (every destination if dst is nil); dst
// emits 'unpipe' with the stream.
func (rs *readSide[T]) Unpipe(dst Writer[T]) { rs.unpipe(dst) }

// ReadableLength returns how much is buffered: bytes, or chunks.
func (rs *readSide[T]) ReadableLength() int { return rs.length }

// ReadableHighWaterMark returns the high-water mark.
func (rs *readSide[T]) ReadableHighWaterMark() int { return rs.hwm }

// ReadableEnded reports whether 'end' has been emitted.
func (rs *readSide[T]) ReadableEnded() bool { return rs.endEmitted }

// ReadableFlowing returns the flowing state: ok is false while no consumer
// has chosen a mode (Node's null), and flowing tells flowing from paused.
func (rs *readSide[T]) ReadableFlowing() (flowing, ok bool) { return rs.flowing, rs.hasFlowing }

// ReadableObjectMode reports whether the stream is in object mode.
func (rs *readSide[T]) ReadableObjectMode() bool { return rs.ops.objectMode }

// ReadableEncoding returns the encoding set by SetEncoding, or "".
func (rs *readSide[T]) ReadableEncoding() string { return rs.encodingName() }

// ReadableDidRead reports whether 'data' has been emitted.
func (rs *readSide[T]) ReadableDidRead() bool { return rs.dataEmitted }

// ReadableAborted reports whether the stream was destroyed or failed
// before 'end'.
func (rs *readSide[T]) ReadableAborted() bool {
	return (rs.c.destroyed || rs.c.errored != nil) && !rs.endEmitted
}

// IsReadable reports whether the stream can still be read: Node's
// readable, false once it ended, failed or was destroyed.
func (rs *readSide[T]) IsReadable() bool { return rs.status().readable }

// OnData adds fn to the 'data' listeners, which makes the stream flow.
func (rs *readSide[T]) OnData(fn func(chunk T)) events.Listener {
	return onData(rs.c, "OnData", fn)
}

// OnEnd adds fn to the 'end' listeners.
func (rs *readSide[T]) OnEnd(fn func()) events.Listener {
	return onEmpty(rs.c, evEnd, "OnEnd", fn)
}

// OnReadable adds fn to the 'readable' listeners, which holds the stream in
// paused mode: fn calls Read.
func (rs *readSide[T]) OnReadable(fn func()) events.Listener {
	return onEmpty(rs.c, evReadable, "OnReadable", fn)
}

// OnPause adds fn to the 'pause' listeners.
func (rs *readSide[T]) OnPause(fn func()) events.Listener {
	return onEmpty(rs.c, evPause, "OnPause", fn)
}

// OnResume adds fn to the 'resume' listeners.
func (rs *readSide[T]) OnResume(fn func()) events.Listener {
	return onEmpty(rs.c, evResume, "OnResume", fn)
}

func (rs *readSide[T]) reader() *readSide[T] { return rs }

func (rs *readSide[T]) encodingName() string {
	if rs.dec == nil {
		return ""
	}
	return rs.dec.name
}

func onData[T any](c *core, method string, fn func(T)) events.Listener {
	mustListener(method, fn == nil)
	return events.EventOf[T](&c.EventEmitter, evData).On(fn)
}

func onEmpty(c *core, event, method string, fn func()) events.Listener {
	mustListener(method, fn == nil)
	return events.EventOf[struct{}](&c.EventEmitter, event).On(func(struct{}) { fn() })
}

func mustListener(method string, isNil bool) {
	if isNil {
		panic("stream: " + method + " called with nil listener")
	}
}
