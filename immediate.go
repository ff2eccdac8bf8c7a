package loop

// Immediate is a callback queued for the loop's check phase, Node's
// Immediate. Its methods must be called on the loop goroutine.
type Immediate struct {
	l    *Loop
	fn   func() // nil once run or cleared
	refd bool
}

// SetImmediate queues fn to run on the loop goroutine in the next check
// Phase, after poll. Immediates run in the order they were set; one set by
// an immediate runs in the next iteration, so a chain of immediates lets
// I/O and timers through, unlike a chain of NextTicks. During a close (see
// Close), SetImmediate returns an immediate that is already cleared: it
// never runs.
func (l *Loop) SetImmediate(fn func()) *Immediate {
	if fn == nil {
		panic("loop: SetImmediate called with nil func")
	}
	l.mustOpen("SetImmediate")
	if l.closing() {
		return &Immediate{l: l, refd: true}
	}
	im := &Immediate{l: l, fn: fn, refd: true}
	l.immediates = append(l.immediates, im)
	l.immRefs++
	if l.sites != nil {
		l.recordSite(im)
	}
	return im
}

// ClearImmediate cancels im if it has not run. Clearing it again, after it
// ran, or a nil im, does nothing.
func (l *Loop) ClearImmediate(im *Immediate) {
	if im != nil {
		im.Close()
	}
}

// Close cancels the immediate, as ClearImmediate(im).
func (im *Immediate) Close() {
	if im.fn == nil {
		return
	}
	im.fn = nil
	if im.refd {
		im.l.immRefs--
	}
	if im.l.sites != nil {
		delete(im.l.sites, im)
	}
}

// Unref lets the loop exit while im is pending. An unreferenced immediate
// runs only if the loop iterates for other reasons. (See Timer.Unref for
// why it returns nothing.)
func (im *Immediate) Unref() {
	if im.refd {
		im.refd = false
		if im.fn != nil {
			im.l.immRefs--
		}
	}
}

// Ref undoes Unref.
func (im *Immediate) Ref() {
	if !im.refd {
		im.refd = true
		if im.fn != nil {
			im.l.immRefs++
		}
	}
}

// HasRef reports whether im keeps the loop alive while pending.
func (im *Immediate) HasRef() bool { return im.refd }

// Pending reports whether im is still queued to run.
func (im *Immediate) Pending() bool { return im.fn != nil }

// runCheck is the check phase: it runs the immediates queued before it
// began. The queue is detached first, so immediates set now wait for the
// next iteration, as in Node.
//
// As in Node, the NextTick queue of an immediate that panicked into a panic
// handler drains only after the next immediate of the phase (Node's
// processImmediate starts over after a throw, and skips the drain before
// the first immediate it runs), or at the end of the phase if none is left.
// Timers do not have that quirk in Node, nor here.
func (l *Loop) runCheck() {
	if len(l.immediates) == 0 || l.halted() {
		return
	}
	run := l.immediates
	l.immediates = l.immSpare[:0]
	held := false // ticks of a panicked immediate wait for the next one
	for i, im := range run {
		run[i] = nil
		fn := im.fn
		if fn == nil {
			continue
		}
		im.fn = nil
		if im.refd {
			l.immRefs--
		}
		if l.sites != nil {
			delete(l.sites, im)
		}
		l.metrics.Callbacks[PhaseCheck]++
		panicked := l.call(fn)
		held = panicked
		if !held && l.ticks.n > 0 {
			l.drainTicks()
		}
		if l.halted() {
			l.immediates = append(run[i+1:len(run):len(run)], l.immediates...)
			return
		}
	}
	if held && l.ticks.n > 0 {
		l.drainTicks()
	}
	l.immSpare = run[:0]
}
