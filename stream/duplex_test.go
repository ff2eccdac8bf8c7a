package stream_test

import (
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// From test-stream-duplex-end.js: by default (half-open allowed) the end
// of the readable side leaves the writable side open; with half-open
// disallowed it ends it, and 'finish' follows.
func TestHalfOpenDuplexEnds(t *testing.T) {
	for _, disallow := range []bool{false, true} {
		name := "half-open allowed"
		if disallow {
			name = "half-open disallowed"
		}
		t.Run(name, func(t *testing.T) {
			l := newLoop(t)
			finishes := 0
			run(t, l, func() {
				d := stream.NewDuplex(l, stream.DuplexOptions{Read: func(*stream.Duplex, int) {}, DisallowHalfOpen: disallow})
				assert.Equal(t, !disallow, d.AllowHalfOpen())
				d.OnFinish(func() { finishes++ })
				assert.Zero(t, d.ListenerCount("end"))
				d.Resume()
				d.PushEnd()
			})
			if disallow {
				assert.Equal(t, 1, finishes)
			} else {
				assert.Zero(t, finishes)
			}
		})
	}
}

// From test-stream-duplex-readable-end.js: a transform that pushes its end
// from its first transform stops taking input; the piped source is left
// paused after two reads.
func TestTransformEndedFromItsTransformPausesTheSource(t *testing.T) {
	l := newLoop(t)
	loops, ends := 5, 0
	var src *stream.Readable
	run(t, l, func() {
		src = stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: 16 << 10, Read: func(r *stream.Readable, _ int) {
			if loops > 0 {
				loops--
				r.Push(make([]byte, 20000))
			}
		}})
		// The transform pushes the end itself.
		dst := stream.NewTransform(l, stream.TransformOptions{HighWaterMark: 16 << 10,
			Transform: func(_ []byte, push func([]byte), done func(error)) {
				push(nil)
				done(nil)
			}})
		src.Pipe(dst)
		dst.OnData(func([]byte) {})
		dst.OnEnd(func() {
			ends++
			assert.Equal(t, 3, loops)
			assert.True(t, src.IsPaused())
			l.SetImmediate(func() { src.Destroy(nil) })
		})
	})
	assert.Equal(t, 1, ends)
}

// From test-stream-duplex-readable-writable.js: a duplex made without a
// readable side fails a push with ERR_STREAM_PUSH_AFTER_EOF; one without a
// writable side fails a write with ERR_STREAM_WRITE_AFTER_END and never
// calls Write nor finishes.
func TestDuplexWithOneSideDisabled(t *testing.T) {
	t.Run("no readable side", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			d := stream.NewDuplex(l, stream.DuplexOptions{DisableReadable: true})
			assert.False(t, d.IsReadable())
			d.Push([]byte("asd"))
			d.OnError(func(err error) { log.add("error " + loop.Code(err)) })
			d.OnData(func([]byte) { log.add("data") })
			d.OnEnd(log.fn("end"))
		})
		assert.Equal(t, []string{"error ERR_STREAM_PUSH_AFTER_EOF"}, log.lines)
	})
	t.Run("no writable side", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			d := stream.NewDuplex(l, stream.DuplexOptions{DisableWritable: true,
				Write: func([]byte, func(error)) { log.add("write") }})
			assert.False(t, d.IsWritable())
			d.Write([]byte("asd"), nil)
			d.OnError(func(err error) { log.add("error " + loop.Code(err)) })
			d.OnFinish(log.fn("finish"))
		})
		assert.Equal(t, []string{"error ERR_STREAM_WRITE_AFTER_END"}, log.lines)
	})
}

// From test-stream-duplex-writable-finished.js: a duplex's
// WritableFinished turns true with 'finish', before End's callback.
func TestDuplexWritableFinished(t *testing.T) {
	l := newLoop(t)
	finishes, ends := 0, 0
	run(t, l, func() {
		var d *stream.Duplex
		d = stream.NewDuplex(l, stream.DuplexOptions{Write: func(_ []byte, done func(error)) {
			assert.False(t, d.WritableFinished())
			done(nil)
		}})
		d.OnFinish(func() { finishes++; assert.True(t, d.WritableFinished()) })
		d.EndWith([]byte("testing finished state"), func(err error) {
			ends++
			assert.NoError(t, err)
			assert.True(t, d.WritableFinished())
		})
	})
	assert.Equal(t, 1, finishes)
	assert.Equal(t, 1, ends)
}

// From test-stream-duplex.js: an object duplex reads what it pushes and
// writes what it is given, independently.
func TestObjectDuplexSidesAreIndependent(t *testing.T) {
	type obj struct{ val int }
	l := newLoop(t)
	var written, read obj
	run(t, l, func() {
		d := stream.NewDuplex(l, stream.DuplexOptionsOf[obj, obj]{
			Write: func(o obj, done func(error)) { written = o; done(nil) },
			Read:  func(*stream.DuplexOf[obj, obj], int) {},
		})
		require.True(t, d.ReadableObjectMode())
		require.True(t, d.WritableObjectMode())
		d.OnData(func(o obj) { read = o })
		d.Push(obj{1})
		d.EndWith(obj{2}, nil)
		d.PushEnd()
	})
	assert.Equal(t, 1, read.val)
	assert.Equal(t, 2, written.val)
}
