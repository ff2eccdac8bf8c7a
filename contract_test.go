package loop_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newLoop(t *testing.T, opts ...loop.Option) *loop.Loop {
	t.Helper()
	l, err := loop.New(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// manualLoop returns a loop on a stopped ManualClock, which moves only when
// the test advances it.
func manualLoop(t *testing.T, opts ...loop.Option) (*loop.Loop, *loop.ManualClock) {
	t.Helper()
	clk := loop.NewManualClock(time.Unix(0, 0))
	return newLoop(t, append(opts, loop.WithClock(clk))...), clk
}

func virtualLoop(t *testing.T, opts ...loop.Option) (*loop.Loop, *loop.ManualClock) {
	t.Helper()
	clk := loop.NewManualClock(time.Unix(0, 0))
	clk.SetAutoAdvance(true)
	return newLoop(t, append(opts, loop.WithClock(clk))...), clk
}

// registration is one callback-taking entry point: register schedules a
// callback that calls cb, and returns.
type registration struct {
	name     string
	register func(l *loop.Loop, cb func())
}

var registrations = []registration{
	{"NextTick", func(l *loop.Loop, cb func()) { l.NextTick(cb) }},
	{"SetTimeout", func(l *loop.Loop, cb func()) { l.SetTimeout(cb, 0) }},
	{"SetInterval cleared in its callback", func(l *loop.Loop, cb func()) {
		var iv *loop.Timer
		iv = l.SetInterval(func() { l.ClearInterval(iv); cb() }, time.Millisecond)
	}},
	{"SetImmediate", func(l *loop.Loop, cb func()) { l.SetImmediate(cb) }},
	{"WorkOn", func(l *loop.Loop, cb func()) {
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 1, nil }, func(error, int) { cb() })
	}},
	{"Request.Cancel", func(l *loop.Loop, cb func()) {
		block := make(chan struct{})
		// Hold the only worker so the second request is still queued.
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-block; return 0, nil }, func(error, int) {})
		r := loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 1, nil }, func(err error, _ int) {
			if errors.Is(err, loop.ErrCanceled) {
				cb()
			}
		})
		if !r.Cancel() {
			panic("queued request not canceled")
		}
		close(block)
	}},
	{"Post", func(l *loop.Loop, cb func()) {
		a := l.NewAsync() // Post alone does not keep the loop alive
		go func() { _ = l.Post(func() { a.Close(nil); cb() }) }()
	}},
	{"Async.Post", func(l *loop.Loop, cb func()) {
		a := l.NewAsync()
		go func() { _ = a.Post(func() { a.Close(nil); cb() }) }()
	}},
	{"Async.Close", func(l *loop.Loop, cb func()) { l.NewAsync().Close(cb) }},
	{"Timer.Refresh of a fired timeout", func(l *loop.Loop, cb func()) {
		n := 0
		var tm *loop.Timer
		tm = l.SetTimeout(func() {
			if n++; n == 1 {
				tm.Refresh()
				return
			}
			cb()
		}, time.Millisecond)
	}},
}

func TestEveryCallbackRunsOnceAndNeverSynchronously(t *testing.T) {
	for _, r := range registrations {
		t.Run(r.name+" calls back once, after returning", func(t *testing.T) {
			l := newLoop(t, loop.WithWorkers(1))
			calls := 0
			returned := false
			require.NoError(t, l.Run(func() {
				r.register(l, func() {
					assert.True(t, returned, "callback ran before the registering call returned")
					calls++
				})
				returned = true
			}))
			assert.Equal(t, 1, calls)
		})
	}
}

