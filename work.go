package loop

import (
	"context"
	"errors"
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
	KindCPU Kind = iota
	// KindFastIO is file system calls, which finish quickly.
	KindFastIO
	// KindSlowIO is DNS lookups and other calls that may block for long.
	// It may hold at most half the workers (rounded up), as in libuv.
	KindSlowIO
)

// NumKinds is the number of Kinds; PoolMetrics counts by Kind up to it.
const NumKinds = 3

// The loop's kinds are the pool's, value for value: each line stops the
// build if they drift apart.
var (
	_ = [1]struct{}{}[int(pool.CPU)-int(KindCPU)]
	_ = [1]struct{}{}[int(pool.FastIO)-int(KindFastIO)]
	_ = [1]struct{}{}[int(pool.SlowIO)-int(KindSlowIO)]
	_ = [NumKinds]int(pool.Stats{}.Queued)
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
	fail(err error)               // replace the outcome, before complete
	stop(cause error) bool        // cancel a running context work; false if it has none
	abandon(l *Loop, cause error) // call back now without waiting for the worker
}

// Cancel cancels the request if no worker has started it, and reports
// whether it did. A canceled request's callback is still called, once, with
// ErrCanceled, in the loop's next pending phase: never from Cancel itself.
//
// A request made with a context (WorkOnContext) that is already running has
// its context canceled instead, and Cancel returns false: if the work then
// returns the context's error, the callback receives ErrCanceled; if it
// finishes anyway, the callback receives its real outcome.
func (r *Request) Cancel() bool {
	if r.done {
		return false
	}
	if r.l.pool != nil && r.l.pool.Cancel(&r.task) {
		r.job.fail(ErrCanceled)
		r.l.deferPending(r.job)
		return true
	}
	r.job.stop(ErrCanceled)
	return false
}

func (r *Request) stop(cause error) { r.job.stop(cause) }

func (r *Request) links() *links[Request] { return &r.ln }

// Kind returns the kind of work r was queued as.
func (r *Request) Kind() Kind { return r.kind }

// work is a typed request: its function, its callback and its outcome.
type work[T any] struct {
	Request
	fn     func() (T, error)
	fnCtx  func(context.Context) (T, error)
	ctx    context.Context
	cancel context.CancelCauseFunc
	cb     func(error, T)
	v      T
	err    error
	// stopped is set on the loop goroutine when Cancel or Close canceled the
	// running work's context; a context error from the work is then
	// reported as this.
	stopped error
}

// Work runs work on the default loop's pool. See WorkOn.
func Work[T any](work func() (T, error), done func(err error, v T)) *Request {
	checkWork("Work", work == nil, done == nil)
	return WorkOn(Default(), KindCPU, work, done)
}

// WorkContext runs work with a context on the default loop's pool. See
// WorkOnContext.
func WorkContext[T any](ctx context.Context, work func(ctx context.Context) (T, error), done func(err error, v T)) *Request {
	checkWork("WorkContext", work == nil, done == nil)
	return WorkOnContext(ctx, Default(), KindCPU, work, done)
}

// WorkOn runs fn on a worker goroutine of l's pool and then calls done on
// the loop goroutine with its result, exactly once and never from inside
// WorkOn: with fn's outcome, with ErrCanceled if the request was canceled
// before it started, or with an error wrapping ErrClosed if the loop closed
// before fn started (see Close; work that ran reports its real outcome). A
// panic in fn does not crash the program: done receives it as a *PanicError
// with the stack. So does a fn that ends its goroutine with runtime.Goexit,
// as an error saying so.
//
// Work of one kind runs in the order it was queued; the pool runs at most
// WithWorkers functions at once. A pending request keeps the loop alive.
// WorkOn must be called on l's goroutine. During a close it queues nothing:
// done is called once, in the close, with an error wrapping ErrClosed.
func WorkOn[T any](l *Loop, kind Kind, fn func() (T, error), done func(err error, v T)) *Request {
	checkWork("WorkOn", fn == nil, done == nil)
	w := &work[T]{fn: fn, cb: done}
	return submit(l, "WorkOn", kind, w)
}

// WorkOnContext is WorkOn for work that can stop early: fn receives a
// context derived from ctx that the loop cancels when the request is
// canceled (Request.Cancel) or the loop closes, so running work can return
// at once. If fn then returns the context's error, done receives
// ErrCanceled, or an error wrapping ErrClosed, instead. If ctx itself is
// done before fn starts, fn does not run and done receives an AbortError
// wrapping ctx's cause (errors.Is(err, context.Canceled) for a plain
// cancel); if it ends while fn runs and fn returns the context's error,
// done receives that AbortError too. A nil ctx is context.Background().
func WorkOnContext[T any](ctx context.Context, l *Loop, kind Kind, fn func(ctx context.Context) (T, error), done func(err error, v T)) *Request {
	checkWork("WorkOnContext", fn == nil, done == nil)
	if ctx == nil {
		ctx = context.Background()
	}
	w := &work[T]{fnCtx: fn, cb: done}
	w.ctx, w.cancel = context.WithCancelCause(ctx)
	return submit(l, "WorkOnContext", kind, w)
}

