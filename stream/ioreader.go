package stream

import (
	"context"
	"errors"
	"io"
	"os"
	"sync"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// FromReader returns a Readable whose data comes from r: Go's io.Reader as
// a Node stream. The reads run in a goroutine of the stream, never on the
// loop goroutine, one at a time and only while the stream wants data (its
// buffer is below the high-water mark, which is also the most one read
// asks for), so a slow consumer stops the reads and nothing is read ahead
// of the mark. io.EOF ends the stream; another error destroys it with that
// error. If r is an io.Closer, destroying the stream closes it, which is
// what unblocks a read in progress when the loop closes; wrap r to prevent
// that. opts.Read must be nil.
func FromReader(l *loop.Loop, r io.Reader, opts ReadableOptions) *Readable {
	if r == nil {
		panic("stream: FromReader called with a nil io.Reader")
	}
	if opts.Read != nil {
		panic("stream: FromReader called with a Read function; the io.Reader is the source")
	}
	var s *Readable
	var reads *loop.Serial[int, []byte]
	opts.Read = func(_ *Readable, n int) {
		if !reads.Pending() {
			reads.Call(n)
		}
	}
	opts.Destroy = chainDestroy(opts.Destroy, r, nil)
	s = NewReadable(l, opts)
	reads = loop.NewSerial(s.ctl, "read", loop.FollowHandle, func(_ context.Context, n int) ([]byte, error) {
		if n <= 0 {
			n = DefaultHighWaterMark
		}
		buf := make([]byte, n)
		k, err := r.Read(buf)
		if k < n/4 {
			// Do not pin a big buffer for a few bytes.
			buf = append([]byte(nil), buf[:k]...)
		}
		return buf[:k], err
	}, func(err error, b []byte) {
		if s.destroyed {
			return
		}
		if len(b) > 0 {
			s.Push(b)
		}
		switch {
		case err == io.EOF:
			s.PushEnd()
		case err != nil:
			s.Destroy(err)
		case len(b) == 0:
			s.Push([]byte{}) // a read of nothing: let the stream ask again
		}
	})
	return s
}

// chainDestroy closes c, if it is an io.Closer not closed already, before
// the user's Destroy.
func chainDestroy(user func(error, func(error)), c any, closed *bool) func(error, func(error)) {
	return func(err error, cb func(error)) {
		if cl, ok := c.(io.Closer); ok && (closed == nil || !*closed) {
			if cerr := cl.Close(); cerr != nil && err == nil && !errors.Is(cerr, os.ErrClosed) && !errors.Is(cerr, io.ErrClosedPipe) {
				err = cerr
			}
		}
		if user != nil {
			user(err, cb)
			return
		}
		cb(err)
	}
}

// NewReader returns an io.ReadCloser over src, for a plain goroutine: Read
// blocks until the stream has data, and returns io.EOF once it has ended,
// or the error it failed with. Any goroutine but the loop's may call Read
// and Close (on the loop goroutine they panic: they would block it); Close
// destroys the stream. Until the stream ends, fails or the reader is
// closed, the stream keeps its loop alive, so that Read is served.
// NewReader itself must be called on the loop goroutine: it puts the
// stream in paused mode, with a 'readable' listener. When the loop closes,
// a Read in progress returns an error.
func NewReader(src Reader[[]byte]) io.ReadCloser {
	if src == nil {
		panic("stream: NewReader called with a nil stream")
	}
	rs := src.reader()
	b := &readerBridge{rs: rs, l: rs.c.l, reply: make(chan readReply, 1)}
	rs.c.hold()
	e := &rs.c.EventEmitter
	events.EventOf[struct{}](e, evReadable).On(func(struct{}) { b.retry() })
	events.EventOf[struct{}](e, evEnd).On(func(struct{}) { b.settle(io.EOF) })
	events.EventOf[error](e, evError).On(func(err error) { b.settle(err) })
	events.EventOf[struct{}](e, evClose).On(func(struct{}) { b.settle(ErrPrematureClose) })
	return b
}

type readReply struct {
	data []byte
	err  error
}

type readerBridge struct {
	rs    *readSide[[]byte]
	l     *loop.Loop
	reply chan readReply

	mu   sync.Mutex // serializes Read and Close
	held []byte     // read from the stream, not yet returned
	// final is the stream's end (io.EOF), failure, or the reader's close,
	// set by either side under finalMu, so that a Read after it needs no
	// trip to the loop (which may have stopped running).
	finalMu sync.Mutex
	final   error

	waiting bool // loop side: a fetch found nothing and waits for an event
	settled bool // loop side: the stream is done, its hold let go
}

func (b *readerBridge) finalErr() error {
	b.finalMu.Lock()
	defer b.finalMu.Unlock()
	return b.final
}

func (b *readerBridge) setFinal(err error) {
	b.finalMu.Lock()
	if b.final == nil {
		b.final = err
	}
	b.finalMu.Unlock()
}

func (b *readerBridge) Read(p []byte) (int, error) {
	if b.l.InLoop() {
		panic("stream: Read of a NewReader called on the loop goroutine; it would block the loop")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.held) == 0 && len(p) > 0 && b.finalErr() == nil {
		err := b.l.Dispatch(b.fetch, func() { b.reply <- readReply{err: loop.ErrClosed} })
		if err != nil {
			b.setFinal(err)
		} else if r := <-b.reply; r.err != nil {
			b.setFinal(r.err)
		} else {
			b.held = r.data
		}
	}
	if len(b.held) > 0 {
		n := copy(p, b.held)
		b.held = b.held[n:]
		return n, nil
	}
	if len(p) == 0 {
		return 0, nil
	}
	return 0, b.finalErr()
}

// fetch runs on the loop: it answers with what is buffered, or with the
// end or the failure, or waits for the next event.
func (b *readerBridge) fetch() {
	if chunk, ok := b.rs.read(readNoSize); ok {
		b.reply <- readReply{data: chunk}
		return
	}
	if err := b.doneErr(); err != nil {
		b.reply <- readReply{err: err}
		return
	}
	b.waiting = true
}

// doneErr returns why the stream gives no more data, or nil if it may.
func (b *readerBridge) doneErr() error {
	rs, c := b.rs, b.rs.c
	switch {
	case rs.endEmitted:
		return io.EOF
	case c.errored != nil:
		return c.errored
	case c.destroyed:
		return ErrPrematureClose
	}
	return nil
}

// retry answers a waiting Read after 'readable'.
func (b *readerBridge) retry() {
	if b.waiting {
		b.waiting = false
		b.fetch()
	}
}

// settle records that the stream is done, answers a waiting Read, and lets
// the loop go.
func (b *readerBridge) settle(err error) {
	if e := b.doneErr(); e != nil {
		err = e
	}
	b.setFinal(err)
	if b.waiting {
		b.waiting = false
		b.reply <- readReply{err: err}
	}
	if !b.settled {
		b.settled = true
		b.rs.c.unhold()
	}
}

// Close destroys the stream; later Reads return io.ErrClosedPipe.
func (b *readerBridge) Close() error {
	if b.l.InLoop() {
		panic("stream: Close of a NewReader called on the loop goroutine; use Destroy on the stream")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.finalMu.Lock()
	was := b.final
	b.final = io.ErrClosedPipe
	b.finalMu.Unlock()
	if was != nil {
		return nil // done already (and the loop may have stopped running)
	}
	done := make(chan struct{})
	if err := b.l.Dispatch(func() {
		b.rs.c.destroy(nil, nil)
		if !b.settled {
			b.settled = true
			b.rs.c.unhold()
		}
		close(done)
	}, func() { close(done) }); err != nil {
		return nil // the loop is closed: so is the stream
	}
	<-done
	return nil
}