func TestCloseCallsQueuedWorkOnceWithErrClosedAndRunningWorkWithItsOutcome(t *testing.T) {
	l := newLoop(t, loop.WithWorkers(1))
	release := make(chan struct{})
	started := make(chan struct{})
	var running []error
	var queued []error
	_, err := l.RunNoWait(func() {
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { close(started); <-release; return 1, nil },
			func(err error, v int) { running = append(running, err); assert.Equal(t, 1, v) })
		for range 3 {
			loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 2, nil },
				func(err error, v int) { queued = append(queued, err); assert.Zero(t, v) })
		}
	})
	require.NoError(t, err)
	<-started
	go func() { time.Sleep(5 * time.Millisecond); close(release) }() // let Close find it running
	require.NoError(t, l.Close())
	require.Equal(t, []error{nil}, running, "work that ran reports its real outcome, once")
	require.Len(t, queued, 3, "every queued callback runs exactly once")
	for _, err := range queued {
		assert.ErrorIs(t, err, loop.ErrClosed)
		assert.Equal(t, "ERR_LOOP_CLOSED", loop.Code(err))
	}
	assert.NoError(t, l.Close(), "closing twice does nothing")
}

func TestCloseFromACallbackFinishesBeforeRunReturns(t *testing.T) {
	l := newLoop(t)
	got := errors.New("not called")
	var closed bool
	err := l.Run(func() {
		block := make(chan struct{})
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-block; return 7, nil }, func(err error, _ int) { got = err })
		l.SetImmediate(func() {
			require.NoError(t, l.Close())
			close(block)
			closed = true
		})
		l.SetTimeout(func() { t.Error("a timer ran after Close") }, time.Millisecond)
	})
	require.NoError(t, err)
	assert.True(t, closed)
	assert.NoError(t, got, "the running work finished, so its callback has its real outcome")
	assert.ErrorIs(t, l.Post(func() {}), loop.ErrClosed)
}

func TestIntervalClosingItsLoopFromItsCallbackEndsCleared(t *testing.T) {
	l, _ := virtualLoop(t)
	runs := 0
	var iv *loop.Timer
	require.NoError(t, l.Run(func() {
		iv = l.SetInterval(func() { runs++; require.NoError(t, l.Close()) }, time.Millisecond)
	}))
	assert.Equal(t, 1, runs)
	assert.False(t, iv.Pending(), "an interval whose callback closed the loop is not pending")
	iv.Close() // harmless
}

func TestBadInputPanicsNamingTheFunction(t *testing.T) {
	l := newLoop(t)
	tests := []struct {
		name string
		call func()
		msg  string
	}{
		{"NextTick with nil", func() { l.NextTick(nil) }, "loop: NextTick called with nil func"},
		{"package NextTick with nil", func() { loop.NextTick(nil) }, "loop: NextTick called with nil func"},
		{"SetTimeout with nil", func() { l.SetTimeout(nil, 0) }, "loop: SetTimeout called with nil func"},
		{"SetInterval with nil", func() { l.SetInterval(nil, 0) }, "loop: SetInterval called with nil func"},
		{"SetImmediate with nil", func() { l.SetImmediate(nil) }, "loop: SetImmediate called with nil func"},
		{"Post with nil", func() { _ = l.Post(nil) }, "loop: Post called with nil func"},
		{"Work with nil work", func() { loop.Work[int](nil, func(error, int) {}) }, "loop: Work called with nil work func"},
		{"Work with nil done", func() { loop.Work(func() (int, error) { return 0, nil }, nil) }, "loop: Work called with nil done callback"},
		{"WorkOn with nil work", func() { loop.WorkOn[int](l, loop.KindCPU, nil, func(error, int) {}) }, "loop: WorkOn called with nil work func"},
		{"WorkOn with an unknown kind", func() {
			loop.WorkOn(l, loop.Kind(9), func() (int, error) { return 0, nil }, func(error, int) {})
		}, "loop: WorkOn called with unknown Kind 9"},
		{"Async.Post with nil", func() { _ = l.NewAsync().Post(nil) }, "loop: Async.Post called with nil func"},
		{"ManualClock going back", func() { loop.NewManualClock(time.Unix(10, 0)).Set(time.Unix(0, 0)) }, "loop: ManualClock.Set to a time before the current one"},
		{"ManualClock advanced by a negative duration", func() { loop.NewManualClock(time.Unix(0, 0)).Advance(-1) }, "loop: ManualClock.Advance with a negative duration"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" panics", func(t *testing.T) {
			assert.PanicsWithValue(t, tc.msg, tc.call)
		})
	}
}

