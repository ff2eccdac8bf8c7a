// Package timerheap is the loop's timer store: a 4-ary min-heap ordered by
// (due, seq), so timers due at the same moment leave in the order they were
// scheduled, as in libuv's timer heap (timer.c, timer_less_than).
//
// Keys live inline in the heap's array, beside a pointer to the node, so a
// sift compares without touching the timers themselves; only moved nodes
// are written (to keep their index for O(log n) removal). A 4-ary heap is
// shallower than a binary one and its four children share a cache line or
// two, which is what makes a million pending timers cheap to pop.
package timerheap

// Node is embedded in whatever the heap orders; Value points back at it.
// The zero Node is not scheduled.
type Node[T any] struct {
	Value T
	pos   int32 // index in the heap plus one; 0 means not in the heap
}

// Scheduled reports whether n is in a heap.
func (n *Node[T]) Scheduled() bool { return n.pos != 0 }

type entry[T any] struct {
	due int64
	seq uint64
	n   *Node[T]
}

func (e *entry[T]) less(o *entry[T]) bool {
	return e.due < o.due || (e.due == o.due && e.seq < o.seq)
}

// Heap orders nodes by (due, seq). The zero value is an empty heap. It is
// not safe for concurrent use: the loop goroutine owns it.
type Heap[T any] struct {
	es []entry[T]
}

// Len returns the number of scheduled nodes.
func (h *Heap[T]) Len() int { return len(h.es) }

// Push schedules n at (due, seq). n must not already be scheduled.
func (h *Heap[T]) Push(n *Node[T], due int64, seq uint64) {
	if n.pos != 0 {
		panic("timerheap: Push of a scheduled node")
	}
	h.es = append(h.es, entry[T]{due: due, seq: seq, n: n})
	h.up(len(h.es) - 1)
}

// Peek returns the earliest node and its due time, or ok false if the heap
// is empty.
func (h *Heap[T]) Peek() (n *Node[T], due int64, ok bool) {
	if len(h.es) == 0 {
		return nil, 0, false
	}
	return h.es[0].n, h.es[0].due, true
}

// Pop removes and returns the earliest node; the heap must not be empty.
func (h *Heap[T]) Pop() *Node[T] {
	n := h.es[0].n
	h.removeAt(0)
	return n
}

// Remove unschedules n and reports whether it was scheduled.
func (h *Heap[T]) Remove(n *Node[T]) bool {
	if n.pos == 0 {
		return false
	}
	h.removeAt(int(n.pos - 1))
	return true
}

// Each calls fn for every scheduled node, in no particular order.
func (h *Heap[T]) Each(fn func(n *Node[T], due int64)) {
	for i := range h.es {
		fn(h.es[i].n, h.es[i].due)
	}
}

func (h *Heap[T]) removeAt(i int) {
	last := len(h.es) - 1
	h.es[i].n.pos = 0
	if i != last {
		h.es[i] = h.es[last]
		h.es[i].n.pos = int32(i + 1)
	}
	h.es[last] = entry[T]{}
	h.es = h.es[:last]
	if i != last {
		if !h.down(i) {
			h.up(i)
		}
	}
	h.shrink()
}

// shrink gives memory back after a burst: a heap that held a million
// timers should not pin their slots forever.
func (h *Heap[T]) shrink() {
	if c := cap(h.es); c > 1024 && len(h.es) < c/4 {
		es := make([]entry[T], len(h.es), c/2)
		copy(es, h.es)
		h.es = es
	}
}

func (h *Heap[T]) up(i int) {
	e := h.es[i]
	for i > 0 {
		p := (i - 1) / 4
		if !e.less(&h.es[p]) {
			break
		}
		h.es[i] = h.es[p]
		h.es[i].n.pos = int32(i + 1)
		i = p
	}
	h.es[i] = e
	e.n.pos = int32(i + 1)
}

// down sifts the entry at i towards the leaves and reports whether it moved.
func (h *Heap[T]) down(i int) bool {
	start := i
	e := h.es[i]
	n := len(h.es)
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if h.es[j].less(&h.es[m]) {
				m = j
			}
		}
		if !h.es[m].less(&e) {
			break
		}
		h.es[i] = h.es[m]
		h.es[i].n.pos = int32(i + 1)
		i = m
	}
	h.es[i] = e
	e.n.pos = int32(i + 1)
	return i != start
}
