package stream_test

import (
	"errors"
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notCalled is the error a Finished callback that never ran leaves behind.
var notCalled = errors.New("Finished's callback not called")

// From test-stream-finished.js: Finished calls back once with nil when a
// stream ends, finishes or both, with ErrPrematureClose when it closes
// before, with the stream's error when it fails, and never after the
// returned stop function; the cases that need no file, no old-style
// streams and no argument checks.
func TestFinishedCallsBackOnceWithHowTheStreamEnded(t *testing.T) {
	type setup func(l *loop.Loop, finished func(s stream.Stream, opts ...stream.FinishedOptions))
	cases := []struct {
		name    string
		setup   setup
		wantErr error // nil: success; notCalled: never called
	}{
		{"a readable that ends", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			rs := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			finished(rs)
			rs.PushEnd()
			rs.Resume()
		}, nil},
		{"a writable that finishes", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			ws := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			finished(ws)
			ws.End(nil)
		}, nil},
		{"a transform that ends and finishes", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			tr := stream.NewTransform(l, stream.TransformOptions{Transform: func(_ []byte, _ func([]byte), done func(error)) { done(nil) }})
			ended, finish := false, false
			tr.OnEnd(func() { ended = true })
			tr.OnFinish(func() { finish = true })
			finished(tr)
			stream.Finished(tr, func(error) { assertTrue(ended && finish, "'end' and 'finish' before the callback") })
			tr.End(nil)
			tr.Resume()
		}, nil},
		{"a 'close' emitted after the end was pushed", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			rs := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			finished(rs)
			rs.PushEnd()
			rs.Emit("close")
			rs.Resume()
		}, nil},
		{"a 'close' emitted before the end", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			rs := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			finished(rs)
			rs.Emit("close")
			rs.PushEnd()
			rs.Resume()
		}, stream.ErrPrematureClose},
		{"stopped before a writable finishes", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			ws := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			stop := stream.Finished(ws, func(error) { panic("called after stop") })
			stop()
			ws.End(nil)
		}, notCalled},
		{"stopped before a readable closes early", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			rs := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			stop := stream.Finished(rs, func(error) { panic("called after stop") })
			stop()
			rs.Emit("close")
			rs.PushEnd()
			rs.Resume()
		}, notCalled},
		{"a writable destroyed while its End is pending", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
				l.SetImmediate(func() { done(nil) })
			}})
			finished(w)
			w.EndWith([]byte("asd"), nil)
			w.Destroy(nil)
		}, stream.ErrPrematureClose},
		{"a writable that does not destroy itself, finished already", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			w := stream.NewWritable(l, stream.WritableOptions{DisableAutoDestroy: true,
				Write: func(_ []byte, done func(error)) { done(nil) }})
			w.EndWith([]byte("asd"), nil)
			l.NextTick(func() { finished(w) })
		}, nil},
		{"a readable that does not destroy itself, watched in 'end'", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			r := stream.NewReadable(l, stream.ReadableOptions{DisableAutoDestroy: true})
			r.PushEnd()
			r.Resume()
			r.OnEnd(func() { finished(r) })
		}, nil},
		{"a readable destroyed with its end buffered", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			r := stream.NewReadable(l, stream.ReadableOptions{})
			finished(r)
			r.Push([]byte("asd"))
			r.PushEnd()
			r.Destroy(nil)
		}, stream.ErrPrematureClose},
		{"a duplex watched on its readable side only", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			d := stream.NewDuplex(l, stream.DuplexOptions{
				Final: func(func(error)) {}, // the writable side never finishes
				Read:  func(d *stream.Duplex, _ int) { d.PushEnd() },
			})
			finished(d, stream.FinishedOptions{SkipWritable: true})
			// The pending Final would keep the loop alive (Node's process
			// would exit): let it go once the readable side is done.
			stream.Finished(d, func(error) { d.Destroy(nil) }, stream.FinishedOptions{SkipWritable: true})
			d.End(nil)
			d.Resume()
		}, nil},
		{"a duplex ended, then watched on its readable side only", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			d := stream.NewDuplex(l, stream.DuplexOptions{
				Final: func(func(error)) {},
				Read:  func(d *stream.Duplex, _ int) { d.PushEnd() },
			})
			d.End(nil)
			finished(d, stream.FinishedOptions{SkipWritable: true})
			stream.Finished(d, func(error) { d.Destroy(nil) }, stream.FinishedOptions{SkipWritable: true})
			d.Resume()
		}, nil},
		{"a PassThrough ended but never read", func(l *loop.Loop, finished func(stream.Stream, ...stream.FinishedOptions)) {
			p := stream.NewPassThrough(l, stream.TransformOptions{})
			p.End(nil)
			finished(p)
		}, notCalled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			got, calls := notCalled, 0
			run(t, l, func() {
				tc.setup(l, func(s stream.Stream, opts ...stream.FinishedOptions) {
					stream.Finished(s, func(err error) { calls++; got = err }, opts...)
				})
			})
			switch {
			case tc.wantErr == notCalled:
				assert.Zero(t, calls)
			case tc.wantErr == nil:
				assert.Equal(t, 1, calls)
				assert.NoError(t, got)
			default:
				assert.Equal(t, 1, calls)
				assert.ErrorIs(t, got, tc.wantErr)
			}
		})
	}
}

