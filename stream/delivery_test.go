package stream_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deliveryPlan is a pipeline shaped by fuzz input: the chunks the source
// pushes, the high-water marks, how the transform cuts its input, and which
// steps complete later rather than at once.
type deliveryPlan struct {
	chunks    [][]byte
	hwm       [4]int // source, transform readable, transform writable, sink
	cut       int    // the transform pushes its input in pieces of this size (0: whole)
	asyncSrc  bool   // the source pushes from an immediate
	asyncSink bool   // the sink completes writes from an immediate
	usePipe   bool   // Pipe + Pipe instead of Pipeline
}

func planFrom(data []byte) (deliveryPlan, []byte) {
	var p deliveryPlan
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := int(data[0])
		data = data[1:]
		return b
	}
	for i := range p.hwm {
		p.hwm[i] = next()%5*next() + 1 // 1 to ~1000
	}
	p.cut = next() % 7
	flags := next()
	p.asyncSrc, p.asyncSink, p.usePipe = flags&1 != 0, flags&2 != 0, flags&4 != 0
	var all []byte
	seq := byte(0)
	for len(data) > 0 {
		n := next()%97 + 1
		chunk := make([]byte, n)
		for i := range chunk {
			chunk[i] = seq
			seq++
		}
		p.chunks = append(p.chunks, chunk)
		all = append(all, chunk...)
	}
	return p, all
}

// runDelivery sends the plan's chunks through source → transform → sink on
// a loop in virtual time and returns what the sink received.
func runDelivery(t *testing.T, p deliveryPlan) ([]byte, error) {
	t.Helper()
	clk := loop.NewManualClock(time.Unix(0, 0))
	clk.SetAutoAdvance(true)
	l, err := loop.New(loop.WithClock(clk))
	require.NoError(t, err)
	defer func() { require.NoError(t, l.Close()) }()

	var got []byte
	result := error(nil)
	called := 0
	require.NoError(t, l.Run(func() {
		i := 0
		src := stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: p.hwm[0], Read: func(r *stream.Readable, n int) {
			push := func() {
				if i == len(p.chunks) {
					r.PushEnd()
					return
				}
				i++
				r.Push(p.chunks[i-1])
			}
			if p.asyncSrc {
				l.SetImmediate(push)
			} else {
				push()
			}
		}})
		tr := stream.NewTransform(l, stream.TransformOptions{
			ReadableHighWaterMark: p.hwm[1], WritableHighWaterMark: p.hwm[2],
			Transform: func(chunk []byte, push func([]byte), done func(error)) {
				for p.cut > 0 && len(chunk) > p.cut {
					push(chunk[:p.cut])
					chunk = chunk[p.cut:]
				}
				push(chunk)
				done(nil)
			},
		})
		sink := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: p.hwm[3], Write: func(chunk []byte, done func(error)) {
			got = append(got, chunk...)
			if p.asyncSink {
				l.SetImmediate(func() { done(nil) })
			} else {
				done(nil)
			}
		}})
		if p.usePipe {
			src.Pipe(tr)
			tr.Pipe(sink)
			stream.Finished(sink, func(err error) { result, called = err, called+1 })
			return
		}
		stream.Pipeline(func(err error) { result, called = err, called+1 }, src, tr, sink)
	}))
	assert.Equal(t, 1, called, "the final callback runs once")
	return got, result
}

// FuzzDelivery: any sequence of chunk sizes and high-water marks, through
// Pipe or Pipeline and a Transform that cuts or not, delivers exactly the
// bytes written, in order.
func FuzzDelivery(f *testing.F) {
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 10, 20, 30})
	f.Add([]byte{4, 255, 0, 1, 4, 255, 0, 1, 3, 7, 96, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{2, 3, 1, 1, 2, 3, 1, 1, 1, 5, 50, 50, 50, 50, 50, 50})
	f.Add(bytes.Repeat([]byte{9}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			return
		}
		p, want := planFrom(data)
		got, err := runDelivery(t, p)
		require.NoError(t, err)
		if len(want) == 0 {
			assert.Empty(t, got)
			return
		}
		assert.Equal(t, want, got)
	})
}

// TestBackpressureBoundsWhatIsBuffered: with a sink 100 times slower than
// its source, what is buffered anywhere in the pipeline never exceeds the
// sum of the high-water marks plus one chunk per buffer. (A buffer takes
// the chunk that crosses its mark, as Node's do, so each of the four
// buffers, the transform having two, may hold one chunk more than its
// mark.)
func TestBackpressureBoundsWhatIsBuffered(t *testing.T) {
	const chunk = 1000
	hwm := [4]int{4096, 2048, 2048, 8192} // source, transform out, transform in, sink
	clk := loop.NewManualClock(time.Unix(0, 0))
	clk.SetAutoAdvance(true)
	l, err := loop.New(loop.WithClock(clk))
	require.NoError(t, err)
	defer func() { require.NoError(t, l.Close()) }()

	var src *stream.Readable
	var tr *stream.Transform
	var sink *stream.Writable
	pushed, written, peak := 0, 0, 0
	bound := hwm[0] + hwm[1] + hwm[2] + hwm[3] + 4*chunk
	check := func() {
		buffered := src.ReadableLength() + tr.ReadableLength() + tr.WritableLength() + sink.WritableLength()
		peak = max(peak, buffered)
		require.LessOrEqual(t, buffered, bound, "after %d bytes pushed", pushed)
	}
	const total = 2 << 20
	require.NoError(t, l.Run(func() {
		src = stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: hwm[0], Read: func(r *stream.Readable, n int) {
			// The producer is fast: it pushes at once, every time it is asked.
			l.SetTimeout(func() {
				if pushed >= total {
					r.PushEnd()
					return
				}
				pushed += chunk
				r.Push(make([]byte, chunk))
				check()
			}, time.Millisecond)
		}})
		tr = stream.NewPassThrough(l, stream.TransformOptions{ReadableHighWaterMark: hwm[1], WritableHighWaterMark: hwm[2]})
		sink = stream.NewWritable(l, stream.WritableOptions{HighWaterMark: hwm[3], Write: func(b []byte, done func(error)) {
			check()
			// The consumer takes 100 ms a chunk: 100 times the producer's 1 ms.
			l.SetTimeout(func() {
				written += len(b)
				done(nil)
			}, 100*time.Millisecond)
		}})
		stream.Pipeline(func(err error) { assert.NoError(t, err) }, src, tr, sink)
	}))
	assert.Equal(t, pushed, written, "every byte pushed was written")
	assert.GreaterOrEqual(t, written, total)
	t.Logf("peak buffered: %d bytes (bound %d)", peak, bound)
	assert.Greater(t, peak, hwm[3], "the pipeline did fill up: the bound was tested")
}
