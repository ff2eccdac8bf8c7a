package events_test

import (
	"fmt"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// Metronome is a tiny I/O type built the way the library's sockets and
// streams are: it embeds events.EventEmitter, so it has On, Once, Emit and
// the rest, and it offers typed listeners for its events on the same lists.
// Its events happen on a loop, as a socket's do: an interval beats it on the
// loop goroutine, so its listeners run there, among the loop's callbacks.
type Metronome struct {
	events.EventEmitter
	l        *loop.Loop
	interval *loop.Timer
	n        int
}

// NewMetronome starts a metronome that ticks every d on l until Stop.
func NewMetronome(l *loop.Loop, d time.Duration) *Metronome {
	m := &Metronome{l: l}
	m.SetTypeName("Metronome") // its warnings say [Metronome]
	m.interval = l.SetInterval(m.beat, d)
	return m
}

// tick is the typed view of the 'tick' event. Making one costs nothing, so
// it needs no field. Registering and emitting through the same constant
// name is the fast way: Emit then finds the listeners without comparing
// strings (see Event.Emit).
func (m *Metronome) tick() events.Event[int] { return events.EventOf[int](&m.EventEmitter, "tick") }

// stop is the typed view of the 'stop' event, which carries no value.
func (m *Metronome) stop() events.Event[struct{}] {
	return events.EventOf[struct{}](&m.EventEmitter, "stop")
}

// OnTick adds fn to the 'tick' listeners; fn gets the tick number.
func (m *Metronome) OnTick(fn func(n int)) events.Listener { return m.tick().On(fn) }

// OnceStop adds fn to the 'stop' listeners, to run once.
func (m *Metronome) OnceStop(fn func()) events.Listener {
	return m.stop().Once(func(struct{}) { fn() })
}

// beat counts and emits 'tick'. A typed Emit to typed listeners allocates
// nothing.
func (m *Metronome) beat() { m.n++; m.tick().Emit(m.n) }

// Stop stops the ticks and emits 'stop'. With its interval cleared, the
// metronome no longer keeps the loop alive.
func (m *Metronome) Stop() {
	m.l.ClearInterval(m.interval)
	m.stop().Emit(struct{}{})
}

func ExampleEvent() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	err = l.Run(func() {
		m := NewMetronome(l, time.Millisecond)
		typed := m.OnTick(func(n int) { fmt.Println("OnTick", n) })
		m.On("tick", func(args ...any) { // untyped, on the same list
			fmt.Println("On tick", args[0])
			switch args[0] {
			case 1:
				typed.Remove()
			case 3:
				m.Stop()
			}
		})
		m.OnceStop(func() { fmt.Println("stopped") })
		m.On("stop", func(args ...any) { fmt.Println("On stop, args:", len(args)) })
	})
	if err != nil {
		fmt.Println(err)
	}
	if err := l.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// OnTick 1
	// On tick 1
	// On tick 2
	// On tick 3
	// stopped
	// On stop, args: 0
}
