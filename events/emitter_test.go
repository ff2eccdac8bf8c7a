package events

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestZeroEventEmitterIsReady(t *testing.T) {
	var e EventEmitter
	assert.False(t, e.Emit("x", 1))
	assert.Zero(t, e.ListenerCount("x"))
	assert.Nil(t, e.Listeners("x"))
	assert.Nil(t, e.RawListeners("x"))
	assert.Nil(t, e.EventNames())
	assert.Equal(t, DefaultMaxListeners, e.GetMaxListeners())
	e.RemoveAllListeners()
	e.RemoveAllListeners("x")
	assert.False(t, e.Off("x", Listener{}))
}

func TestEmbeddedEventEmitterPromotesItsMethods(t *testing.T) {
	type socket struct {
		EventEmitter
		name string
	}
	s := &socket{name: "s"}
	var got []any
	s.On("data", func(args ...any) { got = args })
	assert.True(t, s.Emit("data", "hello", 5))
	assert.Equal(t, []any{"hello", 5}, got)
}

func TestNilListenerPanicsNamingTheMethod(t *testing.T) {
	var e EventEmitter
	ev := EventOf[int](&e, "x")
	for _, tc := range []struct {
		method string
		call   func()
	}{
		{"EventEmitter.On", func() { e.On("x", nil) }},
		{"EventEmitter.AddListener", func() { e.AddListener("x", nil) }},
		{"EventEmitter.Once", func() { e.Once("x", nil) }},
		{"EventEmitter.PrependListener", func() { e.PrependListener("x", nil) }},
		{"EventEmitter.PrependOnceListener", func() { e.PrependOnceListener("x", nil) }},
		{"Event.On", func() { ev.On(nil) }},
		{"Event.Once", func() { ev.Once(nil) }},
		{"Event.PrependListener", func() { ev.PrependListener(nil) }},
		{"Event.PrependOnceListener", func() { ev.PrependOnceListener(nil) }},
	} {
		t.Run(tc.method+" with a nil func panics", func(t *testing.T) {
			assert.PanicsWithValue(t, "events: "+tc.method+" called with nil listener", tc.call)
		})
	}
	assert.Zero(t, e.ListenerCount("x"), "a panicking registration adds nothing")
}

func TestEmitReportsWhetherAnyoneListened(t *testing.T) {
	var e EventEmitter
	assert.False(t, e.Emit("x"))
	l := e.On("x", noopListener)
	assert.True(t, e.Emit("x"))
	l.Remove()
	assert.False(t, e.Emit("x"))
}

func TestPanickingListenerLeavesTheEmitterConsistent(t *testing.T) {
	var e EventEmitter
	var calls []string
	e.On("x", func(...any) { calls = append(calls, "a") })
	e.Once("x", func(...any) {
		calls = append(calls, "b")
		e.Emit("x") // re-entrant, then panic from inside
		panic("b failed")
	})
	e.On("x", func(...any) { calls = append(calls, "c") })

	assert.PanicsWithValue(t, "b failed", func() { e.Emit("x") })
	assert.Equal(t, []string{"a", "b", "a", "c"}, calls)
	assert.Equal(t, 2, e.ListenerCount("x"))

	calls = nil
	assert.True(t, e.Emit("x"))
	assert.Equal(t, []string{"a", "c"}, calls)
}

func TestManyEventNamesUseTheIndex(t *testing.T) {
	var e EventEmitter
	var names []string
	handles := map[string]Listener{}
	for i := range 3 * slotIndexMin {
		name := fmt.Sprintf("e%d", i)
		names = append(names, name)
		handles[name] = e.On(name, noopListener)
	}
	require.NotNil(t, e.index)
	assert.Equal(t, names, e.EventNames())
	for _, name := range names {
		assert.True(t, e.Emit(name), name)
	}
	assert.True(t, handles["e3"].Remove())
	assert.False(t, e.Emit("e3"))
	e.On("e3", noopListener)
	assert.Equal(t, append(append(names[:3:3], names[4:]...), "e3"), e.EventNames())
	e.RemoveAllListeners()
	assert.Nil(t, e.EventNames())
	assert.False(t, e.Emit("e5"))
}

