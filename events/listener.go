package events

import (
	"slices"
	"unsafe"
)

// This file holds the storage behind EventEmitter: one slot per event name,
// each with a copy-on-write slice of listener records.
//
// Why copy-on-write: Node's emit iterates over a snapshot of the listener
// array (listeners added during an emit are not called by it; listeners
// removed during it still are). Node gets the snapshot by cloning the array on
// every emit. Emits are hot and registrations are rare, so here the cost moves
// to the mutations instead: a running Emit holds the slice header it read at
// the start, and no mutation ever writes an element that such a header can
// see. Appending may reuse spare capacity (it writes past every existing
// header's length); removing from the middle and prepending build a new
// backing array; removing the last element reslices with the capacity cut, so
// that a later append cannot overwrite the element a snapshot still holds.

// Listener is the handle of one registration made by On, Once, their Prepend
// variants, AddListener, or the same methods of an Event. Go funcs cannot be
// compared, so the handle, not the func, identifies a registration: removing
// it removes exactly that registration even if the same func was registered
// several times.
//
// Listener values are comparable; the zero Listener is registered nowhere and
// its Remove reports false. A Listener must be used on the goroutine that owns
// its emitter.
type Listener struct{ r *listenerRecord }

// Remove removes the registration from its emitter and reports whether it was
// still registered. Like Node's removeListener, it emits 'removeListener'
// (event name, this Listener) after the removal, and it does not stop an Emit
// that is already running from calling the listener: that Emit works on a
// snapshot. Removing twice is harmless; the second call reports false.
func (l Listener) Remove() bool {
	if l.r == nil {
		return false
	}
	return l.r.em.detach(l.r)
}

// Event returns the name of the event the listener was registered for, or ""
// for the zero Listener.
func (l Listener) Event() string {
	if l.r == nil {
		return ""
	}
	return l.r.event
}

// Once reports whether the listener was registered to run at most once (by
// Once or PrependOnceListener).
func (l Listener) Once() bool { return l.r != nil && l.r.once }

// Func returns the function the listener was registered with: the
// func(args ...any) given to an EventEmitter method, or the func(T) given to
// a method of an Event[T]. It lets ported code that inspects listeners, such
// as a 'newListener' listener or a walk over RawListeners, tell which
// function was added: by a type switch, or, since funcs are not comparable,
// by reflect's Value.Pointer. It returns nil for the zero Listener. Calling
// the function calls it by hand: it does not remove a once listener.
func (l Listener) Func() any {
	switch {
	case l.r == nil:
		return nil
	case l.r.typed != nil:
		return l.r.typed
	}
	return l.r.fn
}

// listenerRecord is one registration.
type listenerRecord struct {
	em    *EventEmitter
	event string
	// fn is the untyped listener, or for a typed one (see Event) an adapter
	// that converts the ...any arguments of an untyped Emit to its type.
	fn func(args ...any)
	// typed is the func(T) of a listener registered through Event[T], nil
	// otherwise. A typed Emit calls it directly, which is what keeps typed
	// emits free of allocations.
	typed any
	// fromAny is, for a typed listener, an adapter from the first argument
	// of an untyped Emit, nil otherwise; see eventSlot.typedOnly.
	fromAny func(a any)
	once    bool
	// fired is set when a once listener starts running, before it is
	// removed, so that a snapshot held by an outer Emit does not run it again
	// after a re-entrant Emit has.
	fired bool
}

// eventSlot holds the listeners of one event name, in calling order.
type eventSlot struct {
	name string
	list []*listenerRecord
	// solo is the func(T) of the only listener when there is exactly one and
	// it is a typed, not-once listener, else nil: with it a typed Emit to
	// one consumer, the common case of an I/O object, is one type check and a
	// call. setList keeps it in step with list.
	solo any
	// once reports whether some listener in list is a once listener; without
	// one, Emit runs the list in a plain loop of its own, with no check per
	// listener and no call to run (an untyped Emit of a pointer to one
	// listener took 10.9 ns instead of 12.5; to three, 14.9 instead of 16.4:
	// BenchmarkEmit, best of 9; runTyped measured no different with it, and
	// does without). setList keeps it in step with list, and an Emit reads
	// both at its start.
	once bool
	// typedOnly reports whether every listener in list is a typed one. An
	// untyped Emit to such a list needs no copy of its arguments, since no
	// listener can keep them, and calls the listeners through fromAny with
	// its first argument: a pointer argument then costs no allocation, where
	// the copy costs one (see copyArgs). setList keeps it in step with list.
	typedOnly bool
	// warned records that the max-listeners warning was given. Node keeps
	// this flag on its listener array and loses it when the count drops to
	// one (the array is replaced by the bare function); we reset it at the
	// same point, so warnings repeat exactly when Node's do.
	warned bool
}

// setList replaces the listeners of s.
func (s *eventSlot) setList(list []*listenerRecord) {
	s.list = list
	s.solo = nil
	if len(list) == 1 && !list[0].once && s.name != "error" {
		s.solo = list[0].typed
	}
	s.once = slices.ContainsFunc(list, func(r *listenerRecord) bool { return r.once })
	s.typedOnly = !slices.ContainsFunc(list, func(r *listenerRecord) bool { return r.fromAny == nil })
}

// slotIndexMin is the number of event names from which lookups go through a
// map. Most emitters have a handful of names, and comparing a few strings is
// cheaper than hashing one.
const slotIndexMin = 8

// lookup returns the slot of the named event, or nil if it has no listeners.
func (e *EventEmitter) lookup(name string) *eventSlot {
	if e.index != nil {
		return e.index[name]
	}
	for _, s := range e.slots {
		if s.name == name {
			return s
		}
	}
	return nil
}

