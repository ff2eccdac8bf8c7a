package events

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTypedAndUntypedListenersRunInRegistrationOrder(t *testing.T) {
	var e EventEmitter
	data := EventOf[[]byte](&e, "data")
	var calls []string
	e.On("data", func(args ...any) { calls = append(calls, fmt.Sprint("untyped1 ", args)) })
	data.On(func(b []byte) { calls = append(calls, "typed1 "+string(b)) })
	e.Once("data", func(args ...any) { calls = append(calls, fmt.Sprint("once ", args)) })
	data.PrependListener(func(b []byte) { calls = append(calls, "typed0 "+string(b)) })
	data.PrependOnceListener(func(b []byte) { calls = append(calls, "typed-once "+string(b)) })

	for _, tc := range []struct {
		name string
		emit func() bool
		want []string
	}{
		{"a typed emit reaches both kinds", func() bool { return data.Emit([]byte("a")) }, []string{
			"typed-once a", "typed0 a", "untyped1 [[97]]", "typed1 a", "once [[97]]"}},
		{"an untyped emit reaches both kinds", func() bool { return e.Emit("data", []byte("b")) }, []string{
			"typed0 b", "untyped1 [[98]]", "typed1 b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls = nil
			assert.True(t, tc.emit())
			assert.Equal(t, tc.want, calls)
		})
	}
	assert.Equal(t, 3, data.ListenerCount())
	assert.Equal(t, 3, e.ListenerCount("data"))
	assert.Equal(t, "data", data.Name())
	assert.Same(t, &e, data.Emitter())
}

func TestTypedValuesConvertBetweenTheTwoWorlds(t *testing.T) {
	var e EventEmitter
	var gotInt []int
	EventOf[int](&e, "n").On(func(n int) { gotInt = append(gotInt, n) })
	var gotErr []error
	EventOf[error](&e, "err").On(func(err error) { gotErr = append(gotErr, err) })
	var untyped [][]any
	e.On("end", func(args ...any) { untyped = append(untyped, args) })

	e.Emit("n", 7)
	e.Emit("n")      // no argument: the zero int
	e.Emit("n", nil) // nil: the zero int
	assert.Equal(t, []int{7, 0, 0}, gotInt)

	boom := errors.New("boom")
	e.Emit("err", boom)
	e.Emit("err", nil)
	assert.Equal(t, []error{boom, nil}, gotErr)

	EventOf[struct{}](&e, "end").Emit(struct{}{})
	EventOf[string](&e, "end").Emit("x")
	EventOf[any](&e, "end").Emit(struct{}{})
	assert.Equal(t, [][]any{nil, {"x"}, {struct{}{}}}, untyped, "only a struct{} T passes no arguments")

	assert.PanicsWithValue(t, `events: "n" listener of type func(int) emitted with string`,
		func() { e.Emit("n", "seven") })
	assert.PanicsWithValue(t, `events: "n" listener of type func(int) emitted with string`,
		func() { EventOf[string](&e, "n").Emit("seven") }, "a typed emit of another type too")
}

func TestTypedListenersShareTheEmitterMachinery(t *testing.T) {
	var e EventEmitter
	tick := EventOf[int](&e, "tick")
	var events []string
	e.On("newListener", func(a ...any) {
		events = append(events, fmt.Sprint("new ", a[0], " once=", a[1].(Listener).Once()))
	})
	e.On("removeListener", func(a ...any) { events = append(events, fmt.Sprint("remove ", a[0])) })

	var got []int
	l := tick.On(func(n int) { got = append(got, n) })
	tick.Once(func(n int) { got = append(got, -n) })
	assert.Equal(t, []string{"new removeListener once=false", "new tick once=false", "new tick once=true"}, events)

	events = nil
	tick.Emit(1)
	tick.Emit(2)
	assert.Equal(t, []int{1, -1, 2}, got)
	assert.Equal(t, []string{"remove tick"}, events, "the once listener is removed as it runs")

	assert.False(t, EventOf[int](&e, "other").Off(l))
	assert.True(t, tick.Off(l))
	assert.False(t, tick.Emit(3))
	assert.Equal(t, []string{"remove tick", "remove tick"}, events)
}

