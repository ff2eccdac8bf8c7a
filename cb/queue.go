package cb

import (
	"context"
	"strconv"

	"github.com/errfirst/loop"
)

// Queue runs a worker over pushed jobs, at most concurrency at once, in
// the order they were pushed: async.js's queue, typed. Make it with
// NewQueue.
//
// A Queue belongs to one loop, and all its methods must be called on that
// loop's goroutine; the worker, the jobs' callbacks and the hooks (OnDrain,
// OnSaturated, OnUnsaturated, OnEmpty, OnError) run there too. Pushing never
// runs the worker from inside Push: jobs start in a NextTick, as async.js
// starts them in a microtask. Each job's callback is called exactly once:
// with the worker's outcome, with ErrKilled if Kill removed it, or with an
// AbortError if its context ended first (PushContext); a job still queued
// when the loop closes is dropped, as a pending timer is.
//
// A Queue does not keep the loop alive by itself: its running jobs do, by
// what they wait for. A paused queue with jobs, and nothing else to do,
// lets Run return.
type Queue[J any] struct {
	qcore[J]
}

// NewQueue returns a queue that calls worker for each job, at most
// concurrency at a time. worker must call done once, on the loop
// goroutine; a second call panics, naming the job. The queue belongs to
// the loop running the calling goroutine, or, if NewQueue is called outside
// any loop, to the loop its first Push runs on (the default loop outside
// any loop). It panics if worker is nil or concurrency is below 1.
func NewQueue[J any](worker func(job J, done func(error)), concurrency int) *Queue[J] {
	mustFunc("NewQueue", "worker", worker == nil)
	mustLimit("NewQueue", "concurrency", concurrency)
	q := &Queue[J]{}
	q.init("Queue", concurrency, 1, false)
	q.one = worker
	return q
}

// Push adds job at the end of the queue. cb, which may be nil, is called
// once with the job's outcome.
func (q *Queue[J]) Push(job J, cb func(error)) { q.insert(nil, job, cb, 0, false) }

// PushContext is Push for a job that ctx can withdraw: if ctx ends while
// the job is still queued, the job is removed and cb gets an AbortError
// (code ABORT_ERR) that wraps ctx's cause, so errors.Is(err,
// context.Canceled) holds for a plain cancel. Once the job has started, ctx
// no longer matters to the queue: a worker that wants to stop early takes
// the context in its job.
func (q *Queue[J]) PushContext(ctx context.Context, job J, cb func(error)) {
	q.insert(ctx, job, cb, 0, false)
}

// Unshift adds job at the front of the queue, to run before those waiting.
func (q *Queue[J]) Unshift(job J, cb func(error)) { q.insert(nil, job, cb, 0, true) }

// qcore is what Queue, PriorityQueue and Cargo share: the store of waiting
// jobs, the table of running ones, the hooks, and the processing loop
// after async.js's queue.process.
type qcore[J any] struct {
	name        string
	l           *loop.Loop
	one         func(J, func(error))   // Queue, PriorityQueue
	many        func([]J, func(error)) // Cargo
	concurrency int
	payload     int
	jobs        jobStore[J]
	aborts      map[uint64]*abort // by job id, for the jobs pushed with a context
	live        int               // waiting jobs not withdrawn: Length
	running     int               // worker calls in flight: Running
	seq         uint64
	slots       []*slot[J] // every slot made, for NeverCalled
	free        []*slot[J]
	paused      bool
	killed      bool
	processing  bool
	scheduled   bool
	tickFn      func() // q.tick, made once

	onDrain, onSaturated, onUnsaturated, onEmpty func()
	onError                                      func(err error, job J)

	tr   *tracker // TrackCallbacks only
	tseq uint64
	site string
}

// slot is a running worker call: which jobs it has. Its callback is a
// closure over the slot and the id of the call's (first) job, which no
// other call shares, so a second call of a callback is told apart from the
// call now in the slot, and named. Slots are made once, up to the
// concurrency, and reused.
type slot[J any] struct {
	q     *qcore[J]
	id    uint64 // the id of the call's first job
	busy  bool
	one   job[J]
	batch []job[J] // Cargo
}

func (q *qcore[J]) init(name string, concurrency, payload int, heap bool) {
	q.name, q.concurrency, q.payload = name, concurrency, payload
	q.jobs.heap = heap
	q.tickFn = q.tick
	q.l = loop.Current()
	if q.l != nil {
		q.trackOn()
	}
}

func (q *qcore[J]) loop() *loop.Loop {
	if q.l == nil {
		q.l = current()
		q.trackOn()
	}
	return q.l
}

func (q *qcore[J]) trackOn() {
	if tr := trackerOf(q.l); tr != nil {
		q.tr, q.site = tr, callerSite()
		q.tseq = tr.add(q)
	}
}

