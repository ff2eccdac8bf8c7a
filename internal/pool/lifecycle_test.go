package pool

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMisuse(t *testing.T) {
	noop := &testJob{}
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"New with no worker panics", func() { New(0) }, "pool: New with workers < 1"},
		{"New with negative workers panics", func() { New(-1) }, "pool: New with workers < 1"},
		{"Submit with a nil Job panics", func() { New(1).Submit(new(Task), CPU, nil) }, "pool: Submit with nil Job"},
		{"Submit with an invalid Kind panics", func() { New(1).Submit(new(Task), 3, noop) }, "pool: Submit with invalid Kind(3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tt.want, tt.call)
		})
	}
}

func TestNewStartsNoGoroutine(t *testing.T) {
	p := New(4)
	goleak.VerifyNone(t)
	assert.Equal(t, Stats{}, p.Stats())
	p.Stop() // a pool that never ran stops at once
}

func TestWorkersStartOnDemandUpToTheBound(t *testing.T) {
	p := New(3)
	defer p.Stop()
	started, release, done := make(chan int, 5), make(chan struct{}), make(chan int, 5)
	jobs := newJobs(5, started, release, done)
	for i, want := range []int{1, 2, 3, 3, 3} {
		p.Submit(&jobs[i].Task, FastIO, jobs[i])
		assert.Equal(t, want, p.Stats().Workers, "after %d submissions", i+1)
	}
	receive(started, 3)
	assert.Equal(t, 2, p.Stats().Queued[FastIO])
	close(release)
	receive(done, 5)
}

func TestStatsReportsWorkersAndTasksByKind(t *testing.T) {
	p := New(2)
	defer p.Stop()
	started, release, done := make(chan int, 3), make(chan struct{}), make(chan int, 3)
	jobs := newJobs(3, started, release, done)
	p.Submit(&jobs[0].Task, CPU, jobs[0])
	p.Submit(&jobs[1].Task, FastIO, jobs[1])
	p.Submit(&jobs[2].Task, SlowIO, jobs[2])
	receive(started, 2)
	assert.Equal(t, Stats{Workers: 2, Busy: 2, Queued: [3]int{0, 0, 1}, Running: [3]int{1, 1, 0}}, p.Stats())
	close(release)
	receive(done, 3)
}

func TestCancel(t *testing.T) {
	p := New(1)
	started, release, done := make(chan int), make(chan struct{}), make(chan int, 2)
	jobs := newJobs(3, started, release, done)
	running, queued, never := jobs[0], jobs[1], jobs[2]
	p.Submit(&running.Task, CPU, running)
	<-started
	p.Submit(&queued.Task, CPU, queued)

	assert.False(t, p.Cancel(&running.Task), "a running task cannot be cancelled")
	assert.True(t, p.Cancel(&queued.Task), "a queued task is removed")
	assert.False(t, p.Cancel(&queued.Task), "a cancelled task is no longer queued")
	assert.False(t, p.Cancel(&never.Task), "a task never submitted is not queued")
	assert.Equal(t, [3]int{}, p.Stats().Queued)

	close(release)
	assert.Equal(t, 0, <-done)
	assert.False(t, p.Cancel(&running.Task), "a finished task cannot be cancelled")
	p.Stop()
	assert.Empty(t, done, "the cancelled job must never run")
}

func TestCancelAllReturnsQueuedTasksByKindInSubmissionOrder(t *testing.T) {
	p := New(1)
	started, release := make(chan int), make(chan struct{})
	blocker := &testJob{id: -1, started: started, release: release}
	p.Submit(&blocker.Task, CPU, blocker)
	<-started

	subs := []struct {
		kind Kind
		id   int
	}{{SlowIO, 20}, {CPU, 0}, {FastIO, 10}, {SlowIO, 21}, {CPU, 1}, {FastIO, 11}}
	byTask := map[*Task]int{}
	for _, s := range subs {
		j := &testJob{id: s.id}
		p.Submit(&j.Task, s.kind, j)
		byTask[&j.Task] = s.id
	}
	sentinel := new(Task)
	byTask[sentinel] = -1

	got := p.CancelAll([]*Task{sentinel})
	ids := make([]int, len(got))
	for i, task := range got {
		ids[i] = byTask[task]
		if i > 0 {
			assert.Equal(t, ids[i], task.Job().(*testJob).id, "a cancelled Task still names its Job")
		}
	}
	assert.Equal(t, []int{-1, 0, 1, 10, 11, 20, 21}, ids)
	assert.Equal(t, [3]int{}, p.Stats().Queued)
	assert.Empty(t, p.CancelAll(nil), "nothing is left to cancel")

	close(release)
	p.Stop()
}