func TestRunInsideItsOwnCallbackPanics(t *testing.T) {
	l := newLoop(t)
	err := l.Run(func() { l.Run(nil) })
	var pe *loop.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "loop: Run called while the loop is running (from one of its callbacks, or from another goroutine); a loop has one goroutine", pe.Value)
}

func TestUseAfterClosePanics(t *testing.T) {
	l := newLoop(t)
	require.NoError(t, l.Close())
	tests := []struct {
		name string
		call func()
		msg  string
	}{
		{"Run", func() { _ = l.Run(nil) }, "loop: Run called on a closed loop"},
		{"NextTick", func() { l.NextTick(func() {}) }, "loop: NextTick called on a closed loop"},
		{"SetTimeout", func() { l.SetTimeout(func() {}, 1) }, "loop: SetTimeout called on a closed loop"},
		{"SetImmediate", func() { l.SetImmediate(func() {}) }, "loop: SetImmediate called on a closed loop"},
		{"WorkOn", func() {
			loop.WorkOn(l, loop.KindFastIO, func() (int, error) { return 0, nil }, func(error, int) {})
		}, "loop: WorkOn called on a closed loop"},
		{"NewAsync", func() { l.NewAsync() }, "loop: NewAsync called on a closed loop"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" after Close panics", func(t *testing.T) {
			assert.PanicsWithValue(t, tc.msg, tc.call)
		})
	}
	assert.ErrorIs(t, l.Post(func() {}), loop.ErrClosed, "Post, safe from any goroutine, reports instead of panicking")
}

func TestOptionsAreValidatedAtNew(t *testing.T) {
	tests := []struct {
		name string
		opt  loop.Option
		msg  string
	}{
		{"zero workers", loop.WithWorkers(0), "loop: WithWorkers(0): the worker count must be in 1..1024"},
		{"too many workers", loop.WithWorkers(1025), "loop: WithWorkers(1025): the worker count must be in 1..1024"},
		{"nil clock", loop.WithClock(nil), "loop: WithClock(nil): pass a *ManualClock, or omit the option for the system clock"},
		{"nil panic handler", loop.WithPanicHandler(nil), "loop: WithPanicHandler(nil): pass a handler, or omit the option"},
		{"nil option", nil, "loop: New: nil Option"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is an error", func(t *testing.T) {
			l, err := loop.New(tc.opt)
			assert.Nil(t, l)
			assert.EqualError(t, err, tc.msg)
		})
	}
}

func TestWorkersEnvironmentVariable(t *testing.T) {
	tests := []struct {
		value   string
		workers int
		err     string
	}{
		{"3", 3, ""},
		{"0", 1, ""},
		{"5000", 1024, ""},
		{"many", 0, `loop: LOOP_THREADPOOL_SIZE="many": not an integer`},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s=%s", loop.WorkersEnv, tc.value), func(t *testing.T) {
			t.Setenv(loop.WorkersEnv, tc.value)
			l, err := loop.New()
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			defer l.Close()
			// Fill the pool with blocked work and count how many run at once.
			var running, peak atomic.Int32
			release := make(chan struct{})
			require.NoError(t, l.Run(func() {
				for range tc.workers + 2 {
					loop.WorkOn(l, loop.KindFastIO, func() (int, error) {
						n := running.Add(1)
						for {
							p := peak.Load()
							if n <= p || peak.CompareAndSwap(p, n) {
								break
							}
						}
						<-release
						running.Add(-1)
						return 0, nil
					}, func(error, int) {})
				}
				go func() {
					for peak.Load() < int32(tc.workers) {
						time.Sleep(time.Millisecond)
					}
					time.Sleep(10 * time.Millisecond) // would a worker too many start?
					close(release)
				}()
			}))
			assert.Equal(t, int32(tc.workers), peak.Load())
		})
	}
}

