package loop

import "sync/atomic"

// Liveness says whether a pending Op keeps the loop alive.
type Liveness uint8

const (
	// KeepAlive: the pending op keeps the loop alive whatever its handle's
	// Ref, like libuv's requests (a write, a connect, a shutdown): the loop
	// does not exit with bytes unwritten.
	KeepAlive Liveness = iota
	// FollowHandle: the pending op keeps the loop alive only while its
	// handle is referenced, like a read or an accept: an unreferenced
	// socket that waits for data does not keep Run from returning.
	FollowHandle
	// NoKeepAlive: the pending op never keeps the loop alive, like a
	// listener for something that may never happen (a context's end).
	NoKeepAlive
)

// Op is an operation of a handle whose blocking part runs in a goroutine the
// implementer owns (a read, an accept, a connect, a write) and whose result
// is delivered on the loop, with the guarantees of WorkOn: done runs on the
// loop goroutine, once per Start, never from inside Start or Complete; the
// pending op counts for liveness (see Liveness) and shows in Report; and
// closing its handle, or the loop, finishes it.
//
// The life of an op is Start on the loop goroutine, then Complete from the
// implementer's goroutine, then done on the loop; then it may be started
// again. An Op is reused from one operation to the next, so a completion
// costs no allocation: the op itself crosses the completion queue.
//
// When the handle closes while the op is pending, done receives ErrCanceled
// (or, when the loop is closing, an error wrapping ErrClosed) in the close
// phase, before the handle's close callback; a Complete that comes later
// reports false and its result is dropped, so the goroutine can release
// what it holds. A result that was already on its way when the handle
// closed is delivered as it is, still before the close callback.
type Op[T any] struct {
	core opCore
	done func(err error, v T)
	v    T
	err  error
}

// opCore is the part of an Op its handle keeps in its list of pending ops.
type opCore struct {
	h     *Handle
	name  string
	live  Liveness
	state atomic.Uint32
	cause error // why it was canceled
	ln    links[opCore]
	impl  opImpl
}

func (c *opCore) links() *links[opCore] { return &c.ln }

type opImpl interface {
	completion
	deliverCanceled(l *Loop)
}

// The states of an op. Only Complete, on another goroutine, and the loop
// race, for the step out of opPending; the compare-and-swap settles it.
const (
	opIdle       uint32 = iota // not started, or delivered
	opPending                  // started; its goroutine works on it
	opCompleting               // completed; its result is in the queue
	opCanceled                 // its handle closed first; dead from now on
)

// NewOp returns an op of the handle controlled by c, named name in Report
// ("read", "write", "accept"), whose results go to done. It must be called
// on the loop goroutine.
func NewOp[T any](c *HandleControl, name string, live Liveness, done func(err error, v T)) *Op[T] {
	if c == nil {
		panic("loop: NewOp called with a nil *HandleControl")
	}
	if done == nil {
		panic("loop: NewOp called with nil done callback")
	}
	o := &Op[T]{done: done}
	o.core = opCore{h: c.Handle(), name: name, live: live, impl: o}
	return o
}

// Start marks the op pending, on the loop goroutine, before the
// implementer's goroutine is asked to do it. It reports false if the handle
// is closing: the op is then not started and the goroutine must not be
// asked; done receives the handle's cancellation error, before the close
// callback if that has not run yet. Start panics if the op is already
// pending.
func (o *Op[T]) Start() bool {
	h := o.core.h
	h.l.mustOpen("Op.Start")
	switch o.core.state.Load() {
	case opPending, opCompleting:
		panic("loop: Op.Start called on an op that is pending (Start twice without its done callback?)")
	case opIdle:
		if !h.closing {
			o.core.state.Store(opPending)
			o.track()
			return true
		}
		o.core.state.Store(opCanceled)
		o.core.cause = ErrCanceled
		if h.l.closing() {
			o.core.cause = errClosedHandle
		}
	}
	// Canceled: the handle is closing, or closed.
	if !h.closed {
		o.track() // its close phase calls it back, before the close callback
	} else {
		h.l.deferPending(canceledOp[T]{o})
	}
	return false
}

// track counts the op for its handle's liveness and lists it.
func (o *Op[T]) track() {
	h := o.core.h
	h.ops.add(&o.core)
	switch o.core.live {
	case KeepAlive:
		h.l.opRefs++
	case FollowHandle:
		h.weak++
		h.recount()
	}
	if h.l.sites != nil {
		h.l.recordSite(&o.core)
	}
}

// Pending reports whether the op has been started and its done callback has
// not run yet.
func (o *Op[T]) Pending() bool {
	s := o.core.state.Load()
	return s == opPending || s == opCompleting
}

// Complete hands the op's result to the loop, which calls done with it. It
// may be called from any goroutine, once per Start. It reports false if the
// handle closed first: the result is dropped, and a v that holds resources
// (an accepted connection) must be released by the caller. Complete panics
// if the op is not pending.
func (o *Op[T]) Complete(v T, err error) bool {
	if o.core.state.CompareAndSwap(opPending, opCompleting) {
		o.v, o.err = v, err
		o.core.h.l.cq.Push(o)
		return true
	}
	if o.core.state.Load() == opCanceled {
		return false
	}
	panic("loop: Op.Complete called on an op that is not pending (Complete twice?)")
}

// release ends the op's part in its handle's liveness and list.
func (o *Op[T]) release() {
	h := o.core.h
	h.ops.remove(&o.core)
	switch o.core.live {
	case KeepAlive:
		h.l.opRefs--
	case FollowHandle:
		h.weak--
		h.recount()
	}
	if h.l.sites != nil {
		delete(h.l.sites, &o.core)
	}
}

// complete delivers a completed op on the loop goroutine.
func (o *Op[T]) complete(l *Loop) {
	o.release()
	if o.core.h.closing && o.core.h.inflight > 0 {
		o.core.h.inflight--
	}
	v, err := o.v, o.err
	var zero T
	o.v, o.err = zero, nil
	o.core.state.Store(opIdle) // before done, which may Start it again
	invokeDone(l, PhasePoll, o.done, err, v)
}

// deliverCanceled calls done with the cancellation error, in the handle's
// close phase. An op whose result is still on its way was abandoned by a
// Close that stopped waiting: it is dropped without a call.
func (o *Op[T]) deliverCanceled(l *Loop) {
	o.release()
	if o.core.state.Load() != opCanceled {
		return
	}
	var zero T
	invokeDone(l, PhaseClose, o.done, o.core.cause, zero)
}

// canceledOp is a Start refused on a closing handle, called back in the
// pending phase.
type canceledOp[T any] struct{ o *Op[T] }

func (c canceledOp[T]) complete(l *Loop) {
	var zero T
	invokeDone(l, PhasePending, c.o.done, c.o.core.cause, zero)
}
