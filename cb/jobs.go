package cb

import (
	"context"

	"github.com/errfirst/loop"
)

// job is a queued job of a Queue, PriorityQueue or Cargo: its value, its
// callback, and its place in push order (seq, which also names it in
// messages).
type job[J any] struct {
	v    J
	cb   func(error)
	ab   *abort // PushContext only
	prio int    // PriorityQueue only
	seq  uint64
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

// jobStore holds the queued jobs: a ring for Queue and Cargo (Push at the
// back, Unshift at the front), a heap ordered by (priority, seq) for
// PriorityQueue. It grows by doubling, keeps its size while in use (so a
// steady queue allocates nothing), and lets a large buffer go once empty.
type jobStore[J any] struct {
	buf  []job[J]
	head int
	n    int
	heap bool
}

func (s *jobStore[J]) len() int { return s.n }

func (s *jobStore[J]) grow() {
	nb := make([]job[J], max(16, 2*len(s.buf)))
	if s.heap {
		copy(nb, s.buf[:s.n])
	} else {
		k := copy(nb, s.buf[s.head:])
		copy(nb[k:], s.buf[:s.head])
		s.head = 0
	}
	s.buf = nb
}

func (s *jobStore[J]) push(j job[J]) {
	if s.n == len(s.buf) {
		s.grow()
	}
	if s.heap {
		s.buf[s.n] = j
		s.n++
		s.up(s.n - 1)
		return
	}
	s.buf[(s.head+s.n)&(len(s.buf)-1)] = j
	s.n++
}

func (s *jobStore[J]) unshift(j job[J]) {
	if s.n == len(s.buf) {
		s.grow()
	}
	s.head = (s.head - 1) & (len(s.buf) - 1)
	s.buf[s.head] = j
	s.n++
}

func (s *jobStore[J]) pop() job[J] {
	var zero job[J]
	var j job[J]
	if s.heap {
		j = s.buf[0]
		s.n--
		s.buf[0] = s.buf[s.n]
		s.buf[s.n] = zero
		if s.n > 0 {
			s.down(0)
		}
	} else {
		j = s.buf[s.head]
		s.buf[s.head] = zero
		s.head = (s.head + 1) & (len(s.buf) - 1)
		s.n--
	}
	if s.n == 0 && len(s.buf) > 4096 {
		*s = jobStore[J]{heap: s.heap}
	}
	return j
}

// take empties the store and returns its jobs, in no particular order.
func (s *jobStore[J]) take() []job[J] {
	out := make([]job[J], 0, s.n)
	for i := 0; i < s.n; i++ {
		if s.heap {
			out = append(out, s.buf[i])
		} else {
			out = append(out, s.buf[(s.head+i)&(len(s.buf)-1)])
		}
	}
	*s = jobStore[J]{heap: s.heap}
	return out
}

// each calls fn for every queued job, in no particular order.
func (s *jobStore[J]) each(fn func(*job[J])) {
	for i := 0; i < s.n; i++ {
		if s.heap {
			fn(&s.buf[i])
		} else {
			fn(&s.buf[(s.head+i)&(len(s.buf)-1)])
		}
	}
}

func less[J any](a, b *job[J]) bool {
	if a.prio != b.prio {
		return a.prio < b.prio
	}
	return a.seq < b.seq
}

func (s *jobStore[J]) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !less(&s.buf[i], &s.buf[p]) {
			return
		}
		s.buf[i], s.buf[p] = s.buf[p], s.buf[i]
		i = p
	}
}

func (s *jobStore[J]) down(i int) {
	for {
		l := 2*i + 1
		if l >= s.n {
			return
		}
		if r := l + 1; r < s.n && less(&s.buf[r], &s.buf[l]) {
			l = r
		}
		if !less(&s.buf[l], &s.buf[i]) {
			return
		}
		s.buf[i], s.buf[l] = s.buf[l], s.buf[i]
		i = l
	}
}

// abortErr is the error of a job whose context ended before it started.
func abortErr(ctx context.Context) error { return loop.AbortError(context.Cause(ctx)) }
