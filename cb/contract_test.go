package cb_test

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
)

// probe is what every entry point of the contract table is driven with:
// the tasks complete through step, the final callback calls final, and
// the probe records how the contract held.
type probe struct {
	t        *testing.T
	l        *loop.Loop
	sync     bool // tasks call back synchronously
	failAt   int  // the task that fails, or -1
	twice    bool // task 0 calls back twice
	returned bool // the entry point's call has returned
	finals   int
	onStep   func(i int) // if set, called as each task starts to complete
	cheap    bool        // skip the goroutine check (a stack walk) in final
}

// step completes task i, synchronously or in the next iteration, with an
// error if it is the failing one.
func (p *probe) step(i int, done func(error)) {
	if p.onStep != nil {
		p.onStep(i)
	}
	fin := func() {
		var err error
		if i == p.failAt {
			err = errBoom(i)
		}
		done(err)
		if p.twice && i == 0 {
			done(err)
		}
	}
	if p.sync {
		fin()
		return
	}
	p.l.SetImmediate(fin)
}

// final is the final callback: it must run on the loop goroutine, after
// the entry point's call returned.
func (p *probe) final() {
	p.finals++
	assert.True(p.t, p.returned, "the final callback ran inside the call")
	if !p.cheap {
		assert.True(p.t, p.l.InLoop(), "the final callback ran off the loop goroutine")
	}
}