// lookupSame is the fast path of the emits to the slot of name. It finds the
// slot only if name is the very string the slot was made with (the same
// constant, as "data" given to On and to Emit usually is) and e has fewer
// than slotIndexMin names, and returns nil otherwise, for lookup to settle.
//
// Why apart from lookup: comparing pointers needs no call, whereas lookup
// may call runtime.memequal or the map; a fast path without calls keeps the
// emits' frames small. A typed Emit to one listener took 3.6 ns with it and
// 4.5 ns with lookup in its place; for two events emitted in turn, 3.3 and
// 4.5 ns an Emit (BenchmarkEmit, best of 9 runs; Node's emit is 9 to 12 ns).
// A cache of the last slot found, tried first, was as fast for one event but
// took 7 ns an Emit for two in turn, and had to be kept valid when slots are
// dropped; this keeps no state. The price is a second scan for a name with
// no listeners: 4.7 ns instead of 3.7 (Node's, 7.7). Reporting from here
// that no slot has the name's length saved that, but cost 0.4 ns an Emit of
// two events in turn.
//
// Why unsafe: Go has no other way to compare two strings' pointers, and the
// comparison is what makes the typed Emit, the path of every I/O type, fast.
// Re-measured when the emitter moved to package events (medians of 11
// alternating runs on the shared 2-core VM, load 3): a typed Emit to one
// listener took 5.3 ns with it, 7.4 with s.name == name in its place and 7.6
// with lookup alone; two events in turn 11.0, 13.2 and 16.3 ns; Node's emit
// took 11 to 17 ns on the same machine. It is the package's only unsafe:
// lookup's own pointer shortcut measured no different from ==, and went.
func (e *EventEmitter) lookupSame(name string) *eventSlot {
	if e.index == nil {
		for _, s := range e.slots {
			if unsafe.StringData(s.name) == unsafe.StringData(name) && len(s.name) == len(name) {
				return s
			}
		}
	}
	return nil
}

// has reports whether the named event has any listener.
func (e *EventEmitter) has(name string) bool { return e.lookup(name) != nil }

// newSlot appends an empty slot for name, which must have none. Names are kept
// in insertion order because that is the order of Node's eventNames().
func (e *EventEmitter) newSlot(name string) *eventSlot {
	s := &eventSlot{name: name}
	e.slots = append(e.slots, s)
	if e.index != nil {
		e.index[name] = s
	} else if len(e.slots) >= slotIndexMin {
		e.index = make(map[string]*eventSlot, 2*slotIndexMin)
		for _, s := range e.slots {
			e.index[s.name] = s
		}
	}
	return s
}

// dropSlot forgets an event name, as Node deletes the key of an event whose
// last listener goes; a later registration puts the name at the end of
// EventNames again.
func (e *EventEmitter) dropSlot(s *eventSlot) {
	if i := slices.Index(e.slots, s); i >= 0 {
		e.slots = slices.Delete(e.slots, i, i+1)
	}
	if e.index != nil {
		delete(e.index, s.name)
	}
}

// add registers r, emitting 'newListener' first as Node does.
func (e *EventEmitter) add(r *listenerRecord, prepend bool) Listener {
	h := Listener{r}
	if e.has("newListener") {
		e.Emit("newListener", r.event, h)
	}
	// Look the slot up after 'newListener': its listeners may have changed it.
	s := e.lookup(r.event)
	if s == nil {
		s = e.newSlot(r.event)
	}
	if prepend {
		list := make([]*listenerRecord, len(s.list)+1, len(s.list)+2)
		list[0] = r
		copy(list[1:], s.list)
		s.setList(list)
	} else {
		s.setList(append(s.list, r)) // writes past every snapshot; see the top of the file
	}
	e.checkMax(s)
	if e.hook != nil {
		change := ListenerAdded
		if prepend {
			change = ListenerPrepended
		}
		e.hook(r.event, change)
	}
	return h
}

// detach removes r from its slot and reports whether it was there, emitting
// 'removeListener' after the removal.
func (e *EventEmitter) detach(r *listenerRecord) bool {
	s := e.lookup(r.event)
	if s == nil {
		return false
	}
	i := len(s.list) - 1
	for i >= 0 && s.list[i] != r {
		i--
	}
	switch {
	case i < 0:
		return false
	case len(s.list) == 1:
		e.dropSlot(s)
	case i == len(s.list)-1:
		s.setList(s.list[:i:i]) // cut the capacity: the next append must not overwrite s.list[i]
	default:
		list := make([]*listenerRecord, 0, len(s.list)-1)
		list = append(list, s.list[:i]...)
		s.setList(append(list, s.list[i+1:]...))
	}
	if len(s.list) <= 1 {
		s.warned = false
	}
	if e.has("removeListener") {
		e.Emit("removeListener", r.event, Listener{r})
	}
	if e.hook != nil {
		e.hook(r.event, ListenerRemoved)
	}
	return true
}

// removeAll removes every listener of one event, newest first as Node does, so
// that 'removeListener' listeners see them in LIFO order.
func (e *EventEmitter) removeAll(name string) {
	s := e.lookup(name)
	if s == nil {
		return
	}
	if !e.has("removeListener") {
		e.dropSlot(s) // nobody to tell: drop them at once
		if e.hook != nil {
			e.hook(name, ListenerRemoved)
		}
		return
	}
	list := s.list
	for i := len(list) - 1; i >= 0; i-- {
		e.detach(list[i])
	}
}

// fire prepares a once listener to run: it reports false if the listener has
// already started (in a re-entrant Emit), and otherwise removes it before it
// runs, as Node's once wrapper does, so that an Emit from inside it does not
// call it again.
func (e *EventEmitter) fire(r *listenerRecord) bool {
	if r.fired {
		return false
	}
	r.fired = true
	e.detach(r)
	return true
}
