package stream

import (
	"context"
	"errors"
	"runtime/debug"
	"slices"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// Stream is any stream of this package: a Readable, Writable, Duplex,
// Transform or PassThrough, of bytes or of objects, or a type that embeds
// one. Pipeline and Finished take it.
type Stream interface {
	base() *core
	// Destroy destroys the stream; see ReadableOf.Destroy.
	Destroy(err error)
}

// The event names. Registering and emitting with these same constants lets
// the emitter find listeners without comparing strings.
const (
	evData      = "data"
	evEnd       = "end"
	evReadable  = "readable"
	evPause     = "pause"
	evResume    = "resume"
	evClose     = "close"
	evError     = "error"
	evDrain     = "drain"
	evFinish    = "finish"
	evPrefinish = "prefinish"
	evPipe      = "pipe"
	evUnpipe    = "unpipe"
)

// core is what every stream has, whatever its sides: its emitter, its loop
// handle, and the destroy state the sides share (Node keeps it twice, on
// each side's state, and always sets both).
type core struct {
	events.EventEmitter
	l    *loop.Loop
	ctl  *loop.HandleControl
	own  loop.Handle
	self Stream // the public value: what 'pipe' and 'unpipe' listeners get
	rd   readHalf
	wr   writeHalf

	destroyImpl   func(err error, cb func(error))
	constructImpl func(cb func(error))
	afterDestroy  []func(error) // Destroy calls waiting for construction
	afterClosed   []func(error) // DestroyThen calls waiting for a destroy under way

	errored       error
	destroyed     bool
	closed        bool // the destroy has completed
	closeEmitted  bool
	errorEmitted  bool
	constructed   bool
	autoDestroy   bool
	emitClose     bool
	allowHalfOpen bool
	released      bool // the stream closed its handle itself
	holds         int  // io bridges open on the stream: they keep it active
	// pipeErrors are the 'error' listeners that pipes into the stream put
	// on it: they rethrow what nobody else handles, so they do not count
	// as someone listening (see teardown).
	pipeErrors []events.Listener
}

// coreOptions are the options every kind of stream shares.
type coreOptions struct {
	kind               string
	handle             *loop.Handle
	disableAutoDestroy bool
	disableEmitClose   bool
	ctx                context.Context
}

func (c *core) base() *core { return c }

// init registers the stream with l, as a handle (see the package doc on
// liveness).
func (c *core) init(fn string, l *loop.Loop, self Stream, o coreOptions) {
	if l == nil {
		l = loop.Default()
	}
	c.l, c.self = l, self
	c.constructed = true
	c.autoDestroy = !o.disableAutoDestroy
	c.emitClose = !o.disableEmitClose
	h := o.handle
	if h == nil {
		h = &c.own
	}
	c.ctl = l.OpenHandle(h, o.kind, c.teardown)
	if o.handle == nil {
		c.ctl.LoopDriven() // its own handle: only callbacks on the loop move a stream
	}
	c.SetListenerHook(c.onListener)
	if o.ctx != nil {
		c.watchContext(o.ctx)
	}
}

// teardown runs when the stream's handle closes while the stream is alive:
// the loop is closing, or an embedding I/O type closed its handle. The
// stream is destroyed; the writes it still holds are called back with the
// cause. With no 'error' listener the cause is not emitted as 'error', so
// that closing a loop does not panic in every stream nobody watches.
func (c *core) teardown(cause error) {
	if c.released || c.destroyed {
		return
	}
	if !c.hasErrorListener() {
		c.errorEmitted = true // nothing would hear it: do not throw it
	}
	if c.wr != nil {
		c.wr.failInFlight(cause)
	}
	c.destroy(cause, nil)
}

// hasErrorListener reports whether someone other than a pipe listens for
// the stream's errors.
func (c *core) hasErrorListener() bool {
	if c.ListenerCount(evError) == 0 {
		return false
	}
	for _, l := range c.RawListeners(evError) {
		if !slices.Contains(c.pipeErrors, l) {
			return true
		}
	}
	return false
}

// onListener keeps the sides' view of their listeners up to date (Node's
// Readable overrides on and removeListener for this).
func (c *core) onListener(event string, change events.ListenerChange) {
	if c.rd != nil {
		c.rd.onListener(event, change)
	}
}

// tick queues fn as Node's process.nextTick.
func (c *core) tick(fn func()) { c.l.NextTick(fn) }

// updateActive keeps the handle active while the stream waits for
// something: a readable side that flows (or has a 'readable' listener) and
// has not ended, or a writable side with writes or an end pending. An
// active stream keeps the loop alive, as Node's handles do.
func (c *core) updateActive() {
	if c.released {
		return
	}
	active := !c.destroyed && (c.holds > 0 ||
		(c.rd != nil && c.rd.waiting()) || (c.wr != nil && c.wr.pending()))
	if active != c.ctl.Active() {
		if active {
			c.ctl.Activate()
		} else {
			c.ctl.Deactivate()
		}
	}
}

// hold keeps the stream active, so that the loop stays alive for a plain
// goroutine that uses it through an io bridge, until unhold.
func (c *core) hold() {
	c.holds++
	c.updateActive()
}

func (c *core) unhold() {
	c.holds--
	c.updateActive()
}

// maybeRelease closes the stream's handle once the stream is done: closed,
// or ended on every side. The loop then forgets it.
func (c *core) maybeRelease() {
	if c.released {
		return
	}
	done := c.closeEmitted ||
		((c.rd == nil || c.rd.done()) && (c.wr == nil || c.wr.done()) && !c.autoDestroy)
	if done {
		c.released = true
		c.ctl.Deactivate()
		c.ctl.Handle().Close(nil)
	}
}

// setErrored records err as the stream's error if it has none (Node's
// checkError, which sets both sides).
func (c *core) setErrored(err error) {
	if err != nil && c.errored == nil {
		c.errored = err
	}
}

// destroy is Node's destroyImpl.destroy.
func (c *core) destroy(err error, cb func(error)) {
	if c.destroyed {
		if cb != nil {
			cb(nil)
		}
		return
	}
	c.setErrored(err)
	if c.wr != nil {
		c.wr.onDestroy()
	}
	c.destroyed = true
	c.updateActive()
	if !c.constructed {
		c.afterDestroy = append(c.afterDestroy, func(er error) {
			c.runDestroy(errors.Join(er, err), cb)
		})
		return
	}
	c.runDestroy(err, cb)
}

// runDestroy calls the implementation's destroy, then schedules 'error' and
// 'close'.
func (c *core) runDestroy(err error, cb func(error)) {
	called := false
	onDestroy := func(err error) {
		if called {
			return
		}
		called = true
		c.setErrored(err)
		c.closed = true
		if cb != nil {
			cb(err)
		}
		for _, f := range c.afterClosed {
			c.tick(func() { f(err) })
		}
		c.afterClosed = nil
		if err != nil {
			c.tick(func() { c.emitErrorNT(err); c.emitCloseNT() })
		} else {
			c.tick(c.emitCloseNT)
		}
	}
	if c.destroyImpl == nil {
		onDestroy(err)
		return
	}
	c.callImpl(func() { c.destroyImpl(err, onDestroy) }, onDestroy)
}

// callImpl runs an implementation's function; a panic in it becomes the
// error given to onPanic, as Node's try/catch around _destroy and _final.
func (c *core) callImpl(fn func(), onPanic func(error)) {
	defer func() {
		if v := recover(); v != nil {
			onPanic(&loop.PanicError{Value: v, Stack: debug.Stack()})
		}
	}()
	fn()
}

func (c *core) emitErrorNT(err error) {
	if c.errorEmitted {
		return
	}
	c.errorEmitted = true
	events.EventOf[error](&c.EventEmitter, evError).Emit(err)
}

func (c *core) emitCloseNT() {
	c.closeEmitted = true
	if c.emitClose {
		events.EventOf[struct{}](&c.EventEmitter, evClose).Emit(struct{}{})
	}
	c.maybeRelease()
}

// errorOrDestroy is Node's errorOrDestroy: an error destroys a stream that
// destroys itself on errors (the default), and is only emitted otherwise.
func (c *core) errorOrDestroy(err error, sync bool) {
	if c.destroyed {
		return
	}
	if c.autoDestroy {
		c.destroy(err, nil)
		return
	}
	if err == nil {
		return
	}
	c.setErrored(err)
	if sync {
		c.tick(func() { c.emitErrorNT(err) })
	} else {
		c.emitErrorNT(err)
	}
}

// construct runs an implementation's Construct before anything else may
// happen to the stream (Node's _construct): reads, writes and destroys wait
// for its callback.
func (c *core) construct(fn func(cb func(error)), done func()) {
	c.constructed = false
	called := false
	onConstruct := func(err error) {
		if called {
			c.errorOrDestroy(ErrMultipleCallback, false)
			return
		}
		called = true
		c.constructed = true
		waiting := c.afterDestroy
		c.afterDestroy = nil
		for _, f := range waiting {
			f(err)
		}
		if len(waiting) > 0 {
			return
		}
		if err != nil {
			c.destroy(err, nil)
			return
		}
		c.tick(done)
	}
	c.tick(func() { c.callImpl(func() { fn(onConstruct) }, onConstruct) })
}

// watchContext destroys the stream with an AbortError when ctx is done
// (Node's signal option and addAbortSignal).
func (c *core) watchContext(ctx context.Context) {
	abort := func() { c.destroy(loop.AbortError(context.Cause(ctx)), nil) }
	if ctx.Err() != nil {
		c.tick(abort)
		return
	}
	c.onContextDone(ctx, abort)
}

// Destroy destroys the stream: it stops; writes still buffered are called
// back with err (or ErrDestroyed); the implementation's Destroy runs; and
// on the next tick 'error' (if err is not nil) and then 'close' are
// emitted. Destroying a destroyed stream does nothing.
func (c *core) Destroy(err error) { c.destroy(err, nil) }

// DestroyThen is Destroy, and calls cb once the destroy has completed (the
// implementation's Destroy has called back), with the error it completed
// with; Node's internal destroy(err, cb), which fs streams' close uses. cb
// runs once, on the loop goroutine, never from inside DestroyThen, even for
// a stream already destroyed (then with nil) or made with DisableEmitClose.
func (c *core) DestroyThen(err error, cb func(error)) {
	if cb == nil {
		panic("stream: DestroyThen called with nil callback")
	}
	if c.destroyed && !c.closed {
		// A destroy is under way: wait for its end.
		c.afterClosed = append(c.afterClosed, cb)
		return
	}
	c.destroy(err, func(err error) { c.tick(func() { cb(err) }) })
}

// Destroyed reports whether Destroy has been called.
func (c *core) Destroyed() bool { return c.destroyed }

// Closed reports whether the stream's destroy has completed (Node's closed).
func (c *core) Closed() bool { return c.closed }

// Errored returns the error the stream was destroyed with or failed with,
// or nil.
func (c *core) Errored() error { return c.errored }

// OnClose adds fn to the 'close' listeners: the last event of a stream,
// once it is destroyed (by default, after 'end', 'finish' or 'error').
func (c *core) OnClose(fn func()) events.Listener {
	return onEmpty(c, evClose, "OnClose", fn)
}

// OnError adds fn to the 'error' listeners. A stream that fails emits
// 'error' once, then 'close'; an 'error' with no listener panics, as Node
// throws it.
func (c *core) OnError(fn func(err error)) events.Listener {
	mustListener("OnError", fn == nil)
	return events.EventOf[error](&c.EventEmitter, evError).On(fn)
}

// readHalf is what the shared machinery needs from a readable side.
type readHalf interface {
	onListener(event string, change events.ListenerChange)
	waiting() bool
	done() bool
	status() readStatus
}

// readStatus is a readable side's state as Finished and Pipeline see it.
type readStatus struct {
	disabled   bool // a Duplex made with DisableReadable
	ended      bool
	endEmitted bool
	length     int
	readable   bool // Node's stream.readable
}

// writeHalf is what the shared machinery needs from a writable side.
type writeHalf interface {
	pending() bool
	done() bool
	onDestroy()
	failInFlight(cause error)
	status() writeStatus
	end(cb func(error))
}

// writeStatus is a writable side's state as Finished and Pipeline see it.
type writeStatus struct {
	disabled bool // a Duplex made with DisableWritable
	ending   bool
	finished bool
	length   int
	writable bool // Node's stream.writable
}