func items(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func (p *probe) each(x int, done func(error))        { p.step(x, done) }
func (p *probe) value(x int, done cb.Callback[int])  { p.step(x, func(err error) { done(err, x) }) }
func (p *probe) truth(x int, done cb.Callback[bool]) { p.step(x, func(err error) { done(err, false) }) }
func (p *probe) slice(x int, done cb.Callback[[]int]) {
	p.step(x, func(err error) { done(err, []int{x}) })
}
func (p *probe) task(i int) cb.Task[int] { return func(done cb.Callback[int]) { p.value(i, done) } }
func (p *probe) tasks(n int) []cb.Task[int] {
	ts := make([]cb.Task[int], n)
	for i := range ts {
		ts[i] = p.task(i)
	}
	return ts
}
func (p *probe) finalErr(error)                   { p.final() }
func finalV[T any](p *probe) func(error, T)       { return func(error, T) { p.final() } }
func finalD[T any](p *probe) func(error, T, bool) { return func(error, T, bool) { p.final() } }
func (p *probe) counter(i *int) func(cb.Callback[bool]) {
	return func(done cb.Callback[bool]) { done(nil, *i < 0) }
}

// entry is one entry point of package cb that takes a final callback. run
// starts it over n items (or n steps), driving its tasks with p.
type entry struct {
	name string
	run  func(p *probe, n int)
	// jobs: the entry point is a queue, whose "final callbacks" are the
	// callbacks of its n jobs.
	jobs bool
}

var entries = []entry{
	{name: "Each", run: func(p *probe, n int) { cb.Each(items(n), p.each, p.finalErr) }},
	{name: "EachSeries", run: func(p *probe, n int) { cb.EachSeries(items(n), p.each, p.finalErr) }},
	{name: "EachLimit", run: func(p *probe, n int) { cb.EachLimit(items(n), 2, p.each, p.finalErr) }},
	{name: "Map", run: func(p *probe, n int) { cb.Map(items(n), p.value, finalV[[]int](p)) }},
	{name: "MapSeries", run: func(p *probe, n int) { cb.MapSeries(items(n), p.value, finalV[[]int](p)) }},
	{name: "MapLimit", run: func(p *probe, n int) { cb.MapLimit(items(n), 2, p.value, finalV[[]int](p)) }},
	{name: "Times", run: func(p *probe, n int) { cb.Times(n, p.value, finalV[[]int](p)) }},
	{name: "TimesSeries", run: func(p *probe, n int) { cb.TimesSeries(n, p.value, finalV[[]int](p)) }},
	{name: "TimesLimit", run: func(p *probe, n int) { cb.TimesLimit(n, 2, p.value, finalV[[]int](p)) }},
	{name: "Reduce", run: func(p *probe, n int) {
		cb.Reduce(items(n), 0, func(m, x int, done cb.Callback[int]) { p.value(x, done) }, finalV[int](p))
	}},
	{name: "ReduceRight", run: func(p *probe, n int) {
		cb.ReduceRight(items(n), 0, func(m, x int, done cb.Callback[int]) { p.value(x, done) }, finalV[int](p))
	}},
	{name: "Concat", run: func(p *probe, n int) { cb.Concat(items(n), p.slice, finalV[[]int](p)) }},
	{name: "ConcatSeries", run: func(p *probe, n int) { cb.ConcatSeries(items(n), p.slice, finalV[[]int](p)) }},
	{name: "ConcatLimit", run: func(p *probe, n int) { cb.ConcatLimit(items(n), 2, p.slice, finalV[[]int](p)) }},
	{name: "GroupBy", run: func(p *probe, n int) { cb.GroupBy(items(n), p.value, finalV[map[int][]int](p)) }},
	{name: "GroupBySeries", run: func(p *probe, n int) { cb.GroupBySeries(items(n), p.value, finalV[map[int][]int](p)) }},
	{name: "GroupByLimit", run: func(p *probe, n int) { cb.GroupByLimit(items(n), 2, p.value, finalV[map[int][]int](p)) }},
	{name: "SortBy", run: func(p *probe, n int) { cb.SortBy(items(n), p.value, finalV[[]int](p)) }},
	{name: "Filter", run: func(p *probe, n int) { cb.Filter(items(n), p.truth, finalV[[]int](p)) }},
	{name: "FilterSeries", run: func(p *probe, n int) { cb.FilterSeries(items(n), p.truth, finalV[[]int](p)) }},
	{name: "FilterLimit", run: func(p *probe, n int) { cb.FilterLimit(items(n), 2, p.truth, finalV[[]int](p)) }},
	{name: "Reject", run: func(p *probe, n int) { cb.Reject(items(n), p.truth, finalV[[]int](p)) }},
	{name: "RejectSeries", run: func(p *probe, n int) { cb.RejectSeries(items(n), p.truth, finalV[[]int](p)) }},
	{name: "RejectLimit", run: func(p *probe, n int) { cb.RejectLimit(items(n), 2, p.truth, finalV[[]int](p)) }},
	{name: "Detect", run: func(p *probe, n int) { cb.Detect(items(n), p.truth, finalD[int](p)) }},
	{name: "DetectSeries", run: func(p *probe, n int) { cb.DetectSeries(items(n), p.truth, finalD[int](p)) }},
	{name: "DetectLimit", run: func(p *probe, n int) { cb.DetectLimit(items(n), 2, p.truth, finalD[int](p)) }},
	{name: "Some", run: func(p *probe, n int) { cb.Some(items(n), p.truth, finalV[bool](p)) }},
	{name: "SomeSeries", run: func(p *probe, n int) { cb.SomeSeries(items(n), p.truth, finalV[bool](p)) }},
	{name: "SomeLimit", run: func(p *probe, n int) { cb.SomeLimit(items(n), 2, p.truth, finalV[bool](p)) }},
	{name: "Every", run: func(p *probe, n int) { cb.Every(items(n), p.truth, finalV[bool](p)) }},
	{name: "EverySeries", run: func(p *probe, n int) { cb.EverySeries(items(n), p.truth, finalV[bool](p)) }},
	{name: "EveryLimit", run: func(p *probe, n int) { cb.EveryLimit(items(n), 2, p.truth, finalV[bool](p)) }},
	{name: "Parallel", run: func(p *probe, n int) { cb.Parallel(p.tasks(n), finalV[[]int](p)) }},
	{name: "ParallelLimit", run: func(p *probe, n int) { cb.ParallelLimit(p.tasks(n), 2, finalV[[]int](p)) }},
	{name: "Series", run: func(p *probe, n int) { cb.Series(p.tasks(n), finalV[[]int](p)) }},
	{name: "Race", run: func(p *probe, n int) { cb.Race(p.tasks(n), finalV[int](p)) }},
	{name: "Waterfall", run: func(p *probe, n int) {
		steps := make([]func(int, cb.Callback[int]), n)
		for i := range steps {
			steps[i] = func(_ int, done cb.Callback[int]) { p.value(i, done) }
		}
		cb.Waterfall(steps, finalV[int](p))
	}},
	{name: "Waterfall2", run: func(p *probe, n int) {
		cb.Waterfall2(p.task(0), func(a int, done cb.Callback[int]) { p.value(1, done) }, finalV[int](p))
	}},
	{name: "Waterfall3", run: func(p *probe, n int) {
		next := func(i int) func(int, cb.Callback[int]) {
			return func(_ int, done cb.Callback[int]) { p.value(i, done) }
		}
		cb.Waterfall3(p.task(0), next(1), next(2), finalV[int](p))
	}},
	{name: "Whilst", run: func(p *probe, n int) {
		i := 0
		cb.Whilst(func(done cb.Callback[bool]) { done(nil, i < n) }, func(done cb.Callback[int]) { i++; p.value(i-1, done) }, finalV[int](p))
	}},
	{name: "Until", run: func(p *probe, n int) {
		i := 0
		cb.Until(func(done cb.Callback[bool]) { done(nil, i >= n) }, func(done cb.Callback[int]) { i++; p.value(i-1, done) }, finalV[int](p))
	}},
	{name: "DoWhilst", run: func(p *probe, n int) {
		i := 0
		cb.DoWhilst(func(done cb.Callback[int]) { i++; p.value(i-1, done) }, func(_ int, done cb.Callback[bool]) { done(nil, i < n) }, finalV[int](p))
	}},
	{name: "DoUntil", run: func(p *probe, n int) {
		i := 0
		cb.DoUntil(func(done cb.Callback[int]) { i++; p.value(i-1, done) }, func(_ int, done cb.Callback[bool]) { done(nil, i >= n) }, finalV[int](p))
	}},
	{name: "Forever", run: func(p *probe, n int) {
		// Forever ends only with an error: the n-th run (or the failing one) fails.
		i := 0
		cb.Forever(func(done func(error)) {
			i++
			k := i - 1
			p.step(k, func(err error) {
				if err == nil && k >= n-1 {
					err = errBoom("end")
				}
				done(err)
			})
		}, p.finalErr)
	}},
	{name: "Retry", run: func(p *probe, n int) {
		// The first n-1 attempts fail.
		i := 0
		cb.Retry(cb.RetryOptions{Times: n + 1}, func(done cb.Callback[int]) {
			i++
			k := i - 1
			p.step(k, func(err error) {
				if err == nil && k < n-1 {
					err = errBoom("again")
				}
				done(err, k)
			})
		}, finalV[int](p))
	}},
	{name: "Retryable", run: func(p *probe, n int) {
		cb.Series([]cb.Task[int]{cb.Retryable(cb.RetryOptions{Times: 2}, p.task(0))}, finalV[[]int](p))
	}},
	{name: "Auto", run: func(p *probe, n int) { cb.Auto(autoChain(p, n), finalV[cb.Results](p)) }},
	{name: "AutoLimit", run: func(p *probe, n int) { cb.AutoLimit(autoChain(p, n), 1, finalV[cb.Results](p)) }},
	{name: "Then", run: func(p *probe, n int) {
		cb.Series([]cb.Task[int]{cb.Then(p.task(0), func(int, cb.Callback[int]) {})}, finalV[[]int](p))
	}},
	{name: "Queue", jobs: true, run: func(p *probe, n int) {
		q := cb.NewQueue(p.each, 2)
		for i := range n {
			q.Push(i, p.finalErr)
		}
	}},
	{name: "PriorityQueue", jobs: true, run: func(p *probe, n int) {
		q := cb.NewPriorityQueue(p.each, 2)
		for i := range n {
			q.Push(i, -i, p.finalErr)
		}
	}},
	{name: "Cargo", jobs: true, run: func(p *probe, n int) {
		q := cb.NewCargoQueue(func(jobs []int, done func(error)) { p.step(jobs[0], done) }, 2, 2)
		for i := range n {
			q.Push(i, p.finalErr)
		}
	}},
}

// autoChain is n tasks, each needing the one before.
func autoChain(p *probe, n int) map[string]cb.AutoTask {
	tasks := map[string]cb.AutoTask{}
	for i := range n {
		var deps []string
		if i > 0 {
			deps = []string{"t" + strconv.Itoa(i-1)}
		}
		tasks["t"+strconv.Itoa(i)] = cb.Needs(deps, func(_ cb.Results, done cb.Callback[int]) { p.value(i, done) })
	}
	return tasks
}

func init() {
	// Then's second step never calls back above (it is the first that
	// matters to the table); replace it with one that does.
	for i := range entries {
		if entries[i].name == "Then" {
			entries[i].run = func(p *probe, n int) {
				cb.Series([]cb.Task[int]{cb.Then(p.task(0), func(_ int, done cb.Callback[int]) { p.value(1, done) })}, finalV[[]int](p))
			}
		}
	}
}

// TestEveryEntryPointCallsBackOnceAndNeverInsideTheCall holds every entry
// point that takes a final callback to the package's contract, with tasks
// that call back synchronously and asynchronously, with and without an
// error, and on an empty input: the final callback runs exactly once, on
// the loop goroutine, after the call returned.
func TestEveryEntryPointCallsBackOnceAndNeverInsideTheCall(t *testing.T) {
	for _, e := range entries {
		for _, n := range []int{0, 1, 5} {
			for _, sync := range []bool{true, false} {
				for _, failAt := range []int{-1, 0, 3} {
					if failAt >= max(n, 1) {
						continue
					}
					how := "async"
					if sync {
						how = "sync"
					}
					name := fmt.Sprintf("%s/%d items/%s tasks/fail at %d", e.name, n, how, failAt)
					t.Run(name, func(t *testing.T) {
						l := virtualLoop(t)
						p := &probe{t: t, l: l, sync: sync, failAt: failAt}
						require.NoError(t, l.Run(func() {
							e.run(p, n)
							p.returned = true
						}))
						want := 1
						if e.jobs {
							want = n
						}
						assert.Equal(t, want, p.finals, "final callbacks")
					})
				}
			}
		}
	}
}

// TestSynchronousTasksDoNotGrowTheStack runs a million tasks that call back
// synchronously through each engine and checks that the last one runs at
// the same stack depth as the first: the run is a loop, not a recursion
// (async.js's ensureAsync problem).
func TestSynchronousTasksDoNotGrowTheStack(t *testing.T) {
	if testing.Short() {
		t.Skip("a million tasks per entry point")
	}
	for _, name := range []string{"EachSeries", "EachLimit", "MapSeries", "Series", "ParallelLimit", "Reduce", "Waterfall", "Whilst", "DoUntil", "Retry", "Auto", "Queue", "Cargo"} {
		t.Run(name, func(t *testing.T) {
			var e entry
			for _, x := range entries {
				if x.name == name {
					e = x
				}
			}
			n := 1_000_000
			if raceEnabled {
				n = 100_000
			}
			if name == "Auto" || name == "Retry" {
				n = 20_000 // building the graph, or the attempts' timers, dominate beyond
			}
			steps := n
			if name == "Cargo" {
				steps = n / 2 // one worker call per batch of two
			}
			l := newLoop(t)
			p := &probe{t: t, l: l, sync: true, failAt: -1, cheap: true}
			var first, last, calls int
			p.onStep = func(i int) {
				// A stack walk costs microseconds: measure the first and the last.
				if calls == 0 {
					first = stackDepth()
				}
				if calls == steps-1 {
					last = stackDepth()
				}
				calls++
			}
			require.NoError(t, l.Run(func() {
				e.run(p, n)
				p.returned = true
			}))
			require.Equal(t, steps, calls, "tasks run")
			// Retry's later attempts start from a timer, higher up the
			// stack than the first: no deeper is what matters.
			assert.LessOrEqual(t, last, first, "stack depth of the last task against the first")
			want := 1
			if e.jobs {
				want = n
			}
			assert.Equal(t, want, p.finals)
		})
	}
}

func stackDepth() int {
	var pcs [1024]uintptr
	return runtime.Callers(0, pcs[:])
}
