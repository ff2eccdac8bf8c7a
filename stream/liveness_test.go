package stream_test

import (
	"errors"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClosingTheLoopMidStreamCallsEveryPendingCallbackOnce(t *testing.T) {
	l, err := loop.New()
	require.NoError(t, err)
	var got []string
	var r *stream.Readable
	_, err = l.RunNoWait(func() {
		// A sink that never completes its first write: one in flight, the
		// rest buffered.
		w := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 4, Write: func([]byte, func(error)) {}})
		for i := range 3 {
			w.Write([]byte("data"), func(err error) {
				assert.ErrorIs(t, err, loop.ErrClosed)
				got = append(got, "write "+string(rune('1'+i)))
			})
		}
		w.End(func(err error) {
			assert.ErrorIs(t, err, loop.ErrClosed)
			got = append(got, "end")
		})
		w.OnClose(func() { got = append(got, "writable close") })
		// A source that flows and never ends.
		r = stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.OnData(func([]byte) {})
		r.OnClose(func() { got = append(got, "readable close") })
		r.OnError(func(err error) {
			assert.ErrorIs(t, err, loop.ErrClosed)
			got = append(got, "readable error")
		})
	})
	require.NoError(t, err)
	require.NoError(t, l.Close(), "streams without an 'error' listener do not make Close fail")
	assert.ElementsMatch(t, []string{"write 1", "write 2", "write 3", "end", "writable close", "readable error", "readable close"}, got)
	assert.True(t, r.Destroyed())
}

func TestALiveStreamKeepsTheLoopAliveAndAnEndedOneDoesNot(t *testing.T) {
	tests := []struct {
		name  string
		setup func(l *loop.Loop) stream.Stream
		alive bool
	}{
		{"a flowing readable that has not ended", func(l *loop.Loop) stream.Stream {
			r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
			r.OnData(func([]byte) {})
			return r
		}, true},
		{"a readable with a 'readable' listener", func(l *loop.Loop) stream.Stream {
			r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
			r.OnReadable(func() {})
			return r
		}, true},
		{"a paused readable nobody reads", func(l *loop.Loop) stream.Stream {
			return stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		}, false},
		{"a writable with a write pending", func(l *loop.Loop) stream.Stream {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func([]byte, func(error)) {}})
			w.Write([]byte("x"), nil)
			return w
		}, true},
		{"an idle writable", func(l *loop.Loop) stream.Stream {
			return stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name+" keeps the loop alive: "+map[bool]string{true: "yes", false: "no"}[tc.alive], func(t *testing.T) {
			l, err := loop.New()
			require.NoError(t, err)
			defer func() { require.NoError(t, l.Close()) }()
			var s stream.Stream
			_, err = l.RunNoWait(func() { s = tc.setup(l) })
			require.NoError(t, err)
			for range 3 { // let the ticks and the first reads run
				_, err = l.RunNoWait(nil)
				require.NoError(t, err)
			}
			assert.Equal(t, tc.alive, l.Report().Alive(), "%v", l.Report())
			s.Destroy(nil)
			done := make(chan struct{})
			go func() {
				defer close(done)
				assert.NoError(t, l.Run(nil))
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("a destroyed stream still keeps the loop alive")
			}
		})
	}
}

func TestAStreamThatEndedLeavesTheLoopsReport(t *testing.T) {
	l, err := loop.New()
	require.NoError(t, err)
	defer func() { require.NoError(t, l.Close()) }()
	require.NoError(t, l.Run(func() {
		r := stream.FromSlice(l, []int{1, 2, 3})
		r.OnData(func(int) {})
	}))
	assert.Empty(t, l.Report().Items)
}

