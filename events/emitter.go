package events

// EventEmitter is Node's EventEmitter: the listeners registered for an event
// name are called, synchronously and in registration order, each time that
// name is emitted. A zero EventEmitter is ready to use, and it is meant to be
// embedded: an I/O type that embeds it offers On("data", ...) and the rest,
// and adds typed listeners such as OnData(func([]byte)) through Event.
//
// An EventEmitter is not safe for concurrent use. Like Node's, it belongs to
// one goroutine at a time, normally the loop goroutine: every method must be
// called there, and listeners run on the goroutine that calls Emit. It must
// not be copied after first use.
//
// Some names are special, as in Node:
//   - "newListener" is emitted with (event string, l Listener) before a
//     listener is added, including a "removeListener" or "newListener" one.
//   - "removeListener" is emitted with (event string, l Listener) after a
//     listener is removed.
//   - "error" must have a listener when emitted, or Emit panics; see Emit.
//   - ErrorMonitor listeners see every "error" before the "error" listeners.
//
// Node passes the listener function to 'newListener' and 'removeListener';
// here the Listener handle is passed instead, because it identifies the
// registration (funcs cannot be compared) and can be removed; its Func method
// gives the function back. The handle a 'newListener' listener gets is not
// registered yet: removing it there does nothing, as Node's off does nothing
// for a function not yet added.
type EventEmitter struct {
	slots  []*eventSlot          // one per event name with listeners, in insertion order
	index  map[string]*eventSlot // the same slots by name, once there are slotIndexMin of them
	max    int                   // the SetMaxListeners value if maxSet
	warn   func(Warning)         // the SetWarningHandler value; nil means the default
	name   string                // the SetTypeName value; "" means "EventEmitter"
	hook   func(event string, change ListenerChange)
	maxSet bool
}

// On adds fn at the end of the listeners of event and returns its handle.
// fn is called on the goroutine that calls Emit, once for each Emit of event
// until it is removed, with the arguments given to Emit. 'newListener' is
// emitted before fn is added, and a MaxListenersExceededWarning is given after
// it is added if event now has more listeners than GetMaxListeners. On panics
// if fn is nil.
func (e *EventEmitter) On(event string, fn func(args ...any)) Listener {
	return e.addFunc("On", event, fn, false, false)
}

// AddListener is the same as On.
func (e *EventEmitter) AddListener(event string, fn func(args ...any)) Listener {
	return e.addFunc("AddListener", event, fn, false, false)
}

// Once is like On, but fn runs at most once: it is removed (and
// 'removeListener' emitted) just before it is called, so an Emit of the same
// event from inside fn does not call it again.
func (e *EventEmitter) Once(event string, fn func(args ...any)) Listener {
	return e.addFunc("Once", event, fn, true, false)
}

// PrependListener is like On, but adds fn at the front of the listeners of
// event, so that it runs before those already registered.
func (e *EventEmitter) PrependListener(event string, fn func(args ...any)) Listener {
	return e.addFunc("PrependListener", event, fn, false, true)
}

// PrependOnceListener is like Once, but adds fn at the front of the listeners
// of event.
func (e *EventEmitter) PrependOnceListener(event string, fn func(args ...any)) Listener {
	return e.addFunc("PrependOnceListener", event, fn, true, true)
}

func (e *EventEmitter) addFunc(method, event string, fn func(args ...any), once, prepend bool) Listener {
	if fn == nil {
		panic("events: EventEmitter." + method + " called with nil listener")
	}
	return e.add(&listenerRecord{em: e, event: event, fn: fn, once: once}, prepend)
}

// Off removes the registration l if it is a listener of event on e, and
// reports whether it did; see Listener.Remove. A Listener of another event or
// another emitter is left alone, as Node's off ignores a function that is not
// registered for the name.
func (e *EventEmitter) Off(event string, l Listener) bool {
	if l.r == nil || l.r.em != e || l.r.event != event {
		return false
	}
	return e.detach(l.r)
}

// RemoveListener is the same as Off.
func (e *EventEmitter) RemoveListener(event string, l Listener) bool { return e.Off(event, l) }

// RemoveAllListeners removes every listener of the named events, or of all
// events if none is named. It emits 'removeListener' for each, as Node does:
// newest first within an event, and with no names given, the
// 'removeListener' listeners themselves are removed last. An Emit already
// running still calls the rest of its snapshot.
func (e *EventEmitter) RemoveAllListeners(events ...string) {
	if len(events) > 0 {
		for _, name := range events {
			e.removeAll(name)
		}
		return
	}
	if e.has("removeListener") {
		for _, name := range e.EventNames() {
			if name != "removeListener" {
				e.removeAll(name)
			}
		}
		e.removeAll("removeListener")
	}
	// As in Node, whatever the 'removeListener' listeners added meanwhile goes too.
	var names []string
	if e.hook != nil {
		names = e.EventNames()
	}
	e.slots, e.index = nil, nil
	for _, name := range names {
		e.hook(name, ListenerRemoved)
	}
}

