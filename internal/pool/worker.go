package pool

// worker is one pool goroutine's parking spot.
type worker struct {
	// wake carries the next Job to a parked worker; a zero handoff tells it
	// to exit. It has room for one, so the sender never blocks.
	wake chan handoff
}

// handoff is a picked Task's Job and kind. Workers get these rather than
// the *Task, so they never touch a Task once it has been picked and the
// caller may reuse it as soon as the Job has produced its result.
type handoff struct {
	job  Job
	kind Kind
}

// work is a worker goroutine: it runs h's Job, then keeps taking queued
// Tasks itself, parking only when none may start. Taking the next Task right
// after a Job returns costs one lock and no wake-up; a parked worker is woken
// by dispatch with a Task already picked for it, so it does not lock at all
// before running the Job. (One sync.Cond for all workers, where each woken
// worker re-locks to pick, measured slower: see pool_test.go.)
func (p *Pool) work(w *worker, h handoff) {
	exited := false
	defer func() {
		if !exited {
			p.abandon(h.kind)
		}
	}()
	for {
		h.job.RunJob()
		p.mu.Lock()
		p.running[h.kind]--
		p.busy--
		h = p.pick()
		if h.job == nil {
			if p.stopping {
				p.exit()
				p.mu.Unlock()
				exited = true
				return
			}
			p.idle = append(p.idle, w)
			p.mu.Unlock()
			if h = <-w.wake; h.job == nil {
				p.mu.Lock()
				p.exit()
				p.mu.Unlock()
				exited = true
				return
			}
			continue
		}
		p.mu.Unlock()
	}
}

// exit records that a worker goroutine is about to return. p.mu must be held.
func (p *Pool) exit() {
	p.workers--
	p.releaseStop()
}

// releaseStop lets Stop return once the last worker has left. p.mu must be
// held.
func (p *Pool) releaseStop() {
	if p.workers == 0 && p.stopped != nil {
		close(p.stopped)
		p.stopped = nil
		p.stopping = false
	}
}

// abandon repairs the bookkeeping when a Job of kind k ends its worker
// without returning: runtime.Goexit (t.FailNow in a test Job, say), or a
// panic on its way to ending the program. Without it, Stop would wait
// forever for the lost worker. A replacement starts if tasks are waiting.
func (p *Pool) abandon(k Kind) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running[k]--
	p.busy--
	p.workers--
	p.dispatch() // k's queue may have waited on the lost Job
	p.releaseStop()
}
