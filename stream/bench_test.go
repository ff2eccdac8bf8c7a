package stream_test

// Micro benchmarks: one mechanism each, per chunk (go test -run '^$'
// -bench . -benchmem ./stream/). Whole pipelines against Node are in
// bench/stream.

import (
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
)

func benchLoop(b *testing.B) *loop.Loop {
	b.Helper()
	l, err := loop.New()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := l.Close(); err != nil {
			b.Error(err)
		}
	})
	return l
}

func benchRun(b *testing.B, l *loop.Loop, main func()) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	if err := l.Run(main); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkWrite is one Write to a Writable whose implementation completes
// at once.
func BenchmarkWrite(b *testing.B) {
	l := benchLoop(b)
	chunk := make([]byte, 1024)
	benchRun(b, l, func() {
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		for range b.N {
			w.Write(chunk, nil)
		}
		w.End(nil)
	})
}

// BenchmarkPush is one Push to a flowing Readable, to its 'data' listener.
func BenchmarkPush(b *testing.B) {
	l := benchLoop(b)
	chunk := make([]byte, 1024)
	benchRun(b, l, func() {
		n := 0
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			for n < b.N {
				n++
				if !r.Push(chunk) {
					return
				}
			}
			r.PushEnd()
		}})
		r.OnData(func([]byte) {})
	})
}

// BenchmarkPipeHop is a chunk's trip from a Readable through Pipe into a
// Writable.
func BenchmarkPipeHop(b *testing.B) {
	l := benchLoop(b)
	chunk := make([]byte, 1024)
	benchRun(b, l, func() {
		src, dst := pusher(l, b.N, chunk), discard(l)
		src.Pipe(dst)
	})
}

// BenchmarkPassThrough is a chunk's trip through one PassThrough between a
// source and a sink, joined by Pipe: at most one allocation per chunk.
func BenchmarkPassThrough(b *testing.B) {
	l := benchLoop(b)
	chunk := make([]byte, 1024)
	benchRun(b, l, func() {
		src, dst := pusher(l, b.N, chunk), discard(l)
		p := stream.NewPassThrough(l, stream.TransformOptions{})
		src.Pipe(p)
		p.Pipe(dst)
	})
}

// BenchmarkPushRead compares the byte path with object mode: a Push and a
// Read of one chunk in paused mode, for []byte chunks and for pointers.
func BenchmarkPushRead(b *testing.B) {
	b.Run("bytes", func(b *testing.B) {
		l := benchLoop(b)
		chunk := make([]byte, 1024)
		benchRun(b, l, func() {
			r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
			for range b.N {
				r.Push(chunk)
				r.Read(-1)
			}
			r.Destroy(nil)
		})
	})
	b.Run("objects", func(b *testing.B) {
		l := benchLoop(b)
		type item struct{ n int }
		it := &item{}
		benchRun(b, l, func() {
			r := stream.NewReadable(l, stream.ReadableOptionsOf[*item]{Read: func(*stream.ReadableOf[*item], int) {}})
			for range b.N {
				r.Push(it)
				r.Read(-1)
			}
			r.Destroy(nil)
		})
	})
}

// pusher is a Readable that pushes chunk n times, then ends.
func pusher(l *loop.Loop, n int, chunk []byte) *stream.Readable {
	sent := 0
	return stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
		for sent < n {
			sent++
			if !r.Push(chunk) {
				return
			}
		}
		r.PushEnd()
	}})
}

// discard is a Writable that completes every write at once.
func discard(l *loop.Loop) *stream.Writable {
	return stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
}
