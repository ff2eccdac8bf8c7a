package loop_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// within runs fn and fails the test if it has not returned after d, instead
// of hanging the suite. A fn that never returns is left behind, and goleak
// reports it too.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("%s did not return within %v; the goroutines:\n%s", what, d, buf)
	}
}

// settleResults waits until n results wait in l's completion queue, so a
// test can close a loop whose work has finished but whose callbacks have not
// run.
func settleResults(t *testing.T, l *loop.Loop, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for l.Metrics().Queued < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d results arrived", l.Metrics().Queued, n)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func TestStopCalledDuringACloseHasNoEffect(t *testing.T) {
	for _, from := range []string{"outside Run", "a timer callback"} {
		t.Run("Close from "+from+" runs every callback once and returns", func(t *testing.T) {
			l, clk := manualLoop(t)
			calls := 0
			var closeCalls []string
			var asyncs []*loop.Async
			closeAll := func() error {
				for i, a := range asyncs {
					a.Close(func() {
						closeCalls = append(closeCalls, "async")
						if i == 0 {
							l.Stop()
						}
					})
				}
				return l.Close()
			}
			gate := make(chan struct{}) // so that no result arrives before RunNoWait returns
			_, err := l.RunNoWait(func() {
				for i := range 3 {
					loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-gate; return i, nil }, func(error, int) {
						calls++
						if calls == 2 {
							l.Stop()
						}
					})
				}
				asyncs = []*loop.Async{l.NewAsync(), l.NewAsync()}
				if from != "outside Run" {
					l.SetTimeout(func() { assert.NoError(t, closeAll()) }, time.Millisecond)
				}
			})
			require.NoError(t, err)
			close(gate)
			// Three finished requests wait in the queue when the close runs.
			settleResults(t, l, 3)
			clk.Advance(time.Millisecond)
			within(t, 5*time.Second, "Close", func() {
				if from == "outside Run" {
					assert.NoError(t, closeAll())
					return
				}
				// The due timer runs before the first poll, and closes.
				assert.NoError(t, l.Run(nil))
			})
			assert.Equal(t, 3, calls, "every done callback ran once")
			assert.Equal(t, []string{"async", "async"}, closeCalls, "both close callbacks ran, the one after Stop too")
			assert.Empty(t, l.Report().Items, "nothing is left in the closed loop")
		})
	}
}

func TestCloseTearsHandlesDownBeforeWaitingForTheirWork(t *testing.T) {
	// Work that returns only once its descriptor is closed, as a blocking
	// read of a FIFO or a socket does: Close must close the handle first.
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer w.Close()
	l := newLoop(t)
	var got error = errors.New("not called")
	var h loop.Handle
	started := make(chan struct{})
	_, err = l.RunNoWait(func() {
		l.OpenHandle(&h, "pipe", func(error) { r.Close() })
		loop.WorkOn(l, loop.KindFastIO, func() (int, error) {
			close(started)
			return r.Read(make([]byte, 1))
		}, func(err error, _ int) { got = err })
	})
	require.NoError(t, err)
	<-started
	within(t, 5*time.Second, "Close", func() { assert.NoError(t, l.Close()) })
	assert.ErrorIs(t, got, os.ErrClosed, "the read ran and failed because the handle closed its file: its real outcome")
}

func TestCloseAbandonsWorkThatCannotBeUnblocked(t *testing.T) {
	l := newLoop(t, loop.WithCloseTimeout(50*time.Millisecond), loop.WithCreationSites())
	stuck := make(chan struct{})
	exited := make(chan struct{})
	started := make(chan struct{})
	var got []error
	_, err := l.RunNoWait(func() {
		loop.WorkOn(l, loop.KindCPU, func() (int, error) {
			defer close(exited)
			close(started)
			<-stuck
			return 1, nil
		}, func(err error, v int) { got = append(got, err) })
	})
	require.NoError(t, err)
	<-started
	var closeErr error
	within(t, 5*time.Second, "Close", func() { closeErr = l.Close() })
	require.ErrorIs(t, closeErr, loop.ErrCloseTimeout)
	assert.Equal(t, "ERR_LOOP_CLOSE_TIMEOUT", loop.Code(closeErr))
	assert.Contains(t, closeErr.Error(), "work(CPU) created at ")
	assert.Contains(t, closeErr.Error(), "close_test.go:")
	require.Len(t, got, 1, "the abandoned work's callback ran once")
	assert.ErrorIs(t, got[0], loop.ErrClosed)
	assert.NotErrorIs(t, got[0], loop.ErrClosedPending, "work that ran is never said not to have run")
	assert.Contains(t, got[0].Error(), "its outcome is lost")

	close(stuck) // the worker returns and exits on its own
	<-exited
	assert.Eventually(t, func() bool { return l.Metrics().Pool.Workers == 0 }, 5*time.Second, time.Millisecond)
	assert.Len(t, got, 1, "the late result is dropped")
}