func TestStop(t *testing.T) {
	tests := []struct {
		name    string
		workers int
		stops   int // concurrent Stop calls
		late    bool
	}{
		{"Stop waits for running jobs and ends every worker", 2, 1, false},
		{"concurrent Stops all wait for the same exit", 2, 3, false},
		{"a task submitted while Stop waits runs before Stop returns", 2, 1, true},
		{"a task queued while Stop waits runs before Stop returns", 1, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(tt.workers)
			started, release, done := make(chan int), make(chan struct{}), make(chan int, 2)
			jobs := newJobs(2, started, release, done)
			p.Submit(&jobs[0].Task, FastIO, jobs[0])
			<-started

			var stopped sync.WaitGroup
			for range tt.stops {
				stopped.Go(p.Stop)
			}
			waitStopping(t, p)
			if tt.late {
				jobs[1].started = nil
				p.Submit(&jobs[1].Task, FastIO, jobs[1])
			}
			close(release)
			stopped.Wait()

			want := 1
			if tt.late {
				want = 2
			}
			assert.Len(t, done, want, "every job ended before Stop returned")
			assert.Equal(t, Stats{}, p.Stats())
			goleak.VerifyNone(t)
		})
	}
}

func TestStopPanicsWhileTasksAreQueued(t *testing.T) {
	p := New(1)
	started, release := make(chan int), make(chan struct{})
	jobs := newJobs(2, started, release, nil)
	p.Submit(&jobs[0].Task, CPU, jobs[0])
	<-started
	p.Submit(&jobs[1].Task, CPU, jobs[1])

	assert.PanicsWithValue(t, "pool: Stop with 1 tasks still queued; cancel them first", p.Stop)
	require.Len(t, p.CancelAll(nil), 1)
	close(release)
	p.Stop()
}

func TestPoolRestartsAfterStop(t *testing.T) {
	p := New(2)
	done := make(chan int, 1)
	j := &testJob{done: done}
	for range 3 {
		p.Submit(&j.Task, CPU, j)
		<-done
		p.Stop()
		assert.Equal(t, 0, p.Stats().Workers)
		goleak.VerifyNone(t)
	}
}

func TestTaskCanBeSubmittedAgain(t *testing.T) {
	p := New(1)
	defer p.Stop()
	started, release, done := make(chan int), make(chan struct{}), make(chan int, 1)

	j := &testJob{id: 1, done: done}
	for range 3 {
		p.Submit(&j.Task, FastIO, j)
		require.Equal(t, 1, <-done, "after it ran")
	}

	blocker := &testJob{started: started, release: release}
	p.Submit(&blocker.Task, FastIO, blocker)
	<-started
	p.Submit(&j.Task, FastIO, j)
	assert.PanicsWithValue(t, "pool: Submit of a Task that is still queued", func() { p.Submit(&j.Task, FastIO, j) })
	require.True(t, p.Cancel(&j.Task))
	p.Submit(&j.Task, SlowIO, j) // after it was cancelled, and as another kind
	close(release)
	assert.Equal(t, 1, <-done)
}

func TestJobThatEndsItsGoroutineDoesNotWedgeThePool(t *testing.T) {
	p := New(1)
	exit := goexitJob{}
	done := make(chan int, 1)
	after := &testJob{id: 1, done: done}
	p.Submit(&exit.Task, CPU, &exit)
	p.Submit(&after.Task, CPU, after)
	assert.Equal(t, 1, <-done, "a replacement worker runs the queued task")
	p.Stop()
	assert.Equal(t, Stats{}, p.Stats())
}

type goexitJob struct{ Task }

func (*goexitJob) RunJob() { runtime.Goexit() }

func TestConcurrentSubmitAndCancel(t *testing.T) {
	const submitters, each = 8, 400
	for _, workers := range []int{1, 4} {
		t.Run(map[int]string{1: "one worker", 4: "four workers"}[workers], func(t *testing.T) {
			p := New(workers)
			var ran, cancelled atomic.Int64
			var mu sync.Mutex
			last := make([]int, submitters) // per submitter, the last id run (one worker: in order)
			inOrder := true

			var wg sync.WaitGroup
			statsDone := make(chan struct{})
			go func() {
				defer close(statsDone)
				for ran.Load()+cancelled.Load() < submitters*each {
					_ = p.Stats()
					runtime.Gosched()
				}
			}()
			for s := range submitters {
				wg.Go(func() {
					jobs := make([]orderJob, each)
					for i := range jobs {
						j := &jobs[i]
						j.id, j.run = i+1, func(id int) {
							mu.Lock()
							inOrder = inOrder && id > last[s]
							last[s] = id
							mu.Unlock()
							ran.Add(1)
						}
						p.Submit(&j.Task, Kind(s%numKinds), j)
						if i%3 == 0 && p.Cancel(&j.Task) {
							cancelled.Add(1)
						}
					}
				})
			}
			wg.Wait()
			<-statsDone
			p.Stop()
			assert.Equal(t, int64(submitters*each), ran.Load()+cancelled.Load())
			if workers == 1 {
				assert.True(t, inOrder, "one worker runs each submitter's tasks in submission order")
			}
		})
	}
}

type orderJob struct {
	Task
	id  int
	run func(id int)
}

func (j *orderJob) RunJob() { j.run(j.id) }