func (q *qcore[J]) insert(ctx context.Context, v J, cb func(error), prio int, front bool) {
	l := q.loop()
	j := job[J]{v: v, cb: cb, seq: q.seq}
	q.seq++
	if q.killed {
		if cb != nil {
			l.NextTick(func() { cb(ErrKilled) })
		}
		return
	}
	if ctx != nil {
		if ctx.Err() != nil {
			if cb != nil {
				err := abortErr(ctx)
				l.NextTick(func() { cb(err) })
			}
			return
		}
		ab := &abort{ctx: ctx, cb: cb}
		ab.stop = context.AfterFunc(ctx, func() {
			// On another goroutine: hand the abort to the loop. If the loop
			// closes first, the job is dropped with everything else.
			_ = l.Dispatch(func() { q.withdraw(ab) }, nil)
		})
		if q.aborts == nil {
			q.aborts = map[uint64]*abort{}
		}
		q.aborts[j.seq] = ab
		j.seq |= withAbort
	}
	if front {
		q.jobs.unshift(j)
	} else {
		q.jobs.push(j, prio)
	}
	q.live++
	q.schedule()
}

// withdraw ends a queued job whose context ended, unless it started.
func (q *qcore[J]) withdraw(ab *abort) {
	if ab.ended {
		return
	}
	ab.ended = true
	q.live--
	if ab.cb != nil {
		ab.cb(abortErr(ab.ctx))
	}
	if q.idle() && q.onDrain != nil {
		q.onDrain()
	}
}

func (q *qcore[J]) schedule() {
	if !q.scheduled {
		q.scheduled = true
		q.loop().NextTick(q.tickFn)
	}
}

func (q *qcore[J]) tick() {
	q.scheduled = false
	q.process()
}

// next pops the next job that was not withdrawn. A job whose context has
// ended but whose abort has not arrived yet is withdrawn here.
func (q *qcore[J]) next() (job[J], bool) {
	for q.jobs.len() > 0 {
		j := q.jobs.pop()
		if j.seq&withAbort == 0 {
			q.live--
			return j, true
		}
		ab := q.aborts[j.id()]
		delete(q.aborts, j.id())
		if ab.ended {
			continue // withdrawn: already counted
		}
		if ab.ctx.Err() != nil {
			q.withdraw(ab)
			continue
		}
		ab.ended = true
		ab.stop()
		q.live--
		return j, true
	}
	var zero job[J]
	return zero, false
}

// process starts jobs while the queue is not paused, a worker is free and
// jobs wait. A worker that calls back synchronously comes back here through
// finished; the guard turns that into another turn of this loop instead of
// a recursion (async.js#1267).
func (q *qcore[J]) process() {
	if q.processing {
		return
	}
	q.processing = true
	for !q.paused && q.running < q.concurrency && q.live > 0 {
		sl := q.acquire()
		if q.many == nil {
			j, ok := q.next()
			if !ok {
				q.free = append(q.free, sl)
				break
			}
			sl.one = j
		} else {
			for len(sl.batch) < q.payload {
				j, ok := q.next()
				if !ok {
					break
				}
				sl.batch = append(sl.batch, j)
			}
			if len(sl.batch) == 0 {
				q.free = append(q.free, sl)
				break
			}
		}
		q.running++
		sl.busy = true
		id := sl.one.id()
		if q.many != nil {
			id = sl.batch[0].id()
		}
		sl.id = id
		if q.live == 0 && q.onEmpty != nil {
			q.onEmpty()
		}
		if q.running == q.concurrency && q.onSaturated != nil {
			q.onSaturated()
		}
		done := func(err error) { sl.q.finished(sl, id, err) }
		if q.many == nil {
			q.one(sl.one.v, done)
		} else {
			vs := make([]J, len(sl.batch))
			for i := range sl.batch {
				vs[i] = sl.batch[i].v
			}
			q.many(vs, done)
		}
	}
	q.processing = false
}

func (q *qcore[J]) acquire() *slot[J] {
	if n := len(q.free); n > 0 {
		sl := q.free[n-1]
		q.free = q.free[:n-1]
		return sl
	}
	sl := &slot[J]{q: q}
	q.slots = append(q.slots, sl)
	return sl
}

// finished is the worker's callback for the call in slot sl whose first
// job is id.
func (q *qcore[J]) finished(sl *slot[J], id uint64, err error) {
	if !sl.busy || sl.id != id {
		q.calledTwice(id)
	}
	sl.busy = false
	q.running--
	if q.many == nil {
		j := sl.one
		sl.one = job[J]{}
		q.free = append(q.free, sl)
		q.report(j, err)
	} else {
		batch := sl.batch
		sl.batch = nil
		q.free = append(q.free, sl)
		for _, j := range batch {
			q.report(j, err)
		}
	}
	if 4*q.running <= 3*q.concurrency && q.onUnsaturated != nil {
		q.onUnsaturated()
	}
	if q.idle() && q.onDrain != nil {
		q.onDrain()
	}
	q.process()
}

func (q *qcore[J]) report(j job[J], err error) {
	if j.cb != nil {
		j.cb(err)
	}
	if err != nil && q.onError != nil {
		q.onError(err, j.v)
	}
}