func TestAPanicInATeardownDuringCloseIsReturnedAndTheCloseGoesOn(t *testing.T) {
	l := newLoop(t)
	var h1, h2 loop.Handle
	var order []string
	_, err := l.RunNoWait(func() {
		c1 := l.OpenHandle(&h1, "first", func(error) { panic("teardown boom") })
		c1.Activate()
		c2 := l.OpenHandle(&h2, "second", func(error) { order = append(order, "second teardown") })
		c2.Activate()
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 0, nil }, func(error, int) {})
	})
	require.NoError(t, err)
	err = l.Close()
	var pe *loop.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "teardown boom", pe.Value)
	assert.Equal(t, []string{"second teardown"}, order, "the other handles are still torn down")
	assert.Zero(t, l.Metrics().Pool.Workers, "no worker is left")
	assert.Panics(t, func() { l.SetImmediate(func() {}) }, "the loop is closed")
	assert.NoError(t, l.Close(), "a second Close does nothing")
}

func TestGoexitInAWorkFunctionReachesItsCallback(t *testing.T) {
	l := newLoop(t)
	var got []error
	within(t, 5*time.Second, "Run", func() {
		assert.NoError(t, l.Run(func() {
			loop.WorkOn(l, loop.KindCPU, func() (int, error) { runtime.Goexit(); return 1, nil },
				func(err error, _ int) { got = append(got, err) })
		}))
	})
	require.Len(t, got, 1)
	assert.Equal(t, "ERR_WORK_GOEXIT", loop.Code(got[0]))
	assert.EqualError(t, got[0], "loop: the work function exited without returning (runtime.Goexit)")
	assert.Empty(t, l.Report().Items, "the request is no longer pending")
}

func TestGoexitOnTheLoopGoroutineClosesTheLoop(t *testing.T) {
	l := newLoop(t, loop.WithWorkers(2))
	var got error = errors.New("not called")
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = l.Run(func() {
			loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-release; return 3, nil }, func(err error, _ int) { got = err })
			l.SetImmediate(func() {
				close(release)
				runtime.Goexit() // what a failing require does inside a callback
			})
		})
		t.Error("Run returned after a Goexit")
	}()
	wg.Wait()
	assert.NoError(t, got, "the running work was waited for and reported")
	assert.Zero(t, l.Metrics().Pool.Workers, "no worker outlives the unwound Run")
	assert.Panics(t, func() { l.SetImmediate(func() {}) }, "the loop is closed")
}

func TestOnlyWorkThatNeverStartedGetsErrClosedPending(t *testing.T) {
	l := newLoop(t, loop.WithWorkers(1))
	started := make(chan struct{})
	release := make(chan struct{})
	var ranErr, queuedErr error
	queuedRan := false
	_, err := l.RunNoWait(func() {
		loop.WorkOn(l, loop.KindCPU, func() (int, error) {
			close(started)
			<-release
			return 1, nil
		}, func(err error, _ int) { ranErr = err })
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { queuedRan = true; return 2, nil },
			func(err error, _ int) { queuedErr = err })
		// Handles are torn down after the queued work is taken out of the
		// pool: this one lets the running work finish only then.
		var h loop.Handle
		l.OpenHandle(&h, "gate", func(error) { close(release) })
	})
	require.NoError(t, err)
	<-started
	within(t, 5*time.Second, "Close", func() { require.NoError(t, l.Close()) })
	assert.NoError(t, ranErr, "the running work reports its real outcome")
	assert.False(t, queuedRan)
	assert.ErrorIs(t, queuedErr, loop.ErrClosedPending)
	assert.ErrorIs(t, queuedErr, loop.ErrClosed)
}

