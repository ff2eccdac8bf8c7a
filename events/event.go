package events

import (
	"fmt"
	"reflect"
)

// Event is a typed view of one event name of an EventEmitter: its listeners
// take a T instead of ...any. It is how an I/O type offers typed listeners,
// such as a socket's OnData(func([]byte)), on the emitter it embeds:
//
//	type Socket struct {
//		events.EventEmitter
//		// ...
//	}
//
//	func (s *Socket) data() events.Event[[]byte] { return events.EventOf[[]byte](&s.EventEmitter, "data") }
//
//	// OnData adds fn to the 'data' listeners; see EventEmitter.On.
//	func (s *Socket) OnData(fn func(b []byte)) events.Listener { return s.data().On(fn) }
//
//	// somewhere on the loop goroutine, when bytes arrive:
//	s.data().Emit(buf)
//
// An Event holds no state of its own (just the emitter and the name), so
// making one is free and needs no constructor in the I/O type: a zero Socket
// works. Typed and untyped listeners share everything: s.On("data", f) and
// s.OnData(g) go into the same list and run in registration order, whichever
// of Emit("data", buf) or data().Emit(buf) is called; both kinds count for
// ListenerCount and max listeners, get 'newListener' and 'removeListener',
// and Once and the Prepend variants mean the same.
//
// Between the two worlds, values convert as follows. An Event's Emit calls a
// typed listener of the same T directly, without allocating; an untyped
// listener gets v as its only argument (no arguments at all if T is
// struct{}, for events like 'end' that carry none). An untyped Emit calls a
// typed listener with args[0] converted to T: the zero T if there are no
// arguments or args[0] is nil, and a panic naming the event if args[0] is not
// a T. Events with several values use a struct T.
//
// An Event follows the goroutine contract of its EventEmitter.
type Event[T any] struct {
	e    *EventEmitter
	name string
}

// EventOf returns the typed view of the named event of e. It panics if e is
// nil.
func EventOf[T any](e *EventEmitter, name string) Event[T] {
	if e == nil {
		panic("events: EventOf called with nil *EventEmitter")
	}
	return Event[T]{e: e, name: name}
}

// Name returns the event name.
func (ev Event[T]) Name() string { return ev.name }

// Emitter returns the emitter the event belongs to.
func (ev Event[T]) Emitter() *EventEmitter { return ev.e }

// On adds fn at the end of the listeners of the event; it is
// EventEmitter.On for a typed listener. fn is called on the goroutine that
// emits the event, once per emit until removed. It panics if fn is nil.
func (ev Event[T]) On(fn func(v T)) Listener { return ev.add("On", fn, false, false) }

// Once is EventEmitter.Once for a typed listener: fn is removed just before
// its only call.
func (ev Event[T]) Once(fn func(v T)) Listener { return ev.add("Once", fn, true, false) }

// PrependListener is EventEmitter.PrependListener for a typed listener.
func (ev Event[T]) PrependListener(fn func(v T)) Listener {
	return ev.add("PrependListener", fn, false, true)
}

// PrependOnceListener is EventEmitter.PrependOnceListener for a typed
// listener.
func (ev Event[T]) PrependOnceListener(fn func(v T)) Listener {
	return ev.add("PrependOnceListener", fn, true, true)
}

func (ev Event[T]) add(method string, fn func(v T), once, prepend bool) Listener {
	if fn == nil {
		panic("events: Event." + method + " called with nil listener")
	}
	name := ev.name
	// The adapters serve untyped Emits and Listeners; they are made once
	// here, where allocating is fine, rather than per emit.
	fromAny := func(a any) { fn(typedArg[T](name, a)) }
	adapter := func(args ...any) { fromAny(firstArg(args)) }
	return ev.e.add(&listenerRecord{em: ev.e, event: name, fn: adapter, typed: fn, fromAny: fromAny, once: once}, prepend)
}

// Off removes l if it is a listener of this event; see EventEmitter.Off.
func (ev Event[T]) Off(l Listener) bool { return ev.e.Off(ev.name, l) }

// ListenerCount returns the number of listeners of the event, typed or not.
func (ev Event[T]) ListenerCount() int { return ev.e.ListenerCount(ev.name) }

// Emit calls the listeners of the event with v and reports whether there
// were any; it is EventEmitter.Emit with one typed argument, with the same
// snapshot, panic and "error" rules. It allocates nothing when all the
// listeners are typed listeners of T. Reaching an untyped listener costs what
// Emit(name, v) costs: converting v to any (free for a pointer) and the copy
// of the argument, once per Emit.
//
// Emit is fastest when the event's name is the very string its listeners were
// registered with, as it is when both are the same constant ("data" in the
// Socket example above): the listeners are then found without comparing
// strings, among up to 7 event names.
func (ev Event[T]) Emit(v T) bool {
	// The fast path, one typed listener, comes first and needs no other
	// check: the "error" slot never has a solo listener, so that its
	// monitors run.
	s := ev.e.lookupSame(ev.name)
	if s != nil {
		if f, ok := s.solo.(func(T)); ok {
			f(v)
			return true
		}
	}
	return ev.emit(s, v)
}

// emit is Emit without its fast path; s is the slot lookupSame found, if any.
func (ev Event[T]) emit(s *eventSlot, v T) bool {
	if ev.name == "error" {
		return ev.emitError(v)
	}
	if s == nil {
		if s = ev.e.lookup(ev.name); s == nil {
			return false
		}
	}
	runTyped(ev.e, s.list, v)
	return true
}

func (ev Event[T]) emitError(v T) bool {
	EventOf[T](ev.e, ErrorMonitor).Emit(v)
	s := ev.e.lookup("error")
	if s == nil {
		panic(unhandledPanicValue(any(v)))
	}
	runTyped(ev.e, s.list, v)
	return true
}

// runTyped calls each listener of a snapshot with v: typed listeners of T
// directly, the others through ...any.
func runTyped[T any](e *EventEmitter, list []*listenerRecord, v T) {
	var args []any
	boxed := false
	for _, r := range list {
		if r.once && !e.fire(r) {
			continue
		}
		if f, ok := r.typed.(func(T)); ok {
			f(v)
			continue
		}
		if !boxed {
			// Box once per Emit, and only if an untyped listener is reached.
			args, boxed = typedArgs(e, v), true
		}
		r.fn(args...)
	}
}

// typedArgs returns v as the arguments of an untyped listener.
func typedArgs[T any](e *EventEmitter, v T) []any {
	// Test T itself, not v's dynamic type: an Event[any] carrying struct{}{}
	// still passes one argument.
	if _, ok := any((*T)(nil)).(*struct{}); ok {
		return nil
	}
	return copyArgs([]any{v})
}

// typedArg returns a, the first argument of an untyped Emit (nil if there is
// none), as a typed listener of the named event receives it.
func typedArg[T any](event string, a any) T {
	if a == nil {
		var zero T
		return zero
	}
	v, ok := a.(T)
	if !ok {
		panic(fmt.Sprintf("events: %q listener of type func(%v) emitted with %T", event, reflect.TypeFor[T](), a))
	}
	return v
}

// firstArg returns the first of args, or nil if there are none.
func firstArg(args []any) any {
	if len(args) == 0 {
		return nil
	}
	return args[0]
}
