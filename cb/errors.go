package cb

import (
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"

	"github.com/errfirst/loop"
)

// The errors of package cb. Each carries a Node code, read with loop.Code;
// compare with errors.Is, which sees them through the errors that wrap them.
var (
	// ErrMultipleCallback is wrapped by the panic of a callback called a
	// second time, async.js's "Callback was already called." Its code is
	// Node's ERR_MULTIPLE_CALLBACK. The panic is a programmer error: it
	// reaches the loop's panic policy, so Run returns a *loop.PanicError
	// that errors.Is matches with ErrMultipleCallback.
	ErrMultipleCallback = loop.NewError("ERR_MULTIPLE_CALLBACK", "cb: Callback was already called.")

	// ErrTimeout is wrapped by the error of a task that Timeout gave up on,
	// whose code is ETIMEDOUT and whose message is async.js's:
	// Callback function "name" timed out.
	ErrTimeout = loop.NewError("ETIMEDOUT", "cb: timed out")

	// ErrKilled is the error of a job that a Queue's Kill removed before it
	// started, and of a job pushed after Kill.
	ErrKilled = loop.NewError("ERR_CB_QUEUE_KILLED", "cb: queue killed")

	// ErrNeverCalled is wrapped by the error CheckCallbacks returns when
	// callbacks were handed out and never called.
	ErrNeverCalled = loop.NewError("ERR_CB_NEVER_CALLED", "cb: callbacks never called")
)

// calledTwice panics with the error of a callback called a second time.
// what names the callback ("item 3", "task 1", "job 7"), fn is the user's
// function that received it, and site, when known, is where the combinator
// was called.
func calledTwice(name, what string, fn any, site string) {
	msg := fmt.Sprintf("cb: %s: the callback of %s was called twice (Callback was already called.)", name, what)
	if s := funcSite(fn); s != "" {
		msg += "; it was given to " + s
	}
	if site != "" {
		msg += "; " + name + " was called at " + site
	}
	panic(loop.WrapError("ERR_MULTIPLE_CALLBACK", msg, ErrMultipleCallback))
}

// funcSite names a func value and the file:line where it is defined, such
// as "main.main.func2 (main.go:42)", for messages about misuse. It costs a
// symbol lookup, so it runs only when such a message is made.
func funcSite(fn any) string {
	v := reflect.ValueOf(fn)
	if !v.IsValid() || v.Kind() != reflect.Func || v.IsNil() {
		return ""
	}
	pc := v.Pointer()
	f := runtime.FuncForPC(pc)
	if f == nil {
		return ""
	}
	file, line := f.FileLine(pc)
	name := f.Name()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if strings.HasPrefix(file, "<") {
		// A method value (x.M) is a wrapper the compiler generated, with no
		// file of its own: the method's name says enough.
		return strings.TrimSuffix(name, "-fm")
	}
	return fmt.Sprintf("%s (%s:%d)", name, filepath.Base(file), line)
}

// callerSite returns the file:line of the first caller outside package cb:
// where the user called the combinator. It costs a stack walk (a few
// hundred ns), so it runs only for loops that asked for sites
// (TrackCallbacks).
func callerSite() string {
	var pcs [16]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		fr, more := frames.Next()
		if !strings.HasPrefix(fr.Function, pkgPrefix) {
			return fmt.Sprintf("%s:%d", filepath.Base(fr.File), fr.Line)
		}
		if !more {
			return ""
		}
	}
}

// pkgPrefix starts the name of every function of this package (and not of
// its external tests, which are in cb_test).
const pkgPrefix = "github.com/errfirst/loop/cb."
