package cb

import (
	"context"

	"github.com/errfirst/loop"
)

// job is a queued job of a Queue, PriorityQueue or Cargo: its value, its
// callback, and its place in push order (seq, which also names it in
// messages). A job pushed with a context has withAbort set in seq, and its
// abort in the queue's aborts map: few jobs have one, and a queued job is
// 24 bytes instead of 40 with the pointer and a priority inline, which a
// million queued jobs feel (bench/queue: page faults, zeroing and the GC's
// marking all scale with it).
type job[J any] struct {
	v   J
	cb  func(error)
	seq uint64
}

// withAbort marks the seq of a job that has an abort.
const withAbort = 1 << 63

// id is the job's number in push order.
func (j *job[J]) id() uint64 { return j.seq &^ withAbort }

// pjob is a job of a PriorityQueue's heap.
type pjob[J any] struct {
	job[J]
	prio int
}

// abort is the link between a queued job and its context (PushContext):
// context.AfterFunc posts abortJob to the loop when the context ends, and
// whichever comes first, the abort or the start of the job, wins.
type abort struct {
	ctx   context.Context
	stop  func() bool
	cb    func(error)
	ended bool // the job started, or its callback was called with the abort
}

// jobStore holds the queued jobs: a FIFO of fixed-size blocks for Queue
// and Cargo (Push at the back, Unshift at the front), a binary heap
// ordered by (priority, seq) for PriorityQueue.
//
// Blocks rather than one ring that doubles: a burst of a million pushes
// then costs no copying (growing a 40 MB ring moved it several times, with
// a write barrier per pointer while the GC ran: a fifth of the queue's time
// in bench/queue), and a drained queue holds one block, not its peak. A
// steady queue allocates nothing: the block just emptied is kept as the
// next one.
type jobStore[J any] struct {
	heap bool
	n    int

	// FIFO: jobs are head.jobs[hi:] (to ti if head == tail), then every
	// block in between in full, then tail.jobs[:ti].
	head, tail *jobBlock[J]
	hi, ti     int
	spare      *jobBlock[J]

	// PriorityQueue.
	h []pjob[J]
}

// blockJobs is the number of jobs per block (3 KB of job[int]). In
// bench/queue, blocks of 32 jobs were ~20% slower (four times the block
// allocations), and 512 or 2048 no faster than 128.
const blockJobs = 128

type jobBlock[J any] struct {
	jobs [blockJobs]job[J]
	next *jobBlock[J]
}

func (s *jobStore[J]) len() int { return s.n }

func (s *jobStore[J]) block() *jobBlock[J] {
	if b := s.spare; b != nil {
		s.spare = nil
		return b
	}
	return new(jobBlock[J])
}

func (s *jobStore[J]) push(j job[J], prio int) {
	s.n++
	if s.heap {
		s.h = append(s.h, pjob[J]{j, prio})
		s.up(len(s.h) - 1)
		return
	}
	if s.tail == nil {
		s.head = s.block()
		s.tail, s.hi, s.ti = s.head, 0, 0
	} else if s.ti == blockJobs {
		b := s.block()
		s.tail.next = b
		s.tail, s.ti = b, 0
	}
	s.tail.jobs[s.ti] = j
	s.ti++
}

func (s *jobStore[J]) unshift(j job[J]) {
	s.n++
	if s.tail == nil {
		s.head = s.block()
		s.tail, s.hi, s.ti = s.head, blockJobs, blockJobs
	} else if s.hi == 0 {
		// The head block starts at 0, so a new block in front keeps every
		// block but the head full.
		b := s.block()
		b.next = s.head
		s.head, s.hi = b, blockJobs
	}
	s.hi--
	s.head.jobs[s.hi] = j
}

func (s *jobStore[J]) pop() job[J] {
	var zero job[J]
	s.n--
	if s.heap {
		j := s.h[0].job
		last := len(s.h) - 1
		s.h[0] = s.h[last]
		s.h[last] = pjob[J]{}
		s.h = s.h[:last]
		if last > 0 {
			s.down(0)
		}
		if last == 0 && cap(s.h) > 4096 {
			s.h = nil // let a burst's array go
		}
		return j
	}
	b := s.head
	j := b.jobs[s.hi]
	b.jobs[s.hi] = zero
	s.hi++
	switch {
	case b == s.tail && s.hi == s.ti: // empty: keep the block
		s.hi, s.ti = 0, 0
	case s.hi == blockJobs:
		s.head, s.hi = b.next, 0
		b.next = nil
		s.spare = b
	}
	return j
}

// take empties the store and returns its jobs, in no particular order.
func (s *jobStore[J]) take() []job[J] {
	out := make([]job[J], 0, s.n)
	s.each(func(j *job[J]) { out = append(out, *j) })
	*s = jobStore[J]{heap: s.heap}
	return out
}

// each calls fn for every queued job, in no particular order.
func (s *jobStore[J]) each(fn func(*job[J])) {
	if s.heap {
		for i := range s.h {
			fn(&s.h[i].job)
		}
		return
	}
	for b, from := s.head, s.hi; b != nil; b, from = b.next, 0 {
		to := blockJobs
		if b == s.tail {
			to = s.ti
		}
		for i := from; i < to; i++ {
			fn(&b.jobs[i])
		}
	}
}

func less[J any](a, b *pjob[J]) bool {
	if a.prio != b.prio {
		return a.prio < b.prio
	}
	return a.id() < b.id()
}

func (s *jobStore[J]) up(i int) {
	h := s.h
	for i > 0 {
		p := (i - 1) / 2
		if !less(&h[i], &h[p]) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (s *jobStore[J]) down(i int) {
	h := s.h
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		if r := l + 1; r < len(h) && less(&h[r], &h[l]) {
			l = r
		}
		if !less(&h[l], &h[i]) {
			return
		}
		h[i], h[l] = h[l], h[i]
		i = l
	}
}

// abortErr is the error of a job whose context ended before it started.
func abortErr(ctx context.Context) error { return loop.AbortError(context.Cause(ctx)) }