func submit[T any](l *Loop, name string, kind Kind, w *work[T]) *Request {
	if l == nil {
		panic("loop: " + name + " called with a nil *Loop")
	}
	if kind >= NumKinds {
		panic(fmt.Sprintf("loop: %s called with unknown Kind %d", name, kind))
	}
	l.mustOpen(name)
	w.l, w.job, w.kind = l, w, kind
	l.requests.add(&w.Request)
	if l.sites != nil {
		l.recordSite(&w.Request)
	}
	if l.closing() {
		w.fail(ErrClosedPending)
		l.deferPending(w)
		return &w.Request
	}
	if l.pool == nil {
		l.pool = pool.New(l.cfg.workers)
	}
	l.pool.Submit(&w.task, pool.Kind(kind), w)
	return &w.Request
}

func checkWork(name string, noFn, noDone bool) {
	if noFn {
		panic("loop: " + name + " called with nil work func")
	}
	if noDone {
		panic("loop: " + name + " called with nil done callback")
	}
}

// RunJob runs on a worker goroutine; the completion queue carries the
// request back to the loop. A work function that ends its goroutine with
// runtime.Goexit still sends its request back, with an error saying so, so
// its callback runs and the loop is not left waiting for it.
func (w *work[T]) RunJob() {
	normal := false
	defer func() {
		if !normal {
			var zero T
			w.v, w.err = zero, errWorkGoexit
			w.l.cq.Push(w)
		}
	}()
	w.run()
	normal = true
	w.l.cq.Push(w)
}

func (w *work[T]) run() {
	defer func() {
		if v := recover(); v != nil {
			var zero T
			w.v, w.err = zero, recovered(v)
		}
	}()
	if w.fnCtx == nil {
		w.v, w.err = w.fn()
		return
	}
	if w.ctx.Err() != nil {
		w.err = AbortError(context.Cause(w.ctx))
		return
	}
	w.v, w.err = w.fnCtx(w.ctx)
}

func (w *work[T]) fail(err error) {
	var zero T
	w.v, w.err = zero, err
}

func (w *work[T]) stop(cause error) bool {
	if w.cancel == nil || w.stopped != nil {
		return w.cancel != nil
	}
	w.stopped = cause
	w.cancel(cause)
	return true
}

// complete calls the callback on the loop goroutine.
func (w *work[T]) complete(l *Loop) {
	if w.done {
		return // abandoned by Close: its callback has run
	}
	err := w.err
	switch {
	case err == nil:
	case w.stopped != nil && (errors.Is(err, context.Canceled) || errors.Is(err, w.stopped)):
		err = w.stopped
	case w.stopped == nil && w.ctx != nil && w.ctx.Err() != nil && Code(err) == "" && errors.Is(err, w.ctx.Err()):
		// The caller's context ended while fn ran, and fn gave up with its
		// error: Node's AbortError, as when it ended before fn started.
		err = AbortError(context.Cause(w.ctx))
	}
	v := w.v
	var zero T
	w.v = zero
	w.finish(l, err, v)
}

// abandon calls the callback with err at once, leaving the worker, which
// still runs fn, to finish on its own: its result is then ignored. It
// touches none of the fields the worker writes.
func (w *work[T]) abandon(l *Loop, err error) {
	var zero T
	w.finish(l, err, zero)
}

func (w *work[T]) finish(l *Loop, err error, v T) {
	l.requests.remove(&w.Request)
	if l.sites != nil {
		delete(l.sites, &w.Request)
	}
	w.done = true
	if w.cancel != nil {
		w.cancel(nil) // release the context
	}
	cb := w.cb
	w.cb = nil
	p := PhasePoll
	if err == ErrCanceled || err == ErrClosedPending {
		p = PhasePending
	}
	invokeDone(l, p, cb, err, v)
}

// invokeDone is invoke for an error-first callback, without a closure: it
// counts the callback in phase p, calls it under the panic policy, and
// drains the ticks it queued.
func invokeDone[T any](l *Loop, p Phase, cb func(error, T), err error, v T) {
	l.metrics.Callbacks[p]++
	callDone(l, cb, err, v)
	if l.ticks.n > 0 {
		l.drainTicks()
	}
}

// callDone is call for an error-first callback, without a closure.
func callDone[T any](l *Loop, cb func(error, T), err error, v T) {
	defer func() {
		if r := recover(); r != nil {
			l.handlePanic(recovered(r))
		}
	}()
	cb(err, v)
}
