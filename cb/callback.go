package cb

import (
	"strconv"

	"github.com/errfirst/loop"
)

// Callback is an error-first callback, Node's (err, value) convention: err
// is nil on success, and v is the value. A Callback given to a task by this
// package must be called exactly once, on the loop goroutine; calling it
// twice panics (see ErrMultipleCallback).
type Callback[T any] func(err error, v T)

// Task is an error-first asynchronous operation that yields a T: it starts
// its work and returns, and calls done once when the work is over, with an
// error or the value. It runs on the loop goroutine, and so must done.
type Task[T any] func(done Callback[T])

// Result is an outcome held as a value, for Reflect: Err is the task's
// error, and Value its value when Err is nil.
type Result[T any] struct {
	Value T
	Err   error
}

// current returns the loop the combinator acts on: the loop running the
// calling goroutine, or the default loop outside any loop. It costs about a
// microsecond (loop.Current reads the goroutine id), so a combinator calls it
// at most once, and only when it needs the loop: to defer a callback that
// would otherwise run inside the combinator call, or to set a timer.
func current() *loop.Loop {
	if l := loop.Current(); l != nil {
		return l
	}
	return loop.Default()
}

// mustFunc panics, naming the function, if fn (a func value) is nil.
func mustFunc(name, what string, isNil bool) {
	if isNil {
		panic("cb: " + name + " called with nil " + what)
	}
}

// mustLimit panics if limit is below 1, as async.js throws a RangeError.
func mustLimit(name, what string, limit int) {
	if limit < 1 {
		panic("cb: " + name + " called with " + what + " " + strconv.Itoa(limit) + "; it must be at least 1")
	}
}
