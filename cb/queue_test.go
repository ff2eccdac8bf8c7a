package cb_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
)

var queueHops = map[string]int{"a": 3, "b": 1, "c": 2, "d": 0, "e": 1, "z": 1}

// hookable is what the hooks of the three queue types share.
type hookable[J any] interface {
	OnSaturated(func())
	OnUnsaturated(func())
	OnEmpty(func())
	OnDrain(func())
	OnError(func(error, J))
	Length() int
	Running() int
	Idle() bool
}

func hooks[J any](s *scene, q hookable[J]) {
	q.OnSaturated(func() { s.log("saturated running=%d", q.Running()) })
	q.OnUnsaturated(func() { s.log("unsaturated running=%d", q.Running()) })
	q.OnEmpty(func() { s.log("empty") })
	q.OnDrain(func() { s.log("drain") })
	q.OnError(func(err error, job J) { s.log("error %s job=%s", errText(err), show(job)) })
}

func state[J any](s *scene, q hookable[J], when string) {
	s.log("%s: length=%d running=%d idle=%t", when, q.Length(), q.Running(), q.Idle())
}

// queueWorker is the scripts' worker: it logs the job, waits its hops,
// runs extra, and fails for the failing job.
func queueWorker(s *scene, fail string, extra func(string)) func(string, func(error)) {
	return func(x string, done func(error)) {
		s.log("start %s", x)
		s.later(queueHops[x], func() {
			if extra != nil {
				extra(x)
			}
			if x == fail {
				s.log("done %s with an error", x)
				done(errBoom(x))
				return
			}
			s.log("done %s", x)
			done(nil)
		})
	}
}

func logCallback(s *scene, x string) func(error) {
	return func(err error) { s.log("callback %s err=%s", x, errText(err)) }
}

// The twins of testdata/asyncjs/queues.js.
func queueScenarios() []scenario {
	var out []scenario
	add := func(name string, run func(s *scene)) { out = append(out, scenario{name: name, run: run}) }

	for _, c := range []struct {
		name        string
		fail        string
		concurrency int
	}{{"ok", "", 2}, {"error", "c", 2}, {"one", "", 1}, {"four", "", 4}} {
		add("queue/"+c.name, func(s *scene) {
			q := cb.NewQueue(queueWorker(s, c.fail, nil), c.concurrency)
			hooks(s, q)
			q.OnDrain(func() { s.log("drain"); state(s, q, "drained"); s.end() })
			for _, x := range []string{"a", "b", "c", "d"} {
				q.Push(x, logCallback(s, x))
			}
			state(s, q, "pushed")
		})
	}

	add("queue/sync", func(s *scene) {
		q := cb.NewQueue(func(x string, done func(error)) {
			s.log("run %s", x)
			if x == "c" {
				done(errBoom(x))
				return
			}
			done(nil)
		}, 2)
		hooks(s, q)
		q.OnDrain(func() { s.log("drain"); s.end() })
		for _, x := range []string{"a", "b", "c", "d", "e"} {
			q.Push(x, logCallback(s, x))
		}
	})

	add("queue/unshift", func(s *scene) {
		q := cb.NewQueue(queueWorker(s, "", nil), 1)
		q.OnDrain(func() { s.log("drain"); s.end() })
		q.Push("a", func(error) { s.log("callback a") })
		q.Push("b", func(error) { s.log("callback b") })
		q.Unshift("z", func(error) { s.log("callback z") })
	})

	add("queue/pause", func(s *scene) {
		var q *cb.Queue[string]
		q = cb.NewQueue(queueWorker(s, "", func(x string) {
			if x == "a" {
				q.Pause()
				state(s, q, "paused")
				s.later(4, func() { state(s, q, "resuming"); q.Resume() })
			}
		}), 2)
		hooks(s, q)
		q.OnDrain(func() { s.log("drain"); s.end() })
		for _, x := range []string{"a", "b", "c", "d", "e"} {
			q.Push(x, logCallback(s, x))
		}
	})

	add("queue/concurrency", func(s *scene) {
		var q *cb.Queue[string]
		q = cb.NewQueue(queueWorker(s, "", nil), 1)
		hooks(s, q)
		q.OnDrain(func() { s.log("drain"); s.end() })
		q.Push("a", func(error) { s.log("callback a, concurrency to 3"); q.SetConcurrency(3) })
		for _, x := range []string{"b", "c", "d", "e"} {
			q.Push(x, func(error) { s.log("callback %s", x) })
		}
	})

	add("queue/drainAgain", func(s *scene) {
		var q *cb.Queue[string]
		again := true
		q = cb.NewQueue(queueWorker(s, "", nil), 2)
		q.OnDrain(func() {
			s.log("drain")
			if again {
				again = false
				q.Push("b", func(error) { s.log("callback b") })
				return
			}
			s.end()
		})
		q.Push("a", func(error) { s.log("callback a") })
	})

	add("priorityQueue/ok", func(s *scene) {
		q := cb.NewPriorityQueue(queueWorker(s, "c", nil), 1)
		hooks(s, q)
		q.OnDrain(func() { s.log("drain"); s.end() })
		for _, j := range []struct {
			x string
			p int
		}{{"a", 3}, {"b", 1}, {"c", 2}, {"d", 1}, {"e", 0}} {
			q.Push(j.x, j.p, logCallback(s, j.x))
		}
		state(s, q, "pushed")
	})

	for _, c := range []struct {
		name        string
		concurrency int
		fail        string
	}{{"cargo/ok", 1, ""}, {"cargo/error", 1, "c"}, {"cargoQueue/ok", 2, ""}} {
		add(c.name, func(s *scene) {
			w := func(jobs []string, done func(error)) {
				s.log("batch %s", show(jobs))
				s.later(len(jobs), func() {
					for _, j := range jobs {
						if j == c.fail {
							done(errBoom(c.fail))
							return
						}
					}
					done(nil)
				})
			}
			var q *cb.Cargo[string]
			if c.concurrency == 1 {
				q = cb.NewCargo(w, 2)
			} else {
				q = cb.NewCargoQueue(w, c.concurrency, 2)
			}
			hooks(s, q)
			q.OnDrain(func() { s.log("drain"); s.end() })
			for _, x := range []string{"a", "b", "c", "d", "e"} {
				q.Push(x, logCallback(s, x))
			}
		})
	}
	return out
}

