package pool

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// testJob is a request as the loop builds them: a Task embedded by value,
// the Job implemented on the pointer. Every channel is optional.
type testJob struct {
	Task
	id      int
	started chan<- int      // receives id when the Job starts
	release <-chan struct{} // the Job blocks until it is closed
	done    chan<- int      // receives id when the Job ends
	gauge   *gauge          // counts concurrent Jobs
}

func (j *testJob) RunJob() {
	if j.gauge != nil {
		j.gauge.enter()
		defer j.gauge.leave()
	}
	if j.started != nil {
		j.started <- j.id
	}
	if j.release != nil {
		<-j.release
	}
	if j.done != nil {
		j.done <- j.id
	}
}

// gauge tracks how many Jobs run at once and the most ever seen.
type gauge struct{ cur, peak atomic.Int64 }

func (g *gauge) enter() {
	n := g.cur.Add(1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func (g *gauge) leave() { g.cur.Add(-1) }

// newJobs returns n jobs with ids 0..n-1 sharing the given channels.
func newJobs(n int, started chan<- int, release <-chan struct{}, done chan<- int) []*testJob {
	jobs := make([]*testJob, n)
	for i := range jobs {
		jobs[i] = &testJob{id: i, started: started, release: release, done: done}
	}
	return jobs
}

// receive reads n values from c, in order.
func receive(c <-chan int, n int) []int {
	got := make([]int, n)
	for i := range got {
		got[i] = <-c
	}
	return got
}

// waitStopping yields until a Stop call has begun waiting on p. Polling is
// fine here: it only orders the test's own steps, it measures nothing.
func waitStopping(t *testing.T, p *Pool) {
	t.Helper()
	for {
		p.mu.Lock()
		s := p.stopping
		p.mu.Unlock()
		if s {
			return
		}
		runtime.Gosched()
	}
}
