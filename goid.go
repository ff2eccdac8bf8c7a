package loop

import (
	"runtime"
	"sync"
)

// goid returns the calling goroutine's id, read from the first line of its
// stack trace ("goroutine 18 [running]:"). Go offers no cheaper way; it
// costs about a microsecond, so it serves the calls that must know which
// goroutine they are on (Close, InLoop), never a hot path.
func goid() int64 {
	var buf [32]byte
	n := runtime.Stack(buf[:], false)
	const prefix = len("goroutine ")
	var id int64
	for _, c := range buf[prefix:n] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + int64(c-'0')
	}
	return id
}

// InLoop reports whether the calling goroutine is the one running l: it is
// inside Run (or RunOnce, RunNoWait, or the close that Close runs) on that
// goroutine. Code that would deadlock on the loop goroutine, such as a
// blocking wait for a callback, uses it to fail loudly instead.
func (l *Loop) InLoop() bool {
	id := l.goid.Load()
	return id != 0 && id == goid()
}

// running maps the id of each goroutine running a loop to that loop, for
// Current.
var running sync.Map // int64 -> *Loop

// claim records that the calling goroutine runs l. l.mu must be held.
func (l *Loop) claim() {
	id := goid()
	l.goid.Store(id)
	running.Store(id, l)
}

// unclaim undoes claim. l.mu must be held.
func (l *Loop) unclaim() {
	if id := l.goid.Swap(0); id != 0 {
		running.CompareAndDelete(id, l)
	}
}

// Current returns the loop that the calling goroutine is running (inside
// its Run, or the close that its Close runs), or nil if it runs none. Code
// that must act on "the loop it was called from", such as the combinators
// of package cb, uses it, falling back to Default when it returns nil. It
// costs about a microsecond: call it once per operation, not per item.
func Current() *Loop {
	if l, ok := running.Load(goid()); ok {
		return l.(*Loop)
	}
	return nil
}
