package cb

import (
	"context"

	"github.com/errfirst/loop"
)

// Work returns a task that runs fn, a plain blocking Go function, on the
// worker pool of the loop the task runs on, as work of the given kind, and
// calls back on the loop goroutine with its outcome, once, never from
// inside the task call. It is the way to use any blocking call (a database
// driver, an HTTP client, a computation) as an error-first operation:
//
//	cb.Parallel([]cb.Task[*http.Response]{
//		cb.Work(ctx, loop.KindSlowIO, func(ctx context.Context) (*http.Response, error) { ... }),
//		...
//	}, final)
//
// fn gets a context derived from ctx that is also canceled when the
// request is canceled or the loop closes (loop.WorkOnContext). If ctx ends
// before fn starts, fn does not run; if it ends and fn returns ctx's
// error, the callback gets an AbortError (code ABORT_ERR) wrapping ctx's
// cause either way, so errors.Is(err, context.Canceled) holds for a plain
// cancel. A nil ctx is context.Background(). Each run of the task is a new
// request, which keeps the loop alive until it calls back. Work panics if
// fn is nil or kind is not a loop.Kind.
//
// Each run looks up the loop it runs on (loop.Current), which walks the
// goroutine's stack: several microseconds, ten times a pool round trip
// (BenchmarkWork). Where that matters, WorkOn binds the loop once.
func Work[T any](ctx context.Context, kind loop.Kind, fn func(ctx context.Context) (T, error)) Task[T] {
	return work("Work", nil, ctx, kind, fn)
}

// WorkOn is Work on the pool of l, which it binds once, so that a run costs
// a pool round trip and nothing more. The task must run on l's goroutine.
// It panics if l or fn is nil or kind is not a loop.Kind.
func WorkOn[T any](l *loop.Loop, ctx context.Context, kind loop.Kind, fn func(ctx context.Context) (T, error)) Task[T] {
	if l == nil {
		panic("cb: WorkOn called with a nil *loop.Loop")
	}
	return work("WorkOn", l, ctx, kind, fn)
}

func work[T any](name string, l *loop.Loop, ctx context.Context, kind loop.Kind, fn func(ctx context.Context) (T, error)) Task[T] {
	mustFunc(name, "func", fn == nil)
	if kind >= loop.NumKinds {
		panic("cb: " + name + " called with an unknown loop.Kind")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return func(done Callback[T]) {
		mustFunc(name, "callback", done == nil)
		on := l
		if on == nil {
			on = current()
		}
		loop.WorkOnContext(ctx, on, kind, fn, done)
	}
}

// Abortable returns a task that runs task and calls back with its outcome,
// unless ctx ends first: then it calls back at once with an AbortError
// (code ABORT_ERR) wrapping ctx's cause, and task's later outcome is
// ignored. It is Node's AbortSignal for any task. If ctx has already ended
// when the returned task runs, task does not run, and the callback comes
// in a NextTick. The callback is called on the loop goroutine, once. It
// panics if task is nil.
func Abortable[T any](ctx context.Context, task Task[T]) Task[T] {
	if ctx == nil {
		panic("cb: Abortable called with a nil context")
	}
	mustFunc("Abortable", "task", task == nil)
	return func(done Callback[T]) {
		mustFunc("Abortable", "callback", done == nil)
		l := current()
		var zero T
		if ctx.Err() != nil {
			err := loop.AbortError(context.Cause(ctx))
			l.NextTick(func() { done(err, zero) })
			return
		}
		over, called := false, false
		stop := context.AfterFunc(ctx, func() {
			_ = l.Dispatch(func() {
				if !over {
					over = true
					done(loop.AbortError(context.Cause(ctx)), zero)
				}
			}, nil)
		})
		task(func(err error, v T) {
			if called {
				calledTwice("Abortable", "the task", task, "")
			}
			called = true
			if over {
				return
			}
			over = true
			stop()
			done(err, v)
		})
	}
}
