package loop

import "runtime"

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
