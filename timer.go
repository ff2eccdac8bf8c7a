package loop

import (
	"math"
	"time"

	"github.com/errfirst/loop/internal/timerheap"
)

// Timer is a timeout or an interval scheduled on a loop, Node's Timeout.
// Its methods must be called on the loop goroutine.
type Timer struct {
	node   timerheap.Node[*Timer]
	l      *Loop
	fn     func()
	dur    time.Duration
	state  timerState
	repeat bool
	refd   bool
}

type timerState uint8

const (
	timerScheduled timerState = iota // in the heap
	timerRunning                     // an interval inside its own callback
	timerFired                       // a timeout that has run
	timerCleared                     // cleared or closed
)

// MinDelay is the shortest delay a timer waits: shorter (and negative)
// delays become MinDelay, as in Node, where setTimeout(f, 0) means 1 ms.
const MinDelay = time.Millisecond

// SetTimeout arranges for fn to run once on the loop goroutine after d.
// Delays under 1 ms count as 1 ms, as in Node. Timers due at the same time
// run in the order they were set (strictly, even across different delays).
// The delay counts from the moment SetTimeout is called: like Node, which
// reads a fresh loop time in every setTimeout, it updates the loop's time
// (see Now).
//
// Unlike Node, which caps delays at 2^31-1 ms and turns longer ones into
// 1 ms with a warning, any time.Duration is honoured, up to math.MaxInt64
// (a common "never"): the cap is an artifact of Node's 32-bit timer API,
// and firing a 30-day timer after 1 ms would surprise Go code.
//
// During a close (see Close), SetTimeout returns a timer that is already
// cleared: it never runs.
func (l *Loop) SetTimeout(fn func(), d time.Duration) *Timer {
	return l.newTimer("SetTimeout", fn, d, false)
}

// SetInterval arranges for fn to run on the loop goroutine every d, until
// the timer is cleared (which may be done from fn itself). Each run is
// scheduled d after the loop time at which the previous one started, so a
// slow callback does not accumulate drift.
func (l *Loop) SetInterval(fn func(), d time.Duration) *Timer {
	return l.newTimer("SetInterval", fn, d, true)
}

func (l *Loop) newTimer(name string, fn func(), d time.Duration, repeat bool) *Timer {
	if fn == nil {
		panic("loop: " + name + " called with nil func")
	}
	l.mustOpen(name)
	t := &Timer{l: l, fn: fn, dur: max(d, MinDelay), repeat: repeat, refd: true}
	t.node.Value = t
	if l.closing() {
		t.fn, t.state = nil, timerCleared
		return t
	}
	l.updateTime()
	l.timerRefs++
	l.schedule(t, l.now)
	if l.sites != nil {
		l.recordSite(t)
	}
	return t
}

// schedule puts t in the heap, due t.dur after from. The due time
// saturates at math.MaxInt64 rather than wrap: a timer of a huge duration
// is due never, not at once.
func (l *Loop) schedule(t *Timer, from int64) {
	l.timerSeq++
	t.state = timerScheduled
	l.timers.Push(&t.node, addSat(from, int64(t.dur)), l.timerSeq)
}

// addSat returns a+b for b >= 0, or math.MaxInt64 if that overflows.
func addSat(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// counted reports whether t is active, so that a reference keeps the loop
// alive.
func (t *Timer) counted() bool { return t.state == timerScheduled || t.state == timerRunning }

// fire runs a due timer that the timers phase popped. An interval is
// re-armed from the time its callback started, read fresh as Node does.
func (l *Loop) fire(t *Timer) {
	var start int64
	if t.repeat {
		t.state = timerRunning
		l.updateTime()
		start = l.now
	} else {
		t.state = timerFired
		if t.refd {
			l.timerRefs--
		}
		if l.sites != nil {
			delete(l.sites, t)
		}
	}
	if t.repeat {
		l.firing = t // for Report: an interval in its callback is in no store
	}
	l.invoke(PhaseTimers, t.fn)
	l.firing = nil
	if t.state == timerRunning {
		if l.closing() { // Close was called from this callback
			t.state = timerCleared
			return
		}
		l.schedule(t, start)
	}
}

// ClearTimeout cancels t: its callback will not run (again). Clearing a
// timer that fired or was cleared, or a nil timer, does nothing. As in Node,
// ClearTimeout and ClearInterval are interchangeable.
func (l *Loop) ClearTimeout(t *Timer) {
	if t != nil {
		t.Close()
	}
}

// ClearInterval is ClearTimeout, for symmetry with SetInterval.
func (l *Loop) ClearInterval(t *Timer) { l.ClearTimeout(t) }

// Close cancels the timer, as ClearTimeout(t).
func (t *Timer) Close() {
	if !t.counted() {
		if t.state == timerFired {
			t.state = timerCleared
		}
		return
	}
	l := t.l
	if t.state == timerScheduled {
		l.timers.Remove(&t.node)
	}
	t.state = timerCleared
	if t.refd {
		l.timerRefs--
	}
	if l.sites != nil {
		delete(l.sites, t)
	}
}

// Refresh restarts the timer's countdown from now (a fresh loop time),
// with its original delay. On a timeout that has already fired it schedules
// the timeout again, as in Node; on a cleared timer, or during a close, it
// does nothing.
func (t *Timer) Refresh() {
	l := t.l
	if t.state == timerCleared {
		return
	}
	if t.state == timerFired {
		l.mustOpen("Timer.Refresh")
	}
	if l.closing() {
		return
	}
	l.updateTime()
	switch t.state {
	case timerScheduled:
		l.timers.Remove(&t.node)
	case timerFired:
		if t.refd {
			l.timerRefs++
		}
		if l.sites != nil {
			l.recordSite(t) // where it was armed again
		}
	}
	l.schedule(t, l.now)
}

// Unref lets the loop exit even though t is pending: the timer still fires
// if the loop is alive for other reasons. Node's unref returns the timer;
// here Ref and Unref return nothing, as on every handle (a method of an
// embedded Handle could only return the Handle, not the type embedding it),
// so they read the same on timers, immediates, sockets and servers.
func (t *Timer) Unref() {
	if t.refd {
		t.refd = false
		if t.counted() {
			t.l.timerRefs--
		}
	}
}

// Ref undoes Unref.
func (t *Timer) Ref() {
	if !t.refd {
		t.refd = true
		if t.counted() {
			t.l.timerRefs++
		}
	}
}

// HasRef reports whether t keeps the loop alive while pending.
func (t *Timer) HasRef() bool { return t.refd }

// Pending reports whether the timer will fire again: it is scheduled and
// not cleared.
func (t *Timer) Pending() bool { return t.counted() }
