package loop

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// ErrCloseTimeout is wrapped by the error Close returns when it stopped
// waiting for work that did not return (see Close and WithCloseTimeout).
var ErrCloseTimeout = NewError("ERR_LOOP_CLOSE_TIMEOUT", "loop: close timed out")

// Close closes the loop for good, and always returns. In order:
//
//  1. Work queued on the pool and not yet started never starts; its callback
//     receives ErrClosedPending, which wraps ErrClosed.
//  2. Results that have already arrived are delivered as they are: a request
//     whose work ran gets its real outcome (value, error or *PanicError),
//     even now.
//  3. Every open handle is closed: its teardown runs (closing descriptors,
//     which unblocks the goroutines reading them), the contexts of its
//     goroutines are canceled, its pending operations are finished with an
//     error wrapping ErrClosed, and its close callback runs. Work running
//     with a context (WorkOnContext) has its context canceled.
//  4. Close waits for the work still running and the handles' goroutines,
//     and delivers the results of the work. After WithCloseTimeout (5
//     seconds by default) it stops waiting: each request still running gets
//     an error wrapping ErrClosed that says its outcome is lost, and Close
//     returns an error wrapping ErrCloseTimeout that lists what it abandoned
//     (with creation sites under WithCreationSites). Abandoned goroutines
//     exit when their work returns; nothing else of the loop remains.
//  5. Timers and immediates are dropped without running.
//
// Callbacks run during the close may clean up as Node code does: NextTick
// callbacks run; new requests and operations are called back once with an
// error wrapping ErrClosed; new timers and immediates are released without
// running. Stop does nothing during a close. Once Close has returned, using
// the loop panics (Post returns ErrClosed), and closing it again returns nil.
//
// Close may be called from any goroutine. From a callback it only marks the
// loop: the close runs as soon as the callback returns, and Run returns its
// result. From another goroutine while Run is in progress, it wakes the
// loop, waits until the close has finished, and returns its result. When
// Run is not in progress, the close runs on the calling goroutine. The
// result is nil, or the panics raised by callbacks during the close, joined.
func (l *Loop) Close() error {
	if l == nil {
		panic("loop: Close called on a nil *Loop")
	}
	l.mu.Lock()
	if l.closed.Load() {
		l.mu.Unlock()
		if !l.InLoop() {
			<-l.closeDone // let a second closer return only once the loop is closed
		}
		return nil
	}
	l.closed.Store(true)
	if l.entered {
		l.flags.Or(flagClose)
		l.mu.Unlock()
		if l.InLoop() {
			return nil // from a callback: Run closes the loop before it returns
		}
		l.cq.Signal()
		<-l.closeDone
		return l.closeErr
	}
	l.entered = true
	l.claim()
	l.mu.Unlock()
	err := l.shutdown()
	l.leave()
	return err
}

// contextDone is the WithContext hook: the loop's context is done, so the
// loop closes as if Close had been called from another goroutine, except
// that nothing waits for it. A loop that is not running closes at its next
// Run, or at Close.
func (l *Loop) contextDone() {
	l.flags.Or(flagClose)
	l.cq.Signal()
}

// shutdown does Close's work on the loop goroutine; it is also how Run ends
// after an uncaught panic, a Close, or a Goexit.
func (l *Loop) shutdown() error {
	l.mu.Lock()
	l.closed.Store(true) // under l.mu, for Dispatch
	l.mu.Unlock()
	l.inShutdown = true
	first := l.panicErr
	l.panicErr = nil
	if l.ctxStop != nil {
		l.ctxStop()
	}

	l.cancelQueued()
	for l.runCompletions() > 0 {
		// Results that arrived before the close: their real outcome.
	}
	l.closeHandles()
	l.cancelRunning()

	deadline := time.Now().Add(l.cfg.closeTimeout)
	var abandoned []string
	for {
		for l.settle() > 0 {
		}
		if l.requests.n == 0 && !l.handlesInFlight() {
			break
		}
		if !l.waitUntil(deadline) {
			abandoned = append(abandoned, l.abandonRunning()...)
		}
	}

	for l.timers.Len() > 0 {
		t := l.timers.Pop().Value
		t.state = timerCleared
	}
	l.timerRefs = 0
	for _, im := range l.immediates {
		im.fn = nil
	}
	l.immediates, l.immSpare, l.immRefs = nil, nil, 0
	l.ticks.clear()
	if l.pollTimer != nil {
		l.pollTimer.Stop()
	}
	left := max(time.Until(deadline), 0)
	if l.pool != nil && !l.pool.StopWithin(left) && len(abandoned) == 0 {
		abandoned = append(abandoned, "a pool worker")
	}
	if n := l.gos.waitWithin(max(time.Until(deadline), 0)); n > 0 {
		abandoned = append(abandoned, fmt.Sprintf("%d goroutine(s) started by handles (HandleControl.Go)", n))
	}
	l.sites = nil
	l.inShutdown = false

	errs := l.closeErrs
	l.closeErrs = nil
	if first != nil {
		errs = append([]error{first}, errs...)
	}
	if len(abandoned) > 0 {
		errs = append(errs, WrapError(ErrCloseTimeout.code, fmt.Sprintf(
			"loop: Close stopped waiting after %v and abandoned: %s", l.cfg.closeTimeout, strings.Join(abandoned, "; ")), ErrCloseTimeout))
	}
	var err error
	switch len(errs) {
	case 0:
	case 1:
		err = errs[0]
	default:
		err = errors.Join(errs...)
	}
	l.finish(err)
	return err
}

