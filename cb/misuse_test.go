package cb_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
)

func TestMisuseAtTheCallSitePanicsNamingTheFunction(t *testing.T) {
	nop := func(int, func(error)) {}
	final := func(error) {}
	for _, c := range []struct {
		name string
		call func()
		want string
	}{
		{"a limit of 0", func() { cb.EachLimit([]int{1}, 0, nop, final) }, "cb: EachLimit called with limit 0; it must be at least 1"},
		{"a negative limit", func() { cb.MapLimit([]int{1}, -2, func(int, cb.Callback[int]) {}, func(error, []int) {}) }, "cb: MapLimit called with limit -2; it must be at least 1"},
		{"a nil iteratee", func() { cb.Each[int](nil, nil, final) }, "cb: Each called with nil iteratee"},
		{"a nil final callback", func() { cb.EachSeries([]int{1}, nop, nil) }, "cb: EachSeries called with nil callback"},
		{"a nil predicate", func() { cb.Filter[int](nil, nil, func(error, []int) {}) }, "cb: Filter called with nil predicate"},
		{"a nil task", func() { cb.Parallel([]cb.Task[int]{nil}, func(error, []int) {}) }, "cb: Parallel called with a nil task at index 0"},
		{"a nil waterfall step", func() {
			cb.Waterfall([]func(int, cb.Callback[int]){func(int, cb.Callback[int]) {}, nil}, func(error, int) {})
		}, "cb: Waterfall called with a nil task at index 1"},
		{"a negative count", func() { cb.Times(-1, func(int, cb.Callback[int]) {}, func(error, []int) {}) }, "cb: Times called with a negative count"},
		{"a queue of concurrency 0", func() { cb.NewQueue(nop, 0) }, "cb: NewQueue called with concurrency 0; it must be at least 1"},
		{"a cargo of payload 0", func() { cb.NewCargo(func([]int, func(error)) {}, 0) }, "cb: NewCargo called with payload 0; it must be at least 1"},
		{"a concurrency set to 0", func() { cb.NewQueue(nop, 1).SetConcurrency(0) }, "cb: SetConcurrency called with concurrency 0; it must be at least 1"},
		{"an Auto limit of 0", func() { cb.AutoLimit(nil, 0, func(error, cb.Results) {}) }, "cb: AutoLimit called with limit 0; it must be at least 1"},
		{"negative retry times", func() {
			cb.Retry(cb.RetryOptions{Times: -1}, func(cb.Callback[int]) {}, func(error, int) {})
		}, "cb: Retry called with a negative RetryOptions.Times"},
		{"a nil loop for Await", func() { _, _ = cb.Await[int](nil, func(cb.Callback[int]) {}) }, "cb: Await called with a nil *loop.Loop"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.PanicsWithValue(t, c.want, c.call)
		})
	}
}

func TestAutoChecksItsGraphBeforeRunningAnything(t *testing.T) {
	ran := false
	task := func(deps ...string) cb.AutoTask {
		return cb.Needs(deps, func(_ cb.Results, done cb.Callback[int]) { ran = true; done(nil, 1) })
	}
	final := func(error, cb.Results) { t.Error("the final callback ran") }
	assert.PanicsWithValue(t, `cb: Auto: task "b" needs "x", which is not one of the tasks`, func() {
		cb.Auto(map[string]cb.AutoTask{"a": task(), "b": task("a", "x")}, final)
	})
	assert.PanicsWithValue(t, "cb: Auto called with a dependency cycle: b -> c -> d -> b", func() {
		cb.Auto(map[string]cb.AutoTask{"a": task(), "b": task("a", "c"), "c": task("d"), "d": task("b")}, final)
	})
	assert.PanicsWithValue(t, "cb: Auto called with a dependency cycle: a -> a", func() {
		cb.Auto(map[string]cb.AutoTask{"a": task("a")}, final)
	})
	assert.False(t, ran)
}

func TestGetPanicsOnAMissingOrMistypedValue(t *testing.T) {
	r := cb.Results{"n": 1}
	assert.Equal(t, 1, cb.Get[int](r, "n"))
	assert.PanicsWithValue(t, `cb: Get: no value for task "m" (is it among the task's needs?)`, func() { cb.Get[int](r, "m") })
	assert.PanicsWithValue(t, `cb: Get: task "n" has a value of type int, not string`, func() { cb.Get[string](r, "n") })
}

