package loop

import "sync/atomic"

// Post queues fn to run once on the loop goroutine, in a poll phase, and is
// safe to call from any goroutine. It returns ErrClosed, without queueing
// fn, once a close of the loop has begun. It is the simplest door into the
// loop, and promises little:
//
//   - A Post does not keep the loop alive: if Run may return before fn
//     arrives, hold an Async open (see NewAsync).
//   - A Post is not listed in Report.
//   - A fn still queued when the loop closes is dropped, not run: user code
//     does not run in a closed loop.
//
// An implementer who needs a result delivered exactly once, counted for
// liveness and finished by Close, uses an Op (or a Serial) of a handle;
// blocking work uses WorkOn.
func (l *Loop) Post(fn func()) error {
	if l == nil {
		panic("loop: Post called on a nil *Loop")
	}
	if fn == nil {
		panic("loop: Post called with nil func")
	}
	if l.closed.Load() {
		return ErrClosed
	}
	l.cq.Push(postFn(fn))
	return nil
}

// Dispatch queues fn to run once on the loop goroutine, in a poll phase, as
// Post does, but guarantees an answer: if the loop closes before fn runs,
// fn never runs and dropped, if not nil, is called instead, once, on the
// goroutine that runs the close. It is safe to call from any goroutine, and
// returns ErrClosed, calling neither, once a close has begun. A goroutine
// that waits for the loop to do something (cb.Await) uses it, so that it is
// never left waiting. dropped must not block, nor call the loop.
func (l *Loop) Dispatch(fn, dropped func()) error {
	if l == nil {
		panic("loop: Dispatch called on a nil *Loop")
	}
	if fn == nil {
		panic("loop: Dispatch called with nil func")
	}
	// Under l.mu, a Dispatch either lands in the queue before the close
	// begins, and the close drains it, or sees the close and fails.
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed.Load() {
		return ErrClosed
	}
	l.cq.Push(&dispatchFn{fn, dropped})
	return nil
}

type dispatchFn struct{ fn, dropped func() }

func (d *dispatchFn) complete(l *Loop) {
	if !l.inShutdown {
		l.invoke(PhasePoll, d.fn)
		return
	}
	if d.dropped != nil {
		l.call(d.dropped)
	}
}

type postFn func()

func (f postFn) complete(l *Loop) {
	if l.inShutdown {
		return // the loop is closing: posted code no longer runs
	}
	l.invoke(PhasePoll, f)
}

// Async is a handle that lets other goroutines run functions on the loop,
// libuv's uv_async_t: while it is open and referenced, the loop stays alive
// waiting for its posts, even with nothing else to do. Close it (from the
// loop goroutine, often from the last function posted) when no more posts
// will come. It has the methods of Handle: Ref, Unref, HasRef, Close and
// Closing.
type Async struct {
	Handle
	shut atomic.Bool // set when closing begins, for Post on other goroutines
}

// NewAsync opens an Async on l. It must be called on the loop goroutine.
func (l *Loop) NewAsync() *Async {
	if l == nil {
		panic("loop: NewAsync called on a nil *Loop")
	}
	l.mustOpen("NewAsync")
	a := &Async{}
	c := l.OpenHandle(&a.Handle, "async", func(error) { a.shut.Store(true) })
	c.Activate()
	return a
}

// Post queues fn as (*Loop).Post does, and is safe from any goroutine. It
// returns ErrClosed once the Async or its loop has started to close.
func (a *Async) Post(fn func()) error {
	if a == nil || a.l == nil {
		panic("loop: Async.Post called on an Async not made by NewAsync")
	}
	if fn == nil {
		panic("loop: Async.Post called with nil func")
	}
	if a.shut.Load() {
		return ErrClosed
	}
	return a.l.Post(fn)
}
