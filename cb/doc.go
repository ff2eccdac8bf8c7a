// Package cb is async.js's control flow for error-first callbacks, typed
// with generics, on the loop: the cure for callback pyramids. It has the
// collection combinators (Each, Map, Filter, Reduce, Detect, ... with their
// Series and Limit forms), the control flow (Series, Parallel, Waterfall,
// Auto, Race, the loops, Retry), the queues (Queue, PriorityQueue, Cargo),
// wrappers (Timeout, Once, Memoize, Reflect, Abortable), and doors to plain
// Go code (Await and Start from other goroutines, Work and WorkOn for
// blocking functions).
//
//	cb.Parallel([]cb.Task[[]byte]{
//		func(done cb.Callback[[]byte]) { fs.ReadFile("a", done) },
//		func(done cb.Callback[[]byte]) { fs.ReadFile("b", done) },
//	}, func(err error, results [][]byte) { ... })
//
// # Which loop
//
// Go has no generic methods, so the combinators cannot be methods of
// *loop.Loop. Each acts on the loop running the calling goroutine
// (loop.Current), or on loop.Default outside any loop: call them from
// callbacks of the loop (inside Run), where they belong.
//
// The lookup walks the goroutine's stack, so it costs microseconds, more in
// deep call stacks. A combinator asks for its loop at most once per call,
// and only when it needs it: to defer a final callback that would
// otherwise run inside the call (an empty input, or tasks that all called
// back synchronously), or to set a timer (Retry, Timeout). A combinator
// whose tasks call back later never asks. A Queue asks once, when it is
// made or first pushed to; Once and Memoize once, at their first cached
// answer. Work asks at each run, and WorkOn binds the loop instead.
//
// # The rules every combinator follows
//
// They are async.js's, made strict where async.js is loose:
//
//   - Every function and callback runs on the loop goroutine, and the
//     callbacks a combinator hands out must be called there.
//   - The final callback is called exactly once. It is never called from
//     inside the combinator call, even for an empty input or tasks that call
//     back synchronously (async.js calls back synchronously then): it is
//     deferred with NextTick in that case.
//   - The first error calls the final callback; tasks already running go
//     on, and their later outcomes are ignored. No new task starts.
//   - Results keep the input order, whatever order the tasks finish in.
//   - An empty input calls back (asynchronously) with an empty result.
//   - Tasks that call back synchronously do not grow the stack: a million
//     of them use the stack of one (async.js needs ensureAsync for that).
//   - A limit below 1 panics at the call site, as do nil functions:
//     "cb: EachLimit called with limit 0; it must be at least 1".
//
// async.js's cb(false), which cancels a run silently, has no equivalent:
// a Go error is either nil or an error. Use a context (Abortable,
// Queue.PushContext, Work) to stop work from outside.
//
// # Misuse made visible
//
// A callback called twice is a programmer error. async.js throws
// "Callback was already called."; here the second call panics with an
// error wrapping ErrMultipleCallback (code ERR_MULTIPLE_CALLBACK) that names
// the combinator, which callback it was (task 2, item 7, job 12), and the
// function it was given to with the file:line where that function is
// defined. On the loop, the panic follows the loop's panic policy: Run
// returns it as a *loop.PanicError, unless a panic handler is installed.
//
// A callback never called is the other mistake, and a quiet one: the final
// callback never runs, and Run returns as if all was well. TrackCallbacks
// makes the package record every callback it hands out on a loop, with the
// file:line of the combinator call; after Run, NeverCalled lists those that
// were never called, and CheckCallbacks turns them into an error for a test.
// Without TrackCallbacks nothing is recorded.
//
// # Errors
//
// Every error from this package carries a Node code, read with loop.Code:
// ERR_MULTIPLE_CALLBACK, ETIMEDOUT (Timeout), ERR_CB_QUEUE_KILLED (Kill),
// ABORT_ERR for a context that ended (wrapping its cause, so errors.Is(err,
// context.Canceled) holds), ERR_LOOP_CLOSED for an Await whose loop closed
// (wrapping loop.ErrClosed), and ERR_CB_NEVER_CALLED (CheckCallbacks).
// Errors from tasks reach the final callback as they are.
//
// # Differences from async.js
//
// Besides the strictness above: a Queue's Kill calls the callbacks of the
// jobs it removes, with ErrKilled (async.js drops them); Forever lets I/O
// run between synchronous rounds; Retry with no interval retries in the next
// check phase rather than after a 1 ms timer; Auto starts tasks that are
// ready together in the order of their names; Detect reports whether it
// found an item, since the zero value may be a valid one. The twin scripts
// in testdata/asyncjs run the same scenarios under node with async.js v3,
// and the tests compare the traces line by line.
package cb
