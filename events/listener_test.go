package events

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListenerHandleRemovesExactlyItsRegistration(t *testing.T) {
	var e EventEmitter
	var calls []string
	fn := func(args ...any) { calls = append(calls, args[0].(string)) }
	first := e.On("x", fn)
	second := e.On("x", fn) // the same func twice: two registrations
	assert.NotEqual(t, first, second)

	assert.True(t, first.Remove())
	assert.False(t, first.Remove(), "removing twice is harmless")
	assert.False(t, e.Off("x", first))
	e.Emit("x", "a")
	assert.Equal(t, []string{"a"}, calls)

	assert.False(t, e.Off("y", second), "a listener of another event is left alone")
	var other EventEmitter
	assert.False(t, other.Off("x", second), "a listener of another emitter is left alone")
	assert.True(t, e.RemoveListener("x", second))
	assert.False(t, e.Emit("x", "b"))
	assert.Equal(t, []string{"a"}, calls)

	var zero Listener
	assert.False(t, zero.Remove())
	assert.Equal(t, "", zero.Event())
	assert.False(t, zero.Once())
	assert.Equal(t, "x", first.Event())
	assert.True(t, e.Once("x", fn).Once())
}

func TestListenersReturnsACopyOfTheFuncs(t *testing.T) {
	var e EventEmitter
	var calls []string
	e.On("x", func(...any) { calls = append(calls, "on") })
	once := e.Once("x", func(...any) { calls = append(calls, "once") })
	EventOf[string](&e, "x").On(func(s string) { calls = append(calls, "typed "+s) })

	fns := e.Listeners("x")
	require.Len(t, fns, 3)
	for _, fn := range fns {
		fn("v")
	}
	assert.Equal(t, []string{"on", "once", "typed v"}, calls)
	assert.Equal(t, 3, e.ListenerCount("x"), "calling the unwrapped once func does not remove it")

	fns[0] = nil
	assert.NotNil(t, e.Listeners("x")[0], "the slice is a copy")

	raw := e.RawListeners("x")
	require.Len(t, raw, 3)
	assert.Equal(t, once, raw[1])
	assert.Equal(t, []bool{false, true, false}, []bool{raw[0].Once(), raw[1].Once(), raw[2].Once()})
}

func TestRemovingAHandleInsideNewListenerDoesNothing(t *testing.T) {
	// As in Node, where off() of a function not yet added is a no-op.
	var e EventEmitter
	var removed []bool
	e.On("newListener", func(a ...any) {
		if a[0] == "x" {
			removed = append(removed, a[1].(Listener).Remove())
		}
	})
	l := e.On("x", noopListener)
	assert.Equal(t, []bool{false}, removed)
	assert.Equal(t, []Listener{l}, e.RawListeners("x"))
}

func TestListenerFuncIsTheRegisteredFunction(t *testing.T) {
	var e EventEmitter
	var calls []string
	untyped := func(args ...any) { calls = append(calls, fmt.Sprint("untyped ", args)) }
	typed := func(n int) { calls = append(calls, fmt.Sprint("typed ", n)) }
	ev := EventOf[int](&e, "x")
	for _, tc := range []struct {
		name     string
		register func() Listener
		want     any
	}{
		{"On gives back its func", func() Listener { return e.On("x", untyped) }, untyped},
		{"Once gives back its func, not a wrapper", func() Listener { return e.Once("x", untyped) }, untyped},
		{"PrependOnceListener gives back its func", func() Listener { return e.PrependOnceListener("x", untyped) }, untyped},
		{"a typed On gives back its func(T), not the adapter", func() Listener { return ev.On(typed) }, typed},
		{"a typed Once gives back its func(T)", func() Listener { return ev.Once(typed) }, typed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.register()
			require.IsType(t, tc.want, l.Func())
			assert.Equal(t, reflect.ValueOf(tc.want).Pointer(), reflect.ValueOf(l.Func()).Pointer())
			assert.True(t, l.Remove())
			assert.NotNil(t, l.Func(), "a removed listener still has its func")
		})
	}
	assert.Nil(t, Listener{}.Func())

	// Calling it calls the function by hand: a once listener stays.
	calls = nil
	l := ev.Once(typed)
	l.Func().(func(int))(7)
	assert.Equal(t, []string{"typed 7"}, calls)
	assert.Equal(t, 1, ev.ListenerCount())
}

func TestNewListenerSeesWhichFuncIsAdded(t *testing.T) {
	// Ported from Node code that checks the function a 'newListener'
	// listener receives.
	var e EventEmitter
	onData := func(...any) {}
	onEnd := func(struct{}) {}
	var seen []string
	e.On("newListener", func(args ...any) {
		l := args[1].(Listener)
		switch fn := l.Func().(type) {
		case func(...any):
			seen = append(seen, fmt.Sprint(args[0], " untyped, onData: ", reflect.ValueOf(fn).Pointer() == reflect.ValueOf(onData).Pointer()))
		case func(struct{}):
			seen = append(seen, fmt.Sprint(args[0], " typed struct{}"))
		}
	})
	e.On("data", onData)
	EventOf[struct{}](&e, "end").Once(onEnd)
	assert.Equal(t, []string{"data untyped, onData: true", "end typed struct{}"}, seen)
}
