// Package timerheap is the loop's timer store. It hands out scheduled nodes
// in strict (due, seq) order, so timers due at the same moment leave in the
// order they were scheduled, as in libuv's timer heap (timer.c,
// timer_less_than).
//
// The layout is Node's (lib/internal/timers.js): nodes scheduled with the
// same key (the loop uses the timer's delay) share a list, and a small heap
// orders the lists by their first node. Timers with one delay are set in
// time order, so a list stays sorted by appending: scheduling, clearing and
// firing are O(1) plus a sift of the small heap of lists, which stays in
// cache. A single heap of a million timers walks a 24 MB array on every
// fire instead: with it, bench/timers kept the loop 94% busy firing a
// million timers due within a second; with lists, 60%. Set rate went from
// 1.5-2.2x Node's to 2.7-4.8x, and peak memory from 0.57x Node's to 0.39x
// (no big array that append copies when it grows).
//
// Unlike Node, which runs each list's overdue timers before moving to the
// next list, the lists are merged by (due, seq), so the order is the same
// as one heap's; and a node appended out of time order (an interval
// re-armed from the start of its callback after a timer with the same delay
// was set inside that callback) is placed in order, not left behind.
package timerheap

// Node is embedded in whatever the store orders; Value points back at it.
// The zero Node is not scheduled.
type Node[T any] struct {
	Value      T
	list       *list[T] // nil when not scheduled
	prev, next *Node[T]
	due        int64
	seq        uint64
}

// Scheduled reports whether n is in a store.
func (n *Node[T]) Scheduled() bool { return n.list != nil }

func (n *Node[T]) less(o *Node[T]) bool {
	return n.due < o.due || (n.due == o.due && n.seq < o.seq)
}

// list holds the nodes of one key, sorted by (due, seq). It keeps a copy of
// its head's (due, seq), so sifting the heap of lists reads only lists,
// which stay in cache, and not their heads, which do not.
type list[T any] struct {
	due        int64
	seq        uint64
	head, tail *Node[T]
	key        int64
	pos        int // index in Heap.lists, or -1 while the list is empty
}

func (l *list[T]) setHead(n *Node[T]) {
	l.head = n
	if n != nil {
		l.due, l.seq = n.due, n.seq
	}
}

func (l *list[T]) less(o *list[T]) bool {
	return l.due < o.due || (l.due == o.due && l.seq < o.seq)
}

// Heap orders nodes by (due, seq). The zero value is empty and ready. It is
// not safe for concurrent use: the loop goroutine owns it.
type Heap[T any] struct {
	byKey map[int64]*list[T] // every list, empty ones included
	lists []*list[T]         // a binary min-heap of non-empty lists by their head
	n     int
	empty int // lists in byKey that are empty
}

// maxEmpty is how many empty lists the heap keeps for reuse beyond one per
// non-empty list. Keeping them saves a list and a map entry per timer when
// one timer at a time is set and cleared (an idle timeout refreshed, a
// retry timer), which otherwise cost two allocations each time; sweeping
// them past the bound keeps a program that cycles through many distinct
// delays from pinning a list for each.
const maxEmpty = 64

// Len returns the number of scheduled nodes.
func (h *Heap[T]) Len() int { return h.n }

// Push schedules n at (due, seq) among the nodes of key. Nodes of one key
// should mostly be pushed in (due, seq) order, as timers of one delay are;
// a node that is not is still placed in order, at the cost of a walk back
// from the list's tail. n must not be scheduled.
func (h *Heap[T]) Push(n *Node[T], key, due int64, seq uint64) {
	if n.list != nil {
		panic("timerheap: Push of a scheduled node")
	}
	n.due, n.seq = due, seq
	l := h.byKey[key]
	if l == nil || l.head == nil {
		if l == nil {
			if h.byKey == nil {
				h.byKey = make(map[int64]*list[T])
			}
			l = &list[T]{key: key}
			h.byKey[key] = l
		} else {
			h.empty--
		}
		n.list, n.prev, n.next = l, nil, nil
		l.setHead(n)
		l.tail = n
		l.pos = len(h.lists)
		h.lists = append(h.lists, l)
		h.up(l.pos)
		h.n++
		return
	}
	n.list = l
	h.n++
	// Walk back from the tail to the last node before n (usually the tail).
	p := l.tail
	for p != nil && n.less(p) {
		p = p.prev
	}
	if p == nil { // n is the new head: the list's key in the heap drops
		n.prev, n.next = nil, l.head
		l.head.prev = n
		l.setHead(n)
		h.up(l.pos)
		return
	}
	n.prev, n.next = p, p.next
	if p.next == nil {
		l.tail = n
	} else {
		p.next.prev = n
	}
	p.next = n
}

