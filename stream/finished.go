package stream

import (
	"context"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// FinishedOptions modify Finished.
type FinishedOptions struct {
	// SkipReadable and SkipWritable leave a side out: Finished does not
	// wait for its end, nor call a close before it premature.
	SkipReadable bool
	SkipWritable bool
	// IgnoreErrors does not report 'error' events (Node's error: false).
	IgnoreErrors bool
	// Context stops waiting when it is done: cb receives an AbortError.
	Context context.Context
}

// Finished calls cb once the stream is done: its readable side has ended
// and its writable side has finished (with nil), or it failed (with its
// error), or it closed before that (with ErrPrematureClose). It is Node's
// stream.finished. cb runs once, on the loop goroutine, never from inside
// Finished, even if the stream is done already. The returned function
// stops watching; cb is then never called. It panics if s or cb is nil.
func Finished(s Stream, cb func(err error), opts ...FinishedOptions) (stop func()) {
	if s == nil {
		panic("stream: Finished called with a nil stream")
	}
	if cb == nil {
		panic("stream: Finished called with nil callback")
	}
	var o FinishedOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	c := s.base()
	return eos(c, c.isReadableNode() && !o.SkipReadable, c.isWritableNode() && !o.SkipWritable, !o.IgnoreErrors, o.Context, cb)
}

func (c *core) isReadableNode() bool { return c.rd != nil && !c.rd.status().disabled }
func (c *core) isWritableNode() bool { return c.wr != nil && !c.wr.status().disabled }

// willEmitClose reports whether the stream will emit 'close' by itself.
func (c *core) willEmitClose() bool { return c.autoDestroy && c.emitClose && !c.closed }

func (c *core) readableFinished() bool {
	if c.errored != nil || c.rd == nil {
		return false
	}
	r := c.rd.status()
	return r.endEmitted || (r.ended && r.length == 0)
}

func (c *core) writableFinished() bool {
	if c.wr == nil {
		return false
	}
	w := c.wr.status()
	if w.finished {
		return true
	}
	if c.errored != nil {
		return false
	}
	return w.ending && w.length == 0
}

// readableNow is Node's isReadable: still readable, not finished.
func (c *core) readableNow() bool {
	return !c.destroyed && c.isReadableNode() && c.rd.status().readable && !c.readableFinished()
}

// writableNow is Node's isWritable.
func (c *core) writableNow() bool {
	return !c.destroyed && c.isWritableNode() && c.wr.status().writable && !c.wr.status().ending
}

// eos is Node's end-of-stream: it watches the given sides of c and calls
// cb once.
func eos(c *core, readable, writable, onError bool, ctx context.Context, cb func(error)) func() {
	called := false
	var cleanup func()
	done := func(err error) {
		if called {
			return
		}
		called = true
		cleanup()
		cb(err)
	}
	willEmitClose := c.willEmitClose() && c.isReadableNode() == readable && c.isWritableNode() == writable
	writableFinished := c.writableFinished()
	readableFinished := c.readableFinished()

	onFinish := func() {
		writableFinished = true
		if c.destroyed {
			willEmitClose = false
		}
		if willEmitClose && (!c.readableNow() || readable) {
			return
		}
		if !readable || readableFinished {
			done(nil)
		}
	}
	onEnd := func() {
		readableFinished = true
		if c.destroyed {
			willEmitClose = false
		}
		if willEmitClose && (!c.writableNow() || writable) {
			return
		}
		if !writable || writableFinished {
			done(nil)
		}
	}
	onClose := func() {
		if c.errored != nil {
			done(c.errored)
			return
		}
		if readable && !readableFinished && c.isReadableNode() && !c.readableFinished() {
			done(ErrPrematureClose)
			return
		}
		if writable && !writableFinished && !c.writableFinished() {
			done(ErrPrematureClose)
			return
		}
		done(nil)
	}

	e := &c.EventEmitter
	ls := []events.Listener{
		events.EventOf[struct{}](e, evEnd).On(func(struct{}) { onEnd() }),
		events.EventOf[struct{}](e, evFinish).On(func(struct{}) { onFinish() }),
		events.EventOf[struct{}](e, evClose).On(func(struct{}) { onClose() }),
	}
	if onError {
		ls = append(ls, events.EventOf[error](e, evError).On(func(err error) { done(err) }))
	}
	var stopCtx func() bool
	cleanup = func() {
		for _, l := range ls {
			l.Remove()
		}
		if stopCtx != nil {
			stopCtx()
		}
	}

	switch {
	case c.closed:
		c.tick(onClose)
	case c.errorEmitted:
		if !willEmitClose {
			c.tick(onClose)
		}
	case !readable && (!willEmitClose || c.readableNow()) && (writableFinished || !c.writableNow()):
		c.tick(onClose)
	case !writable && (!willEmitClose || c.writableNow()) && (readableFinished || !c.readableNow()):
		c.tick(onClose)
	}

	if ctx != nil && !c.closed {
		abort := func() { done(loop.AbortError(context.Cause(ctx))) }
		if ctx.Err() != nil {
			c.tick(abort)
		} else {
			stopCtx = c.onContextDone(ctx, abort)
		}
	}
	return func() {
		if !called {
			called = true
			cleanup()
		}
	}
}

// onContextDone calls fn on the loop goroutine when ctx is done, unless
// the returned function is called first or the stream's handle closes.
func (c *core) onContextDone(ctx context.Context, fn func()) (stop func() bool) {
	return onContextDone(c.ctl, ctx, fn)
}

// onContextDone calls fn on the loop goroutine when ctx is done, unless
// the returned function is called first or the handle of ctl closes.
func onContextDone(ctl *loop.HandleControl, ctx context.Context, fn func()) (stop func() bool) {
	stopped := false
	op := loop.NewOp(ctl, "context", loop.NoKeepAlive, func(err error, _ struct{}) {
		if err == nil && !stopped {
			fn()
		}
	})
	if !op.Start() {
		return func() bool { return false }
	}
	quit := make(chan struct{})
	ctl.Go(func(hctx context.Context) {
		select {
		case <-ctx.Done():
			op.Complete(struct{}{}, nil)
		case <-hctx.Done():
		case <-quit:
			op.Complete(struct{}{}, nil)
		}
	})
	return func() bool {
		if stopped {
			return false
		}
		stopped = true
		close(quit)
		return true
	}
}
