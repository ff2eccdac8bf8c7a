package loop

import "context"

// Handle is the loop's part of a long-lived object, libuv's uv_handle_t: an
// Async, and the sockets, servers, streams and watchers of the packages
// built on the loop. An I/O type embeds a Handle, so that its users get
// Node's handle methods and nothing else: Ref, Unref, HasRef, Close and
// Closing. The type's implementation drives the handle through the
// HandleControl that OpenHandle returns, which users never see.
//
// While a handle is active (its implementation is waiting for something,
// see HandleControl.Activate) and referenced, it keeps the loop alive.
// Report lists it. Closing the loop closes it.
//
// A Handle must be opened with OpenHandle before use; its methods panic
// otherwise. All its methods must be called on the loop goroutine.
type Handle struct {
	l        *Loop
	kind     string
	teardown func(cause error)
	closeCbs []func()
	ln       links[Handle] // in the loop's list of open handles
	ops      ilist[opCore, *opCore]
	ctx      context.Context
	cancel   context.CancelFunc
	onClose  []func() // the library's own hooks, run as closing begins (Serial)
	inflight int      // ops completed by their goroutine, not yet delivered
	weak     int      // pending ops that keep the loop alive only while h is referenced
	refd     bool     // Ref'd (the default)
	active   bool     // Activate'd
	counted  bool     // counted in l.handleRefs
	quiet    bool     // LoopDriven: nothing outside the loop wakes it
	qcounted bool     // counted in l.quietRefs
	closing  bool     // Close has been called
	closed   bool     // the close callback has run
}

// HandleControl is the implementer's view of a Handle: the same object, with
// the methods an I/O type uses to drive it (libuv's internal handle start and
// stop, its goroutines, its operations). Keep it in an unexported field, so
// it does not show in the user's method set.
type HandleControl Handle

// OpenHandle registers h, embedded in some I/O type, with l under kind (a
// short name such as "tcp" for Report), and returns the control the type's
// implementation keeps. teardown, which may be nil, is called once on the
// loop goroutine when h starts to close: it releases what the type holds,
// closing descriptors so that goroutines blocked on them return. Its cause
// says why: ErrCanceled when h's Close was called, an error wrapping
// ErrClosed when the loop is closing; the handle's pending ops are finished
// with the same cause. A handle starts referenced and inactive. OpenHandle
// must be called on l's goroutine; it panics if h is already open.
func (l *Loop) OpenHandle(h *Handle, kind string, teardown func(cause error)) *HandleControl {
	if h == nil {
		panic("loop: OpenHandle called with a nil *Handle")
	}
	if h.l != nil {
		panic("loop: OpenHandle called on a Handle that is already open")
	}
	l.mustOpen("OpenHandle")
	h.l, h.kind, h.teardown, h.refd = l, kind, teardown, true
	l.handles.add(h)
	if l.sites != nil {
		l.recordSite(h)
	}
	return (*HandleControl)(h)
}

func (h *Handle) mustOpen(method string) {
	if h.l == nil {
		panic("loop: Handle." + method + " called on a Handle that was never opened (see OpenHandle)")
	}
}

// Ref makes h keep the loop alive while it is active (the default), as
// Node's ref.
func (h *Handle) Ref() {
	h.mustOpen("Ref")
	h.refd = true
	h.recount()
}

// Unref lets the loop exit even though h is active, as Node's unref: an
// unreferenced server or socket does not keep Run from returning. Ref
// undoes it.
func (h *Handle) Unref() {
	h.mustOpen("Unref")
	h.refd = false
	h.recount()
}

// HasRef reports whether h keeps the loop alive while active.
func (h *Handle) HasRef() bool { return h.refd }

// Closing reports whether h has been closed or is closing (libuv's
// uv_is_closing): Close has been called, or the loop is closing.
func (h *Handle) Closing() bool { return h.closing }

// Close closes h: it stops keeping the loop alive, its teardown runs, its
// goroutines' context is canceled, and its pending operations are finished
// with ErrCanceled. Then, in the close phase of the current or next
// iteration (never from Close itself), the callbacks of those operations run
// and then cb, if not nil, once, on the loop goroutine. A closing handle
// keeps the loop alive until cb has run.
//
// Closing a handle again starts nothing new: cb, if not nil, still runs
// once, after the first close's callback (or in the next pending phase if
// that has run), so that every close callback is called.
func (h *Handle) Close(cb func()) {
	h.mustOpen("Close")
	h.close(cb, ErrCanceled)
}