// TestACallbackCalledTwicePanics runs every entry point of the contract
// table with a first task that calls its callback twice, synchronously and
// in a later iteration: the second call panics with ErrMultipleCallback,
// naming the entry point and the function that got the callback, and Run
// returns the panic.
func TestACallbackCalledTwicePanics(t *testing.T) {
	for _, e := range entries {
		for _, sync := range []bool{true, false} {
			how := "async"
			if sync {
				how = "sync"
			}
			t.Run(e.name+"/"+how, func(t *testing.T) {
				l := virtualLoop(t)
				p := &probe{t: t, l: l, sync: sync, failAt: -1, twice: true}
				err := l.Run(func() {
					// The synchronous second call panics out of the call; the
					// loop's close then runs what is left, the final callback
					// perhaps.
					defer func() { p.returned = true }()
					e.run(p, 3)
				})
				var pe *loop.PanicError
				require.ErrorAs(t, err, &pe)
				require.ErrorIs(t, err, cb.ErrMultipleCallback)
				msg := pe.Error()
				assert.Contains(t, msg, "was called twice (Callback was already called.)")
				assert.Regexp(t, `it was given to cb_test\.\S+`, msg, "the message names the function that got the callback")
				var coded interface{ Code() string }
				require.True(t, errors.As(pe.Value.(error), &coded))
				assert.Equal(t, "ERR_MULTIPLE_CALLBACK", coded.Code())
			})
		}
	}
}

func TestTheDoubleCallMessageNamesTheItem(t *testing.T) {
	l := virtualLoop(t)
	err := l.Run(func() {
		cb.EachLimit([]int{10, 11, 12}, 2, func(x int, done func(error)) {
			done(nil)
			if x == 11 {
				l.SetImmediate(func() { done(nil) })
			}
		}, func(error) {})
	})
	require.ErrorIs(t, err, cb.ErrMultipleCallback)
	assert.Regexp(t, `^loop: panic: cb: EachLimit: the callback of item 1 was called twice \(Callback was already called\.\); it was given to cb_test\.TestTheDoubleCallMessageNamesTheItem\.func1\.1 \(misuse_test\.go:\d+\)$`, err.Error())
}

func TestTrackCallbacksListsTheCallbacksNeverCalled(t *testing.T) {
	l := virtualLoop(t)
	cb.TrackCallbacks(l)
	cb.TrackCallbacks(l) // idempotent
	var q *cb.Queue[string]
	require.NoError(t, l.Run(func() {
		// Item 1 never calls back, so the final callback never runs.
		cb.Map([]int{0, 1, 2}, func(x int, done cb.Callback[int]) {
			if x != 1 {
				done(nil, x)
			}
		}, func(error, []int) { t.Error("the final callback ran") })
		// A Series whose second task forgets its callback.
		cb.Series([]cb.Task[int]{
			func(done cb.Callback[int]) { l.SetImmediate(func() { done(nil, 1) }) },
			func(done cb.Callback[int]) {},
		}, func(error, []int) {})
		// A Waterfall whose step waits for a timer the loop is not kept
		// alive for.
		cb.Waterfall([]func(int, cb.Callback[int]){
			func(_ int, done cb.Callback[int]) { l.SetTimeout(func() { done(nil, 1) }, time.Hour).Unref() },
		}, func(error, int) {})
		// A worker that never calls back, and a job left in a paused queue.
		q = cb.NewQueue(func(job string, done func(error)) {}, 1)
		q.Push("stuck", nil)
		q.Push("waiting", nil)
		l.SetImmediate(q.Pause)
		// One that completes is not listed.
		cb.Each([]int{1}, func(_ int, done func(error)) { done(nil) }, func(error) {})
	}))
	out := cb.NeverCalled(l)
	var lines []string
	for _, o := range out {
		lines = append(lines, fmt.Sprintf("%s|%s|%s", o.Func, o.What, o.Site))
	}
	require.Len(t, lines, 5, strings.Join(lines, "\n"))
	assert.Regexp(t, `^Map\|item 1\|misuse_test\.go:\d+$`, lines[0])
	assert.Regexp(t, `^Series\|task 1\|misuse_test\.go:\d+$`, lines[1])
	assert.Regexp(t, `^Waterfall\|task 0\|misuse_test\.go:\d+$`, lines[2])
	assert.Regexp(t, `^Queue\|job 0\|misuse_test\.go:\d+$`, lines[3])
	assert.Regexp(t, `^Queue\|job 1, waiting in the paused queue\|misuse_test\.go:\d+$`, lines[4])
	assert.Contains(t, out[0].String(), "Map: the callback of item 1 was never called; it was given to cb_test.TestTrackCallbacksListsTheCallbacksNeverCalled")
	err := cb.CheckCallbacks(l)
	require.ErrorIs(t, err, cb.ErrNeverCalled)
	assert.Equal(t, "ERR_CB_NEVER_CALLED", loop.Code(err))
	assert.Contains(t, err.Error(), "cb: 5 callback(s) never called:\n\tMap: the callback of item 1")
}

func TestWithoutTrackingNothingIsListed(t *testing.T) {
	l := newLoop(t)
	require.NoError(t, l.Run(func() {
		cb.Each([]int{1}, func(int, func(error)) {}, func(error) {})
	}))
	assert.Nil(t, cb.NeverCalled(l))
	assert.NoError(t, cb.CheckCallbacks(l))
}

func TestTrackingAllCalledListsNothing(t *testing.T) {
	l := virtualLoop(t)
	cb.TrackCallbacks(l)
	require.NoError(t, l.Run(func() {
		p := &probe{t: t, l: l, failAt: 2}
		for _, e := range entries {
			e.run(p, 4)
		}
		p.returned = true
	}))
	assert.NoError(t, cb.CheckCallbacks(l))
}
