package loop

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// Coder is the one way an error of this library carries Node's error code
// (err.code in Node): every error the library returns, in every package,
// has a Code method or wraps an error that has one. Read it with Code,
// which looks through wrapping as errors.As does.
type Coder interface {
	error
	Code() string
}

// Code returns Node's code for err: the code of the first error in err's
// chain that has a Code method (see Coder), or else, for a bare
// syscall.Errno in the chain, the libuv name of that errno ("ENOENT"). It
// returns "" for nil and for errors that carry no code.
//
// It is the ported-Node way to switch on an error; Go code can use
// errors.Is with the library's sentinels, or with the io/fs and syscall
// values its errors wrap.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var c Coder
	if errors.As(err, &c) {
		return c.Code()
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if u, ok := uvByErrno(errno); ok {
			return u.code
		}
	}
	return ""
}

// Error is an error in Node's shape: a code, and for a failed system call
// the fields Node puts on its errors (errno, syscall, path, dest, address,
// port, hostname), with a message in Node's form:
//
//	ENOENT: no such file or directory, open '/x'
//	connect ECONNREFUSED 127.0.0.1:1
//
// It wraps the Go error underneath (a *fs.PathError, a *net.OpError, a
// syscall.Errno), so errors.Is(err, fs.ErrNotExist) and errors.As keep
// working. An Error is immutable: make one with NewError, WrapError or
// NewSystemError. The library's sentinels (ErrClosed, ErrCanceled, and
// those of the other packages) are *Error values; compare with errors.Is.
type Error struct {
	code     string
	msg      string
	errno    int
	syscall  string
	path     string
	dest     string
	address  string
	hostname string
	port     int
	err      error
}

// NewError returns an error with Node's code and the given message, such as
// a package's sentinel. If code is a libuv error code ("ECANCELED"), Errno
// reports its number.
func NewError(code, message string) *Error {
	e := &Error{code: code, msg: message}
	if u, ok := uvByCode(code); ok {
		e.errno = u.errno
	}
	return e
}

// WrapError is NewError for an error that wraps err: errors.Is and
// errors.As see err through it, and Code reports code.
func WrapError(code, message string, err error) *Error {
	e := NewError(code, message)
	e.err = err
	return e
}

// Form is the shape of a system error's message. Node uses several,
// depending on the API that failed.
type Form uint8

const (
	// FormFS is the form of fs errors (Node's uvException):
	// "ENOENT: no such file or directory, open '/x' -> '/y'".
	FormFS Form = iota
	// FormNet is the form of socket and DNS errors (Node's
	// exceptionWithHostPort and dnsException): "connect ECONNREFUSED
	// 127.0.0.1:1", "read ECONNRESET", "getaddrinfo ENOTFOUND example.invalid".
	FormNet
	// FormNetDetailed is FormNet with the description after the code
	// (Node's uvExceptionWithHostPort, used by listen and bind):
	// "listen EADDRINUSE: address already in use 127.0.0.1:8080".
	FormNetDetailed
)

// SystemErrorInfo describes a failed call for NewSystemError, in Node's
// terms.
type SystemErrorInfo struct {
	Form     Form
	Syscall  string // "open", "connect", "scandir", ...
	Path     string // fs: the path, or "" for calls on a descriptor
	Dest     string // fs: the second path of rename, link, copyfile, symlink
	Address  string // net: the address, without the port
	Port     int    // net: the port, or 0
	Hostname string // dns: the name that was looked up
	// Code overrides the code found in err. Set it for errors that carry no
	// errno, such as Go's own net.ErrClosed or os.ErrDeadlineExceeded.
	Code string
}

// NewSystemError returns err, the outcome of a failed call, as an Error in
// Node's shape. The code and errno come from the syscall.Errno in err's
// chain (ENOENT and -2), or from info.Code; an error with neither gets the
// code "UNKNOWN". The message follows info.Form. The result wraps err.
func NewSystemError(err error, info SystemErrorInfo) *Error {
	e := &Error{
		syscall: info.Syscall, path: info.Path, dest: info.Dest,
		address: info.Address, port: info.Port, hostname: info.Hostname, err: err,
	}
	u, ok := uvByCode(info.Code)
	if !ok && info.Code == "" {
		var errno syscall.Errno
		if errors.As(err, &errno) {
			u, ok = uvByErrno(errno)
		}
	}
	switch {
	case ok:
		e.code, e.errno = u.code, u.errno
	case info.Code != "":
		e.code = info.Code
	default:
		e.code, e.errno = "UNKNOWN", uvUnknown
	}
	e.msg = e.render(info.Form, u.desc)
	return e
}

// render builds the message the way Node's lib/internal/errors.js does for
// the form.
func (e *Error) render(f Form, desc string) string {
	var b strings.Builder
	switch f {
	case FormFS:
		b.WriteString(e.code)
		b.WriteString(": ")
		if desc == "" {
			desc = e.fallbackDesc()
		}
		b.WriteString(desc)
		if e.syscall != "" {
			b.WriteString(", ")
			b.WriteString(e.syscall)
		}
		if e.path != "" {
			b.WriteString(" '" + e.path + "'")
		}
		if e.dest != "" {
			b.WriteString(" -> '" + e.dest + "'")
		}
	default:
		b.WriteString(e.syscall)
		b.WriteByte(' ')
		b.WriteString(e.code)
		if f == FormNetDetailed {
			if desc == "" {
				desc = e.fallbackDesc()
			}
			b.WriteString(": ")
			b.WriteString(desc)
		}
		switch {
		case e.address != "" && e.port > 0:
			b.WriteString(" " + e.address + ":" + strconv.Itoa(e.port))
		case e.address != "":
			b.WriteString(" " + e.address)
		case e.hostname != "":
			b.WriteString(" " + e.hostname)
		}
	}
	return b.String()
}