// newLoop returns a loop closed at the end of the test.
func newLoop(t testing.TB, opts ...loop.Option) *loop.Loop {
	t.Helper()
	l, err := loop.New(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// virtualLoop returns a loop in virtual time: timers fire as soon as
// nothing else is left to do.
func virtualLoop(t testing.TB) *loop.Loop {
	t.Helper()
	clk := loop.NewManualClock(time.Unix(0, 0))
	clk.SetAutoAdvance(true)
	return newLoop(t, loop.WithClock(clk))
}

func TestQueueUnderLoadCompletesEveryJobOnce(t *testing.T) {
	const jobs, concurrency = 100_000, 16
	l := newLoop(t)
	calls := make([]int, jobs)
	running, peak, drains, worked := 0, 0, 0, 0
	require.NoError(t, l.Run(func() {
		q := cb.NewQueue(func(j int, done func(error)) {
			worked++
			running++
			peak = max(peak, running)
			finish := func() {
				running--
				if j%97 == 0 {
					done(errBoom(j))
					return
				}
				done(nil)
			}
			// A mix of completions: synchronous, in a tick, in the next
			// iteration, and on the pool.
			switch j % 4 {
			case 0:
				finish()
			case 1:
				l.NextTick(finish)
			case 2:
				l.SetImmediate(finish)
			case 3:
				loop.WorkOn(l, loop.KindCPU, func() (int, error) { return j, nil }, func(error, int) { finish() })
			}
		}, concurrency)
		q.OnDrain(func() { drains++ })
		for j := range jobs {
			q.Push(j, func(err error) {
				calls[j]++
				if j%97 == 0 {
					assert.Error(t, err)
				} else {
					assert.NoError(t, err)
				}
			})
		}
	}))
	for j, n := range calls {
		if n != 1 {
			t.Fatalf("job %d: callback called %d times, want 1", j, n)
		}
	}
	assert.Equal(t, jobs, worked)
	assert.Equal(t, concurrency, peak, "the queue ran more (or fewer) jobs at once than its concurrency")
	assert.Equal(t, 1, drains)
}

// FuzzQueuePauseResumeKill drives a queue with a script of operations, one
// per loop iteration, against jobs that finish at different times: push,
// unshift, push with a context canceled later, pause, resume, kill, a new
// concurrency. Whatever the script, every job's callback is called
// exactly once, a killed or withdrawn job never runs, at most concurrency
// jobs run at once, and a running job's callback gets the worker's outcome.
func FuzzQueuePauseResumeKill(f *testing.F) {
	f.Add([]byte{0, 0, 0, 3, 0, 4, 0, 0})
	f.Add([]byte{0, 1, 2, 0, 5, 3, 7, 0, 4})
	f.Add([]byte{0, 0, 0, 0, 6, 0, 2, 2})
	f.Add([]byte{3, 0, 0, 0, 0, 6, 4, 0})
	f.Add([]byte{0, 16, 32, 48, 5, 21, 3, 2, 4, 64, 6, 1})
	f.Fuzz(func(t *testing.T, script []byte) {
		if len(script) > 256 {
			script = script[:256]
		}
		l := newLoop(t)
		type rec struct {
			calls    int
			ran      bool
			err      error
			canceled bool
		}
		var recs []*rec
		killed := false
		running, concurrency := 0, 2
		var q *cb.Queue[int]
		worker := func(j int, done func(error)) {
			r := recs[j]
			require.False(t, r.ran, "job %d ran twice", j)
			r.ran = true
			running++
			require.LessOrEqual(t, running, q.Concurrency(), "job %d: more jobs running than the concurrency", j)
			finish := func() {
				running--
				if j%5 == 4 {
					done(errBoom(j))
					return
				}
				done(nil)
			}
			switch j % 3 {
			case 0:
				finish()
			case 1:
				l.NextTick(finish)
			default:
				l.SetImmediate(finish)
			}
		}
		push := func(how byte) {
			j := len(recs)
			r := &rec{}
			recs = append(recs, r)
			cbk := func(err error) { r.calls++; r.err = err }
			switch how % 3 {
			case 0:
				q.Push(j, cbk)
			case 1:
				q.Unshift(j, cbk)
			default:
				ctx, cancel := context.WithCancel(context.Background())
				q.PushContext(ctx, j, cbk)
				l.SetImmediate(func() { r.canceled = true; cancel() })
			}
		}
		var step func(i int)
		step = func(i int) {
			if i == len(script) {
				if !killed {
					q.Resume() // so the jobs still waiting run
				}
				return
			}
			op := script[i]
			switch op & 7 {
			case 0, 1, 2:
				push(op >> 3)
			case 3:
				q.Pause()
			case 4:
				q.Resume()
			case 5:
				concurrency = 1 + int(op>>3)%4
				q.SetConcurrency(concurrency)
			case 6:
				q.Kill()
				killed = true
			case 7:
				push(op >> 3)
				push(op >> 4)
			}
			l.SetImmediate(func() { step(i + 1) })
		}
		require.NoError(t, l.Run(func() {
			q = cb.NewQueue(worker, concurrency)
			step(0)
		}))
		for j, r := range recs {
			require.Equal(t, 1, r.calls, "job %d: callback called %d times", j, r.calls)
			switch {
			case r.ran && j%5 == 4:
				assert.Error(t, r.err, "job %d", j)
			case r.ran:
				assert.NoError(t, r.err, "job %d", j)
			case errors.Is(r.err, cb.ErrKilled):
			case r.canceled && errors.Is(r.err, context.Canceled):
			default:
				t.Fatalf("job %d did not run, and its callback got %v", j, r.err)
			}
		}
	})
}

func TestQueueKill(t *testing.T) {
	l := newLoop(t)
	var log []string
	require.NoError(t, l.Run(func() {
		var q *cb.Queue[string]
		q = cb.NewQueue(func(j string, done func(error)) {
			log = append(log, "start "+j)
			if j == "a" {
				q.Kill() // while a runs, b and c wait
				l.SetImmediate(func() { done(nil) })
				return
			}
			done(nil)
		}, 1)
		q.OnDrain(func() { log = append(log, "drain") })
		for _, j := range []string{"a", "b", "c"} {
			q.Push(j, func(err error) { log = append(log, fmt.Sprintf("callback %s %v", j, err)) })
		}
		l.SetImmediate(func() {
			// After Kill, a push is refused, and said so.
			q.Push("d", func(err error) {
				log = append(log, fmt.Sprintf("callback d %v", err))
				assert.ErrorIs(t, err, cb.ErrKilled)
				assert.Equal(t, "ERR_CB_QUEUE_KILLED", loop.Code(err))
			})
			assert.Equal(t, 0, q.Length())
		})
	}))
	assert.Equal(t, []string{
		"start a",
		"callback b cb: queue killed",
		"callback c cb: queue killed",
		"callback d cb: queue killed",
		"callback a <nil>", // the running job finishes with its own outcome
	}, log, "no drain: Kill removed the hooks, as async.js's kill does")
}

func TestQueuePushContextWithdrawsAWaitingJob(t *testing.T) {
	l := newLoop(t)
	ctx, cancel := context.WithCancel(context.Background())
	var log []string
	var q *cb.Queue[string]
	require.NoError(t, l.Run(func() {
		q = cb.NewQueue(func(j string, done func(error)) { log = append(log, "run "+j); done(nil) }, 1)
		q.Pause()
		q.OnDrain(func() { log = append(log, fmt.Sprintf("drain, length %d", q.Length())) })
		q.Push("a", func(err error) { log = append(log, fmt.Sprintf("a: %v", err)) })
		q.PushContext(ctx, "b", func(err error) {
			log = append(log, fmt.Sprintf("b: %v", err))
			assert.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, "ABORT_ERR", loop.Code(err))
		})
		assert.Equal(t, 2, q.Length())
		// Hold the loop open until the abort has come back from the
		// context's goroutine; then resume.
		keep := l.NewAsync()
		cancel()
		var wait func()
		wait = func() {
			if q.Length() == 2 {
				l.SetImmediate(wait)
				return
			}
			keep.Handle.Close(nil)
			q.Resume()
		}
		l.SetImmediate(wait)
	}))
	assert.Equal(t, []string{"b: The operation was aborted", "run a", "a: <nil>", "drain, length 0"}, log)
}

func TestQueuePushContextAlreadyCanceled(t *testing.T) {
	l := newLoop(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	require.NoError(t, l.Run(func() {
		q := cb.NewQueue(func(string, func(error)) { t.Error("the job ran") }, 1)
		q.PushContext(ctx, "x", func(err error) { calls++; assert.ErrorIs(t, err, context.Canceled) })
		assert.Equal(t, 0, q.Length())
	}))
	assert.Equal(t, 1, calls)
}

func TestQueueSetConcurrencyStartsWaitingJobsAtOnce(t *testing.T) {
	l := newLoop(t)
	var q *cb.Queue[int]
	running := 0
	require.NoError(t, l.Run(func() {
		var dones []func(error)
		q = cb.NewQueue(func(_ int, done func(error)) { running++; dones = append(dones, done) }, 1)
		for i := range 4 {
			q.Push(i, nil)
		}
		l.SetImmediate(func() {
			assert.Equal(t, 1, running)
			q.SetConcurrency(3)
			l.SetImmediate(func() {
				assert.Equal(t, 3, running, "raised concurrency starts jobs without waiting for one to finish")
				assert.Equal(t, 3, q.Running())
				assert.Equal(t, 1, q.Length())
				ds := dones
				dones = nil
				for _, d := range ds {
					d(nil) // the last waiting job starts as the first finishes
				}
				l.SetImmediate(func() {
					for _, d := range dones {
						d(nil)
					}
				})
			})
		})
	}))
	assert.True(t, q.Idle())
}

func TestPriorityQueueOrdersByPriorityThenPushOrder(t *testing.T) {
	l := newLoop(t)
	var order []string
	require.NoError(t, l.Run(func() {
		q := cb.NewPriorityQueue(func(j string, done func(error)) { order = append(order, j); done(nil) }, 1)
		for i, p := range []int{5, 1, 3, 1, 5, -2, 3} {
			q.Push(fmt.Sprintf("%d@%d", i, p), p, nil)
		}
	}))
	assert.Equal(t, []string{"5@-2", "1@1", "3@1", "2@3", "6@3", "0@5", "4@5"}, order)
}

func TestCargoGivesEachBatchAFreshSlice(t *testing.T) {
	l := newLoop(t)
	var batches [][]int
	require.NoError(t, l.Run(func() {
		q := cb.NewCargo(func(jobs []int, done func(error)) {
			batches = append(batches, jobs) // kept: must not be overwritten
			l.SetImmediate(func() { done(nil) })
		}, 3)
		for i := range 7 {
			q.Push(i, nil)
		}
		assert.Equal(t, 3, q.Payload())
	}))
	assert.Equal(t, [][]int{{0, 1, 2}, {3, 4, 5}, {6}}, batches)
}
