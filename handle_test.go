package loop_test

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// device is a handle for tests: it embeds the user's Handle and keeps the
// implementer's control unexported, as an I/O type does.
type device struct {
	loop.Handle
	ctl *loop.HandleControl
}

func openDevice(l *loop.Loop, kind string, teardown func(error)) *device {
	d := &device{}
	d.ctl = l.OpenHandle(&d.Handle, kind, teardown)
	return d
}

func TestClosingAHandleCancelsItsPendingOpsBeforeItsCloseCallback(t *testing.T) {
	l := newLoop(t)
	var events []string
	var dropped sync.WaitGroup
	var late []bool
	var mu sync.Mutex
	require.NoError(t, l.Run(func() {
		d := openDevice(l, "writer", nil)
		for _, name := range []string{"write 1", "write 2", "write 3"} {
			op := loop.NewOp(d.ctl, "write", loop.KeepAlive, func(err error, n int) {
				assert.ErrorIs(t, err, loop.ErrCanceled)
				assert.Equal(t, "ECANCELED", loop.Code(err))
				events = append(events, name+": "+loop.Code(err))
			})
			require.True(t, op.Start())
			dropped.Add(1)
			d.ctl.Go(func(ctx context.Context) {
				defer dropped.Done()
				<-ctx.Done() // the write blocks until the handle closes
				ok := op.Complete(5, nil)
				mu.Lock()
				late = append(late, ok)
				mu.Unlock()
			})
		}
		d.Close(func() { events = append(events, "close callback") })
		assert.True(t, d.Closing())
	}))
	assert.Equal(t, []string{"write 1: ECANCELED", "write 2: ECANCELED", "write 3: ECANCELED", "close callback"}, events,
		"each write callback once, in order, then the close callback")
	dropped.Wait()
	assert.Equal(t, []bool{false, false, false}, late, "a Complete after the close is dropped and says so")
}

func TestAResultAlreadyOnItsWayIsDeliveredBeforeTheCloseCallback(t *testing.T) {
	l := newLoop(t)
	var events []string
	var d *device
	var op *loop.Op[string]
	_, err := l.RunNoWait(func() {
		d = openDevice(l, "reader", nil)
		op = loop.NewOp(d.ctl, "read", loop.KeepAlive, func(err error, v string) {
			events = append(events, "read: "+v)
		})
		require.True(t, op.Start())
	})
	require.NoError(t, err)
	require.True(t, op.Complete("data", nil)) // from this goroutine: the result is queued
	require.NoError(t, l.Run(func() {
		d.Close(func() { events = append(events, "close callback") })
	}))
	assert.Equal(t, []string{"read: data", "close callback"}, events)
}

func TestOpLiveness(t *testing.T) {
	tests := []struct {
		name      string
		live      loop.Liveness
		unref     bool
		keepsLoop bool
	}{
		{"a pending KeepAlive op keeps the loop alive", loop.KeepAlive, false, true},
		{"a pending KeepAlive op keeps the loop alive even with its handle unref'd", loop.KeepAlive, true, true},
		{"a pending FollowHandle op keeps the loop alive while its handle is ref'd", loop.FollowHandle, false, true},
		{"a pending FollowHandle op of an unref'd handle lets Run return", loop.FollowHandle, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			var d *device
			var op *loop.Op[int]
			delivered := false
			_, err := l.RunNoWait(func() {
				d = openDevice(l, "dev", nil)
				op = loop.NewOp(d.ctl, "op", tc.live, func(error, int) { delivered = true })
				require.True(t, op.Start())
				if tc.unref {
					d.Unref()
				}
			})
			require.NoError(t, err)
			assert.Equal(t, tc.keepsLoop, l.Report().Alive())
			r := l.Report()
			require.Len(t, r.Items, 1)
			assert.Equal(t, "dev:op", r.Items[0].Kind, "Report lists the pending op under its handle")
			if !tc.keepsLoop {
				within(t, 5*time.Second, "Run", func() { assert.NoError(t, l.Run(nil)) })
				assert.False(t, delivered)
				d.Ref() // so that the next Run waits for the result
			}
			require.True(t, op.Complete(1, nil))
			within(t, 5*time.Second, "Run", func() { assert.NoError(t, l.Run(nil)) })
			assert.True(t, delivered)
			assert.False(t, op.Pending())
		})
	}
}

func TestActiveHandlesKeepTheLoopAliveWhileReferenced(t *testing.T) {
	l := newLoop(t)
	var d *device
	_, err := l.RunNoWait(func() { d = openDevice(l, "dev", nil) })
	require.NoError(t, err)
	assert.False(t, l.Report().Alive(), "an inactive handle does not")
	d.ctl.Activate()
	assert.True(t, l.Report().Alive())
	d.Unref()
	assert.False(t, l.Report().Alive())
	assert.False(t, d.HasRef())
	d.Ref()
	assert.True(t, l.Report().Alive())
	d.ctl.Deactivate()
	assert.False(t, l.Report().Alive())
	assert.False(t, d.ctl.Active())
}

