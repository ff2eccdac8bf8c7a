// Package timerheap is the loop's timer store. It hands out scheduled nodes
// in strict (due, seq) order, so nodes due at the same moment leave in the
// order they were scheduled, as in libuv's timer heap (timer.c,
// timer_less_than), whatever the mix of due times.
//
// Nodes are grouped by due time into buckets of about a millisecond, and a
// small heap orders the buckets. Scheduling a node and removing one are
// O(1), plus a sift of that small heap when a bucket gets its first node or
// loses its last; nodes leave in (due, seq) order without touching the
// heap, and each bucket is put in order once, when it becomes the
// earliest. The store allocates nothing per node: Node is embedded in the
// caller's value, and emptied buckets are reused.
package timerheap

// The layout, and why (measured with bench/timers, a million timers due
// within a second, on the 2-core development VM):
//
// The previous store kept Node's layout (lib/internal/timers.js), a list
// per delay and a heap of lists, which is O(1) per timer only while there
// are few distinct delays. Delays computed from deadlines are distinct
// nanosecond values: with a random sub-ms part in each delay it held a
// million one-timer lists, a map entry each and a heap of a million lists,
// so setting ran at 0.21x the whole-ms rate, each timer cost a second
// allocation (3.1x the bytes) and firing could not keep up (median
// lateness 920 ms against 0.5 ms). A single heap of all timers (the first
// store) walks a 24 MB array on every fire: it kept the loop 94% busy
// firing what the lists fired at 55%.
//
// Grouping by due time instead makes the number of buckets depend only on
// how far ahead timers are due (about 1,150 for delays up to a second),
// not on how many distinct delays there are. The buckets' ranges are
// disjoint, so the heap orders them by where each range starts, a key that
// never ties and never changes while a bucket is in the heap: a pop is an
// unlink, with no sift (the lists sifted the heap of lists on every fire).
// A bucket is appended to, unsorted, until it becomes the earliest; then it
// is split by the next bits of the due time into finer buckets (a radix
// pass), down to buckets of at most maxSort nodes, which are sorted. See
// bucket.go for the sizes.

// Node is embedded in whatever the store orders; Value points back at it.
// The zero Node is not scheduled.
type Node[T any] struct {
	Value      T
	b          *bucket[T] // nil when not scheduled
	prev, next *Node[T]
	due        int64
	seq        uint64
}

// Scheduled reports whether n is in a store.
func (n *Node[T]) Scheduled() bool { return n.b != nil }

func (n *Node[T]) less(o *Node[T]) bool {
	return n.due < o.due || (n.due == o.due && n.seq < o.seq)
}

// Heap orders nodes by (due, seq). The zero value is empty and ready. It is
// not safe for concurrent use: the loop goroutine owns it.
type Heap[T any] struct {
	near    *[nearSlots]*bucket[T] // top-level buckets by idx mod nearSlots; nil until the first Push
	far     map[int64]*bucket[T]   // top-level buckets whose slot in near was taken, by idx
	farPeak int                    // the most entries far has held since it was made
	heap    []*bucket[T]           // a binary min-heap by start of the leaf buckets that hold nodes
	last    *bucket[T]             // the leaf bucket the last Push used, or nil
	free    []*bucket[T]           // buckets for reuse, at most maxFree
	scratch []*Node[T]             // for sorting a bucket
	n       int                    // nodes
}

// Len returns the number of scheduled nodes.
func (h *Heap[T]) Len() int { return h.n }

// Push schedules n at (due, seq). Any due time is allowed, math.MaxInt64
// included. seq breaks ties between equal due times; the store is fastest
// when it grows with every Push, as the loop's does. n must not be
// scheduled.
func (h *Heap[T]) Push(n *Node[T], due int64, seq uint64) {
	if n.b != nil {
		panic("timerheap: Push of a scheduled node")
	}
	n.due, n.seq = due, seq
	b := h.leaf(due)
	h.n++
	b.add(n)
	if b.n == 1 {
		h.filled(b)
	}
}

// Peek returns the earliest node and its due time, or ok false if the heap
// is empty.
func (h *Heap[T]) Peek() (n *Node[T], due int64, ok bool) {
	if len(h.heap) == 0 {
		return nil, 0, false
	}
	b := h.heap[0]
	if !b.sorted {
		b = h.first()
	}
	return b.head, b.head.due, true
}

// Pop removes and returns the earliest node; the heap must not be empty.
func (h *Heap[T]) Pop() *Node[T] {
	b := h.heap[0]
	if !b.sorted {
		b = h.first()
	}
	n := b.head
	h.Remove(n)
	return n
}

// Remove unschedules n and reports whether it was scheduled.
func (h *Heap[T]) Remove(n *Node[T]) bool {
	b := n.b
	if b == nil {
		return false
	}
	if n.prev != nil {
		n.prev.next = n.next
	} else {
		b.head = n.next
	}
	if n.next != nil {
		n.next.prev = n.prev
	} else {
		b.tail = n.prev
	}
	n.b, n.prev, n.next = nil, nil, nil
	b.n--
	h.n--
	if b.n == 0 {
		h.emptied(b)
	}
	return true
}

// Each calls fn for every scheduled node, in no particular order.
func (h *Heap[T]) Each(fn func(n *Node[T], due int64)) {
	for _, b := range h.heap {
		for n := b.head; n != nil; n = n.next {
			fn(n, n.due)
		}
	}
}

// The heap of buckets. Keys are unique (the buckets' ranges are disjoint),
// so the order of the heap is total and needs no tie-break.

func (h *Heap[T]) push(b *bucket[T]) {
	b.pos = len(h.heap)
	h.heap = append(h.heap, b)
	h.up(b.pos)
}

// removeAt takes the bucket at i out of the heap.
func (h *Heap[T]) removeAt(i int) {
	b, last := h.heap[i], len(h.heap)-1
	b.pos = -1
	if i != last {
		h.heap[i] = h.heap[last]
		h.heap[i].pos = i
	}
	h.heap[last] = nil
	h.heap = h.heap[:last]
	if i != last && !h.down(i) {
		h.up(i)
	}
}

func (h *Heap[T]) up(i int) {
	b := h.heap[i]
	for i > 0 {
		p := (i - 1) / 2
		if h.heap[p].start <= b.start {
			break
		}
		h.heap[i] = h.heap[p]
		h.heap[i].pos = i
		i = p
	}
	h.heap[i] = b
	b.pos = i
}

// down sifts the bucket at i towards the leaves and reports whether it
// moved.
func (h *Heap[T]) down(i int) bool {
	start := i
	b := h.heap[i]
	n := len(h.heap)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.heap[c+1].start < h.heap[c].start {
			c++
		}
		if b.start <= h.heap[c].start {
			break
		}
		h.heap[i] = h.heap[c]
		h.heap[i].pos = i
		i = c
	}
	h.heap[i] = b
	b.pos = i
	return i != start
}
