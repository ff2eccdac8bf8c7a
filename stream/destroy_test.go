package stream_test

import (
	"errors"
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// destroyable is what the destroy tests need of a stream of any kind.
type destroyable interface {
	stream.Stream
	On(event string, fn func(args ...any)) events.Listener
	Destroyed() bool
	Errored() error
}

// streamKind is a kind of stream for the destroy table: make returns one
// whose implementation's Destroy is destroy (nil: none), flowing if it is
// readable.
type streamKind struct {
	name string
	make func(l *loop.Loop, destroy func(l *loop.Loop, err error, cb func(error))) destroyable
}

var destroyKinds = []streamKind{
	{"readable", func(l *loop.Loop, destroy func(*loop.Loop, error, func(error))) destroyable {
		var r *stream.Readable
		o := stream.ReadableOptions{Read: noPush}
		if destroy != nil {
			o.Destroy = func(err error, cb func(error)) { destroy(l, err, cb) }
		}
		r = stream.NewReadable(l, o)
		r.Resume()
		return r
	}},
	{"writable", func(l *loop.Loop, destroy func(*loop.Loop, error, func(error))) destroyable {
		var w *stream.Writable
		o := stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }}
		if destroy != nil {
			o.Destroy = func(err error, cb func(error)) { destroy(l, err, cb) }
		}
		w = stream.NewWritable(l, o)
		return w
	}},
	{"transform", func(l *loop.Loop, destroy func(*loop.Loop, error, func(error))) destroyable {
		o := stream.TransformOptions{Transform: func([]byte, func([]byte), func(error)) {}}
		if destroy != nil {
			o.Destroy = func(err error, cb func(error)) { destroy(l, err, cb) }
		}
		tr := stream.NewTransform(l, o)
		tr.Resume()
		return tr
	}},
	{"duplex", func(l *loop.Loop, destroy func(*loop.Loop, error, func(error))) destroyable {
		var d *stream.Duplex
		o := stream.DuplexOptions{Read: func(*stream.Duplex, int) {}, Write: func(_ []byte, done func(error)) { done(nil) }}
		if destroy != nil {
			o.Destroy = func(err error, cb func(error)) { destroy(l, err, cb) }
		}
		d = stream.NewDuplex(l, o)
		d.Resume()
		return d
	}},
}

// From test-stream-readable-destroy.js, test-stream-writable-destroy.js,
// test-stream-duplex-destroy.js, test-stream-transform-destroy.js and
// test-stream-destroy-event-order.js:
// Destroy, with and without an error and with an implementation's Destroy
// that passes, swallows or replaces the error, emits 'error' (at most
// once) and then 'close', never 'end' or 'finish', for every kind of
// stream.
func TestDestroyEmitsErrorThenClose(t *testing.T) {
	kaboom, other := errors.New("kaboom"), errors.New("kaboom 2")
	cases := []struct {
		name     string
		destroy  func(l *loop.Loop, err error, cb func(error)) // nil: no implementation
		call     func(s destroyable)
		gotImpl  error // the error the implementation must receive
		wantErr  error // the 'error' event, or nil for none
		syncErrd error // Errored() right after the call
	}{
		{name: "without an error", call: func(s destroyable) { s.Destroy(nil) }},
		{name: "with an error", call: func(s destroyable) { s.Destroy(kaboom) }, wantErr: kaboom, syncErrd: kaboom},
		{name: "with an error the implementation passes on", gotImpl: kaboom,
			destroy: func(_ *loop.Loop, err error, cb func(error)) { cb(err) },
			call:    func(s destroyable) { s.Destroy(kaboom) }, wantErr: kaboom, syncErrd: kaboom},
		{name: "with an error the implementation swallows", gotImpl: kaboom,
			destroy: func(_ *loop.Loop, err error, cb func(error)) { cb(nil) },
			call:    func(s destroyable) { s.Destroy(kaboom) }, syncErrd: kaboom},
		{name: "without an error, through the implementation",
			destroy: func(_ *loop.Loop, err error, cb func(error)) { cb(nil) },
			call:    func(s destroyable) { s.Destroy(nil) }},
		{name: "without an error, which the implementation turns into one",
			destroy: func(_ *loop.Loop, err error, cb func(error)) { cb(kaboom) },
			call:    func(s destroyable) { s.Destroy(nil) }, wantErr: kaboom, syncErrd: kaboom},
		{name: "twice with errors: the first wins", call: func(s destroyable) { s.Destroy(kaboom); s.Destroy(other) },
			wantErr: kaboom, syncErrd: kaboom},
		// Node's test expects the second error here; node 20 ignores a
		// destroy of a destroyed stream, and reports the implementation's.
		{name: "again with an error before the implementation calls back",
			destroy: func(l *loop.Loop, err error, cb func(error)) {
				l.NextTick(func() { cb(kaboom) })
			},
			call: func(s destroyable) { s.Destroy(nil); s.Destroy(other) }, wantErr: kaboom},
	}
	for _, kind := range destroyKinds {
		for _, tc := range cases {
			t.Run(kind.name+" "+tc.name, func(t *testing.T) {
				l := newLoop(t)
				var log recorder
				var errs []error
				implCalls := 0
				run(t, l, func() {
					var destroy func(*loop.Loop, error, func(error))
					if tc.destroy != nil {
						destroy = func(l *loop.Loop, err error, cb func(error)) {
							implCalls++
							assert.Equal(t, tc.gotImpl, err)
							tc.destroy(l, err, cb)
						}
					}
					s := kind.make(l, destroy)
					for _, ev := range []string{"end", "finish", "close"} {
						s.On(ev, func(...any) { log.add(ev) })
					}
					s.On("error", func(args ...any) {
						errs = append(errs, args[0].(error))
						log.add("error")
					})
					tc.call(s)
					assert.True(t, s.Destroyed())
					assert.Equal(t, tc.syncErrd, s.Errored())
					assert.Empty(t, log.lines, "nothing is emitted inside Destroy")
				})
				want := []string{"close"}
				if tc.wantErr != nil {
					want = []string{"error", "close"}
					require.Len(t, errs, 1)
					assert.Same(t, tc.wantErr, errs[0])
				}
				assert.Equal(t, want, log.lines)
				if tc.destroy != nil {
					assert.Equal(t, 1, implCalls)
				}
			})
		}
	}
}

