package events

import (
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