func TestCloseDeliversTheRealOutcomeOfWorkThatRan(t *testing.T) {
	dir := t.TempDir()
	l := newLoop(t)
	written := filepath.Join(dir, "written")
	existing := filepath.Join(dir, "existing")
	require.NoError(t, os.WriteFile(existing, []byte("done"), 0o600))
	var writeErr error = errors.New("not called")
	var file *os.File
	var panicked error
	gate := make(chan struct{}) // so that no result arrives before RunNoWait returns
	_, err := l.RunNoWait(func() {
		loop.WorkOn(l, loop.KindFastIO, func() (struct{}, error) {
			<-gate
			return struct{}{}, os.WriteFile(written, []byte("done"), 0o600)
		}, func(err error, _ struct{}) { writeErr = err })
		loop.WorkOn(l, loop.KindFastIO, func() (*os.File, error) {
			<-gate
			return os.Open(existing)
		}, func(err error, f *os.File) {
			require.NoError(t, err)
			file = f
		})
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-gate; panic("work boom") }, func(err error, _ int) { panicked = err })
	})
	require.NoError(t, err)
	close(gate)
	settleResults(t, l, 3)
	require.NoError(t, l.Close())
	assert.NoError(t, writeErr, "a write that happened is not reported as failed")
	require.NotNil(t, file, "an opened file reaches its callback, which can close it")
	data, err := io.ReadAll(file)
	require.NoError(t, err)
	assert.Equal(t, "done", string(data))
	require.NoError(t, file.Close())
	var pe *loop.PanicError
	require.ErrorAs(t, panicked, &pe, "a work panic is not replaced by ErrClosed")
	assert.Equal(t, "work boom", pe.Value)
}

func TestCallbacksRunDuringACloseMayScheduleCleanup(t *testing.T) {
	l := newLoop(t, loop.WithWorkers(1))
	var events []string
	block := make(chan struct{})
	_, err := l.RunNoWait(func() {
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-block; return 0, nil }, func(error, int) {})
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 0, nil }, func(err error, _ int) {
			require.ErrorIs(t, err, loop.ErrClosed)
			events = append(events, "queued work: closed")
			// Clean up the way Node code does.
			l.NextTick(func() { events = append(events, "tick ran") })
			l.SetTimeout(func() { t.Error("a timer set during the close ran") }, 0)
			l.SetImmediate(func() { t.Error("an immediate set during the close ran") })
			loop.WorkOn(l, loop.KindFastIO, func() (int, error) {
				t.Error("work submitted during the close ran")
				return 0, nil
			}, func(err error, _ int) {
				assert.ErrorIs(t, err, loop.ErrClosed)
				events = append(events, "cleanup work: closed")
			})
			close(block)
		})
	})
	require.NoError(t, err)
	require.NoError(t, l.Close(), "nothing panics")
	assert.Equal(t, []string{"queued work: closed", "tick ran", "cleanup work: closed"}, events)
	assert.PanicsWithValue(t, "loop: NextTick called on a closed loop", func() { l.NextTick(func() {}) },
		"use after Close has returned still panics")
}

func TestCloseFromAnotherGoroutine(t *testing.T) {
	l := newLoop(t)
	ready := make(chan struct{})
	var closeCbs int
	var runErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		runErr = l.Run(func() {
			a := l.NewAsync() // Run blocks in poll, waiting for posts
			_ = a
			l.NewAsync().Handle.Close(func() { closeCbs++ })
			l.SetTimeout(func() { close(ready) }, time.Millisecond)
		})
	}()
	<-ready
	within(t, 5*time.Second, "Close from another goroutine", func() { assert.NoError(t, l.Close()) })
	wg.Wait()
	assert.NoError(t, runErr)
	assert.Equal(t, 1, closeCbs)
	assert.ErrorIs(t, l.Post(func() {}), loop.ErrClosed)
	within(t, time.Second, "a second Close", func() { assert.NoError(t, l.Close()) })
}

func TestCloseFromAnotherGoroutineReturnsThePanicsOfTheClose(t *testing.T) {
	l := newLoop(t)
	ready := make(chan struct{})
	var runErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		runErr = l.Run(func() {
			l.NewAsync()
			var h loop.Handle
			l.OpenHandle(&h, "bomb", nil).Activate()
			h.Close(func() { panic("close callback boom") })
			close(ready)
		})
	}()
	<-ready
	var err error
	within(t, 5*time.Second, "Close", func() { err = l.Close() })
	wg.Wait()
	var pe *loop.PanicError
	if !errors.As(err, &pe) {
		require.ErrorAs(t, runErr, &pe, "the close callback's panic is returned by Close or Run")
	}
	assert.Equal(t, "close callback boom", pe.Value)
}

