package stream

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// FromWriter returns a Writable whose chunks go to w: Go's io.Writer as a
// Node stream. The writes run in a goroutine of the stream, never on the
// loop goroutine, one at a time; chunks written meanwhile are buffered and
// go out together, through net.Buffers (writev on a net.Conn), so a slow
// writer fills the buffer and Write returns false. Each write's callback
// runs once w has taken the chunk, or with w's error. At the end (Final), a
// w with a Flush() error method is flushed, and an io.Closer is closed (as
// a gzip.Writer needs to write its footer); destroying the stream closes it
// too. Wrap w to prevent closing. opts.Write, Writev and Final must be nil.
func FromWriter(l *loop.Loop, w io.Writer, opts WritableOptions) *Writable {
	if w == nil {
		panic("stream: FromWriter called with a nil io.Writer")
	}
	if opts.Write != nil || opts.Writev != nil || opts.Final != nil {
		panic("stream: FromWriter called with a Write, Writev or Final function; the io.Writer is the destination")
	}
	var s *Writable
	var jobs *loop.Serial[writeJob, struct{}]
	var done func(error)
	var one [1][]byte
	closed := false // by the final job
	run := func(j writeJob, d func(error)) {
		done = d
		if !jobs.Call(j) {
			return // the stream's handle is closing: done gets the cause
		}
	}
	opts.Write = func(chunk []byte, d func(error)) {
		one[0] = chunk
		run(writeJob{chunks: one[:]}, d)
	}
	opts.Writev = func(chunks [][]byte, d func(error)) { run(writeJob{chunks: chunks}, d) }
	opts.Final = func(d func(error)) {
		run(writeJob{final: true}, func(err error) {
			closed = true
			d(err)
		})
	}
	opts.Destroy = chainDestroy(opts.Destroy, w, &closed)
	s = NewWritable(l, opts)
	jobs = loop.NewSerial(s.ctl, "write", loop.KeepAlive, func(_ context.Context, j writeJob) (struct{}, error) {
		return struct{}{}, j.do(w)
	}, func(err error, _ struct{}) {
		d := done
		done = nil
		one[0] = nil
		if d != nil {
			d(err)
		}
	})
	return s
}

// writeJob is one trip to the writer's goroutine: chunks to write, or the
// final flush and close.
type writeJob struct {
	chunks [][]byte
	final  bool
}

func (j writeJob) do(w io.Writer) error {
	if j.final {
		if f, ok := w.(interface{ Flush() error }); ok {
			if err := f.Flush(); err != nil {
				return err
			}
		}
		if c, ok := w.(io.Closer); ok {
			return c.Close()
		}
		return nil
	}
	if len(j.chunks) == 1 {
		_, err := w.Write(j.chunks[0])
		return err
	}
	bufs := net.Buffers(j.chunks)
	_, err := bufs.WriteTo(w)
	return err
}

// NewWriter returns an io.WriteCloser over dst, for a plain goroutine:
// Write copies p into the stream and returns once the stream has taken it
// and is below its high-water mark (waiting for 'drain' otherwise), so a
// producer goroutine feels the stream's backpressure. A write that fails
// later is reported by the next Write, or by Close; Close ends the stream
// and returns once it has finished, with the first error, so no byte is
// lost unreported. Until Close, or the stream's destruction, the stream
// keeps its loop alive, so that Write is served. Any goroutine but the
// loop's may call Write and Close (on the loop goroutine they panic: they
// would block it). NewWriter itself must be called on the loop goroutine.
func NewWriter(dst Writer[[]byte]) io.WriteCloser {
	if dst == nil {
		panic("stream: NewWriter called with a nil stream")
	}
	ws := dst.writer()
	b := &writerBridge{ws: ws, l: ws.c.l, reply: make(chan error, 1)}
	b.onWritten = b.record
	ws.c.hold()
	held := true
	b.let = func() { // once: the stream no longer needs to keep the loop
		if held {
			held = false
			ws.c.unhold()
		}
	}
	e := &ws.c.EventEmitter
	events.EventOf[struct{}](e, evDrain).On(func(struct{}) { b.answer(nil) })
	events.EventOf[error](e, evError).On(func(err error) { b.record(err); b.answer(err) })
	events.EventOf[struct{}](e, evClose).On(func(struct{}) {
		b.record(ErrDestroyed)
		b.answer(ErrDestroyed)
		b.let()
	})
	return b
}

type writerBridge struct {
	ws        *writeSide[[]byte]
	l         *loop.Loop
	reply     chan error
	onWritten func(error)

	mu     sync.Mutex // serializes Write and Close
	closed bool
	// errMu guards err apart from mu: the loop records errors while a
	// Write holds mu waiting for the loop.
	errMu sync.Mutex
	err   error // the first error: of a write, the stream's, or its destruction

	waiting bool // loop side: a Write waits for 'drain'
	let     func()
}

func (b *writerBridge) Write(p []byte) (int, error) {
	if b.l.InLoop() {
		panic("stream: Write of a NewWriter called on the loop goroutine; it would block the loop")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, io.ErrClosedPipe
	}
	if err := b.firstErr(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	chunk := append([]byte(nil), p...) // Write must not keep p
	err := b.l.Dispatch(func() {
		ok, err := b.ws.write(chunk, b.onWritten)
		switch {
		case err != nil:
			b.reply <- err
		case ok:
			b.reply <- nil
		default:
			b.waiting = true // until 'drain', 'error' or 'close'
		}
	}, func() { b.reply <- loop.ErrClosed })
	if err == nil {
		err = <-b.reply
	}
	if err != nil {
		b.record(err)
		return 0, err
	}
	return len(p), nil
}

// record keeps the first error; the loop calls it for failed writes.
func (b *writerBridge) record(err error) {
	if err != nil {
		b.errMu.Lock()
		if b.err == nil {
			b.err = err
		}
		b.errMu.Unlock()
	}
}

func (b *writerBridge) firstErr() error {
	b.errMu.Lock()
	defer b.errMu.Unlock()
	return b.err
}

// answer lets a Write waiting for 'drain' go.
func (b *writerBridge) answer(err error) {
	if b.waiting {
		b.waiting = false
		b.reply <- err
	}
}

// Close ends the stream and waits until it has finished. It returns the
// first error of a write or of the end.
func (b *writerBridge) Close() error {
	if b.l.InLoop() {
		panic("stream: Close of a NewWriter called on the loop goroutine; use End on the stream")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	if err := b.firstErr(); err != nil {
		return err // destroyed or failed: the loop may have stopped running
	}
	done := make(chan error, 1)
	err := b.l.Dispatch(func() {
		b.ws.end(func(err error) {
			done <- err
			b.let()
		})
	}, func() { done <- loop.ErrClosed })
	if err == nil {
		err = <-done
	}
	if first := b.firstErr(); first != nil && !errors.Is(first, ErrDestroyed) {
		return first
	}
	return err
}