func TestPanicInACallbackStopsAndClosesTheLoop(t *testing.T) {
	tests := []struct {
		name  string
		setup func(l *loop.Loop, boom func())
	}{
		{"main", func(l *loop.Loop, boom func()) { boom() }},
		{"a timer", func(l *loop.Loop, boom func()) { l.SetTimeout(boom, 0) }},
		{"an interval", func(l *loop.Loop, boom func()) { l.SetInterval(boom, 5*time.Millisecond) }},
		{"an immediate", func(l *loop.Loop, boom func()) { l.SetImmediate(boom) }},
		{"a tick", func(l *loop.Loop, boom func()) { l.NextTick(boom) }},
		{"a work callback", func(l *loop.Loop, boom func()) {
			loop.WorkOn(l, loop.KindFastIO, func() (int, error) { return 0, nil }, func(error, int) { boom() })
		}},
		{"a close callback", func(l *loop.Loop, boom func()) { l.NewAsync().Close(boom) }},
	}
	for _, tc := range tests {
		t.Run("a panic in "+tc.name+" is returned by Run with its stack", func(t *testing.T) {
			// Four workers: SlowIO work may hold two. Two SlowIO requests
			// that wait for their context hold them, so a third stays
			// queued; a CPU request runs until the panicking callback
			// releases it; a worker is left for the FastIO work of a setup.
			l := newLoop(t, loop.WithWorkers(4))
			running := errors.New("not called")
			var queued error
			var holders []error
			block := make(chan struct{})
			err := l.Run(func() {
				for range 2 {
					loop.WorkOnContext(context.Background(), l, loop.KindSlowIO, func(ctx context.Context) (int, error) {
						<-ctx.Done()
						return 0, ctx.Err()
					}, func(err error, _ int) { holders = append(holders, err) })
				}
				loop.WorkOn(l, loop.KindSlowIO, func() (int, error) { return 0, nil }, func(err error, _ int) { queued = err })
				loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-block; return 0, nil }, func(err error, _ int) { running = err })
				tc.setup(l, func() {
					close(block)
					panic(fmt.Errorf("boom in %s", tc.name))
				})
			})
			var pe *loop.PanicError
			require.ErrorAs(t, err, &pe)
			assert.EqualError(t, pe.Value.(error), "boom in "+tc.name)
			assert.Contains(t, string(pe.Stack), "contract_test.go", "the stack shows where the panic happened")
			assert.Equal(t, "loop: panic: boom in "+tc.name, err.Error(), "the message is one line")
			assert.Contains(t, fmt.Sprintf("%+v", err), "contract_test.go", "%+v prints the stack")
			assert.ErrorIs(t, err, pe.Value.(error), "errors.Is sees through the panic to the value")
			assert.NoError(t, running, "the running request finished: its real outcome")
			assert.ErrorIs(t, queued, loop.ErrClosed, "the loop closed, calling the queued request back")
			require.Len(t, holders, 2)
			for _, err := range holders {
				assert.ErrorIs(t, err, loop.ErrClosed, "work observing its context was stopped by the close")
			}
			assert.Panics(t, func() { l.SetImmediate(func() {}) }, "the loop is closed after an uncaught panic")
		})
	}
}

func TestPanicHandlerKeepsTheLoopGoing(t *testing.T) {
	var caught []any
	l, _ := virtualLoop(t, loop.WithPanicHandler(func(p *loop.PanicError) { caught = append(caught, p.Value) }))
	var order []string
	require.NoError(t, l.Run(func() {
		l.NextTick(func() { panic("tick") })
		l.NextTick(func() { order = append(order, "next tick still runs") })
		l.SetImmediate(func() { panic("immediate") })
		l.SetImmediate(func() { order = append(order, "next immediate still runs") })
		l.SetTimeout(func() { panic("timer") }, time.Millisecond)
		l.SetTimeout(func() { order = append(order, "next timer still runs") }, time.Millisecond)
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 0, nil }, func(error, int) { panic("work callback") })
	}))
	assert.ElementsMatch(t, []any{"tick", "immediate", "timer", "work callback"}, caught)
	assert.Equal(t, []string{"next tick still runs", "next immediate still runs", "next timer still runs"}, order)
}

