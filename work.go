package loop

import (
	"fmt"

	"github.com/errfirst/loop/internal/pool"
)

// Kind is the kind of pool work. Each kind has its own queue and a cap on
// how many workers it may hold, so one kind cannot starve the others: slow
// DNS lookups cannot keep file system calls waiting, which libuv's single
// queue allows (nodejs/node#8436).
type Kind uint8

const (
	// KindCPU is user computation; Work uses it. It may hold all workers
	// but one, when there are two or more.
	KindCPU Kind = Kind(pool.CPU)
	// KindFastIO is file system calls, which finish quickly.
	KindFastIO Kind = Kind(pool.FastIO)
	// KindSlowIO is DNS lookups and other calls that may block for long.
	// It may hold at most half the workers (rounded up), as in libuv.
	KindSlowIO Kind = Kind(pool.SlowIO)
)

func (k Kind) String() string { return pool.Kind(k).String() }

// Request is a pending piece of pool work. Its methods must be called on
// the loop goroutine.
type Request struct {
	task pool.Task
	l    *Loop
	job  job
	kind Kind
	ln   links[Request] // in the loop's list of pending requests
	done bool           // the callback has been called
}

// job is the typed half of a request: work[T] for every T.
type job interface {
	pool.Job
	completion
	fail(err error) // replace the outcome, before complete
}

// Cancel cancels the request if no worker has started it, and reports
// whether it did. A canceled request's callback is still called, once, with
// ErrCanceled, in the loop's next pending phase: never from Cancel itself.
func (r *Request) Cancel() bool {
	if r.done || r.l.pool == nil || !r.l.pool.Cancel(&r.task) {
		return false
	}
	r.job.fail(ErrCanceled)
	r.l.deferPending(r.job)
	return true
}

func (r *Request) links() *links[Request] { return &r.ln }

// Kind returns the kind of work r was queued as.
func (r *Request) Kind() Kind { return r.kind }

// work is a typed request: its function, its callback and its outcome.
type work[T any] struct {
	Request
	fn  func() (T, error)
	cb  func(error, T)
	v   T
	err error
}

// Work runs work on the default loop's pool. See WorkOn.
func Work[T any](work func() (T, error), done func(err error, v T)) *Request {
	checkWork("Work", work, done)
	return WorkOn(Default(), KindCPU, work, done)
}

// WorkOn runs fn on a worker goroutine of l's pool and then calls done on
// the loop goroutine with its result, exactly once: with fn's outcome, with
// ErrCanceled if the request was canceled before it started, or with
// ErrClosed if the loop closed first. A panic in fn does not crash the
// program: done receives it as a *PanicError with the stack.
//
// Work of one kind runs in the order it was queued; the pool runs at most
// WithWorkers functions at once. A pending request keeps the loop alive.
// WorkOn must be called on l's goroutine.
func WorkOn[T any](l *Loop, kind Kind, fn func() (T, error), done func(err error, v T)) *Request {
	checkWork("WorkOn", fn, done)
	if kind > KindSlowIO {
		panic(fmt.Sprintf("loop: WorkOn called with unknown Kind %d", kind))
	}
	l.mustOpen("WorkOn")
	w := &work[T]{fn: fn, cb: done}
	w.l, w.job, w.kind = l, w, kind
	l.requests.add(&w.Request)
	if l.sites != nil {
		l.recordSite(&w.Request)
	}
	if l.pool == nil {
		l.pool = pool.New(l.cfg.workers)
	}
	l.pool.Submit(&w.task, pool.Kind(kind), w)
	return &w.Request
}

func checkWork[T any](name string, fn func() (T, error), done func(error, T)) {
	if fn == nil {
		panic("loop: " + name + " called with nil work func")
	}
	if done == nil {
		panic("loop: " + name + " called with nil done callback")
	}
}

// RunJob runs on a worker goroutine; the completion queue carries the
// request back to the loop.
func (w *work[T]) RunJob() {
	w.run()
	w.l.cq.Push(w)
}

func (w *work[T]) run() {
	defer func() {
		if v := recover(); v != nil {
			var zero T
			w.v, w.err = zero, recovered(v)
		}
	}()
	w.v, w.err = w.fn()
}

func (w *work[T]) fail(err error) {
	var zero T
	w.v, w.err = zero, err
}

// complete calls the callback on the loop goroutine.
func (w *work[T]) complete(l *Loop) {
	l.requests.remove(&w.Request)
	if l.sites != nil {
		delete(l.sites, &w.Request)
	}
	w.done = true
	cb, v, err := w.cb, w.v, w.err
	if l.closing && err != ErrCanceled {
		var zero T
		v, err = zero, errClosedPending
	}
	w.fn, w.cb = nil, nil
	var zero T
	w.v = zero
	p := PhasePoll
	if err == ErrCanceled {
		p = PhasePending
	}
	l.metrics.Callbacks[p]++
	callDone(l, cb, err, v)
	if l.ticks.n > 0 {
		l.drainTicks()
	}
}

// callDone is call for a two-argument callback, without a closure.
func callDone[T any](l *Loop, cb func(error, T), err error, v T) {
	defer func() {
		if r := recover(); r != nil {
			l.handlePanic(recovered(r))
		}
	}()
	cb(err, v)
}