// close starts the close, with cause for the pending operations.
func (h *Handle) close(cb func(), cause error) {
	if h.closing {
		switch {
		case cb == nil:
		case h.closed:
			h.l.deferPending(lateClose(cb))
		default:
			h.closeCbs = append(h.closeCbs, cb)
		}
		return
	}
	h.closing = true
	if cb != nil {
		h.closeCbs = append(h.closeCbs, cb)
	}
	h.recount()
	if h.cancel != nil {
		h.cancel()
	}
	for _, fn := range h.onClose {
		fn()
	}
	h.onClose = nil
	for o := h.ops.head; o != nil; o = o.ln.next {
		if o.state.CompareAndSwap(opPending, opCanceled) {
			o.cause = cause
		} else {
			h.inflight++ // completed; its result is in the queue
		}
	}
	if td := h.teardown; td != nil {
		h.teardown = nil
		h.l.call(func() { td(cause) })
	}
	h.l.closingHs = append(h.l.closingHs, h)
}

// finishClose runs in the close phase: the canceled operations' callbacks,
// then the close callback.
func (h *Handle) finishClose() {
	l := h.l
	for o := h.ops.head; o != nil; {
		next := o.ln.next
		o.impl.deliverCanceled(l)
		o = next
	}
	h.closed = true
	l.handles.remove(h)
	if l.sites != nil {
		delete(l.sites, h)
	}
	for i := 0; i < len(h.closeCbs); i++ { // a callback may add one
		l.invoke(PhaseClose, h.closeCbs[i])
	}
	h.closeCbs = nil
}

// recount keeps l.handleRefs equal to the number of handles that keep the
// loop alive: referenced, not closing, and active or with a pending weak
// operation.
func (h *Handle) recount() {
	want := h.refd && !h.closing && (h.active || h.weak > 0)
	if want != h.counted {
		h.counted = want
		if want {
			h.l.handleRefs++
		} else {
			h.l.handleRefs--
		}
	}
	// A loop-driven handle with no op pending cannot be woken from outside.
	quiet := want && h.quiet && h.weak == 0
	if quiet != h.qcounted {
		h.qcounted = quiet
		if quiet {
			h.l.quietRefs++
		} else {
			h.l.quietRefs--
		}
	}
}

func (h *Handle) links() *links[Handle] { return &h.ln }

// lateClose is a close callback given to a handle that had closed already.
type lateClose func()

func (f lateClose) complete(l *Loop) { l.invoke(PhasePending, f) }

// Handle returns the user's view of the handle.
func (c *HandleControl) Handle() *Handle { return (*Handle)(c) }

// Loop returns the loop the handle belongs to.
func (c *HandleControl) Loop() *Loop { return c.l }

// Activate marks the handle active, as libuv's internal handle start: while
// active and referenced, it keeps the loop alive. A server that listens, a
// watcher that watches, a socket that reads are active. Activating a
// closing handle does nothing.
func (c *HandleControl) Activate() {
	h := c.Handle()
	if !h.closing {
		h.active = true
		h.recount()
	}
}

// Deactivate marks the handle inactive (libuv's handle stop): it no longer
// keeps the loop alive by itself.
func (c *HandleControl) Deactivate() {
	h := c.Handle()
	h.active = false
	h.recount()
}

// LoopDriven declares that only the loop's own callbacks make progress on
// the handle, as for a stream (unlike a socket, which another goroutine
// wakes): its activity keeps the loop alive as any handle's does, but a
// ManualClock in virtual time (SetAutoAdvance) may jump to the next timer
// while it waits, when its ops are not pending either.
func (c *HandleControl) LoopDriven() {
	c.quiet = true
	c.Handle().recount()
}

// Active reports whether the handle is active.
func (c *HandleControl) Active() bool { return c.active }

// Closing reports whether the handle has started to close.
func (c *HandleControl) Closing() bool { return c.closing }

// Context returns a context that is canceled when the handle starts to
// close, for the handle's goroutines and the blocking calls they make.
func (c *HandleControl) Context() context.Context {
	if c.ctx == nil {
		c.ctx, c.cancel = context.WithCancel(context.Background())
		if c.closing {
			c.cancel()
		}
	}
	return c.ctx
}

// Go runs fn in a new goroutine that belongs to the handle: fn receives the
// handle's Context, which is canceled when the handle starts to close, and
// the loop's Close waits for fn to return (see Close for the bound), so a
// goroutine of a handle never outlives its loop. fn must return once the
// context is canceled; a goroutine blocked in a read returns when the
// handle's teardown closes what it reads. Go must be called on the loop
// goroutine.
func (c *HandleControl) Go(fn func(ctx context.Context)) {
	if fn == nil {
		panic("loop: HandleControl.Go called with nil func")
	}
	l := c.l
	l.mustOpen("HandleControl.Go")
	ctx := c.Context()
	l.gos.add()
	go func() {
		defer l.gos.done()
		fn(ctx)
	}()
}