// From test-stream-readable-destroy.js, test-stream-writable-destroy.js
// and test-stream-duplex-destroy.js: an implementation's Destroy that ends
// the stream before it calls back does not bring 'end' or 'finish' (in
// node 20; later Node versions emit them).
func TestEndingInsideDestroyEmitsNoEndOrFinish(t *testing.T) {
	l := newLoop(t)
	var log recorder
	run(t, l, func() {
		var r *stream.Readable
		r = stream.NewReadable(l, stream.ReadableOptions{Read: noPush, Destroy: func(err error, cb func(error)) {
			l.NextTick(func() { r.PushEnd(); cb(nil) })
		}})
		r.Resume()
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) },
			Destroy: func(err error, cb func(error)) { l.NextTick(func() { w.End(nil); cb(nil) }) }})
		var d *stream.Duplex
		d = stream.NewDuplex(l, stream.DuplexOptions{Read: func(*stream.Duplex, int) {},
			Write:   func(_ []byte, done func(error)) { done(nil) },
			Destroy: func(err error, cb func(error)) { l.NextTick(func() { d.PushEnd(); d.End(nil); cb(nil) }) }})
		d.Resume()
		for name, s := range map[string]destroyable{"r": r, "w": w, "d": d} {
			for _, ev := range []string{"end", "finish", "close"} {
				s.On(ev, func(...any) { log.add(name + " " + ev) })
			}
			s.Destroy(nil)
		}
	})
	assert.ElementsMatch(t, []string{"r close", "w close", "d close"}, log.lines)
}

// From test-stream-readable-destroy.js: a destroyed Readable drops what is
// pushed and does not call Read.
func TestDestroyedReadableTakesNoDataAndDoesNotRead(t *testing.T) {
	l := newLoop(t)
	data, reads := 0, 0
	run(t, l, func() {
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) { reads++ }})
		r.Destroy(nil)
		assert.False(t, r.Push([]byte("hi")))
		r.OnData(func([]byte) { data++ })
		_, ok := r.Read(-1)
		assert.False(t, ok)
	})
	assert.Zero(t, data)
	assert.Zero(t, reads)
}

