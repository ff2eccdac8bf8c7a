// Package pool is the loop's worker pool: a bounded set of goroutines that
// run blocking work (fs calls, DNS lookups, user work) off the loop
// goroutine, like libuv's threadpool (src/threadpool.c).
//
// Unlike libuv, each Kind of work has its own FIFO queue and its own cap, and
// a free worker takes the next task by rotating over the kinds, so slow DNS
// lookups or long user work cannot keep fs calls waiting (nodejs/node#8436).
// Workers start on demand, and Stop ends them all, so an idle program holds
// no pool goroutine.
package pool

import (
	"fmt"
	"sync"
	"time"
)

// Pool runs Jobs on at most a fixed number of worker goroutines. Its methods
// are safe to call from any goroutine.
//
// A panic in a Job is not recovered: like a panic in any goroutine, it ends
// the program (the loop's jobs recover their own panics and report them as
// errors). A Job that ends its goroutine with runtime.Goexit is accounted
// for, so it does not make Stop wait forever.
type Pool struct {
	mu      sync.Mutex
	size    int
	caps    [numKinds]int
	queues  [numKinds]taskList
	running [numKinds]int
	busy    int       // sum of running
	workers int       // live worker goroutines, idle or busy
	idle    []*worker // parked workers, woken last-in first-out
	rr      Kind      // the kind pick tries first: round robin across kinds

	// stopping is set by Stop until the last worker has exited, which then
	// closes stopped.
	stopping bool
	stopped  chan struct{}
}

// New returns a pool that runs at most workers Jobs at once. It starts no
// goroutine: workers start on demand, in Submit. New panics if workers < 1.
func New(workers int) *Pool {
	if workers < 1 {
		panic("pool: New with workers < 1")
	}
	return &Pool{size: workers, caps: capsFor(workers)}
}

// Submit queues t to run j on a worker goroutine, once, after the Tasks of
// the same kind submitted before it (FIFO within a kind). It may be called
// from any goroutine and never blocks on running Jobs. If the kind is under
// its cap and a worker is free, one is woken or started; otherwise t waits
// for a worker to finish.
//
// Submit panics if j is nil, if kind is not a valid Kind, or if t is still
// queued.
func (p *Pool) Submit(t *Task, kind Kind, j Job) {
	if j == nil {
		panic("pool: Submit with nil Job")
	}
	if kind >= numKinds {
		panic("pool: Submit with invalid " + kind.String())
	}
	p.mu.Lock()
	if t.queued {
		p.mu.Unlock()
		panic("pool: Submit of a Task that is still queued")
	}
	t.job, t.kind, t.queued = j, kind, true
	p.queues[kind].pushBack(t)
	p.dispatch()
	p.mu.Unlock()
}

// Cancel removes t from its queue if its Job has not started, and reports
// whether it did; the Job will then never run. It returns false if the Job
// is running or done, or if t was never submitted. Cancel is O(1) and may be
// called from any goroutine; t must have been submitted to p, if at all.
func (p *Pool) Cancel(t *Task) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !t.queued {
		return false
	}
	p.queues[t.kind].remove(t)
	t.queued = false
	return true
}

// CancelAll removes every queued Task, appends them to dst and returns the
// extended slice: first the CPU tasks, then FastIO, then SlowIO, each in
// submission order. Their Jobs will never run. Jobs already running are not
// affected. The loop calls it when it closes, to fail the pending requests.
func (p *Pool) CancelAll(dst []*Task) []*Task {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.queues {
		for t := p.queues[k].popFront(); t != nil; t = p.queues[k].popFront() {
			t.queued = false
			dst = append(dst, t)
		}
	}
	return dst
}

// Stop waits for the running Jobs to finish, then ends every worker
// goroutine and returns once they have all exited. It blocks for as long as
// the slowest running Job; it must not be called from a Job, which would
// wait for itself. Queued Tasks must have been cancelled first (see
// CancelAll): Stop panics if any remain.
//
// The pool stays usable: a later Submit starts workers again. Tasks
// submitted while Stop waits run before it returns, and their workers exit
// too; only a Submit that races with the last worker's exit starts workers
// that outlive Stop. Concurrent calls to Stop all wait for the same exit.
func (p *Pool) Stop() { p.StopWithin(-1) }

