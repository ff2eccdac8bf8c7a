package loop

// Handle is the loop's part of a long-lived object, libuv's uv_handle_t:
// timers' cousins such as Async today, and sockets, servers and watchers in
// the packages built on the loop. An active, referenced handle keeps the
// loop alive; Report lists it; Close closes it, and its close callback runs
// in the loop's close phase.
//
// A type embeds a Handle unexported and calls Init once. All methods must
// be called on the loop goroutine.
type Handle struct {
	l        *Loop
	kind     string
	teardown func() // releases the owner's resources when closing begins
	closeCb  func()
	ln       links[Handle] // in the loop's list of open handles
	refd     bool
	active   bool
	closing  bool
	closed   bool
}

// Init registers h with l under kind (a short name such as "tcp" for
// Report). teardown, which may be nil, is called once when h starts to
// close, whether by Close or because the loop is closing. A handle starts
// referenced and inactive.
func (h *Handle) Init(l *Loop, kind string, teardown func()) {
	if h.l != nil {
		panic("loop: Handle.Init called twice")
	}
	l.mustOpen("Handle.Init")
	h.l, h.kind, h.teardown, h.refd = l, kind, teardown, true
	l.handles.add(h)
	if l.sites != nil {
		l.recordSite(h)
	}
}

// Loop returns the loop h belongs to.
func (h *Handle) Loop() *Loop { return h.l }

// Start marks h active: while active and referenced, it keeps the loop
// alive. Starting an active or closing handle does nothing.
func (h *Handle) Start() {
	if h.active || h.closing {
		return
	}
	h.active = true
	if h.refd {
		h.l.handleRefs++
	}
}

// Stop marks h inactive. Stopping an inactive handle does nothing.
func (h *Handle) Stop() {
	if !h.active {
		return
	}
	h.active = false
	if h.refd {
		h.l.handleRefs--
	}
}

// Active reports whether h is active.
func (h *Handle) Active() bool { return h.active }

// Ref makes an active h keep the loop alive (the default).
func (h *Handle) Ref() {
	if !h.refd {
		h.refd = true
		if h.active {
			h.l.handleRefs++
		}
	}
}

// Unref lets the loop exit even though h is active, as Node's unref.
func (h *Handle) Unref() {
	if h.refd {
		h.refd = false
		if h.active {
			h.l.handleRefs--
		}
	}
}

// HasRef reports whether h keeps the loop alive while active.
func (h *Handle) HasRef() bool { return h.refd }

// Closing reports whether Close has been called (or the loop is closing).
func (h *Handle) Closing() bool { return h.closing }

// Close stops h, runs its teardown, and calls cb (if not nil) once, on the
// loop goroutine, in the close phase of the current or next iteration: never
// from Close itself. A closing handle keeps the loop alive until cb has run.
// Closing a handle twice does nothing the second time.
func (h *Handle) Close(cb func()) {
	if h.closing {
		return
	}
	h.closing = true
	h.Stop()
	h.closeCb = cb
	if h.teardown != nil {
		td := h.teardown
		h.teardown = nil
		td()
	}
	h.l.closingHs = append(h.l.closingHs, h)
}

// finishClose runs in the close phase.
func (h *Handle) finishClose() {
	h.closed = true
	h.l.handles.remove(h)
	if h.l.sites != nil {
		delete(h.l.sites, h)
	}
	if cb := h.closeCb; cb != nil {
		h.closeCb = nil
		h.l.invoke(PhaseClose, cb)
	}
}

func (h *Handle) links() *links[Handle] { return &h.ln }
