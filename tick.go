package loop

import "errors"

// NextTick queues fn on the default loop. See (*Loop).NextTick.
func NextTick(fn func()) {
	if fn == nil {
		panic("loop: NextTick called with nil func")
	}
	Default().NextTick(fn)
}

// NextTick queues fn to run on the loop goroutine as soon as the current
// callback returns, before the loop moves on to anything else, as Node's
// process.nextTick. Ticks run in the order they were queued, and ticks
// queued by a tick run in the same drain, so a tick that always queues
// another starves I/O exactly as it does in Node; use SetImmediate to yield.
// fn is called once, never from within NextTick itself. Ticks queued during
// a close run too, before Close returns.
func (l *Loop) NextTick(fn func()) {
	if fn == nil {
		panic("loop: NextTick called with nil func")
	}
	l.mustOpen("NextTick")
	l.ticks.push(fn)
}

// tickQueue is a FIFO ring of funcs that grows by doubling and never
// shrinks below its peak, so a steady stream of ticks allocates nothing.
type tickQueue struct {
	buf  []func()
	head int
	n    int
}

func (q *tickQueue) len() int { return q.n }

func (q *tickQueue) push(fn func()) {
	if q.n == len(q.buf) {
		nb := make([]func(), max(16, 2*len(q.buf)))
		k := copy(nb, q.buf[q.head:])
		copy(nb[k:], q.buf[:q.head])
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = fn
	q.n++
}

func (q *tickQueue) pop() func() {
	fn := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	return fn
}

func (q *tickQueue) clear() { *q = tickQueue{} }

// invoke calls a user callback fn for phase p, then drains the NextTick
// queue, as Node does after every callback it makes.
func (l *Loop) invoke(p Phase, fn func()) {
	l.metrics.Callbacks[p]++
	l.call(fn)
	if l.ticks.n > 0 {
		l.drainTicks()
	}
}

// call runs fn, turning a panic into the loop's panic policy, and reports
// whether fn panicked.
func (l *Loop) call(fn func()) (panicked bool) {
	defer func() {
		if v := recover(); v != nil {
			panicked = true
			l.handlePanic(recovered(v))
		}
	}()
	fn()
	return false
}

func (l *Loop) drainTicks() {
	for l.ticks.n > 0 && !l.halted() {
		fn := l.ticks.pop()
		l.metrics.Callbacks[PhaseTicks]++
		l.call(fn)
	}
}

// handlePanic applies the panic policy: the handler if there is one, else
// the loop stops with the panic. A panic in the handler stops the loop too,
// with both panics. During a close, panics are collected for Close to
// return, since every pending callback must still be called.
func (l *Loop) handlePanic(p *PanicError) {
	var err error = p
	if l.cfg.panicHandler != nil && l.panicErr == nil {
		hp := l.callHandler(p)
		if hp == nil {
			return
		}
		err = errors.Join(p, hp)
	}
	if l.inShutdown {
		l.closeErrs = append(l.closeErrs, err)
		return
	}
	if l.panicErr == nil {
		l.panicErr = err
	}
}

// callHandler runs the user's panic handler and returns a panic it raised.
func (l *Loop) callHandler(p *PanicError) (hp *PanicError) {
	defer func() {
		if v := recover(); v != nil {
			hp = recovered(v)
		}
	}()
	l.cfg.panicHandler(p)
	return nil
}
