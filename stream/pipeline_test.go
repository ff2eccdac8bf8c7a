package stream_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// From test-stream-pipeline.js: the cases made of streams (Node's
// iterables, async functions, web and HTTP streams are left out): success,
// a source destroyed with or without an error, a failing transform or
// sink that destroys every stream with the first error, and the streams
// that a successful pipeline leaves alone.
func TestPipelineSucceedsOrFailsWithTheFirstError(t *testing.T) {
	kaboom := errors.New("kaboom")
	t.Run("a readable into a writable", func(t *testing.T) {
		l := newLoop(t)
		var processed []string
		finished, calls := false, 0
		run(t, l, func() {
			read := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			write := sink(l, &processed)
			write.OnFinish(func() { finished = true })
			for _, s := range []string{"a", "b", "c"} {
				read.Push([]byte(s))
			}
			read.PushEnd()
			stream.Pipeline(func(err error) {
				calls++
				assert.NoError(t, err)
				assert.True(t, finished, "the callback comes after 'finish'")
			}, read, write)
		})
		assert.Equal(t, 1, calls)
		assert.Equal(t, []string{"a", "b", "c"}, processed)
	})
	t.Run("a source destroyed without an error is a premature close", func(t *testing.T) {
		l := newLoop(t)
		var got error
		run(t, l, func() {
			read := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			write := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			read.Push([]byte("data"))
			l.SetImmediate(func() { read.Destroy(nil) })
			stream.Pipeline(func(err error) { got = err }, read, write)
		})
		assert.ErrorIs(t, got, stream.ErrPrematureClose)
	})
	t.Run("a source destroyed with an error", func(t *testing.T) {
		l := newLoop(t)
		var got error
		run(t, l, func() {
			read := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			write := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			read.Push([]byte("data"))
			l.SetImmediate(func() { read.Destroy(kaboom) })
			dst := stream.Pipeline(func(err error) { got = err }, read, write)
			assert.Same(t, write, dst)
		})
		assert.Same(t, kaboom, got)
	})
	t.Run("a failing transform fails and closes every stream", func(t *testing.T) {
		l := newLoop(t)
		var got error
		var log recorder
		run(t, l, func() {
			read := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			transform := stream.NewTransform(l, stream.TransformOptions{Transform: func(_ []byte, _ func([]byte), done func(error)) {
				done(kaboom)
			}})
			write := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			for name, s := range map[string]destroyable{"read": read, "transform": transform, "write": write} {
				s.On("close", func(...any) { log.add(name + " close") })
				s.On("error", func(args ...any) {
					assert.Same(t, kaboom, args[0])
					log.add(name + " error")
				})
			}
			dst := stream.Pipeline(func(err error) { got = err }, read, transform, write)
			assert.Same(t, write, dst)
			read.Push([]byte("hello"))
		})
		assert.Same(t, kaboom, got)
		assert.ElementsMatch(t, []string{"read close", "read error", "transform close", "transform error", "write close", "write error"}, log.lines)
	})
	t.Run("a sink that fails after ten writes, behind six transforms", func(t *testing.T) {
		l := newLoop(t)
		var got error
		closes := 0
		run(t, l, func() {
			var rs *stream.Readable
			rs = stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) { rs.Push([]byte("hello")) }})
			cnt := 10
			ws := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
				cnt--
				if cnt == 0 {
					done(kaboom)
					return
				}
				done(nil)
			}})
			streams := []stream.Stream{rs}
			for range 6 {
				tr := stream.NewPassThrough(l, stream.TransformOptions{})
				tr.OnClose(func() { closes++ })
				streams = append(streams, tr)
			}
			rs.OnClose(func() { closes++ })
			ws.OnClose(func() { closes++ })
			streams = append(streams, ws)
			stream.Pipeline(func(err error) { got = err }, streams...)
		})
		assert.Same(t, kaboom, got)
		assert.Equal(t, 8, closes)
	})
	t.Run("a source that destroys itself in Read never finishes the sink", func(t *testing.T) {
		l := newLoop(t)
		stop := errors.New("stop")
		var got error
		finished := false
		run(t, l, func() {
			var rs *stream.Readable
			rs = stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) { rs.Destroy(stop) }})
			pt := stream.NewPassThrough(l, stream.TransformOptions{})
			ws := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			ws.OnFinish(func() { finished = true })
			stream.Pipeline(func(err error) { got = err }, rs, pt, ws)
		})
		assert.Same(t, stop, got)
		assert.False(t, finished)
	})
	t.Run("streams that do not destroy themselves are left alone", func(t *testing.T) {
		l := newLoop(t)
		called := false
		run(t, l, func() {
			src := stream.NewPassThrough(l, stream.TransformOptions{DisableAutoDestroy: true})
			dst := stream.NewPassThrough(l, stream.TransformOptions{DisableAutoDestroy: true})
			stream.Pipeline(func(err error) {
				called = true
				assert.NoError(t, err)
				assert.False(t, src.Destroyed())
				assert.False(t, dst.Destroyed())
				dst.Resume()
			}, src, dst)
			src.End(nil)
		})
		assert.True(t, called)
	})
	t.Run("the last PassThrough's unread side keeps it alive", func(t *testing.T) {
		l := newLoop(t)
		called := false
		run(t, l, func() {
			src := stream.NewPassThrough(l, stream.TransformOptions{})
			dst := stream.NewPassThrough(l, stream.TransformOptions{})
			stream.Pipeline(func(err error) {
				called = true
				assert.NoError(t, err)
				assert.False(t, dst.Destroyed(), "its readable side was never read")
				assert.True(t, src.Destroyed())
				dst.Resume()
			}, src, dst)
			src.End(nil)
		})
		assert.True(t, called)
	})
	t.Run("a source whose readable side ends leaves its writable side open", func(t *testing.T) {
		l := newLoop(t)
		called := false
		run(t, l, func() {
			src := stream.NewPassThrough(l, stream.TransformOptions{})
			dst := stream.NewPassThrough(l, stream.TransformOptions{})
			stream.Pipeline(func(err error) {
				called = true
				assert.NoError(t, err)
				assert.True(t, src.IsWritable())
				assert.False(t, src.Destroyed())
				src.End(nil)
				dst.Resume()
			}, src, dst)
			src.PushEnd()
		})
		assert.True(t, called)
	})
	t.Run("a source that closes later calls back after its 'close'", func(t *testing.T) {
		l := newLoop(t)
		closed, called := false, false
		run(t, l, func() {
			src := stream.NewReadable(l, stream.ReadableOptions{Read: noPush, Destroy: func(err error, cb func(error)) {
				l.NextTick(func() { cb(err) })
			}})
			dst := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			src.OnClose(func() { closed = true })
			src.PushEnd()
			stream.Pipeline(func(err error) {
				called = true
				assert.NoError(t, err)
				assert.True(t, closed)
			}, src, dst)
		})
		assert.True(t, called)
	})
	t.Run("a 'close' emitted before 'end' once the end was pushed is no error", func(t *testing.T) {
		l := newLoop(t)
		var got error = assert.AnError
		run(t, l, func() {
			r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			stream.Pipeline(func(err error) { got = err }, r, w)
			r.Push([]byte("asd"))
			r.PushEnd()
			r.Emit("close")
		})
		assert.NoError(t, got)
	})
}