// finish marks the close as done and lets waiting closers go.
func (l *Loop) finish(err error) {
	l.closeErr = err
	l.flags.Store(0)
	l.finished.Store(true)
	l.mu.Lock()
	select {
	case <-l.closeDone:
	default:
		close(l.closeDone)
	}
	l.mu.Unlock()
}

// cancelQueued takes the work that no worker has started out of the pool;
// each callback will run with an error wrapping ErrClosed.
func (l *Loop) cancelQueued() {
	if l.pool == nil {
		return
	}
	for _, t := range l.pool.CancelAll(nil) {
		j := t.Job().(job)
		j.fail(ErrClosedPending)
		l.deferPending(j)
	}
}

// closeHandles starts closing every open handle that is not closing yet,
// and reports whether it closed any.
func (l *Loop) closeHandles() bool {
	any := false
	for h := l.handles.head; h != nil; {
		next := h.ln.next
		if !h.closing {
			h.close(nil, errClosedHandle)
			any = true
		}
		h = next
	}
	return any
}

// cancelRunning cancels the contexts of the running context work.
func (l *Loop) cancelRunning() {
	for r := l.requests.head; r != nil; r = r.ln.next {
		r.stop(errClosedRunning)
	}
}

// settle runs one round of everything the close can run without waiting:
// pending callbacks, arrived results, close callbacks, ticks, and the
// closing of handles opened meanwhile. It returns how many things it did.
func (l *Loop) settle() int {
	n := l.runPending()
	n += l.runCompletions()
	if l.closeHandles() {
		n++
	}
	n += l.runClosing()
	if l.ticks.len() > 0 {
		n++
		l.drainTicks()
	}
	return n
}

// handlesInFlight reports whether a closing handle waits for a result
// still on its way through the completion queue.
func (l *Loop) handlesInFlight() bool {
	for _, h := range l.closingHs {
		if h.inflight > 0 {
			return true
		}
	}
	return false
}

// waitUntil blocks until something arrives in the completion queue, and
// reports false if the deadline passed first.
func (l *Loop) waitUntil(deadline time.Time) bool {
	d := time.Until(deadline)
	if d <= 0 {
		return l.cq.Len() > 0
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-l.cq.Wake():
		return true
	case <-t.C:
		return l.cq.Len() > 0
	}
}

// abandonRunning gives up on the work still running after the close
// timeout: each callback gets an error saying its outcome is lost. It
// returns a description of each, for Close's error.
func (l *Loop) abandonRunning() []string {
	var what []string
	err := WrapError(ErrClosedPending.code, fmt.Sprintf(
		"loop: closed while the work was running; Close stopped waiting for it after %v, and its outcome is lost", l.cfg.closeTimeout), ErrClosed)
	for l.requests.head != nil {
		r := l.requests.head
		d := "work(" + r.kind.String() + ")"
		if site := l.sites[r]; site != "" {
			d += " created at " + site
		}
		what = append(what, d)
		r.job.abandon(l, err)
	}
	// A handle waiting for a result that will never come closes without it.
	for _, h := range l.closingHs {
		if h.inflight > 0 {
			what = append(what, fmt.Sprintf("%d result(s) of a %s handle", h.inflight, h.kind))
			h.inflight = 0
		}
	}
	return what
}

// tracker counts goroutines the loop must wait for when it closes.
type tracker struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0; nil while nobody waits
}

func (t *tracker) add() {
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
}

func (t *tracker) done() {
	t.mu.Lock()
	t.n--
	if t.n == 0 && t.zero != nil {
		close(t.zero)
		t.zero = nil
	}
	t.mu.Unlock()
}

func (t *tracker) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// waitWithin waits up to d for the count to reach zero, and returns the
// count left.
func (t *tracker) waitWithin(d time.Duration) int {
	t.mu.Lock()
	if t.n == 0 {
		t.mu.Unlock()
		return 0
	}
	if t.zero == nil {
		t.zero = make(chan struct{})
	}
	zero := t.zero
	t.mu.Unlock()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-zero:
		return 0
	case <-timer.C:
		t.mu.Lock()
		defer t.mu.Unlock()
		return t.n
	}
}
