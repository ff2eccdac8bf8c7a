package loop

import (
	"context"
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
// Except where a method says otherwise (Post, Async.Post, Stop, Close,
// InLoop, Op.Complete), a Loop and everything scheduled on it must be used
// from the goroutine running it: from callbacks, or from the owning
// goroutine while Run is not running. That single-goroutine rule is what
// lets callbacks share state without locks, as JavaScript code does in Node.
type Loop struct {
	cfg   *config
	clock *ManualClock // nil: the system clock
	base  time.Time    // the loop's time zero; now is measured from it
	now   int64        // cached time in ns since base, as libuv caches uv_now

	// State shared with other goroutines (Stop, Close, Post, InLoop).
	mu        sync.Mutex    // orders Run's start against Close from elsewhere
	entered   bool          // Run, or a close, is in progress; guarded by mu
	goid      atomic.Int64  // the goroutine running the loop, or 0
	flags     atomic.Uint32 // flagStop, flagClose: requests from any goroutine
	closed    atomic.Bool   // a close has begun: Post fails from now on
	finished  atomic.Bool   // the close has finished: use panics from now on
	closeDone chan struct{} // closed when the close has finished
	closeErr  error         // what the close returned, set before closeDone
	ctxStop   func() bool   // unregisters the WithContext hook

	running    bool  // Run is in progress (the loop goroutine's view)
	inShutdown bool  // shutdown is draining: stop and close requests no longer halt it
	panicErr   error // an uncaught panic: the loop stops and closes
	closeErrs  []error

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
	requests ilist[Request, *Request] // pending pool requests, for liveness, Report and Close

	pending      []completion // the pending phase: deferred callbacks
	pendingSpare []completion

	handles    ilist[Handle, *Handle] // open handles
	handleRefs int                    // handles keeping the loop alive
	quietRefs  int                    // of those, loop-driven ones (HandleControl.LoopDriven)
	opRefs     int                    // pending ops that keep the loop alive whatever their handle
	closingHs  []*Handle              // handles whose close callback is due
	gos        tracker                // goroutines started by handles (HandleControl.Go)

	pollTimer *time.Timer
	sites     map[any]string        // creation sites, only WithCreationSites
	sources   []func() []ReportItem // AddReportSource

	metrics Metrics
	runFrom time.Time
}

// Requests another goroutine (or a callback) makes of the loop.
const (
	flagStop  uint32 = 1 << iota // Stop: end Run after this iteration
	flagClose                    // Close: stop now and close
)

// completion is something the loop finishes on its goroutine: a finished
// request from the pool, a completed Op, a Post, or a deferred
// (pending-phase) callback.
type completion interface{ complete(l *Loop) }

// New returns a loop configured by opts. It starts no goroutine: the worker
// pool starts on the first Work.
func New(opts ...Option) (*Loop, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	l := &Loop{cfg: cfg, clock: cfg.clock, cq: queue.New[completion](), closeDone: make(chan struct{})}
	if l.clock != nil {
		l.base = l.clock.Now()
	} else {
		l.base = time.Now()
	}
	if cfg.sites {
		l.sites = make(map[any]string)
	}
	if cfg.ctx != nil {
		l.ctxStop = context.AfterFunc(cfg.ctx, l.contextDone)
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
// settings (see WorkersEnv). While the default loop is closing, Default
// still returns it, so that code running inside the close (a callback that
// receives ErrClosed and cleans up) lands on the closing loop, whose rules
// for that case apply (see Close); once the close has finished, the next
// call creates a fresh loop. Importing the package creates nothing.
func Default() *Loop {
	if l := defaultLoop.Load(); l != nil && !l.finished.Load() {
		return l
	}
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if l := defaultLoop.Load(); l != nil && !l.finished.Load() {
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
// referenced timer, immediate or handle, no pending request or operation.
// It returns nil then, or after Stop (see Stop for when exactly).
//
// Each iteration runs Node 20's phases (libuv 1.46): pending callbacks;
// poll, which runs finished requests, completed operations and Posts, and
// blocks until one arrives or the next timer is due; check (immediates);
// close callbacks; then due timers. Due timers also run once before the
// first iteration. The NextTick queue drains after every callback.
//
// If a callback panics and no handler was installed (WithPanicHandler), the
// loop stops, closes (see Close), and Run returns a *PanicError carrying the
// value and the stack. If Close is called while Run is in progress, from a
// callback or another goroutine, Run closes the loop and returns what the
// close returned (nil, or the panics of callbacks run during the close). If
// a callback ends the goroutine with runtime.Goexit (as t.FailNow does), the
// loop is closed on the way out, so no goroutine of it is left.
//
// Run may be called again on a loop that has not been closed. Calling Run
// from a callback of the same loop, or from a second goroutine while it
// runs, panics.
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

// Stop makes Run return at the end of the current loop iteration, as libuv's
// uv_stop: the phases left in the iteration still run, every callback's
// NextTick queue still drains after it, the iteration's poll does not block,
// and whatever is still pending stays in place for a later Run. Called from
// main, or before Run, it makes Run return once main and its ticks are done
// (without running the first due timers). Run forgets the request when it
// returns.
//
// Stop is safe to call from any goroutine; from another goroutine it wakes a
// loop blocked in poll. During a Close it does nothing: a close always
// finishes.
func (l *Loop) Stop() {
	if l == nil {
		panic("loop: Stop called on a nil *Loop")
	}
	l.flags.Or(flagStop)
	l.cq.Signal()
}

// halted reports whether the current phase must stop at once: an uncaught
// panic or a Close. A shutdown in progress is never halted.
func (l *Loop) halted() bool {
	return !l.inShutdown && (l.panicErr != nil || l.flags.Load()&flagClose != 0)
}

func (l *Loop) stopRequested() bool { return l.flags.Load()&flagStop != 0 }

func (l *Loop) run(mode runMode, main func()) (alive bool, err error) {
	if l == nil {
		panic("loop: Run called on a nil *Loop")
	}
	l.enter()
	if l.cfg.ctx != nil && l.cfg.ctx.Err() != nil {
		l.flags.Or(flagClose) // its AfterFunc hook may not have run yet
	}
	l.running = true
	l.runFrom = time.Now()
	normal := false
	defer func() {
		if !normal {
			l.abort()
			l.leave()
		}
		l.running = false
		l.metrics.RunTime += time.Since(l.runFrom)
	}()

	l.updateTime()
	if l.flags.Load()&flagClose == 0 {
		if main != nil {
			l.invoke(PhaseMain, main)
		} else {
			l.drainTicks()
		}
	}
	alive = l.alive()
	if mode == modeDefault && alive && !l.halted() && !l.stopRequested() {
		l.updateTime()
		l.runTimers()
	}
	for alive && !l.halted() && !l.stopRequested() {
		canSleep := len(l.pending) == 0 && l.immRefs == 0
		l.runPending()
		var timeout int64
		if mode == modeDefault || (mode == modeOnce && canSleep) {
			timeout = l.pollTimeout()
		}
		l.metrics.Iterations++
		l.poll(timeout)
		for i := 0; i < 8 && len(l.pending) > 0 && !l.halted(); i++ {
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
	l.flags.And(^flagStop)
	if !alive && !l.halted() && l.pool != nil {
		// Nothing is pending, so every worker is idle: let them exit, so no
		// goroutine of the loop outlives a Run that returned.
		l.pool.Stop()
	}
	normal = true
	return l.finishRun(alive)
}

// finishRun ends a Run. It closes the loop first if a close is due (an
// uncaught panic, a Close from a callback, or a Close from another goroutine
// that is waiting), deciding under l.mu, so that a Close that races with the
// end of Run is never left waiting for a loop that has gone.
func (l *Loop) finishRun(alive bool) (bool, error) {
	l.mu.Lock()
	closeNow := l.panicErr != nil || l.flags.Load()&flagClose != 0
	if !closeNow {
		l.entered = false
		l.unclaim()
	}
	l.mu.Unlock()
	if !closeNow {
		if fn := l.cfg.onReturn; fn != nil {
			l.reportOnReturn(fn)
		}
		return alive, nil
	}
	err := l.shutdown()
	l.leave()
	return false, err
}

// enter claims the loop for the calling goroutine, for Run.
func (l *Loop) enter() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.finished.Load() || l.closed.Load() {
		panic("loop: Run called on a closed loop")
	}
	if l.entered {
		panic("loop: Run called while the loop is running (from one of its callbacks, or from another goroutine); a loop has one goroutine")
	}
	l.entered = true
	l.claim()
}

// leave releases the loop claimed by enter.
func (l *Loop) leave() {
	l.mu.Lock()
	l.entered = false
	l.unclaim()
	l.mu.Unlock()
}

// abort runs when Run unwinds without returning: a callback called
// runtime.Goexit (t.FailNow in a test), or the loop itself panicked. The
// loop cannot go on, so it closes, and no worker is left behind.
func (l *Loop) abort() {
	if l.inShutdown {
		// The Goexit came from a callback the close itself was running: the
		// close cannot be finished; let go of what can be let go of.
		l.inShutdown = false
		if l.pool != nil {
			l.pool.StopWithin(0)
		}
		l.finish(nil)
		return
	}
	if l.panicErr == nil {
		l.panicErr = &PanicError{Value: "loop: a callback ended the loop goroutine with runtime.Goexit"}
	}
	_ = l.shutdown()
}

// alive reports whether anything referenced is left (uv__loop_alive).
func (l *Loop) alive() bool {
	return l.timerRefs > 0 || l.immRefs > 0 || l.handleRefs > 0 || l.opRefs > 0 ||
		l.requests.n > 0 || len(l.pending) > 0 || len(l.closingHs) > 0 ||
		l.ticks.len() > 0
}

// pollTimeout is how long poll may block, in ns; -1 means until a
// completion arrives (uv__backend_timeout).
func (l *Loop) pollTimeout() int64 {
	if l.stopRequested() || l.halted() || len(l.pending) > 0 || l.immRefs > 0 || len(l.closingHs) > 0 {
		return 0
	}
	if l.timerRefs == 0 && l.handleRefs == 0 && l.opRefs == 0 && l.requests.n == 0 {
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
	deadline := addSat(l.now, timeout)
	for {
		now, auto, changed := l.clock.state()
		if timeout >= 0 && int64(now.Sub(l.base)) >= deadline {
			return
		}
		if auto && timeout >= 0 && l.requests.n == 0 && l.handleRefs == l.quietRefs && l.opRefs == 0 && l.cq.Len() == 0 {
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

// runCompletions runs the batch left over from a halt, or else a fresh one
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
		if l.halted() {
			break
		}
	}
	return n
}

// runPending runs the callbacks deferred to the pending phase, those
// queued before it began; what they queue waits for the next pass. It
// returns how many it ran.
func (l *Loop) runPending() int {
	if len(l.pending) == 0 {
		return 0
	}
	run := l.pending
	l.pending = l.pendingSpare[:0]
	for i, c := range run {
		run[i] = nil
		c.complete(l)
		if l.halted() {
			l.pending = append(run[i+1:len(run):len(run)], l.pending...)
			return i + 1
		}
	}
	l.pendingSpare = run[:0]
	return len(run)
}

// deferPending queues c for the next pending phase.
func (l *Loop) deferPending(c completion) { l.pending = append(l.pending, c) }

// runTimers runs the timers due at the phase's start. Callbacks may move
// the loop's time forward (SetTimeout reads it fresh), but what counts as
// due stays fixed for the phase, as in Node's processTimers.
func (l *Loop) runTimers() {
	now := l.now
	for !l.halted() {
		n, due, ok := l.timers.Peek()
		if !ok || due > now {
			return
		}
		l.timers.Pop()
		l.fire(n.Value)
	}
}

// runClosing runs the close callbacks of the handles closed before the
// phase began, and returns how many it ran; handles closed by those
// callbacks wait for the next close phase, as in libuv. A handle whose
// operations' results are still on their way through the completion queue
// waits for them, so that no result of a handle runs after its close
// callback.
func (l *Loop) runClosing() int {
	if len(l.closingHs) == 0 {
		return 0
	}
	run := l.closingHs
	l.closingHs = nil
	n := 0
	for i, h := range run {
		if l.halted() {
			l.closingHs = append(l.closingHs, run[i:]...)
			break
		}
		if h.inflight > 0 {
			l.closingHs = append(l.closingHs, h)
			continue
		}
		h.finishClose()
		n++
	}
	return n
}

// mustOpen panics, naming the caller, if the loop's close has finished.
// Calls made while a close is running are allowed; each says what it does
// then.
func (l *Loop) mustOpen(fn string) {
	if l.finished.Load() {
		panic("loop: " + fn + " called on a closed loop")
	}
}

// closing reports whether a close has begun. Work, timers and immediates
// created from then on are finished or released at once (see Close).
func (l *Loop) closing() bool { return l.closed.Load() }
