package events

import "fmt"

// ErrorMonitor is the event name of Node's events.errorMonitor: its listeners
// are called with the arguments of every Emit("error", ...), before the
// "error" listeners, and they do not count as handling the error, so an
// "error" without listeners still panics after they ran. Node uses a Symbol so
// that no ordinary name can clash; this string mirrors the Symbol's
// description and is not one a program would choose for its own events.
const ErrorMonitor = "events.errorMonitor"

// UnhandledError is the panic value of an Emit("error", v) that found no
// "error" listener when v is not an error (an error v is the panic value
// itself, as Node throws an Error argument as is). It is Node's
// ERR_UNHANDLED_ERROR; recover it with errors.As.
type UnhandledError struct {
	Value any // the first argument of the Emit, nil if there was none
}

// Error returns Node's message, with Value written as Go would: strings
// quoted, nil as "nil". For example: Unhandled error. ("boom").
func (e *UnhandledError) Error() string {
	switch v := e.Value.(type) {
	case nil:
		return "Unhandled error. (nil)"
	case string:
		return fmt.Sprintf("Unhandled error. (%q)", v)
	default:
		return fmt.Sprintf("Unhandled error. (%v)", v)
	}
}

// Code returns Node's error code, "ERR_UNHANDLED_ERROR", for ported code that
// switches on it. A Code method is how every error of this library carries
// its Node code, so that the code can be read through wrapping.
func (e *UnhandledError) Code() string { return "ERR_UNHANDLED_ERROR" }

// emitError is Emit for "error": ErrorMonitor listeners first, then the
// "error" listeners, or a panic if there are none.
func (e *EventEmitter) emitError(args []any) bool {
	if s := e.lookup(ErrorMonitor); s != nil {
		e.run(s.list, args)
	}
	// Look "error" up after the monitors ran, as Node does: one of them may
	// have added a listener.
	s := e.lookup("error")
	if s == nil {
		var v any
		if len(args) > 0 {
			v = args[0]
		}
		panic(unhandledPanicValue(v))
	}
	e.run(s.list, args)
	return true
}

// unhandledPanicValue returns the panic value of an "error" that nobody handled.
func unhandledPanicValue(v any) any {
	if err, ok := v.(error); ok {
		return err
	}
	return &UnhandledError{Value: v}
}