// Emit calls the listeners of event, in order, with args, and reports whether
// there were any. The listeners are those registered when Emit starts: one
// added meanwhile is not called by this Emit, and one removed meanwhile still
// is, as in Node. A panic in a listener propagates out of Emit, skipping the
// rest, and leaves the emitter consistent (a once listener that panicked is
// already removed).
//
// Emit("error", v) first calls the ErrorMonitor listeners. Then, if "error"
// has no listener, Emit panics, as Node's emit throws: with v itself if it is
// an error, or else with an *UnhandledError holding v.
//
// The listeners receive a copy of args, which they may keep: it holds this
// Emit's arguments and nothing else, and Emit keeps nothing once it returns.
// Making the copy is one allocation, when there are arguments and an untyped
// listener (typed listeners, see Event, get args[0] and need no copy);
// converting the arguments to any may allocate too, as for any ...any call.
// Event's Emit to typed listeners needs neither.
func (e *EventEmitter) Emit(event string, args ...any) bool {
	if event == "error" {
		return e.emitError(copyArgs(args))
	}
	s := e.lookupSame(event)
	if s == nil {
		if s = e.lookup(event); s == nil {
			return false
		}
	}
	list, once := s.list, s.once // one snapshot: setList sets these and typedOnly
	if s.typedOnly {
		e.runFromAny(list, firstArg(args)) // no copy: no listener can keep args
		return true
	}
	cp := copyArgs(args) // not args itself; see copyArgs
	if !once {
		for _, r := range list {
			r.fn(cp...)
		}
		return true
	}
	e.run(list, cp)
	return true
}

// run calls each listener of a snapshot.
func (e *EventEmitter) run(list []*listenerRecord, args []any) {
	for _, r := range list {
		if r.once && !e.fire(r) {
			continue
		}
		r.fn(args...)
	}
}

// runFromAny calls each typed listener of a snapshot with a, the first
// argument of an untyped Emit.
func (e *EventEmitter) runFromAny(list []*listenerRecord, a any) {
	for _, r := range list {
		if r.once && !e.fire(r) {
			continue
		}
		r.fromAny(a)
	}
}

// ListenerCount returns the number of listeners of event.
func (e *EventEmitter) ListenerCount(event string) int {
	if s := e.lookup(event); s != nil {
		return len(s.list)
	}
	return 0
}

// Listeners returns a new slice of the listener funcs of event, in calling
// order. A once listener appears as the func it was given; a typed listener
// (see Event) appears as a func(args ...any) that calls it with args[0].
func (e *EventEmitter) Listeners(event string) []func(args ...any) {
	s := e.lookup(event)
	if s == nil {
		return nil
	}
	fns := make([]func(args ...any), len(s.list))
	for i, r := range s.list {
		fns[i] = r.fn
	}
	return fns
}

// RawListeners returns a new slice of the handles of the listeners of event,
// in calling order. It is Node's rawListeners for Go: where Node exposes the
// once wrappers, the handles tell which are once (Listener.Once), and they
// are what Off and 'removeListener' deal in.
func (e *EventEmitter) RawListeners(event string) []Listener {
	s := e.lookup(event)
	if s == nil {
		return nil
	}
	hs := make([]Listener, len(s.list))
	for i, r := range s.list {
		hs[i] = Listener{r}
	}
	return hs
}

// EventNames returns the names of the events that have listeners, in the
// order in which each got its first listener (counting from when it last had
// none), which is Node's order.
func (e *EventEmitter) EventNames() []string {
	if len(e.slots) == 0 {
		return nil
	}
	names := make([]string, len(e.slots))
	for i, s := range e.slots {
		names[i] = s.name
	}
	return names
}

// copyArgs returns a copy of Emit's arguments for its listeners.
//
// Why copy: passing args itself to the listeners (unknown funcs) would make
// every caller of Emit allocate its variadic slice on the heap, listeners or
// not; the copy is made only when someone listens, and lets the caller's
// slice stay on its stack.
//
// Why one allocation per Emit: a listener may keep its args, and the memory
// it keeps must hold only that Emit's arguments, so no two Emits can share
// it. The first version carved the copies from a slab, 255 arguments an
// allocation, and dropped the slab at each garbage collection through a
// cleanup; one kept args kept the whole slab and with it up to 254 other
// emits' arguments (127 MiB of 512 KiB chunks), and every busy emitter armed
// a cleanup per collection.
//
// The price is time, all of it mallocgc's: a 16-byte allocation cost 27 to
// 41 ns on the busy 2-core development VM, more than Node's whole emit. An untyped
// Emit of a pointer to one listener went from 15 to 31 ns (best of 11
// alternating runs; medians 28 and 46 on the busy machine), and bench/emit's
// pointer workload from 0.52x to 0.26x Node in the same session. A buffer
// lent to the listeners only for the call would cost nothing, but a listener
// that keeps args, say in a closure that runs later, would see it change
// under it; bench/README.md has the figures of that alternative.
func copyArgs(args []any) []any {
	switch len(args) {
	case 0:
		return nil
	case 1:
		p := new([1]any)
		p[0] = args[0]
		return p[:]
	}
	cp := make([]any, len(args))
	copy(cp, args)
	return cp
}