// StopWithin is Stop waiting at most d (without limit if d < 0), and
// reports whether every worker had exited by then. When it gives up, the
// workers still running a Job exit as soon as their Job returns: the loop
// uses it to close even when a Job never returns, and says so.
func (p *Pool) StopWithin(d time.Duration) bool {
	p.mu.Lock()
	if q := p.queued(); q > 0 {
		p.mu.Unlock()
		panic(fmt.Sprintf("pool: Stop with %d tasks still queued; cancel them first", q))
	}
	if p.workers == 0 {
		p.mu.Unlock()
		return true
	}
	if p.stopped == nil {
		p.stopping = true
		p.stopped = make(chan struct{})
	}
	done := p.stopped
	// Parked workers have nothing to finish: tell them to exit now. Busy
	// ones see stopping when their Job returns and no task is left.
	for i, w := range p.idle {
		w.wake <- handoff{}
		p.idle[i] = nil
	}
	p.idle = p.idle[:0]
	p.mu.Unlock()
	if d < 0 {
		<-done
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// Stats is a snapshot of a Pool's state. Arrays are indexed by Kind.
type Stats struct {
	Workers int    // live worker goroutines, idle or busy
	Busy    int    // workers running a Job
	Queued  [3]int // tasks waiting for a worker
	Running [3]int // Jobs running
}

// Stats says [3]int so that its documentation reads plainly; this line
// stops the build if numKinds ever changes.
var _ [3]int = [numKinds]int{}

// Stats returns a consistent snapshot of p. It may be called from any
// goroutine; the numbers may be stale by the time they are used.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := Stats{Workers: p.workers, Busy: p.busy, Running: p.running}
	for k := range p.queues {
		s.Queued[k] = p.queues[k].n
	}
	return s
}

func (p *Pool) queued() int {
	n := 0
	for k := range p.queues {
		n += p.queues[k].n
	}
	return n
}

// pick dequeues the next Task to run and marks its kind as running one more
// Job. Starting after the kind picked last, it takes the head of the first
// queue whose kind is under its cap: a round robin across the kinds that
// have work. It returns a zero handoff if no queued Task may start. The Task
// is free again once picked (only its Job and kind travel on), so the caller
// may resubmit it as soon as the Job has run. The pool never writes t.job
// outside Submit, so (*Task).Job may read it without the lock. p.mu must be
// held.
func (p *Pool) pick() handoff {
	for i := range Kind(numKinds) {
		k := p.rr + i
		if k >= numKinds {
			k -= numKinds
		}
		if p.queues[k].head == nil || p.running[k] >= p.caps[k] {
			continue
		}
		t := p.queues[k].popFront()
		h := handoff{job: t.job, kind: k}
		t.queued = false
		p.running[k]++
		p.busy++
		p.rr = k + 1
		if p.rr == numKinds {
			p.rr = 0
		}
		return h
	}
	return handoff{}
}

// dispatch gives runnable Tasks to parked workers, then to new workers while
// under the bound. p.mu must be held.
//
// It keeps the invariant that no worker is parked while a queued Task could
// start. A queued Task that cannot start has its kind at the cap, so a
// worker of that kind is busy and will pick it when its Job returns: a
// finishing worker can only ever make its own kind runnable again.
func (p *Pool) dispatch() {
	for len(p.idle) > 0 || p.workers < p.size {
		h := p.pick()
		if h.job == nil {
			return
		}
		if n := len(p.idle); n > 0 {
			w := p.idle[n-1]
			p.idle[n-1] = nil
			p.idle = p.idle[:n-1]
			w.wake <- h // buffered and empty while parked: never blocks
		} else {
			p.workers++
			go p.work(&worker{wake: make(chan handoff, 1)}, h)
		}
	}
}