// calledTwice panics for a worker callback called a second time. Jobs are
// numbered from 0 in the order they were pushed.
func (q *qcore[J]) calledTwice(id uint64) {
	var fn any = q.one
	what := "job " + strconv.FormatUint(id, 10)
	if q.many != nil {
		fn = q.many
		what = "the batch starting with " + what
	}
	calledTwice(q.name, what, fn, q.site)
}

func (q *qcore[J]) idle() bool { return q.live+q.running == 0 }

// Idle reports whether no job is waiting or running.
func (q *qcore[J]) Idle() bool { return q.idle() }

// Length returns the number of jobs waiting to start.
func (q *qcore[J]) Length() int { return q.live }

// Running returns the number of worker calls in progress.
func (q *qcore[J]) Running() int { return q.running }

// Concurrency returns how many worker calls may run at once.
func (q *qcore[J]) Concurrency() int { return q.concurrency }

// SetConcurrency changes how many worker calls may run at once, effective
// at once: raised, it starts waiting jobs (in a NextTick); lowered, it lets
// the running calls finish and starts no new one until fewer than n run.
// It panics if n is below 1.
func (q *qcore[J]) SetConcurrency(n int) {
	mustLimit("SetConcurrency", "concurrency", n)
	q.concurrency = n
	q.schedule()
}

// Pause stops the queue from starting jobs; running ones go on.
func (q *qcore[J]) Pause() { q.paused = true }

// Resume undoes Pause: waiting jobs start again, in a NextTick.
func (q *qcore[J]) Resume() {
	if !q.paused {
		return
	}
	q.paused = false
	q.schedule()
}

// Paused reports whether the queue is paused.
func (q *qcore[J]) Paused() bool { return q.paused }

// Kill removes every waiting job, whose callback gets ErrKilled (in a
// NextTick), removes the hooks, and makes the queue refuse new jobs: a job
// pushed later gets ErrKilled too, without running. Running jobs finish, and
// their callbacks get their outcome. async.js's kill drops the waiting jobs
// without calling their callbacks; here no callback is lost.
func (q *qcore[J]) Kill() {
	q.killed = true
	q.onDrain, q.onSaturated, q.onUnsaturated, q.onEmpty, q.onError = nil, nil, nil, nil, nil
	var cbs []func(error)
	for _, j := range q.jobs.take() {
		if j.seq&withAbort != 0 {
			ab := q.aborts[j.id()]
			if ab.ended {
				continue
			}
			ab.ended = true
			ab.stop()
		}
		if j.cb != nil {
			cbs = append(cbs, j.cb)
		}
	}
	q.aborts = nil
	q.live = 0
	if len(cbs) > 0 {
		q.loop().NextTick(func() {
			for _, cb := range cbs {
				cb(ErrKilled)
			}
		})
	}
}

// OnDrain sets fn to be called each time the last job has finished and no
// job waits, replacing any earlier fn; nil removes it. It is async.js's
// drain. fn runs on the loop goroutine, right after the last job's callback.
func (q *qcore[J]) OnDrain(fn func()) { q.onDrain = fn }

// OnSaturated sets fn to be called each time a job starts and the running
// calls reach the concurrency; nil removes it.
func (q *qcore[J]) OnSaturated(fn func()) { q.onSaturated = fn }

// OnUnsaturated sets fn to be called each time a job finishes and the
// running calls are at most three quarters of the concurrency (async.js's
// buffer of a quarter); nil removes it.
func (q *qcore[J]) OnUnsaturated(fn func()) { q.onUnsaturated = fn }

// OnEmpty sets fn to be called each time the last waiting job starts; nil
// removes it.
func (q *qcore[J]) OnEmpty(fn func()) { q.onEmpty = fn }

// OnError sets fn to be called with the error and the job, after the job's
// callback, each time a job fails; nil removes it.
func (q *qcore[J]) OnError(fn func(err error, job J)) { q.onError = fn }

func (q *qcore[J]) trackSeq() uint64 { return q.tseq }

func (q *qcore[J]) outstanding(out []Outstanding) []Outstanding {
	var fn any = q.one
	if q.many != nil {
		fn = q.many
	}
	fs := funcSite(fn)
	for _, sl := range q.slots {
		if !sl.busy {
			continue
		}
		if q.many == nil {
			out = append(out, Outstanding{Func: q.name, What: "job " + strconv.FormatUint(sl.one.id(), 10), Site: q.site, Fn: fs})
			continue
		}
		out = append(out, Outstanding{Func: q.name, What: "the batch of jobs " + batchSeqs(sl.batch), Site: q.site, Fn: fs})
	}
	if q.paused {
		q.jobs.each(func(j *job[J]) {
			if j.seq&withAbort == 0 || !q.aborts[j.id()].ended {
				out = append(out, Outstanding{Func: q.name, What: "job " + strconv.FormatUint(j.id(), 10) + ", waiting in the paused queue", Site: q.site})
			}
		})
	}
	return out
}

func batchSeqs[J any](b []job[J]) string {
	s := ""
	for i, j := range b {
		if i > 0 {
			s += ","
		}
		s += strconv.FormatUint(j.id(), 10)
	}
	return s
}
