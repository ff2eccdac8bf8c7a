package loop

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/errfirst/loop/internal/pool"
	"github.com/errfirst/loop/internal/queue"
	"github.com/errfirst/loop/internal/timerheap"
)

// Loop is an event loop: one goroutine, the one that calls Run, runs every
// callback; blocking work runs on the loop's worker pool and comes back
// through its completion queue.
//
// Except where a method says otherwise (Post, Async.Post), a Loop and
// everything scheduled on it must be used from the goroutine running it:
// from callbacks, or from the owning goroutine while Run is not running.
// That single-goroutine rule is what lets callbacks share state without
// locks, as JavaScript code does in Node.
type Loop struct {
	cfg   *config
	clock *ManualClock // nil: the system clock
	base  time.Time    // the loop's time zero; now is measured from it
	now   int64        // cached time in ns since base, as libuv caches uv_now

	running   bool        // Run is in progress; read on hot paths
	entered   atomic.Bool // the same, to catch a Run from another goroutine
	stopFlag  bool
	closing   bool        // set for the whole of shutdown
	closed    atomic.Bool // read by Post from any goroutine
	panicErr  *PanicError // an uncaught panic: the loop stops and closes
	closeErrs []error     // panics raised by callbacks during shutdown

	ticks tickQueue

	immediates []*Immediate
	immSpare   []*Immediate
	immRefs    int // pending, referenced immediates

	timers    timerheap.Heap[*Timer]
	timerSeq  uint64
	timerRefs int    // active, referenced timers
	firing    *Timer // the interval whose callback is running, if any

	cq       *queue.Queue[completion]
	batch    []completion
	batchPos int
	pool     *pool.Pool
	requests ilist[Request, *Request] // pending requests, for liveness, Report and Close

	pending      []completion // the pending phase: deferred callbacks
	pendingSpare []completion

	handles    ilist[Handle, *Handle] // open handles
	handleRefs int                    // active, referenced handles
	closingHs  []*Handle              // handles whose close callback is due

	pollTimer *time.Timer
	sites     map[any]string // creation sites, only WithCreationSites

	metrics Metrics
	runFrom time.Time
}

// completion is something the loop finishes on its goroutine: a finished
// request from the pool, a Post, or a deferred (pending-Phase) callback.
type completion interface{ complete(l *Loop) }

// New returns a loop configured by opts. It starts no goroutine: the worker
// pool starts on the first Work.
func New(opts ...Option) (*Loop, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	l := &Loop{cfg: cfg, clock: cfg.clock, cq: queue.New[completion]()}
	if l.clock != nil {
		l.base = l.clock.Now()
	} else {
		l.base = time.Now()
	}
	if cfg.sites {
		l.sites = make(map[any]string)
	}
	return l, nil
}

var (
	defaultMu   sync.Mutex
	defaultLoop atomic.Pointer[Loop]
)

// Default returns the default loop, which the package-level functions
// (Run, NextTick, Work, and timer.SetTimeout and friends) use, as http.Get
// uses http.DefaultClient. It is created on first use with the environment's
// settings (see WorkersEnv); once it is closed, the next call creates a
// fresh one. Importing the package creates nothing.
func Default() *Loop {
	if l := defaultLoop.Load(); l != nil && !l.closed.Load() {
		return l
	}
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if l := defaultLoop.Load(); l != nil && !l.closed.Load() {
		return l
	}
	l, err := New()
	if err != nil {
		panic(err)
	}
	defaultLoop.Store(l)
	return l
}

// Run runs main on the default loop. See (*Loop).Run.
func Run(main func()) error { return Default().Run(main) }

type runMode uint8

const (
	modeDefault runMode = iota // until nothing referenced is left (UV_RUN_DEFAULT)
	modeOnce                   // one iteration, blocking in poll if needed (UV_RUN_ONCE)
	modeNoWait                 // one iteration, never blocking (UV_RUN_NOWAIT)
)