func TestBadInputPanicsNamingTheFunction(t *testing.T) {
	l, err := loop.New()
	require.NoError(t, err)
	defer func() { require.NoError(t, l.Close()) }()
	_, err = l.RunNoWait(func() {
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		tests := []struct {
			name string
			call func()
			msg  string
		}{
			{"a negative high-water mark", func() { stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: -5}) },
				"stream: NewReadable called with HighWaterMark -5; it must be positive, 0 for the default, or Unbuffered"},
			{"a negative writable high-water mark", func() { stream.NewWritable(l, stream.WritableOptions{HighWaterMark: -2}) },
				"stream: NewWritable called with HighWaterMark -2; it must be positive, 0 for the default, or Unbuffered"},
			{"a nil stream in Pipeline", func() { stream.Pipeline(func(error) {}, r, nil) },
				"stream: Pipeline called with a nil stream at position 1"},
			{"one stream in Pipeline", func() { stream.Pipeline(func(error) {}, r) },
				"stream: Pipeline called with 1 streams; it needs at least two"},
			{"a nil Pipeline callback", func() { stream.Pipeline(nil, r, w) }, "stream: Pipeline called with nil callback"},
			{"a writable first in Pipeline", func() { stream.Pipeline(func(error) {}, w, w) },
				"stream: Pipeline: the stream at position 0 is not readable, but another follows it"},
			{"a nil Finished callback", func() { stream.Finished(r, nil) }, "stream: Finished called with nil callback"},
			{"a nil stream in Finished", func() { stream.Finished(nil, func(error) {}) }, "stream: Finished called with a nil stream"},
			{"a nil Pipe destination", func() { r.Pipe(nil) }, "stream: Pipe called with a nil destination"},
			{"a nil OnData listener", func() { r.OnData(nil) }, "stream: OnData called with nil listener"},
			{"a nil OnFinish listener", func() { w.OnFinish(nil) }, "stream: OnFinish called with nil listener"},
			{"an unknown encoding", func() { r.SetEncoding("klingon") }, "stream: SetEncoding: Unknown encoding: klingon"},
			{"an encoding on objects", func() { stream.FromSlice(l, []int{1}).SetEncoding("utf8") },
				"stream: SetEncoding on a stream of objects: an encoding needs []byte chunks"},
			{"a nil io.Reader", func() { stream.FromReader(l, nil, stream.ReadableOptions{}) }, "stream: FromReader called with a nil io.Reader"},
			{"a nil io.Writer", func() { stream.FromWriter(l, nil, stream.WritableOptions{}) }, "stream: FromWriter called with a nil io.Writer"},
			{"a PassThrough with a transform", func() {
				stream.NewPassThrough(l, stream.TransformOptions{Transform: func([]byte, func([]byte), func(error)) {}})
			}, "stream: NewPassThrough called with a Transform or Flush; use NewTransform"},
			{"a read over 1 GiB", func() { r.Read(1<<30 + 1) }, "stream: Read(1073741825) asks for more than 1 GiB"},
		}
		for _, tc := range tests {
			t.Run(tc.name+" panics", func(t *testing.T) { assert.PanicsWithValue(t, tc.msg, tc.call) })
		}
		r.Destroy(nil)
	})
	require.NoError(t, err)
}

func TestWriteAfterEndIsAnErrorNotAPanic(t *testing.T) {
	l := newLoop(t)
	var cbErr, emitted error
	require.NoError(t, l.Run(func() {
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		w.OnError(func(err error) { emitted = err })
		w.End(nil)
		assert.False(t, w.Write([]byte("late"), func(err error) { cbErr = err }))
		assert.Nil(t, cbErr, "the callback is not called from inside Write")
	}))
	assert.ErrorIs(t, cbErr, stream.ErrWriteAfterEnd)
	assert.ErrorIs(t, emitted, stream.ErrWriteAfterEnd)
	assert.Equal(t, "ERR_STREAM_WRITE_AFTER_END", loop.Code(cbErr))
	assert.EqualError(t, cbErr, "write after end")
}

func TestStreamErrorsCarryNodeCodes(t *testing.T) {
	for err, code := range map[error]string{
		stream.ErrWriteAfterEnd:    "ERR_STREAM_WRITE_AFTER_END",
		stream.ErrPrematureClose:   "ERR_STREAM_PREMATURE_CLOSE",
		stream.ErrDestroyed:        "ERR_STREAM_DESTROYED",
		stream.ErrMultipleCallback: "ERR_MULTIPLE_CALLBACK",
		stream.ErrPushAfterEOF:     "ERR_STREAM_PUSH_AFTER_EOF",
		stream.ErrUnshiftAfterEnd:  "ERR_STREAM_UNSHIFT_AFTER_END_EVENT",
		stream.ErrAlreadyFinished:  "ERR_STREAM_ALREADY_FINISHED",
		stream.ErrNotImplemented:   "ERR_METHOD_NOT_IMPLEMENTED",
	} {
		assert.Equal(t, code, loop.Code(err))
		assert.True(t, errors.Is(err, err))
	}
}

func TestDestroyThenCallsBackOnceEvenWithoutClose(t *testing.T) {
	l := newLoop(t)
	var got []string
	require.NoError(t, l.Run(func() {
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}, DisableEmitClose: true,
			Destroy: func(err error, cb func(error)) { l.SetImmediate(func() { cb(err) }) }})
		returned := false
		r.DestroyThen(nil, func(err error) {
			assert.True(t, returned, "never from inside DestroyThen")
			got = append(got, "first")
		})
		r.DestroyThen(nil, func(error) { got = append(got, "during the destroy") })
		returned = true
		l.SetTimeout(func() {
			r.DestroyThen(nil, func(error) { got = append(got, "after it") })
		}, time.Millisecond)
	}))
	assert.Equal(t, []string{"first", "during the destroy", "after it"}, got)
}