func TestSerialRunsOneCallAtATimeAndDeliversOnTheLoop(t *testing.T) {
	l := newLoop(t)
	var got []int
	var loopGoroutine bool
	require.NoError(t, l.Run(func() {
		d := openDevice(l, "dev", nil)
		var s *loop.Serial[int, int]
		s = loop.NewSerial(d.ctl, "square", loop.KeepAlive, func(ctx context.Context, n int) (int, error) {
			assert.False(t, l.InLoop(), "the call runs off the loop")
			return n * n, nil
		}, func(err error, v int) {
			require.NoError(t, err)
			loopGoroutine = l.InLoop()
			got = append(got, v)
			if len(got) < 4 {
				require.True(t, s.Call(len(got)+1))
			} else {
				d.Close(nil)
			}
		})
		require.True(t, s.Call(1))
		assert.True(t, s.Pending())
		assert.Panics(t, func() { s.Call(9) }, "one call at a time")
	}))
	assert.Equal(t, []int{1, 4, 9, 16}, got)
	assert.True(t, loopGoroutine)
}

func TestSerialTurnsPanicsAndGoexitIntoErrors(t *testing.T) {
	l := newLoop(t)
	var errs []error
	require.NoError(t, l.Run(func() {
		d := openDevice(l, "dev", nil)
		calls := 0
		var s *loop.Serial[int, int]
		s = loop.NewSerial(d.ctl, "flaky", loop.KeepAlive, func(ctx context.Context, n int) (int, error) {
			if n == 1 {
				panic("serial boom")
			}
			runtime.Goexit()
			return 0, nil
		}, func(err error, v int) {
			errs = append(errs, err)
			if calls++; calls == 1 {
				s.Call(2)
			} else {
				d.Close(nil)
			}
		})
		s.Call(1)
	}))
	require.Len(t, errs, 2)
	var pe *loop.PanicError
	require.ErrorAs(t, errs[0], &pe)
	assert.Equal(t, "serial boom", pe.Value)
	assert.Equal(t, "ERR_WORK_GOEXIT", loop.Code(errs[1]))
}

func TestSerialDiscardsResultsThatArriveAfterTheClose(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer w.Close()
	l := newLoop(t)
	discarded := make(chan []byte, 1)
	reading := make(chan struct{})
	var got error
	require.NoError(t, l.Run(func() {
		d := openDevice(l, "pipe", nil) // no teardown: the read is not unblocked by the close
		s := loop.NewSerial(d.ctl, "read", loop.FollowHandle, func(ctx context.Context, n int) ([]byte, error) {
			close(reading)
			b := make([]byte, n)
			k, err := r.Read(b)
			return b[:k], err
		}, func(err error, b []byte) { got = err })
		s.SetDiscard(func(b []byte) { discarded <- b })
		s.Call(16)
		<-reading // (a test may block its loop for a moment: the read must be under way)
		d.Close(func() {
			_, err := w.Write([]byte("late")) // the read returns now, after the close
			assert.NoError(t, err)
		})
	}))
	assert.ErrorIs(t, got, loop.ErrCanceled)
	assert.Equal(t, "late", string(<-discarded), "the late result went to the discard function")
	require.NoError(t, l.Close())
	r.Close()
}

func TestOpMisusePanics(t *testing.T) {
	l := newLoop(t)
	_, err := l.RunNoWait(func() {
		d := openDevice(l, "dev", nil)
		op := loop.NewOp(d.ctl, "op", loop.KeepAlive, func(error, int) {})
		assert.PanicsWithValue(t, "loop: Op.Complete called on an op that is not pending (Complete twice?)", func() { op.Complete(1, nil) })
		require.True(t, op.Start())
		assert.PanicsWithValue(t, "loop: Op.Start called on an op that is pending (Start twice without its done callback?)", func() { op.Start() })
		require.True(t, op.Complete(1, nil))
		assert.PanicsWithValue(t, "loop: Op.Complete called on an op that is not pending (Complete twice?)", func() { op.Complete(1, nil) })
		assert.PanicsWithValue(t, "loop: NewOp called with nil done callback", func() { loop.NewOp[int](d.ctl, "op", loop.KeepAlive, nil) })
		assert.PanicsWithValue(t, "loop: NewOp called with a nil *HandleControl", func() { loop.NewOp(nil, "op", loop.KeepAlive, func(error, int) {}) })
		assert.PanicsWithValue(t, "loop: OpenHandle called on a Handle that is already open", func() { l.OpenHandle(&d.Handle, "again", nil) })
		assert.PanicsWithValue(t, "loop: HandleControl.Go called with nil func", func() { d.ctl.Go(nil) })
		d.Close(nil)
	})
	require.NoError(t, err)
}

func TestStartOnAClosingHandleCallsBackWithTheCancellation(t *testing.T) {
	l := newLoop(t)
	var events []string
	require.NoError(t, l.Run(func() {
		d := openDevice(l, "dev", nil)
		d.Close(func() { events = append(events, "close callback") })
		op := loop.NewOp(d.ctl, "write", loop.KeepAlive, func(err error, _ int) {
			events = append(events, "write: "+loop.Code(err))
		})
		assert.False(t, op.Start(), "Start reports that nothing was started")
		assert.Empty(t, events, "never synchronously")
	}))
	assert.Equal(t, []string{"write: ECANCELED", "close callback"}, events)
}

func TestHandleGoroutinesEndWithTheirHandle(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer w.Close()
	l := newLoop(t)
	var readErr error
	exited := make(chan struct{})
	require.NoError(t, l.Run(func() {
		d := openDevice(l, "pipe", func(error) { r.Close() }) // teardown unblocks the read
		d.ctl.Go(func(ctx context.Context) {
			defer close(exited)
			_, readErr = io.ReadAll(r)
		})
		l.SetTimeout(func() { d.Close(nil) }, time.Millisecond)
	}))
	<-exited
	assert.True(t, errors.Is(readErr, os.ErrClosed), "the read returned because the teardown closed the file: %v", readErr)
	assert.Zero(t, l.Metrics().Goroutines)
}
