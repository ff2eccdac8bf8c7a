package loop

import "errors"

// Close closes the loop for good. Every request still pending has its
// callback called, once, with ErrClosed (work already running is waited
// for; work not yet started never starts); every open handle is closed and
// its close callback run; timers and immediates are dropped. When Close
// returns, no goroutine of the loop remains. Using the loop afterwards
// panics; closing it again does nothing.
//
// Called from a callback, Close stops the loop and Run completes the close
// before returning. Close returns the panics raised by callbacks during the
// close, joined; Run returns them too when it did the closing.
func (l *Loop) Close() error {
	if l.closed.Load() {
		return nil
	}
	l.closed.Store(true)
	if l.running {
		l.stopFlag = true
		l.closing = true // run sees it and shuts down before returning
		return nil
	}
	return l.shutdown()
}

// shutdown does Close's work, on the loop goroutine, with Run not in
// progress; it is also how Run ends after an uncaught panic.
func (l *Loop) shutdown() error {
	l.closed.Store(true)
	l.closing = true
	l.stopFlag = false
	first := l.panicErr
	l.panicErr = nil

	// Work not yet started never starts; its callback runs with ErrClosed.
	if l.pool != nil {
		for _, t := range l.pool.CancelAll(nil) {
			j := t.Job().(job)
			j.fail(errClosedPending)
			l.deferPending(j)
		}
	}
	for len(l.pending) > 0 {
		l.runPending()
	}
	// Work already running: wait for it. Its callback gets ErrClosed too.
	for l.requests.n > 0 {
		l.runCompletions()
		if l.requests.n > 0 {
			<-l.cq.Wake()
		}
	}
	for l.runCompletions() > 0 {
		// Posts that arrived: dropped by postFn.complete.
	}
	for h := l.handles.head; h != nil; {
		next := h.ln.next
		h.Close(nil) // a handle already closing keeps its callback
		h = next
	}
	l.runClosing()

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
	l.sites = nil
	if l.pool != nil {
		l.pool.Stop()
	}
	if l.pollTimer != nil {
		l.pollTimer.Stop()
	}
	errs := l.closeErrs
	l.closeErrs = nil
	if first != nil {
		errs = append([]error{first}, errs...)
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}