// Peek returns the earliest node and its due time, or ok false if the heap
// is empty.
func (h *Heap[T]) Peek() (n *Node[T], due int64, ok bool) {
	if len(h.lists) == 0 {
		return nil, 0, false
	}
	n = h.lists[0].head
	return n, n.due, true
}

// Pop removes and returns the earliest node; the heap must not be empty.
func (h *Heap[T]) Pop() *Node[T] {
	n := h.lists[0].head
	h.Remove(n)
	return n
}

// Remove unschedules n and reports whether it was scheduled.
func (h *Heap[T]) Remove(n *Node[T]) bool {
	l := n.list
	if l == nil {
		return false
	}
	wasHead := n == l.head
	if n.prev != nil {
		n.prev.next = n.next
	} else {
		l.setHead(n.next)
	}
	if n.next != nil {
		n.next.prev = n.prev
	} else {
		l.tail = n.prev
	}
	n.list, n.prev, n.next = nil, nil, nil
	h.n--
	switch {
	case l.head == nil:
		h.removeList(l)
	case wasHead:
		h.down(l.pos) // the list's first node is now later
	}
	return true
}

// Each calls fn for every scheduled node, in no particular order.
func (h *Heap[T]) Each(fn func(n *Node[T], due int64)) {
	for _, l := range h.lists {
		for n := l.head; n != nil; n = n.next {
			fn(n, n.due)
		}
	}
}

// removeList takes a list that became empty out of the heap of lists. It
// stays in byKey for reuse, up to maxEmpty beyond the non-empty ones.
func (h *Heap[T]) removeList(l *list[T]) {
	i, last := l.pos, len(h.lists)-1
	l.pos, l.tail = -1, nil
	if i != last {
		h.lists[i] = h.lists[last]
		h.lists[i].pos = i
	}
	h.lists[last] = nil
	h.lists = h.lists[:last]
	if i != last {
		if !h.down(i) {
			h.up(i)
		}
	}
	h.empty++
	if h.empty > maxEmpty+len(h.lists) {
		h.sweep()
	}
}

// sweep forgets the empty lists. When none is left at all it drops the map
// too, so a burst of many delays gives its memory back.
func (h *Heap[T]) sweep() {
	if len(h.lists) == 0 {
		h.byKey, h.empty = nil, 0
		return
	}
	for k, l := range h.byKey {
		if l.head == nil {
			delete(h.byKey, k)
		}
	}
	h.empty = 0
}

func (h *Heap[T]) up(i int) {
	l := h.lists[i]
	for i > 0 {
		p := (i - 1) / 2
		if !l.less(h.lists[p]) {
			break
		}
		h.lists[i] = h.lists[p]
		h.lists[i].pos = i
		i = p
	}
	h.lists[i] = l
	l.pos = i
}

// down sifts the list at i towards the leaves and reports whether it moved.
func (h *Heap[T]) down(i int) bool {
	start := i
	l := h.lists[i]
	n := len(h.lists)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.lists[c+1].less(h.lists[c]) {
			c++
		}
		if !h.lists[c].less(l) {
			break
		}
		h.lists[i] = h.lists[c]
		h.lists[i].pos = i
		i = c
	}
	h.lists[i] = l
	l.pos = i
	return i != start
}
