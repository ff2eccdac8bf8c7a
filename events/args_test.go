package events

import (
	"runtime"
	"runtime/debug"
	"testing"
	"weak"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAKeptArgsRetainsOnlyItsOwnArguments(t *testing.T) {
	// A listener keeps the args of one Emit out of many with large
	// arguments. Only that Emit's arguments may stay reachable: the first
	// version carved every Emit's copy from a shared slab, so the one kept
	// slice held up to 254 other emits' arguments.
	const emits, keep, size = 600, 300, 64 << 10
	var e EventEmitter
	var kept []any
	n := 0
	e.On("data", func(args ...any) {
		if n == keep {
			kept = args
		}
		n++
	})
	chunks := make([]weak.Pointer[[size]byte], emits)
	// No collection while emitting, as between two collections of a busy
	// program: whatever an Emit leaves reachable is still there at the end.
	gcPercent := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(gcPercent)
	for i := range emits {
		chunk := new([size]byte)
		chunks[i] = weak.Make(chunk)
		e.Emit("data", chunk)
	}
	reachable := func() (left int) {
		for i, c := range chunks {
			if i != keep && c.Value() != nil {
				left++
			}
		}
		return left
	}
	debug.SetGCPercent(gcPercent)
	// A few collections, in case something is released only by one (a
	// cleanup or finalizer runs after the collection that found it due).
	for range 4 {
		runtime.GC()
	}
	left := reachable()
	assert.Zero(t, left, "%d other emits' arguments (%d KiB) still reachable through one kept args", left, left*size>>10)
	require.Len(t, kept, 1)
	assert.True(t, chunks[keep].Value() == kept[0], "the kept argument is alive")
}

func TestEmitterKeepsNoArgumentOfItsOwn(t *testing.T) {
	// An argument that no listener kept is garbage once Emit returns.
	var e EventEmitter
	e.On("data", noopListener)
	chunk := func() weak.Pointer[[]byte] {
		b := make([]byte, 64<<10)
		e.Emit("data", &b)
		return weak.Make(&b)
	}()
	runtime.GC()
	assert.True(t, chunk.Value() == nil, "the argument of an Emit outlived a collection")
	assert.True(t, e.Emit("data", 1), "the emitter works on")
}

func TestListenersMayKeepTheirArguments(t *testing.T) {
	// Each Emit gives its listeners a copy of args that is theirs to keep.
	var e EventEmitter
	var kept [][]any
	e.On("x", func(args ...any) { kept = append(kept, args) })
	for i := range 1000 {
		e.Emit("x", i, i+1)
		if i%100 == 0 {
			runtime.GC()
		}
	}
	e.Emit("x")
	for i, args := range kept[:len(kept)-1] {
		require.Equal(t, []any{i, i + 1}, args)
	}
	assert.Empty(t, kept[len(kept)-1])

	// Appending to kept args must not write into the next Emit's copy.
	e.RemoveAllListeners()
	var next []any
	e.Once("x", func(args ...any) { _ = append(args, "clobber") })
	e.Emit("x", "a")
	e.Once("x", func(args ...any) { next = args })
	e.Emit("x", "b")
	assert.Equal(t, []any{"b"}, next)
}

func TestListenersDoNotSeeTheCallersSlice(t *testing.T) {
	// Emit(name, args...) with the caller's own slice: the listeners get a
	// copy, so the caller may reuse its slice and listeners may change theirs.
	var e EventEmitter
	var got []any
	e.On("x", func(args ...any) { got = args; args[1] = "changed" })
	args := []any{"a", "b"}
	e.Emit("x", args...)
	args[0] = "reused"
	assert.Equal(t, []any{"a", "changed"}, got)
	assert.Equal(t, []any{"reused", "b"}, args)
}

func TestUntypedEmitAllocatesOnlyTheCopyOfItsArguments(t *testing.T) {
	p := &struct{ n int }{}
	untyped := func(e *EventEmitter) { e.On("data", noopListener) }
	typed := func(e *EventEmitter) { EventOf[*struct{ n int }](e, "data").On(func(*struct{ n int }) {}) }
	for _, tc := range []struct {
		name   string
		listen []func(e *EventEmitter)
		emit   func(e *EventEmitter)
		want   float64
	}{
		{"a pointer argument to a listener costs the copy", []func(*EventEmitter){untyped}, func(e *EventEmitter) { e.Emit("data", p) }, 1},
		{"two arguments cost one copy", []func(*EventEmitter){untyped}, func(e *EventEmitter) { e.Emit("data", p, p) }, 1},
		{"no argument costs nothing", []func(*EventEmitter){untyped}, func(e *EventEmitter) { e.Emit("data") }, 0},
		{"no listener costs nothing", nil, func(e *EventEmitter) { e.Emit("data", p) }, 0},
		{"typed listeners only cost nothing, as none can keep args", []func(*EventEmitter){typed, typed}, func(e *EventEmitter) { e.Emit("data", p) }, 0},
		{"typed and untyped listeners cost the copy", []func(*EventEmitter){typed, untyped}, func(e *EventEmitter) { e.Emit("data", p) }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e EventEmitter
			for _, listen := range tc.listen {
				listen(&e)
			}
			assert.Equal(t, tc.want, testing.AllocsPerRun(1000, func() { tc.emit(&e) }))
		})
	}
}

func TestEmitsCostTheSameWhateverTheNumberOfEmitters(t *testing.T) {
	// Nothing of an Emit outlives it on the emitter's side, so a program with
	// many emitters (sockets) pays nothing per emitter at each collection.
	// The first version armed a cleanup per busy emitter per collection.
	emitters := make([]EventEmitter, 10_000)
	for i := range emitters {
		emitters[i].On("data", noopListener)
	}
	p := new(int)
	emitAll := func() {
		for i := range emitters {
			emitters[i].Emit("data", p)
		}
	}
	emitAll()
	allocs := testing.AllocsPerRun(10, func() { emitAll(); runtime.GC() })
	assert.InDelta(t, float64(len(emitters)), allocs, 100, "one copy per Emit, and nothing else")
}
