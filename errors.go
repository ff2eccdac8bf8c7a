package loop

import (
	"fmt"
	"runtime/debug"
)

// Error is an operational error that carries Node's error code, so code
// ported from Node can switch on err.Code as it did on err.code. The
// sentinels below are *Error values; compare them with errors.Is.
type Error struct {
	Code string // Node's code, e.g. "ECANCELED"
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

var (
	// ErrCanceled is given to a request's callback when the request was
	// canceled before it started, as libuv's UV_ECANCELED.
	ErrCanceled = &Error{Code: "ECANCELED", Msg: "loop: request canceled"}

	// ErrClosed is returned by Post on a closed loop. The callback of every
	// request still pending when its loop closes receives an error that
	// wraps it (errors.Is(err, ErrClosed)) and says the request was pending.
	ErrClosed = &Error{Code: "ERR_LOOP_CLOSED", Msg: "loop: closed"}

	errClosedPending = fmt.Errorf("%w with the request pending", ErrClosed)
)

// PanicError is a panic recovered from user code: a callback on the loop
// (Run returns it) or a Work function (its done callback receives it).
// Stack is the panicking goroutine's stack at the time of the panic.
type PanicError struct {
	Value any
	Stack []byte
}

func (p *PanicError) Error() string {
	return fmt.Sprintf("loop: panic: %v\n\n%s", p.Value, p.Stack)
}

// Unwrap returns the panic value if it is an error, so errors.Is and
// errors.As see through the panic to what was thrown.
func (p *PanicError) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}

// recovered turns a recover() result into a *PanicError with the current
// stack. It must be called from the deferred function, while the panicking
// frames are still on the stack.
func recovered(v any) *PanicError {
	return &PanicError{Value: v, Stack: debug.Stack()}
}