func TestPanicInsideThePanicHandlerStopsTheLoopWithBothPanics(t *testing.T) {
	l := newLoop(t, loop.WithPanicHandler(func(p *loop.PanicError) { panic("handler too") }))
	err := l.Run(func() { l.SetImmediate(func() { panic("first") }) })
	var values []any
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *loop.PanicError
		require.ErrorAs(t, e, &pe)
		values = append(values, pe.Value)
	}
	assert.Equal(t, []any{"first", "handler too"}, values, "the original panic is not lost")
}

func TestPanicInWorkReachesDoneAsAnError(t *testing.T) {
	l := newLoop(t)
	var got error
	var v int
	require.NoError(t, l.Run(func() {
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { panic(errors.New("bad work")) }, func(err error, n int) { got, v = err, n })
	}))
	var pe *loop.PanicError
	require.ErrorAs(t, got, &pe)
	assert.Equal(t, "bad work", pe.Value.(error).Error())
	assert.Contains(t, string(pe.Stack), "contract_test.go")
	assert.Zero(t, v)
}

func TestWorkDeliversValuesAndErrors(t *testing.T) {
	l := newLoop(t)
	sentinel := errors.New("nope")
	type result struct {
		v   string
		err error
	}
	var got []result
	require.NoError(t, l.Run(func() {
		loop.WorkOn(l, loop.KindFastIO, func() (string, error) { return "ok", nil }, func(err error, v string) { got = append(got, result{v, err}) })
		loop.WorkOn(l, loop.KindSlowIO, func() (string, error) { return "", sentinel }, func(err error, v string) { got = append(got, result{v, err}) })
	}))
	assert.ElementsMatch(t, []result{{"ok", nil}, {"", sentinel}}, got)
}

func TestCancelAfterStartReturnsFalse(t *testing.T) {
	l := newLoop(t)
	started := make(chan struct{})
	release := make(chan struct{})
	var got error = errors.New("not called")
	require.NoError(t, l.Run(func() {
		r := loop.WorkOn(l, loop.KindCPU, func() (int, error) { close(started); <-release; return 7, nil }, func(err error, _ int) { got = err })
		<-started
		assert.False(t, r.Cancel(), "a running request cannot be canceled")
		close(release)
		l.SetImmediate(func() { assert.False(t, r.Cancel()) })
	}))
	assert.NoError(t, got)
}

func TestSlowWorkCannotStarveFileSystemWork(t *testing.T) {
	l := newLoop(t, loop.WithWorkers(4))
	release := make(chan struct{})
	var fsDone bool
	require.NoError(t, l.Run(func() {
		for range 10 {
			loop.WorkOn(l, loop.KindSlowIO, func() (int, error) { <-release; return 0, nil }, func(error, int) {})
		}
		loop.WorkOn(l, loop.KindFastIO, func() (int, error) { return 0, nil }, func(error, int) {
			fsDone = true
			close(release)
		})
	}))
	assert.True(t, fsDone)
}

func TestRunReturnsLeavesNoWorker(t *testing.T) {
	l := newLoop(t)
	require.NoError(t, l.Run(func() {
		for range 20 {
			loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 0, nil }, func(error, int) {})
		}
	}))
	assert.Zero(t, l.Metrics().Pool.Workers, "an idle loop stops its workers when Run returns")
}

func TestPostFromManyGoroutinesRunsEachOnce(t *testing.T) {
	l := newLoop(t)
	const n = 1000
	got := make(map[int]int)
	require.NoError(t, l.Run(func() {
		a := l.NewAsync()
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				assert.NoError(t, a.Post(func() { got[i]++ }))
			}()
		}
		go func() {
			wg.Wait()
			_ = a.Post(func() { a.Close(nil) })
		}()
	}))
	assert.Len(t, got, n)
	for i, c := range got {
		assert.Equal(t, 1, c, "post %d", i)
	}
}

func TestDefaultIsRecreatedAfterClose(t *testing.T) {
	d := loop.Default()
	assert.Same(t, d, loop.Default())
	require.NoError(t, d.Close())
	d2 := loop.Default()
	assert.NotSame(t, d, d2)
	ran := false
	require.NoError(t, loop.Run(func() { loop.NextTick(func() { ran = true }) }))
	assert.True(t, ran)
}