// From test-stream-writable-destroy.js: writes that meet a destroy get
// ERR_STREAM_DESTROYED (or the stream's error), each once, in order, and
// a destroyed stream emits no 'error' for them.
func TestWritesThatMeetADestroy(t *testing.T) {
	t.Run("a destroy inside Write ends in 'error' and 'close', no 'finish'", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			var w *stream.Writable
			w = stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
				w.Destroy(errors.New("asd"))
				done(nil)
			}})
			w.OnError(func(error) { log.add("error") })
			w.OnFinish(log.fn("finish"))
			w.OnClose(log.fn("close"))
			w.EndWith([]byte("asd"), nil)
			assert.True(t, w.Destroyed())
		})
		assert.Equal(t, []string{"error", "close"}, log.lines)
	})
	t.Run("writes corked before and after the destroy", func(t *testing.T) {
		l := newLoop(t)
		var got []string
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			w.OnError(func(err error) { got = append(got, "error "+loop.Code(err)) })
			cb := func(name string) func(error) {
				return func(err error) { got = append(got, name+" "+loop.Code(err)) }
			}
			w.Cork()
			w.Write([]byte("asd"), cb("w1"))
			w.Uncork()
			w.Cork()
			w.Write([]byte("asd"), cb("w2"))
			w.Destroy(nil)
			w.Write([]byte("asd"), cb("w3"))
			w.Uncork()
		})
		assert.Equal(t, []string{"w1 ", "w2 ERR_STREAM_DESTROYED", "w3 ERR_STREAM_DESTROYED"}, got,
			"no 'error' on a destroyed stream, as in node 20")
	})
	// Node 20 calls the buffered write back once the write in flight
	// completes (w1, then w2), and never if it does not; the port calls
	// it back at once, so that it always runs (see the package doc).
	t.Run("a write in flight completes, the next is destroyed at once", func(t *testing.T) {
		l := newLoop(t)
		var got []string
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
				l.SetImmediate(func() { done(nil) })
			}})
			w.Write([]byte("asd"), func(err error) { got = append(got, "w1 "+loop.Code(err)) })
			w.Write([]byte("asd"), func(err error) { got = append(got, "w2 "+loop.Code(err)) })
			w.Destroy(nil)
		})
		assert.Equal(t, []string{"w2 ERR_STREAM_DESTROYED", "w1 "}, got)
	})
	t.Run("a failed write fails the writes buffered behind it with its error", func(t *testing.T) {
		l := newLoop(t)
		asd := errors.New("asd")
		var got []string
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{DisableAutoDestroy: true,
				Write: func(_ []byte, done func(error)) { l.NextTick(func() { done(asd) }) }})
			w.Cork()
			w.Write([]byte("asd"), func(err error) { got = append(got, "w1 "+err.Error()) })
			w.Write([]byte("asd"), func(err error) { got = append(got, "w2 "+err.Error()) })
			w.OnError(func(err error) { got = append(got, "error "+err.Error()) })
			w.Uncork()
		})
		assert.Equal(t, []string{"w1 asd", "w2 asd", "error asd"}, got)
	})
	t.Run("a write to a destroyed stream", func(t *testing.T) {
		l := newLoop(t)
		var got error
		errorEvents := 0
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{})
			w.Destroy(nil)
			w.OnError(func(error) { errorEvents++ })
			w.Write([]byte("asd"), func(err error) { got = err })
		})
		assert.ErrorIs(t, got, stream.ErrDestroyed)
		assert.Equal(t, "ERR_STREAM_DESTROYED", loop.Code(got))
		assert.Zero(t, errorEvents, "a destroyed stream emits no more errors")
	})
}

// From test-stream-writable-destroy.js: End called after the stream failed
// and was destroyed, or after it finished and was destroyed, calls back on
// a later tick with ERR_STREAM_DESTROYED or ERR_STREAM_ALREADY_FINISHED; an
// End pending when the stream is destroyed gets the destroy's error.
func TestEndAfterDestroy(t *testing.T) {
	t.Run("after an error and a destroy", func(t *testing.T) {
		l := newLoop(t)
		var got error
		ticked := false
		run(t, l, func() {
			var w *stream.Writable
			w = stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(errors.New("asd")) }})
			w.OnError(func(error) {
				w.Destroy(nil)
				w.End(func(err error) { assert.True(t, ticked); got = err })
				ticked = true
			})
			w.Write([]byte("asd"), nil)
		})
		assert.Equal(t, "ERR_STREAM_DESTROYED", loop.Code(got))
	})
	t.Run("after 'finish' and a destroy", func(t *testing.T) {
		l := newLoop(t)
		var got error
		ticked := false
		run(t, l, func() {
			var w *stream.Writable
			w = stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			w.OnFinish(func() {
				w.Destroy(nil)
				w.End(func(err error) { assert.True(t, ticked); got = err })
				ticked = true
			})
			w.End(nil)
		})
		assert.ErrorIs(t, got, stream.ErrAlreadyFinished)
	})
	t.Run("pending while a write is in flight", func(t *testing.T) {
		l := newLoop(t)
		asd := errors.New("asd")
		var got []string
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { l.NextTick(func() { done(nil) }) }})
			w.Once("error", func(args ...any) { got = append(got, "error "+args[0].(error).Error()) })
			w.EndWith([]byte("asd"), func(err error) { got = append(got, "end "+err.Error()) })
			w.Destroy(asd)
		})
		assert.Equal(t, []string{"end asd", "error asd"}, got)
	})
}