func TestStopFromAnotherGoroutine(t *testing.T) {
	l := newLoop(t)
	ready := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		assert.NoError(t, l.Run(func() {
			l.NewAsync()
			close(ready)
		}))
	}()
	<-ready
	within(t, 5*time.Second, "Run after Stop from another goroutine", func() {
		l.Stop()
		wg.Wait()
	})
	assert.True(t, l.Report().Alive(), "Stop leaves the Async open for a later Run")
	require.NoError(t, l.Close())
}

func TestCloseRunsHandleCloseCallbacks(t *testing.T) {
	l := newLoop(t)
	var a *loop.Async
	_, err := l.RunNoWait(func() { a = l.NewAsync() })
	require.NoError(t, err)
	assert.True(t, l.Report().Alive(), "an open Async keeps the loop alive")
	require.NoError(t, l.Close())
	assert.ErrorIs(t, a.Post(func() {}), loop.ErrClosed)
}

func TestDefaultStaysTheClosingLoopUntilItsCloseFinishes(t *testing.T) {
	var got []error
	d := loop.Default()
	require.NoError(t, loop.Run(func() {
		require.NoError(t, loop.Default().Close())
		// The same callback goes on: these land on the closing loop, and are
		// finished by its close, not lost on a new default loop nobody runs.
		loop.Work(func() (int, error) { return 1, nil }, func(err error, _ int) { got = append(got, err) })
		loop.Default().SetTimeout(func() { t.Error("a timer set during the close ran") }, 0)
		assert.Same(t, d, loop.Default())
	}))
	require.Len(t, got, 1)
	assert.ErrorIs(t, got[0], loop.ErrClosed)
	assert.NotSame(t, d, loop.Default(), "once closed, the next Default is a fresh loop")
	require.NoError(t, loop.Default().Close())
}

func TestNilReceiversPanicWithAClearMessage(t *testing.T) {
	var nilLoop *loop.Loop
	tests := []struct {
		name string
		call func()
		msg  string
	}{
		{"WorkOn with a nil loop", func() {
			loop.WorkOn(nilLoop, loop.KindCPU, func() (int, error) { return 0, nil }, func(error, int) {})
		}, "loop: WorkOn called with a nil *Loop"},
		{"Post on a nil loop", func() { _ = nilLoop.Post(func() {}) }, "loop: Post called on a nil *Loop"},
		{"Close on a nil loop", func() { _ = nilLoop.Close() }, "loop: Close called on a nil *Loop"},
		{"Run on a nil loop", func() { _ = nilLoop.Run(nil) }, "loop: Run called on a nil *Loop"},
		{"Stop on a nil loop", func() { nilLoop.Stop() }, "loop: Stop called on a nil *Loop"},
		{"Post on a nil Async", func() { _ = (*loop.Async)(nil).Post(func() {}) }, "loop: Async.Post called on an Async not made by NewAsync"},
		{"Post on a zero Async", func() { _ = new(loop.Async).Post(func() {}) }, "loop: Async.Post called on an Async not made by NewAsync"},
		{"Close on an unopened Handle", func() { new(loop.Handle).Close(nil) }, "loop: Handle.Close called on a Handle that was never opened (see OpenHandle)"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" panics", func(t *testing.T) {
			assert.PanicsWithValue(t, tc.msg, tc.call)
		})
	}
}