// Run calls main on the calling goroutine as the loop's first callback (main
// may be nil), then runs the loop until nothing referenced is left: no
// referenced timer, immediate or handle, no pending request. It returns nil
// then, or when Stop is called.
//
// Each iteration runs Node 20's phases (libuv 1.46): pending callbacks;
// poll, which runs finished requests and Posts and blocks until one arrives
// or the next timer is due; check (immediates); close callbacks; then due
// timers. Due timers also run once before the first iteration. The NextTick
// queue drains after every callback.
//
// If a callback panics and no handler was installed (WithPanicHandler), the
// loop stops, closes (see Close), and Run returns a *PanicError carrying the
// value and the stack. Run may be called again on a loop that has not been
// closed. Calling Run from a callback of the same loop panics.
func (l *Loop) Run(main func()) error {
	_, err := l.run(modeDefault, main)
	return err
}

// RunOnce calls main (which may be nil) and runs one iteration, blocking in
// poll if there is nothing else to do, as libuv's UV_RUN_ONCE. It reports
// whether the loop is still alive. It is meant for tests, teaching, and
// embedding the loop in another one.
func (l *Loop) RunOnce(main func()) (alive bool, err error) { return l.run(modeOnce, main) }

// RunNoWait is RunOnce without blocking: poll only takes what has already
// arrived (UV_RUN_NOWAIT). With a ManualClock it steps a loop
// deterministically: advance the clock, RunNoWait, observe.
func (l *Loop) RunNoWait(main func()) (alive bool, err error) { return l.run(modeNoWait, main) }

// Stop makes Run (or RunOnce) return after the current callback, leaving
// everything pending in place for a later Run, as uv_stop.
func (l *Loop) Stop() { l.stopFlag = true }

func (l *Loop) stopping() bool { return l.stopFlag || l.panicErr != nil }

func (l *Loop) run(mode runMode, main func()) (alive bool, err error) {
	if l.closed.Load() {
		panic("loop: Run called on a closed loop")
	}
	if !l.entered.CompareAndSwap(false, true) {
		panic("loop: Run called while the loop is running (from one of its callbacks, or from another goroutine); a loop has one goroutine")
	}
	l.running = true
	l.runFrom = time.Now()
	defer func() {
		l.running = false
		l.entered.Store(false)
		l.metrics.RunTime += time.Since(l.runFrom)
	}()

	l.updateTime()
	if main != nil {
		l.invoke(PhaseMain, main)
	} else {
		l.drainTicks()
	}
	alive = l.alive()
	if mode == modeDefault && alive && !l.stopping() {
		l.updateTime()
		l.runTimers()
	}
	for alive && !l.stopping() {
		canSleep := len(l.pending) == 0 && l.immRefs == 0
		l.runPending()
		var timeout int64
		if mode == modeDefault || (mode == modeOnce && canSleep) {
			timeout = l.pollTimeout()
		}
		l.metrics.Iterations++
		l.poll(timeout)
		for i := 0; i < 8 && len(l.pending) > 0 && !l.stopping(); i++ {
			l.runPending()
		}
		l.runCheck()
		l.runClosing()
		l.updateTime()
		l.runTimers()
		alive = l.alive()
		if mode != modeDefault {
			break
		}
	}
	l.stopFlag = false
	if l.panicErr != nil || l.closing {
		return false, l.shutdown()
	}
	if !alive && l.pool != nil {
		// Nothing is pending, so every worker is idle: let them exit, so no
		// goroutine of the loop outlives a Run that returned.
		l.pool.Stop()
	}
	return alive, nil
}

// alive reports whether anything referenced is left (uv__loop_alive).
func (l *Loop) alive() bool {
	return l.timerRefs > 0 || l.immRefs > 0 || l.handleRefs > 0 ||
		l.requests.n > 0 || len(l.pending) > 0 || len(l.closingHs) > 0 ||
		l.ticks.len() > 0
}

// pollTimeout is how long poll may block, in ns; -1 means until a
// completion arrives (uv__backend_timeout).
func (l *Loop) pollTimeout() int64 {
	if l.stopping() || len(l.pending) > 0 || l.immRefs > 0 || len(l.closingHs) > 0 {
		return 0
	}
	if l.timerRefs == 0 && l.handleRefs == 0 && l.requests.n == 0 {
		return 0
	}
	if _, due, ok := l.timers.Peek(); ok {
		return max(due-l.now, 0)
	}
	return -1
}