// From test-stream-pipeline.js: a Duplex that does not destroy itself,
// whose Final takes a second, and an empty source through a Transform
// whose Flush takes a millisecond: the pipeline waits for both.
func TestPipelineWaitsForSlowFinalAndFlush(t *testing.T) {
	t.Run("a duplex with a slow Final", func(t *testing.T) {
		l := newTimedLoop(t)
		var got error = assert.AnError
		destroys, writes := 0, 0
		run(t, l, func() {
			h := new(loop.Handle)
			var d *stream.Duplex
			d = stream.NewDuplex(l, stream.DuplexOptions{
				Handle: h, DisableAutoDestroy: true,
				Write: func(chunk []byte, done func(error)) { d.Push(chunk); done(nil) },
				Read:  func(d *stream.Duplex, _ int) { d.PushEnd() },
				Final: func(done func(error)) {
					l.SetTimeout(func() { assert.False(t, d.Destroyed()); done(nil) }, time.Second)
				},
				Destroy: func(err error, cb func(error)) { destroys++; cb(err) },
			})
			h.Unref() // the timer keeps the loop alive, as in Node
			out := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { writes++; done(nil) }})
			stream.Pipeline(func(err error) { got = err }, d, out)
			d.Write([]byte("test"), nil)
			d.End(nil)
		})
		assert.NoError(t, got)
		assert.Zero(t, destroys)
		assert.Equal(t, 1, writes)
	})
	t.Run("a transform with a slow Flush", func(t *testing.T) {
		l := newTimedLoop(t)
		flushed, called := false, false
		run(t, l, func() {
			input := stream.NewReadable(l, stream.ReadableOptions{})
			input.PushEnd()
			h := new(loop.Handle)
			tr := stream.NewTransform(l, stream.TransformOptions{Handle: h,
				Transform: func(chunk []byte, push func([]byte), done func(error)) { push(chunk); done(nil) },
				Flush: func(_ func([]byte), done func(error)) {
					l.SetTimeout(func() { flushed = true; done(nil) }, time.Millisecond)
				}})
			h.Unref()
			stream.Pipeline(func(err error) {
				called = true
				assert.True(t, flushed)
				tr.Resume()
			}, input, tr)
		})
		assert.True(t, called)
	})
}

