package loop

import "sync/atomic"

// Post queues fn to run once on the loop goroutine, in a poll phase. It is
// safe to call from any goroutine, and it returns ErrClosed, without
// queueing fn, if the loop is closed. A Post does not keep the loop alive:
// if Run may return before fn arrives, hold an Async open (see NewAsync).
// A queued fn whose turn has not come when the loop closes is dropped, not
// run: user code does not run on a closed loop. A sender that must know
// whether its work ran should use a request (WorkOn), whose callback is
// always called.
func (l *Loop) Post(fn func()) error {
	if fn == nil {
		panic("loop: Post called with nil func")
	}
	if l.closed.Load() {
		return ErrClosed
	}
	l.cq.Push(postFn(fn))
	return nil
}

type postFn func()

func (f postFn) complete(l *Loop) {
	if l.closing {
		return // the loop is closing: user code no longer runs
	}
	l.invoke(PhasePoll, f)
}

// Async is a handle that lets other goroutines run functions on the loop,
// libuv's uv_async_t: while it is open and referenced, the loop stays alive
// waiting for its posts, even with nothing else to do.
type Async struct {
	h      Handle
	closed atomic.Bool
}

// NewAsync opens an Async on l. It must be called on the loop goroutine.
func (l *Loop) NewAsync() *Async {
	l.mustOpen("NewAsync")
	a := &Async{}
	a.h.Init(l, "async", func() { a.closed.Store(true) })
	a.h.Start()
	return a
}

// Post queues fn as (*Loop).Post does, and is safe from any goroutine. It
// returns ErrClosed once the Async or its loop is closed.
func (a *Async) Post(fn func()) error {
	if fn == nil {
		panic("loop: Async.Post called with nil func")
	}
	if a.closed.Load() {
		return ErrClosed
	}
	return a.h.l.Post(fn)
}

// Close closes the Async on the loop goroutine: later Posts fail with
// ErrClosed, and the loop no longer waits for it. cb, if not nil, runs in
// the close phase.
func (a *Async) Close(cb func()) { a.h.Close(cb) }

// Ref makes the Async keep the loop alive (the default).
func (a *Async) Ref() { a.h.Ref() }

// Unref lets the loop exit while the Async is open.
func (a *Async) Unref() { a.h.Unref() }

// HasRef reports whether the Async keeps the loop alive.
func (a *Async) HasRef() bool { return a.h.HasRef() }