func TestUntypedEmitToTypedListenersOnly(t *testing.T) {
	// Without an untyped listener, an untyped Emit calls the typed ones
	// without copying its arguments; the rules are the same as with a copy.
	var e EventEmitter
	n := EventOf[int](&e, "n")
	var got []int
	n.On(func(v int) { got = append(got, v) })
	n.Once(func(v int) { got = append(got, -v) })
	n.PrependListener(func(v int) { got = append(got, 100+v) })
	require.True(t, e.lookup("n").typedOnly)
	assert.True(t, e.Emit("n", 1, "the rest is ignored"))
	assert.True(t, e.Emit("n"))
	assert.Equal(t, []int{101, 1, -1, 100, 0}, got)
	assert.PanicsWithValue(t, `events: "n" listener of type func(int) emitted with string`,
		func() { e.Emit("n", "one") })

	l := e.On("n", noopListener)
	assert.False(t, e.lookup("n").typedOnly, "an untyped listener joins")
	l.Remove()
	assert.True(t, e.lookup("n").typedOnly, "and leaves")
}

func TestTypedOnceRunsOnceUnderReentrantEmit(t *testing.T) {
	var e EventEmitter
	ev := EventOf[int](&e, "x")
	var got []int
	ev.Once(func(n int) { got = append(got, n); ev.Emit(n + 1) })
	ev.On(func(n int) { got = append(got, 100+n) })
	ev.Emit(1)
	assert.Equal(t, []int{1, 102, 101}, got)
}

func TestTypedErrorEvent(t *testing.T) {
	var e EventEmitter
	errs := EventOf[error](&e, "error")
	var monitored []string
	EventOf[error](&e, ErrorMonitor).On(func(err error) { monitored = append(monitored, "typed "+err.Error()) })
	e.On(ErrorMonitor, func(a ...any) { monitored = append(monitored, fmt.Sprint("untyped ", a[0])) })

	boom := errors.New("boom")
	assert.Equal(t, boom, panicValueOf(func() { errs.Emit(boom) }), "no error listener: the error is the panic value")
	assert.Equal(t, []string{"typed boom", "untyped boom"}, monitored)

	var handled []error
	errs.On(func(err error) { handled = append(handled, err) })
	monitored = nil
	assert.True(t, errs.Emit(boom))
	assert.Equal(t, []error{boom}, handled)
	assert.Equal(t, []string{"typed boom", "untyped boom"}, monitored, "one typed listener takes no shortcut past the monitors")

	var f EventEmitter
	assert.Equal(t, &UnhandledError{Value: "lost"}, panicValueOf(func() { EventOf[string](&f, "error").Emit("lost") }))
}

func TestEventOfNilEmitterPanics(t *testing.T) {
	assert.PanicsWithValue(t, "events: EventOf called with nil *EventEmitter", func() { EventOf[int](nil, "x") })
}

func TestTypedEmitDoesNotAllocate(t *testing.T) {
	buf := []byte("payload")
	for _, tc := range []struct {
		name  string
		setup func(ev Event[[]byte])
	}{
		{"one typed listener", func(ev Event[[]byte]) { ev.On(func([]byte) {}) }},
		{"several typed listeners", func(ev Event[[]byte]) {
			ev.On(func([]byte) {})
			ev.PrependListener(func([]byte) {})
			ev.On(func([]byte) {})
		}},
		{"no listener", func(Event[[]byte]) {}},
	} {
		t.Run(tc.name+" costs no allocation", func(t *testing.T) {
			var e EventEmitter
			ev := EventOf[[]byte](&e, "data")
			tc.setup(ev)
			assert.Zero(t, emitAllocsPerRun(1000, func() { ev.Emit(buf) }))
		})
	}
}

// emitAllocsPerRun is testing.AllocsPerRun without its rounding down, which
// would hide one allocation every few runs.
func emitAllocsPerRun(runs int, f func()) float64 {
	f() // warm up, as testing.AllocsPerRun does
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(runs)
}
