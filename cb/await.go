package cb

import (
	"context"
	"sync/atomic"

	"github.com/errfirst/loop"
)

// The doors between the loop and plain Go code: Start hands an error-first
// operation to a loop and returns a Future that any goroutine can wait on;
// Await is Start and Wait in one call.

// Future is the outcome of an operation started by Start, for plain Go
// code: a goroutine other than the loop's waits for it with Wait, or
// selects on Done. It is safe for concurrent use.
type Future[T any] struct {
	l    *loop.Loop
	done chan struct{}
	set  atomic.Bool
	v    T
	err  error
}

// errClosed is the outcome of an operation whose loop closed before it
// called back.
var errClosed = loop.WrapError("ERR_LOOP_CLOSED", "cb: the loop closed before the operation called back", loop.ErrClosed)

// Start runs op on l and returns its Future. It may be called from any
// goroutine: from l's own, op starts at once; from another, op is handed to
// the loop (with Dispatch) and starts in its next poll phase, so the loop
// must be running or run later. The Future gets op's outcome, or an error
// wrapping loop.ErrClosed (code ERR_LOOP_CLOSED) if l closes first: before
// op started, or while its callback was still out (an op whose timer the
// close dropped never calls back). op's callback must be called once; a
// second call panics.
//
// A Future does not keep the loop alive: what op waits for does. A program
// whose other goroutines start work on an otherwise idle loop keeps it
// running with an Async handle (see loop.NewAsync).
func Start[T any](l *loop.Loop, op Task[T]) *Future[T] {
	if l == nil {
		panic("cb: Start called with a nil *loop.Loop")
	}
	mustFunc("Start", "operation", op == nil)
	f := &Future[T]{l: l, done: make(chan struct{})}
	if l.InLoop() {
		f.begin(op)
		return f
	}
	var zero T
	if err := l.Dispatch(func() { f.begin(op) }, func() { f.complete(zero, errClosed) }); err != nil {
		f.complete(zero, errClosed)
	}
	return f
}

// futureHandle is the handle through which a loop's close reaches a
// Future whose op has not called back: its teardown completes the Future.
// It is inactive, so it does not keep the loop alive, and Report lists it
// as "cb.future".
type futureHandle struct {
	loop.Handle
}

// begin runs on the loop goroutine.
func (f *Future[T]) begin(op Task[T]) {
	var zero T
	h := &futureHandle{}
	f.l.OpenHandle(&h.Handle, "cb.future", func(error) { f.complete(zero, errClosed) })
	called := false
	op(func(err error, v T) {
		if called {
			calledTwice("Start", "the operation", op, "")
		}
		called = true
		f.complete(v, err)
		h.Close(nil)
	})
}

// complete sets the outcome, the first time only.
func (f *Future[T]) complete(v T, err error) {
	if f.set.Swap(true) {
		return
	}
	f.v, f.err = v, err
	close(f.done)
}

// Done returns a channel that is closed once the outcome is known.
func (f *Future[T]) Done() <-chan struct{} { return f.done }

// Wait blocks until the outcome is known and returns it. It panics on the
// loop goroutine of the Future's loop, where it would deadlock: the loop
// must run for op to call back. Code on the loop uses a callback instead.
func (f *Future[T]) Wait() (T, error) {
	mustNotLoop(f.l, "Future.Wait")
	<-f.done
	return f.v, f.err
}

// WaitContext is Wait that gives up when ctx ends, returning an AbortError
// (code ABORT_ERR) that wraps ctx's cause. The operation goes on; its
// outcome is still available through the Future.
func (f *Future[T]) WaitContext(ctx context.Context) (T, error) {
	mustNotLoop(f.l, "Future.WaitContext")
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		var zero T
		return zero, loop.AbortError(context.Cause(ctx))
	}
}

// Await runs op on l and blocks until it calls back, returning its
// outcome: the way for a goroutine other than the loop's to call loop code
// and wait for it, such as a handler of net/http reading a file through the
// loop. It is Start(l, op).Wait(), and so returns an error wrapping
// loop.ErrClosed if l closes first. It panics on l's goroutine, where it
// would deadlock.
func Await[T any](l *loop.Loop, op Task[T]) (T, error) {
	if l == nil {
		panic("cb: Await called with a nil *loop.Loop")
	}
	mustNotLoop(l, "Await")
	f := Start(l, op)
	<-f.done
	return f.v, f.err
}

// AwaitContext is Await that gives up waiting when ctx ends, returning an
// AbortError that wraps ctx's cause; op goes on, and its outcome is
// dropped.
func AwaitContext[T any](ctx context.Context, l *loop.Loop, op Task[T]) (T, error) {
	if l == nil {
		panic("cb: AwaitContext called with a nil *loop.Loop")
	}
	mustNotLoop(l, "AwaitContext")
	return Start(l, op).WaitContext(ctx)
}

func mustNotLoop(l *loop.Loop, name string) {
	if l.InLoop() {
		panic("cb: " + name + " called on the loop goroutine: it would wait for a callback that only this goroutine can run (a deadlock); pass a callback instead")
	}
}