// fallbackDesc describes an error libuv has no entry for with what Go says.
func (e *Error) fallbackDesc() string {
	if e.err != nil {
		return e.err.Error()
	}
	return "unknown error"
}

// Error returns the message, in Node's form for system errors.
func (e *Error) Error() string { return e.msg }

// Code returns Node's code, such as "ENOENT" or "ERR_LOOP_CLOSED".
func (e *Error) Code() string { return e.code }

// Errno returns Node's errno: the negated libuv error number (-2 for
// ENOENT), or 0 if the code is not a libuv one.
func (e *Error) Errno() int { return e.errno }

// Syscall returns the name of the failed call ("open"), or "".
func (e *Error) Syscall() string { return e.syscall }

// Path returns the path the failed fs call was given, or "".
func (e *Error) Path() string { return e.path }

// Dest returns the second path of a failed two-path fs call, or "".
func (e *Error) Dest() string { return e.dest }

// Address returns the network address of a failed socket call, or "".
func (e *Error) Address() string { return e.address }

// Port returns the port of a failed socket call, or 0.
func (e *Error) Port() int { return e.port }

// Hostname returns the name a failed DNS lookup was given, or "".
func (e *Error) Hostname() string { return e.hostname }

// Unwrap returns the error underneath, or nil.
func (e *Error) Unwrap() error { return e.err }

var (
	// ErrCanceled is the error of a request canceled before it ran, as
	// libuv's UV_ECANCELED: a Request canceled by Cancel, and an operation
	// of a handle closed before it completed (see Op).
	ErrCanceled = NewError("ECANCELED", "loop: request canceled")

	// ErrClosed means the loop is closed. Post returns it on a closed loop,
	// and the callback of every operation that the loop's Close finished
	// before it could run receives an error that wraps it
	// (errors.Is(err, ErrClosed)) and says what was left undone.
	ErrClosed = NewError("ERR_LOOP_CLOSED", "loop: closed")

	// ErrClosedPending is the error, wrapping ErrClosed, that a request's
	// callback receives when the loop closed before its work started: the
	// work never ran, so what it was to release (a descriptor to close) is
	// still held, and the callback may release it. Work that ran, even if
	// Close stopped waiting for it, never receives it.
	ErrClosedPending = WrapError("ERR_LOOP_CLOSED", "loop: closed with the request pending", ErrClosed)

	errClosedRunning = WrapError("ERR_LOOP_CLOSED", "loop: closed while the work was running; it stopped early", ErrClosed)
	errClosedHandle  = WrapError("ERR_LOOP_CLOSED", "loop: closed with the operation pending", ErrClosed)
	errWorkGoexit    = NewError("ERR_WORK_GOEXIT", "loop: the work function exited without returning (runtime.Goexit)")
)

// AbortError returns Node's AbortError for an operation whose context was
// canceled before it ran: its code is "ABORT_ERR", its message Node's
// ("The operation was aborted"), and it wraps the context's cause, so
// errors.Is(err, context.Canceled) holds for a plain cancel.
func AbortError(cause error) *Error {
	return WrapError("ABORT_ERR", "The operation was aborted", cause)
}

// PanicError is a panic recovered from user code: a callback on the loop
// (Run returns it) or a work function (its done callback receives it).
// Error is one line; Stack is the panicking goroutine's stack at the time of
// the panic, and fmt's %+v prints it after the message.
type PanicError struct {
	Value any
	Stack []byte
}

func (p *PanicError) Error() string { return fmt.Sprintf("loop: panic: %v", p.Value) }

// Code returns "ERR_LOOP_PANIC".
func (p *PanicError) Code() string { return "ERR_LOOP_PANIC" }

// Format prints the message, and with %+v the stack after it.
func (p *PanicError) Format(s fmt.State, verb rune) {
	switch {
	case verb == 'v' && s.Flag('+'):
		fmt.Fprintf(s, "%s\n\n%s", p.Error(), p.Stack)
	case verb == 'q':
		fmt.Fprintf(s, "%q", p.Error())
	default:
		fmt.Fprint(s, p.Error())
	}
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

// uvError is one row of libuv's error table.
type uvError struct {
	errno int    // Node's err.errno
	code  string // Node's err.code
	desc  string // uv_strerror
	sys   syscall.Errno
}

const uvUnknown = -4094

func uvByErrno(e syscall.Errno) (uvError, bool) {
	if e == 0 {
		return uvError{}, false
	}
	for _, u := range uvErrors {
		if u.sys == e {
			return u, true
		}
	}
	return uvError{}, false
}

func uvByCode(code string) (uvError, bool) {
	if code == "" {
		return uvError{}, false
	}
	for _, u := range uvErrors {
		if u.code == code {
			return u, true
		}
	}
	return uvError{}, false
}
