package events_test

import (
	"fmt"

	"github.com/errfirst/loop/events"
)

// Metronome is a tiny I/O type built the way the library's sockets and
// streams are: it embeds events.EventEmitter, so it has On, Once, Emit and the
// rest, and it offers typed listeners for its events on the same lists.
type Metronome struct {
	events.EventEmitter
	n int
}

// tick is the typed view of the 'tick' event. Making one costs nothing, so
// Metronome needs no constructor: its zero value is ready. Registering and
// emitting through the same constant name is the fast way: Emit then finds
// the listeners without comparing strings (see Event.Emit).
func (t *Metronome) tick() events.Event[int] { return events.EventOf[int](&t.EventEmitter, "tick") }

// stop is the typed view of the 'stop' event, which carries no value.
func (t *Metronome) stop() events.Event[struct{}] {
	return events.EventOf[struct{}](&t.EventEmitter, "stop")
}

// OnTick adds fn to the 'tick' listeners; fn gets the tick number.
func (t *Metronome) OnTick(fn func(n int)) events.Listener { return t.tick().On(fn) }

// OnceStop adds fn to the 'stop' listeners, to run once.
func (t *Metronome) OnceStop(fn func()) events.Listener {
	return t.stop().Once(func(struct{}) { fn() })
}

// Tick counts and emits 'tick'. A real I/O type emits on the loop goroutine
// when its event happens; a typed Emit to typed listeners allocates nothing.
func (t *Metronome) Tick() { t.n++; t.tick().Emit(t.n) }

// Stop emits 'stop'.
func (t *Metronome) Stop() { t.stop().Emit(struct{}{}) }

func ExampleEvent() {
	var t Metronome
	typed := t.OnTick(func(n int) { fmt.Println("OnTick", n) })
	t.On("tick", func(args ...any) { fmt.Println("On tick", args[0]) }) // untyped, same list
	t.OnceStop(func() { fmt.Println("stopped") })
	t.On("stop", func(args ...any) { fmt.Println("On stop, args:", len(args)) })

	t.Tick()
	typed.Remove()
	t.Tick()
	t.Stop()
	t.Stop()
	fmt.Println("tick listeners:", t.ListenerCount("tick"), "names:", t.EventNames())
	// Output:
	// OnTick 1
	// On tick 1
	// On tick 2
	// stopped
	// On stop, args: 0
	// On stop, args: 0
	// tick listeners: 1 names: [tick stop]
}
