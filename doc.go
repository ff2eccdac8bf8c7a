// Package loop brings Node.js's asynchronous programming model to Go: an
// event loop on one goroutine, error-first callbacks, timers, immediates,
// process.nextTick and a worker pool for blocking work. The EventEmitter is
// in package events, as in Node.
//
// # The model
//
// One goroutine, the one that calls Run, runs every callback. Code on the
// loop never needs a lock, because nothing else runs user code; in exchange
// it must never block. Blocking work goes to the loop's worker pool
// (Work, WorkOn), and its result comes back to the loop goroutine through
// the completion queue, where the loop calls the callback:
//
//	err := loop.Run(func() {
//		loop.Work(func() ([]byte, error) { return os.ReadFile("x") },
//			func(err error, data []byte) { fmt.Println(len(data), err) })
//	})
//
// Run returns when nothing referenced is left: no timer, immediate or
// handle that keeps the loop alive (see Timer.Unref), and no pending request.
//
// # Order
//
// Each iteration follows Node 20 (libuv 1.46): pending callbacks, poll (pool
// results and Posts arrive; the loop sleeps here when idle), check
// (SetImmediate), close callbacks, then due timers. The NextTick queue
// drains after every single callback. docs/loop-order.md teaches the order
// with examples, and the tests compare it with what node prints.
//
// # Contracts
//
// A callback is never called from inside the call that registered it. The
// callback of an operation (Work, WorkOn, an Op) is called exactly once: on
// success, on error, or, when the loop closes first, with an error wrapping
// ErrClosed if the work never ran and its real outcome if it did. Timers and
// immediates run at most once (not once cleared), intervals and listeners
// many times. Misuse (a nil callback, use after Close) panics at the call
// site; operational errors reach callbacks as errors that carry Node's code
// (see Code). A panic in a callback stops the loop and Run returns it as a
// *PanicError with the stack, unless WithPanicHandler installed a handler.
// When Run returns, no goroutine of the loop is left running, and Close
// always returns.
//
// # I/O types
//
// A type that wraps a device embeds a Handle, which gives its users Node's
// Ref, Unref, HasRef and Close, and drives it through the HandleControl that
// OpenHandle returns: Activate while it waits for something, Go for its
// goroutines, and Op or Serial for each operation whose blocking part runs
// in such a goroutine. See the pipeReader in the examples.
//
// # Default and explicit loops
//
// The package-level functions (Run, NextTick, Work, and the timer package)
// use Default(), as http.Get uses http.DefaultClient. The same operations
// exist as methods on an explicit *Loop made by New, which is what tests,
// libraries and programs with several loops should use.
package loop