// assertTrue panics when cond is false: Run returns the panic, which fails
// the test that ran it.
func assertTrue(cond bool, msg string) {
	if !cond {
		panic(msg)
	}
}

// From test-stream-finished.js (testClosed): on a stream destroyed
// already, Finished calls back, unless stopped in the same tick; it waits
// for an implementation's Destroy that calls back later, is called even
// with 'close' disabled, and from deep inside later immediates; for
// Readables and Writables alike.
func TestFinishedOnADestroyedStream(t *testing.T) {
	kinds := []struct {
		name string
		make func(l *loop.Loop, destroy func(error, func(error)), noClose bool) destroyable
	}{
		{"readable", func(l *loop.Loop, destroy func(error, func(error)), noClose bool) destroyable {
			return stream.NewReadable(l, stream.ReadableOptions{Destroy: destroy, DisableEmitClose: noClose})
		}},
		{"writable", func(l *loop.Loop, destroy func(error, func(error)), noClose bool) destroyable {
			return stream.NewWritable(l, stream.WritableOptions{Write: func([]byte, func(error)) {}, Destroy: destroy, DisableEmitClose: noClose})
		}},
	}
	for _, kind := range kinds {
		t.Run(kind.name+": stopped in the same tick", func(t *testing.T) {
			l := newLoop(t)
			calls := 0
			run(t, l, func() {
				s := kind.make(l, nil, false)
				s.Destroy(nil)
				stream.Finished(s, func(error) { calls++ })()
			})
			assert.Zero(t, calls)
		})
		t.Run(kind.name+": destroyed already", func(t *testing.T) {
			l := newLoop(t)
			calls := 0
			run(t, l, func() {
				s := kind.make(l, nil, false)
				s.Destroy(nil)
				stream.Finished(s, func(error) { calls++ })
			})
			assert.Equal(t, 1, calls)
		})
		t.Run(kind.name+": a Destroy that calls back later", func(t *testing.T) {
			l := newLoop(t)
			destroyed, calls := false, 0
			run(t, l, func() {
				s := kind.make(l, func(err error, cb func(error)) {
					l.SetImmediate(func() { destroyed = true; cb(nil) })
				}, false)
				s.Destroy(nil)
				stream.Finished(s, func(error) { calls++; assert.True(t, destroyed) })
			})
			assert.Equal(t, 1, calls)
		})
		t.Run(kind.name+": 'close' disabled", func(t *testing.T) {
			l := newLoop(t)
			calls := 0
			run(t, l, func() {
				var s destroyable
				s = kind.make(l, func(err error, cb func(error)) {
					cb(nil)
					stream.Finished(s, func(error) { calls++ })
				}, true)
				s.Destroy(nil)
			})
			assert.Equal(t, 1, calls)
		})
		t.Run(kind.name+": watched from a later immediate", func(t *testing.T) {
			l := newLoop(t)
			calls := 0
			run(t, l, func() {
				var s destroyable
				s = kind.make(l, func(err error, cb func(error)) {
					l.SetImmediate(func() {
						cb(nil)
						l.SetImmediate(func() { stream.Finished(s, func(error) { calls++ }) })
					})
				}, false)
				s.Destroy(nil)
			})
			assert.Equal(t, 1, calls)
		})
	}
	t.Run("a writable that failed and does not destroy itself, watched in 'error'", func(t *testing.T) {
		l := newLoop(t)
		calls := 0
		run(t, l, func() {
			var w *stream.Writable
			w = stream.NewWritable(l, stream.WritableOptions{DisableAutoDestroy: true,
				Write: func(_ []byte, done func(error)) { done(errors.New("fail")) }})
			w.Write([]byte("asd"), nil)
			w.OnError(func(error) { stream.Finished(w, func(error) { calls++ }) })
		})
		assert.Equal(t, 1, calls)
	})
}

// From test-stream-end-of-streams.js (its intent: Finished checks what it
// is given): a nil stream or callback panics, naming Finished.
func TestFinishedPanicsOnNilArguments(t *testing.T) {
	l := newLoop(t)
	run(t, l, func() {
		r := stream.NewReadable(l, stream.ReadableOptions{})
		require.PanicsWithValue(t, "stream: Finished called with a nil stream", func() { stream.Finished(nil, func(error) {}) })
		require.PanicsWithValue(t, "stream: Finished called with nil callback", func() { stream.Finished(r, nil) })
	})
}