func TestEmitsFindTheListenersWhateverStringNamesTheEvent(t *testing.T) {
	// The emits first look for the name's very string (lookupSame), then for
	// an equal one (lookup); each case checks both kinds of Emit, through the
	// string the listeners were registered with and through an equal copy.
	var calls []string
	listen := func(e *EventEmitter, name, who string) {
		e.On(name, func(a ...any) { calls = append(calls, fmt.Sprint(who, " untyped ", a[0])) })
		EventOf[int](e, name).On(func(n int) { calls = append(calls, fmt.Sprint(who, " typed ", n)) })
	}
	emitBoth := func(e *EventEmitter, name string) {
		e.Emit(name, 1)
		EventOf[int](e, name).Emit(2)
		e.Emit(strings.Clone(name), 3)
		EventOf[int](e, strings.Clone(name)).Emit(4)
	}
	both := func(who string) []string {
		var want []string
		for n := 1; n <= 4; n++ {
			want = append(want, fmt.Sprint(who, " untyped ", n), fmt.Sprint(who, " typed ", n))
		}
		return want
	}
	for _, tc := range []struct {
		name string
		run  func(t *testing.T) (got, want []string)
	}{
		{"a constant name and an equal copy reach the same listeners", func(*testing.T) ([]string, []string) {
			var e EventEmitter
			listen(&e, "data", "a")
			emitBoth(&e, "data")
			return calls, both("a")
		}},
		{"a name registered with a copy is reached through the constant", func(*testing.T) ([]string, []string) {
			var e EventEmitter
			listen(&e, strings.Clone("data"), "a")
			emitBoth(&e, "data")
			return calls, both("a")
		}},
		{"the empty name is a name like the others", func(*testing.T) ([]string, []string) {
			var e EventEmitter
			listen(&e, "", "a")
			emitBoth(&e, "")
			return calls, both("a")
		}},
		{"a name that is a prefix of another's string is another name", func(*testing.T) ([]string, []string) {
			var e EventEmitter
			long := "database"
			listen(&e, long, "long")
			listen(&e, long[:4], "short") // the same bytes, so the same pointer
			emitBoth(&e, long[:4])
			return calls, both("short")
		}},
		{"a name whose last listener went and came back reaches only the new one", func(t *testing.T) ([]string, []string) {
			var e EventEmitter
			listen(&e, "other", "x")
			l := e.On("data", func(...any) { calls = append(calls, "old") })
			EventOf[int](&e, "data").Emit(0)
			require.True(t, l.Remove())
			require.Equal(t, []string{"other"}, e.EventNames())
			listen(&e, "data", "new")
			calls = nil
			emitBoth(&e, "data")
			assert.Equal(t, []string{"other", "data"}, e.EventNames())
			return calls, both("new")
		}},
		{"after RemoveAllListeners only what is added later is reached", func(*testing.T) ([]string, []string) {
			var e EventEmitter
			listen(&e, "data", "old")
			emitBoth(&e, "data")
			e.RemoveAllListeners()
			calls = nil
			emitBoth(&e, "data")
			listen(&e, "data", "new")
			emitBoth(&e, "data")
			return calls, both("new")
		}},
		{"after RemoveAllListeners of the name only what is added later is reached", func(*testing.T) ([]string, []string) {
			var e EventEmitter
			listen(&e, "data", "old")
			emitBoth(&e, "data")
			e.RemoveAllListeners("data")
			calls = nil
			emitBoth(&e, "data")
			listen(&e, "data", "new")
			emitBoth(&e, "data")
			return calls, both("new")
		}},
		{"two emitters keep their own listeners of the same name", func(*testing.T) ([]string, []string) {
			var e, f EventEmitter
			listen(&e, "data", "e")
			listen(&f, "data", "f")
			emitBoth(&f, "data")
			emitBoth(&e, "data")
			return calls, append(both("f"), both("e")...)
		}},
		{"an emitter with the index finds constant names and copies", func(t *testing.T) ([]string, []string) {
			var e EventEmitter
			for i := range slotIndexMin {
				e.On(fmt.Sprint("e", i), noopListener)
			}
			listen(&e, "data", "a")
			require.NotNil(t, e.index)
			emitBoth(&e, "data")
			return calls, both("a")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls = nil
			got, want := tc.run(t)
			assert.Equal(t, want, got)
		})
	}
}

func TestSlotKnowsWhetherItHasAOnceListener(t *testing.T) {
	// Emit skips the once check for a list without once listeners (see
	// eventSlot.once), so the flag must follow every change of the list.
	var e EventEmitter
	once := func() bool { return e.lookup("x").once }
	a := e.On("x", noopListener)
	assert.False(t, once(), "On")
	b := e.Once("x", noopListener)
	assert.True(t, once(), "Once")
	assert.True(t, b.Remove())
	assert.False(t, once(), "the once listener removed")
	EventOf[int](&e, "x").PrependOnceListener(func(int) {})
	assert.True(t, once(), "typed PrependOnceListener")
	e.Emit("x")
	assert.False(t, once(), "the once listener fired")
	e.PrependOnceListener("x", noopListener)
	assert.True(t, a.Remove())
	assert.True(t, once(), "the other listener removed")
	e.On("x", noopListener)
	assert.True(t, once(), "On after a once listener")
	EventOf[int](&e, "x").Emit(1)
	assert.False(t, once(), "the once listener fired in a typed Emit")
}

func TestOnceListenerAddedDuringAnEmitWithoutOnceListenersWaits(t *testing.T) {
	// The emit's snapshot had no once listener: it must neither call the new
	// one nor lose it.
	var e EventEmitter
	var calls []string
	e.On("x", func(a ...any) {
		calls = append(calls, fmt.Sprint("on ", a[0]))
		if a[0] == 1 {
			e.Once("x", func(a ...any) { calls = append(calls, fmt.Sprint("once ", a[0])) })
		}
	})
	e.Emit("x", 1)
	e.Emit("x", 2)
	e.Emit("x", 3)
	assert.Equal(t, []string{"on 1", "on 2", "once 2", "on 3"}, calls)
}
