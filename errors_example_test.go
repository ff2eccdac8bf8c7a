package loop_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"github.com/errfirst/loop"
)

// Code reads Node's code from any error of the library, through wrapping,
// for code ported from Node that switched on err.code.
func ExampleCode() {
	_, err := os.Open("/nonexistent/config.json")
	err = loop.NewSystemError(err, loop.SystemErrorInfo{Syscall: "open", Path: "/nonexistent/config.json"})
	wrapped := fmt.Errorf("loading settings: %w", err)

	fmt.Println(loop.Code(wrapped))                 // the Node way
	fmt.Println(errors.Is(wrapped, fs.ErrNotExist)) // the Go way
	// Output:
	// ENOENT
	// true
}

// A system error has Node's message and fields, and wraps the Go error.
func ExampleNewSystemError() {
	err := os.Rename("/nonexistent/a", "/nonexistent/b")
	e := loop.NewSystemError(err, loop.SystemErrorInfo{Syscall: "rename", Path: "/nonexistent/a", Dest: "/nonexistent/b"})
	fmt.Println(e)
	fmt.Println(e.Code(), e.Errno(), e.Syscall(), e.Path(), e.Dest())
	var le *os.LinkError
	fmt.Println(errors.As(e, &le))
	// Output:
	// ENOENT: no such file or directory, rename '/nonexistent/a' -> '/nonexistent/b'
	// ENOENT -2 rename /nonexistent/a /nonexistent/b
	// true
}

// Network errors have Node's other message forms.
func ExampleForm() {
	refused := loop.NewSystemError(fmt.Errorf("dial: %w", syscall.ECONNREFUSED), loop.SystemErrorInfo{
		Form: loop.FormNet, Syscall: "connect", Address: "127.0.0.1", Port: 1,
	})
	inUse := loop.NewSystemError(syscall.EADDRINUSE, loop.SystemErrorInfo{
		Form: loop.FormNetDetailed, Syscall: "listen", Address: "127.0.0.1", Port: 8080,
	})
	fmt.Println(refused)
	fmt.Println(inUse)
	// Output:
	// connect ECONNREFUSED 127.0.0.1:1
	// listen EADDRINUSE: address already in use 127.0.0.1:8080
}

// A package defines its sentinels with NewError: they carry a code, and
// users cannot change them.
func ExampleNewError() {
	errQueueFull := loop.NewError("ERR_QUEUE_FULL", "jobs: the queue is full")
	err := fmt.Errorf("submitting: %w", errQueueFull)
	fmt.Println(errors.Is(err, errQueueFull), loop.Code(err))
	// Output:
	// true ERR_QUEUE_FULL
}

// WrapError gives a code to an error of another library.
func ExampleWrapError() {
	err := loop.WrapError("ERR_CONFIG", "settings: bad file", fs.ErrPermission)
	fmt.Println(err, loop.Code(err), errors.Is(err, fs.ErrPermission))
	// Output:
	// settings: bad file ERR_CONFIG true
}

// AbortError is what an operation whose context was canceled before it ran
// reports, as Node's AbortError for an aborted signal.
func ExampleAbortError() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := loop.AbortError(context.Cause(ctx))
	fmt.Println(err, loop.Code(err), errors.Is(err, context.Canceled))
	// Output:
	// The operation was aborted ABORT_ERR true
}

// Every error of the library satisfies Coder, directly or by wrapping one.
func ExampleCoder() {
	for _, err := range []error{loop.ErrClosed, loop.ErrCanceled, &loop.PanicError{Value: "x"}} {
		var c loop.Coder
		fmt.Println(errors.As(err, &c), c.Code())
	}
	// Output:
	// true ERR_LOOP_CLOSED
	// true ECANCELED
	// true ERR_LOOP_PANIC
}

func ExampleError() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.Run(func() {
		loop.WorkOn(l, loop.KindFastIO, func() ([]byte, error) {
			data, err := os.ReadFile("/nonexistent/x")
			if err != nil {
				return nil, loop.NewSystemError(err, loop.SystemErrorInfo{Syscall: "open", Path: "/nonexistent/x"})
			}
			return data, nil
		}, func(err error, _ []byte) {
			var e *loop.Error
			if errors.As(err, &e) {
				fmt.Println(e.Code(), e.Syscall(), e.Path())
			}
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ENOENT open /nonexistent/x
}
