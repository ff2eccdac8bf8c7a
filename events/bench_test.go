package events

import (
	"fmt"
	"testing"
)

// The Node twin of these benchmarks is testdata/bench.js. Run both in one
// shell invocation, in this directory, so that they share the machine's
// state, and compare ns/op (Node's figure for "emit, one argument, one
// listener" is the baseline the targets refer to):
//
//	node testdata/bench.js && go test -run '^$' -bench . -benchmem -benchtime 1s

var emitBenchSink int

// emitBenchChunk stands for what Node passes to 'data' listeners: one object.
type emitBenchChunk struct{ b []byte }

func BenchmarkEmit(b *testing.B) {
	chunk := &emitBenchChunk{b: make([]byte, 8)}
	buf := make([]byte, 8)
	untyped := func(args ...any) { emitBenchSink += len(args[0].(*emitBenchChunk).b) }
	typed := func(p []byte) { emitBenchSink += len(p) }

	b.Run("untyped, one pointer argument, one listener", func(b *testing.B) {
		var e EventEmitter
		e.On("data", untyped)
		b.ReportAllocs()
		for b.Loop() {
			e.Emit("data", chunk)
		}
	})
	b.Run("untyped, one []byte argument, one listener", func(b *testing.B) {
		// The []byte does not fit an interface word: boxing it is the one
		// allocation, forced by ...any.
		var e EventEmitter
		e.On("data", func(args ...any) { emitBenchSink += len(args[0].([]byte)) })
		b.ReportAllocs()
		for b.Loop() {
			e.Emit("data", buf)
		}
	})
	b.Run("typed, one listener", func(b *testing.B) {
		var e EventEmitter
		ev := EventOf[[]byte](&e, "data")
		ev.On(typed)
		b.ReportAllocs()
		for b.Loop() {
			ev.Emit(buf)
		}
	})
	b.Run("typed, three listeners", func(b *testing.B) {
		var e EventEmitter
		ev := EventOf[[]byte](&e, "data")
		for range 3 {
			ev.On(typed)
		}
		b.ReportAllocs()
		for b.Loop() {
			ev.Emit(buf)
		}
	})
	b.Run("typed, two events in turn", func(b *testing.B) {
		// Two emits an op, as in Node's "two events in turn".
		var e EventEmitter
		data, end := EventOf[[]byte](&e, "data"), EventOf[[]byte](&e, "end")
		data.On(typed)
		end.On(typed)
		b.ReportAllocs()
		for b.Loop() {
			data.Emit(buf)
			end.Emit(buf)
		}
	})
	b.Run("typed, to an untyped listener", func(b *testing.B) {
		var e EventEmitter
		ev := EventOf[*emitBenchChunk](&e, "data")
		e.On("data", untyped)
		b.ReportAllocs()
		for b.Loop() {
			ev.Emit(chunk)
		}
	})
	b.Run("untyped, to a typed listener", func(b *testing.B) {
		// Generic code emitting to an I/O type's typed listener.
		var e EventEmitter
		EventOf[*emitBenchChunk](&e, "data").On(func(c *emitBenchChunk) { emitBenchSink += len(c.b) })
		b.ReportAllocs()
		for b.Loop() {
			e.Emit("data", chunk)
		}
	})
	b.Run("untyped, two events in turn", func(b *testing.B) {
		var e EventEmitter
		e.On("data", untyped)
		e.On("end", untyped)
		b.ReportAllocs()
		for b.Loop() {
			e.Emit("data", chunk)
			e.Emit("end", chunk)
		}
	})
	b.Run("untyped, three listeners", func(b *testing.B) {
		var e EventEmitter
		for range 3 {
			e.On("data", untyped)
		}
		b.ReportAllocs()
		for b.Loop() {
			e.Emit("data", chunk)
		}
	})
	b.Run("no listener", func(b *testing.B) {
		var e EventEmitter
		e.On("other", untyped)
		b.ReportAllocs()
		for b.Loop() {
			e.Emit("data", chunk)
		}
	})
	b.Run("untyped, one of 16 event names", func(b *testing.B) {
		var e EventEmitter
		for i := range 16 {
			e.On(fmt.Sprint("event", i), untyped)
		}
		name := fmt.Sprint("event", 11) // not the same string pointer as the registration's
		b.ReportAllocs()
		for b.Loop() {
			e.Emit(name, chunk)
		}
	})
}

func BenchmarkEmitterOnRemove(b *testing.B) {
	var e EventEmitter
	e.On("data", noopListener) // a second listener, so the list is copied, not dropped
	b.ReportAllocs()
	for b.Loop() {
		e.On("data", noopListener).Remove()
	}
}
