// Package events is Node's events module for Go: the EventEmitter, whose
// listeners are called synchronously, in registration order, each time their
// event name is emitted.
//
//	var e events.EventEmitter // a zero EventEmitter is ready
//	e.On("data", func(args ...any) { fmt.Println("got", args[0]) })
//	e.Emit("data", "hello")
//
// An I/O type embeds an EventEmitter, so that it offers On, Once, Emit and
// the rest, and adds typed listeners such as a socket's OnData(func([]byte))
// through Event, a typed view of one event name that shares the emitter's
// listener lists and allocates nothing to emit.
//
// The package does not depend on the event loop (package
// github.com/errfirst/loop): an emitter runs its listeners on the goroutine
// that calls Emit. The loop's I/O types emit on the loop goroutine, so their
// listeners run there, among the loop's callbacks, as in Node.
//
// Node's names map to Go's as follows: on, once, off, emit, listenerCount
// and the rest are the methods of the same names; a listener is identified by
// the Listener handle its registration returns, because Go funcs cannot be
// compared; events.errorMonitor is ErrorMonitor; events.defaultMaxListeners
// is DefaultMaxListeners; ERR_UNHANDLED_ERROR is UnhandledError; and a
// MaxListenersExceededWarning is a Warning.
package events