func (l *Loop) updateTime() {
	if l.clock != nil {
		l.now = int64(l.clock.Now().Sub(l.base))
	} else {
		l.now = int64(time.Since(l.base))
	}
}

// Now returns the loop's cached time, as libuv's uv_now: updated at the
// start of each iteration, after poll, before timers run, and whenever a
// timer is set or refreshed (as Node's getLibuvNow does).
func (l *Loop) Now() time.Time { return l.base.Add(time.Duration(l.now)) }

// poll runs the completions that have arrived, blocking up to timeout ns
// (-1: without limit) for the first one if none has.
func (l *Loop) poll(timeout int64) {
	if l.runCompletions() > 0 || timeout == 0 {
		return
	}
	idleFrom := time.Now()
	if l.clock != nil {
		l.waitManual(timeout)
	} else {
		l.waitSystem(timeout)
	}
	l.metrics.IdleTime += time.Since(idleFrom)
	l.updateTime()
	l.runCompletions()
}

func (l *Loop) waitSystem(timeout int64) {
	if timeout < 0 {
		<-l.cq.Wake()
		return
	}
	if l.pollTimer == nil {
		l.pollTimer = time.NewTimer(time.Duration(timeout))
	} else {
		l.pollTimer.Reset(time.Duration(timeout))
	}
	select {
	case <-l.cq.Wake():
		l.pollTimer.Stop()
	case <-l.pollTimer.C:
	}
}

func (l *Loop) waitManual(timeout int64) {
	deadline := l.now + timeout
	for {
		now, auto, changed := l.clock.state()
		if timeout >= 0 && int64(now.Sub(l.base)) >= deadline {
			return
		}
		if auto && timeout >= 0 && l.requests.n == 0 && l.handleRefs == 0 && l.cq.Len() == 0 {
			l.clock.jump(l.base.Add(time.Duration(deadline)))
			return
		}
		select {
		case <-l.cq.Wake():
			return
		case <-changed:
		}
	}
}

// runCompletions runs the batch left over from a stop, or else a fresh one
// from the completion queue, and returns how many it ran.
func (l *Loop) runCompletions() int {
	if l.batchPos >= len(l.batch) {
		l.batch = l.cq.Drain(l.batch[:0])
		l.batchPos = 0
	}
	n := 0
	for l.batchPos < len(l.batch) {
		c := l.batch[l.batchPos]
		l.batch[l.batchPos] = nil
		l.batchPos++
		n++
		c.complete(l)
		if l.stopping() {
			break
		}
	}
	return n
}

// runPending runs the callbacks deferred to the pending phase, those
// queued before it began; what they queue waits for the next pass.
func (l *Loop) runPending() {
	if len(l.pending) == 0 {
		return
	}
	run := l.pending
	l.pending = l.pendingSpare[:0]
	for i, c := range run {
		run[i] = nil
		c.complete(l)
		if l.stopping() {
			l.pending = append(run[i+1:len(run):len(run)], l.pending...)
			return
		}
	}
	l.pendingSpare = run[:0]
}

// deferPending queues c for the next pending phase.
func (l *Loop) deferPending(c completion) { l.pending = append(l.pending, c) }

// runTimers runs the timers due at the phase's start. Callbacks may move
// the loop's time forward (SetTimeout reads it fresh), but what counts as
// due stays fixed for the phase, as in Node's processTimers.
func (l *Loop) runTimers() {
	now := l.now
	for !l.stopping() {
		n, due, ok := l.timers.Peek()
		if !ok || due > now {
			return
		}
		l.timers.Pop()
		l.fire(n.Value)
	}
}

func (l *Loop) runClosing() {
	for len(l.closingHs) > 0 && !l.stopping() {
		h := l.closingHs[0]
		l.closingHs[0] = nil
		l.closingHs = l.closingHs[1:]
		h.finishClose()
	}
}

// mustOpen panics, naming the caller, if the loop is closed.
func (l *Loop) mustOpen(fn string) {
	if l.closed.Load() {
		panic("loop: " + fn + " called on a closed loop")
	}
}