// From test-stream-pipeline.js: a context canceled half way (Node's
// AbortSignal; here once the sink has taken "5") destroys every stream and
// calls back with an AbortError, after what was written before it.
func TestPipelineContextCanceledHalfWay(t *testing.T) {
	l := newLoop(t)
	var got error
	var res strings.Builder
	var r *stream.ReadableOf[string]
	var w *stream.WritableOf[string]
	run(t, l, func() {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		r = stream.From(l, func(yield func(string) bool) {
			for i := range 10 {
				if !yield(strconv.Itoa(i)) {
					return
				}
			}
		})
		w = stream.NewWritable(l, stream.WritableOptionsOf[string]{Write: func(chunk string, done func(error)) {
			res.WriteString(chunk)
			if chunk == "5" {
				// The context's end comes from another goroutine, at a
				// poll phase; hold this write until it has.
				cancel()
				return
			}
			done(nil)
		}})
		stream.PipelineContext(ctx, func(err error) { got = err }, r, w)
	})
	require.Error(t, got)
	assert.Equal(t, "ABORT_ERR", loop.Code(got))
	assert.ErrorIs(t, got, context.Canceled)
	assert.Equal(t, "012345", res.String())
	assert.True(t, w.Destroyed())
	assert.True(t, r.Destroyed())
}

// From test-stream-pipeline-queued-end-in-destroy.js: a destination whose
// Destroy calls its own End, with a write that never completes, still lets
// the pipeline call back, with ERR_STREAM_PREMATURE_CLOSE.
func TestPipelineCallsBackWhenDestroyQueuesAnEnd(t *testing.T) {
	l := newLoop(t)
	var got error
	reads, finishes := 0, 0
	run(t, l, func() {
		readable := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) { reads++ }})
		var duplex *stream.Duplex
		duplex = stream.NewDuplex(l, stream.DuplexOptions{
			Write: func([]byte, func(error)) {}, // messages queue up
			Read:  func(*stream.Duplex, int) {},
			Destroy: func(err error, cb func(error)) {
				duplex.End(nil)
				cb(err)
			},
		})
		duplex.OnFinish(func() { finishes++ })
		stream.Pipeline(func(err error) { got = err }, readable, duplex)
		readable.Push([]byte("foo"))
		l.SetImmediate(func() { readable.Destroy(nil) })
	})
	assert.Equal(t, 1, reads)
	assert.Zero(t, finishes)
	assert.ErrorIs(t, got, stream.ErrPrematureClose)
}

// From test-stream-pipeline-with-empty-string.js: an empty source through
// an object PassThrough completes.
func TestPipelineOfAnEmptySource(t *testing.T) {
	l := newLoop(t)
	called := false
	run(t, l, func() {
		src := stream.FromSlice(l, []string{})
		pt := stream.NewPassThrough(l, stream.TransformOptionsOf[string, string]{})
		stream.Pipeline(func(err error) { called = true; assert.NoError(t, err); pt.Resume() }, src, pt)
	})
	assert.True(t, called)
}

// From test-stream-pipeline-uncaught.js: a panic in the pipeline's callback
// is not swallowed: Run returns it.
func TestPanicInThePipelineCallbackReachesRun(t *testing.T) {
	l := newLoop(t)
	err := l.Run(func() {
		s := stream.NewPassThrough(l, stream.TransformOptions{})
		s.EndWith([]byte("data"), nil)
		out := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		stream.Pipeline(func(err error) {
			assert.NoError(t, err)
			panic("error")
		}, s, out)
	})
	var p *loop.PanicError
	require.ErrorAs(t, err, &p)
	assert.Equal(t, "error", p.Value)
}

// From test-stream-pipeline-listeners.js: once a pipeline succeeds, it
// takes its listeners off a last stream that is readable, so an error the
// stream meets later is thrown as Node throws it; a last stream that is
// only writable keeps them, and its later error is swallowed.
func TestPipelineLeavesNoListenersOnALastReadableStream(t *testing.T) {
	noWay := errors.New("no way")
	t.Run("a last duplex", func(t *testing.T) {
		l := newLoop(t)
		called := false
		err := l.Run(func() {
			a := stream.NewPassThrough(l, stream.TransformOptions{})
			a.EndWith([]byte("foobar"), nil)
			b := stream.NewDuplex(l, stream.DuplexOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			stream.Pipeline(func(err error) {
				called = true
				require.NoError(t, err)
				assert.Positive(t, a.ListenerCount("error"))
				for _, ev := range []string{"error", "end", "finish"} {
					assert.Zero(t, b.ListenerCount(ev), "b's %q listeners", ev)
				}
				l.SetImmediate(func() { b.Destroy(noWay) })
			}, a, b)
		})
		assert.True(t, called)
		var p *loop.PanicError
		require.ErrorAs(t, err, &p, "nobody listens: the error is thrown")
		assert.Same(t, noWay, p.Value)
	})
	t.Run("a last writable", func(t *testing.T) {
		l := newLoop(t)
		called := false
		run(t, l, func() {
			e := stream.NewPassThrough(l, stream.TransformOptions{})
			e.EndWith([]byte("foobar"), nil)
			f := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }, DisableAutoDestroy: true})
			stream.Pipeline(func(err error) {
				called = true
				require.NoError(t, err)
				assert.Positive(t, e.ListenerCount("error"))
				assert.Positive(t, f.ListenerCount("error"))
				l.SetImmediate(func() { f.Destroy(noWay) })
			}, e, f)
		})
		assert.True(t, called)
	})
}
