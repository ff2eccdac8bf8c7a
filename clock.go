package loop

import (
	"sync"
	"time"
)

// ManualClock is a clock that moves only when told to, for deterministic
// timer tests: a Loop made WithClock(c) reads the time from c, and a loop
// blocked waiting for a timer wakes when c is advanced past it.
//
// With SetAutoAdvance(true) the clock becomes virtual time: whenever the
// loop has nothing to wait for but timers (no pool work in flight, no
// referenced Async), it jumps straight to the next due time instead of
// sleeping, so an hour of timers runs in microseconds, in the order real
// time would give.
//
// Its methods are safe to call from any goroutine.
type ManualClock struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	changed chan struct{} // closed and replaced on every change
}

// NewManualClock returns a clock stopped at start.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start, changed: make(chan struct{})}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and wakes loops waiting on it.
// A negative d panics: a loop's clock never goes back.
func (c *ManualClock) Advance(d time.Duration) {
	if d < 0 {
		panic("loop: ManualClock.Advance with a negative duration")
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.notifyLocked()
	c.mu.Unlock()
}

// Set moves the clock to t, which must not be before the current time.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.now) {
		panic("loop: ManualClock.Set to a time before the current one")
	}
	c.now = t
	c.notifyLocked()
}

// SetAutoAdvance turns virtual time on or off (see ManualClock).
func (c *ManualClock) SetAutoAdvance(on bool) {
	c.mu.Lock()
	c.auto = on
	c.notifyLocked()
	c.mu.Unlock()
}

func (c *ManualClock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// state returns the time, the auto flag and the channel that is closed at
// the next change, read together so no change between them is missed.
func (c *ManualClock) state() (time.Time, bool, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now, c.auto, c.changed
}

// jump moves the clock to t if it is behind it (virtual time).
func (c *ManualClock) jump(t time.Time) {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
		c.notifyLocked()
	}
	c.mu.Unlock()
}
