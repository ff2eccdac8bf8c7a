// Package timer is Node's timers API — setTimeout, setInterval,
// setImmediate and their clear functions — on the default loop, under Go's
// names: SetTimeout, SetInterval, SetImmediate, ClearTimeout, ClearInterval,
// ClearImmediate.
//
// The functions here use loop.Default(), as http.Get uses
// http.DefaultClient. On an explicit loop, call the methods of the same
// names on *loop.Loop. Like everything on a loop, they must be called on
// the loop goroutine: from a callback, or before Run starts.
package timer

import (
	"time"

	"github.com/errfirst/loop"
)

// Timeout is a timer returned by SetTimeout and SetInterval, Node's
// Timeout. Its Ref, Unref, HasRef, Refresh and Close behave as in Node.
type Timeout = loop.Timer

// Immediate is a callback queued by SetImmediate, Node's Immediate.
type Immediate = loop.Immediate

// SetTimeout runs fn once on the default loop after d (at least 1 ms).
// See (*loop.Loop).SetTimeout.
func SetTimeout(fn func(), d time.Duration) *Timeout {
	if fn == nil {
		panic("timer: SetTimeout called with nil func")
	}
	return loop.Default().SetTimeout(fn, d)
}

// SetInterval runs fn on the default loop every d (at least 1 ms) until
// cleared. See (*loop.Loop).SetInterval.
func SetInterval(fn func(), d time.Duration) *Timeout {
	if fn == nil {
		panic("timer: SetInterval called with nil func")
	}
	return loop.Default().SetInterval(fn, d)
}

// SetImmediate runs fn on the default loop in its next check phase.
// See (*loop.Loop).SetImmediate.
func SetImmediate(fn func()) *Immediate {
	if fn == nil {
		panic("timer: SetImmediate called with nil func")
	}
	return loop.Default().SetImmediate(fn)
}

// ClearTimeout cancels t. A nil, fired or cleared timer is ignored, and
// ClearTimeout and ClearInterval are interchangeable, as in Node.
func ClearTimeout(t *Timeout) {
	if t != nil {
		t.Close()
	}
}

// ClearInterval cancels t, as ClearTimeout.
func ClearInterval(t *Timeout) { ClearTimeout(t) }

// ClearImmediate cancels im if it has not run; nil is ignored.
func ClearImmediate(im *Immediate) {
	if im != nil {
		im.Close()
	}
}