// From test-stream-auto-destroy.js: a stream destroys itself after 'end'
// (a Readable), 'finish' (a Writable), or both (a Transform), and emits
// 'close' after them; a destination destroyed with an error while piped
// is destroyed once.
func TestAutoDestroyClosesAfterTheEnd(t *testing.T) {
	t.Run("a readable closes after 'end'", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			r := stream.NewReadable(l, stream.ReadableOptions{
				Read: func(r *stream.Readable, _ int) {
					r.Push([]byte("hello"))
					r.Push([]byte("world"))
					r.PushEnd()
				},
				Destroy: func(err error, cb func(error)) { log.add("destroy"); cb(err) },
			})
			r.Resume()
			r.OnEnd(log.fn("end"))
			r.OnClose(log.fn("close"))
		})
		assert.Equal(t, []string{"end", "destroy", "close"}, log.lines)
	})
	t.Run("a writable closes after 'finish'", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{
				Write:   func(_ []byte, done func(error)) { done(nil) },
				Destroy: func(err error, cb func(error)) { log.add("destroy"); cb(err) },
			})
			w.Write([]byte("hello"), nil)
			w.Write([]byte("world"), nil)
			w.End(nil)
			w.OnFinish(log.fn("finish"))
			w.OnClose(log.fn("close"))
		})
		assert.Equal(t, []string{"finish", "destroy", "close"}, log.lines)
	})
	t.Run("a transform closes after 'end' and 'finish'", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			tr := stream.NewTransform(l, stream.TransformOptions{
				Transform: func(chunk []byte, push func([]byte), done func(error)) { push(chunk); done(nil) },
				Destroy:   func(err error, cb func(error)) { log.add("destroy"); cb(err) },
			})
			tr.Write([]byte("hello"), nil)
			tr.Write([]byte("world"), nil)
			tr.End(nil)
			tr.Resume()
			tr.OnEnd(log.fn("end"))
			tr.OnFinish(log.fn("finish"))
			tr.OnClose(log.fn("close"))
		})
		assert.Equal(t, []string{"finish", "end", "destroy", "close"}, log.lines)
	})
	t.Run("a destination destroyed from the source's Read", func(t *testing.T) {
		l := newLoop(t)
		destroys, errs := 0, 0
		run(t, l, func() {
			var w *stream.Writable
			r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {
				w.Destroy(errors.New("fail"))
			}})
			w = stream.NewWritable(l, stream.WritableOptions{
				Destroy: func(err error, cb func(error)) { destroys++; cb(err) },
			})
			w.OnError(func(error) { errs++ })
			r.Pipe(w)
		})
		assert.Equal(t, 1, destroys)
		assert.Equal(t, 1, errs)
	})
}

// From test-stream-error-once.js: writing twice after End, or pushing
// twice after the end, emits 'error' once.
func TestMisuseAfterTheEndEmitsOneError(t *testing.T) {
	t.Run("writes after End", func(t *testing.T) {
		l := newLoop(t)
		var errs []error
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{})
			w.OnError(func(err error) { errs = append(errs, err) })
			w.End(nil)
			w.Write([]byte("h"), nil)
			w.Write([]byte("h"), nil)
		})
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], stream.ErrWriteAfterEnd)
	})
	t.Run("pushes after the end", func(t *testing.T) {
		l := newLoop(t)
		var errs []error
		run(t, l, func() {
			r := stream.NewReadable(l, stream.ReadableOptions{})
			r.OnError(func(err error) { errs = append(errs, err) })
			r.PushEnd()
			r.Push([]byte("h"))
			r.Push([]byte("h"))
		})
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], stream.ErrPushAfterEOF)
	})
}