// FuzzClose closes a loop at a random point of a random mix of work,
// timers, immediates, ticks, handles with operations, posts and Stop calls,
// and checks Close's contract: it returns; every callback that is promised
// exactly once (work, operations, ticks, close callbacks) ran exactly once;
// no goroutine of the loop is left.
func FuzzClose(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 0})
	f.Add([]byte{2, 2, 9, 9, 12, 8, 1})
	f.Add([]byte{10, 0, 5, 9, 2})
	f.Add([]byte{6, 7, 7, 11, 0, 3, 4, 2})
	f.Add([]byte{12, 12, 9, 0, 0, 0, 2})
	f.Fuzz(func(t *testing.T, script []byte) {
		if len(script) == 0 || len(script) > 64 {
			return
		}
		l, err := loop.New(loop.WithWorkers(2), loop.WithCloseTimeout(5*time.Second))
		require.NoError(t, err)
		var mu sync.Mutex
		promised := map[string]int{} // callbacks promised exactly once, and their calls
		promise := func(id string) func() {
			promised[id] += 0
			return func() {
				mu.Lock()
				promised[id]++
				mu.Unlock()
			}
		}
		how := script[len(script)-1] % 3
		var last *loop.Request
		var asyncs []*loop.Async
		var gates []chan struct{}
		main := func() {
			for i, b := range script[:len(script)-1] {
				id := strconv.Itoa(i)
				switch b % 13 {
				case 0:
					done := promise("work " + id)
					last = loop.WorkOn(l, loop.KindCPU, func() (int, error) { return i, nil }, func(error, int) { done() })
				case 1:
					gate := make(chan struct{})
					gates = append(gates, gate)
					done := promise("gated work " + id)
					last = loop.WorkOn(l, loop.KindFastIO, func() (int, error) { <-gate; return i, nil }, func(error, int) { done() })
				case 2:
					done := promise("context work " + id)
					last = loop.WorkOnContext(context.Background(), l, loop.KindSlowIO, func(ctx context.Context) (int, error) {
						select {
						case <-ctx.Done():
							return 0, ctx.Err()
						case <-time.After(time.Duration(i) * time.Millisecond):
							return i, nil
						}
					}, func(error, int) { done() })
				case 3:
					l.SetTimeout(func() {}, time.Duration(i%3)*time.Millisecond)
				case 4:
					l.SetImmediate(func() {})
				case 5:
					l.NextTick(promise("tick " + id))
				case 6:
					a := l.NewAsync()
					if how == 2 {
						a.Unref() // Run must return by itself before Close
					}
					asyncs = append(asyncs, a)
				case 7:
					if len(asyncs) > 0 {
						a := asyncs[len(asyncs)-1]
						go func() { _ = a.Post(func() {}) }()
					}
				case 8:
					l.Stop()
				case 9:
					d := openDevice(l, "dev", nil)
					doneOp := promise("op " + id)
					op := loop.NewOp(d.ctl, "op", loop.KeepAlive, func(error, int) { doneOp(); d.Close(promise("device close " + id)) })
					if op.Start() {
						d.ctl.Go(func(ctx context.Context) {
							select {
							case <-ctx.Done():
							case <-time.After(time.Duration(i%4) * time.Millisecond):
							}
							op.Complete(i, nil)
						})
					}
				case 10:
					l.SetImmediate(func() { _ = l.Close() })
				case 11:
					if last != nil {
						last.Cancel()
					}
				case 12:
					gate := make(chan struct{})
					d := openDevice(l, "reader", func(error) { close(gate) })
					doneSerial := promise("serial " + id)
					d.Unref() // a reader waiting for ever must not hold Run
					s := loop.NewSerial(d.ctl, "read", loop.FollowHandle, func(ctx context.Context, _ int) (int, error) {
						<-gate
						return 0, nil
					}, func(error, int) { doneSerial() })
					s.Call(0)
				}
			}
			if len(asyncs) > 0 && script[0]%2 == 0 {
				asyncs[0].Close(promise("async close"))
			}
			// Release the gated work a little later, from another goroutine.
			for _, g := range gates {
				go func() { time.Sleep(time.Millisecond); close(g) }()
			}
		}
		var runErr error
		ran := make(chan struct{})
		started := make(chan struct{})
		go func() {
			defer close(ran)
			runErr = l.Run(func() {
				close(started) // Close may not come before Run: Run would panic on a closed loop
				main()
				if how == 0 {
					l.SetTimeout(func() { _ = l.Close() }, time.Millisecond)
				}
			})
		}()
		var closeErr error
		within(t, 5*time.Second, "Close", func() {
			if how == 1 {
				<-started
				time.Sleep(time.Millisecond)
				closeErr = l.Close() // from another goroutine, while Run may be running
				<-ran
			} else {
				<-ran
				closeErr = l.Close()
			}
		})
		assert.NoError(t, runErr)
		assert.NoError(t, closeErr)
		for id, n := range promised {
			assert.Equal(t, 1, n, "%s ran %d times", id, n)
		}
		m := l.Metrics()
		assert.Zero(t, m.Pool.Workers, "no worker is left")
		assert.Zero(t, m.Goroutines, "no goroutine of a handle is left")
	})
}
