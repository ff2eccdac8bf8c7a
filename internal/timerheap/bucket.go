package timerheap

import (
	"cmp"
	"slices"
)

// A bucket holds the nodes due in one range of time: those whose due>>shift
// is idx. Top-level buckets (shift topShift) are found through Heap.near,
// or Heap.far when their slot in near is taken. A bucket that becomes the
// earliest while holding more than maxSort unsorted nodes is split into up
// to fan finer buckets (shift shift-fanBits), found through its kids, and
// so on down. Only leaf buckets hold nodes and sit in the heap.
type bucket[T any] struct {
	head, tail *Node[T]
	start      int64 // idx<<shift, the first due time of the range: the heap's key
	idx        int64
	n          int // nodes; for a split bucket, kids that hold nodes
	pos        int // index in Heap.heap, or -1
	parent     *bucket[T]
	kids       *[fan]*bucket[T] // allocated at the first split, kept with the bucket
	shift      uint8
	sorted     bool // the list is in (due, seq) order
	split      bool // the nodes are in kids
}

// The sizes, and why. Measured on the 2-core development VM, setting a
// million nodes due within a second as bench/timers does, then popping
// them all (per node, sub-ms delays; the old store, lists per delay, took
// 170 ns per pop with whole-ms delays):
//
//   - topShift: a top-level bucket spans 2^20 ns, about 1.05 ms, so delays
//     up to a second use about 1,150 buckets, and the loop, whose timers
//     are at least 1 ms long, rarely adds to the bucket it is firing from.
//     With the buckets in a map, 2^18 made setting 20-40% slower (four
//     times the buckets); 2^22 was no faster; 2^24 made popping 25% slower
//     (one more level of splits). With the near table, 2^19 and 2^18 (and
//     a table as much larger) cost 3-15 ns more per set, for nothing.
//   - fanBits: a split sends each node to one of 16 finer buckets, by the
//     next 4 bits of its due time: 5 levels reach single nanoseconds, where
//     all nodes share a due time and arrive in seq order, so nothing is
//     left to sort, however many timers share a deadline.
//   - maxSort: a bucket of up to 64 nodes is sorted; a larger one is split
//     first. From 16 to 256 popping took 155-205 ns, within the noise.
//     Sorting each 1 ms bucket whole, with no splits, took 280-325 ns, and
//     made timers sharing a deadline quadratic (BenchmarkSharedDeadline:
//     70 µs a node against 60-100 ns). Splitting buckets as they fill past
//     maxSort, rather than when they come due, made a set cost 145-170 ns
//     instead of 20-35: many more, finer buckets to find and append to.
//   - maxWalk: a node added out of order to the earliest bucket, which is
//     kept sorted, is placed by a walk back from the tail, usually of a
//     step or two (an interval re-armed among timers set in its callback).
//     After maxWalk steps the bucket is marked unsorted instead, to be
//     split or sorted at the next Peek: adding many nodes at random places
//     in a big earliest bucket (timers sharing a deadline, give or take
//     sub-ms jitter, set while nothing earlier is pending) then costs
//     O(maxWalk) each, not O(n).
//   - nearSlots: top-level buckets are found in a table indexed by the low
//     11 bits of their index, which covers the next 2.1 s without
//     collisions, so setting a timer costs no hashing and a bucket that
//     comes and goes (a chain of 1 ms timeouts, a timer set and cleared
//     again and again) costs no map insert or delete. A bucket whose slot
//     is held by another one goes to the far map. With a map alone (empty
//     buckets kept in it for reuse, and swept past a bound), the chain of
//     timeouts in the root package's BenchmarkTimerInsertFire took 575 ns
//     a timer against 450 with the lists per delay, a map insert and a
//     share of a sweep per timer; with the table, 506 against 526 (best
//     of 6 runs, alternating).
//   - maxFree: emptied buckets are kept for reuse, up to 64, so a steady
//     stream of timers allocates no buckets.
const (
	topShift  = 20
	fanBits   = 4
	fan       = 1 << fanBits
	maxSort   = 64
	maxWalk   = 32
	nearSlots = 1 << 11
	maxFree   = 64
)

// add appends n to b, or, if b is the earliest bucket and sorted, places it
// in order.
func (b *bucket[T]) add(n *Node[T]) {
	n.b = b
	b.n++
	t := b.tail
	if t == nil {
		n.prev, n.next = nil, nil
		b.head, b.tail, b.sorted = n, n, true
		return
	}
	if n.less(t) {
		if b.sorted && b.pos == 0 && b.insertSorted(n) {
			return
		}
		b.sorted = false
	}
	n.prev, n.next = t, nil
	t.next = n
	b.tail = n
}

// insertSorted places n, which sorts before b's tail, by a walk back from
// the tail, and reports false, leaving b as it was, if that takes more
// than maxWalk steps.
func (b *bucket[T]) insertSorted(n *Node[T]) bool {
	p := b.tail.prev
	for steps := 0; p != nil && n.less(p); steps++ {
		if steps == maxWalk {
			return false
		}
		p = p.prev
	}
	n.prev = p
	if p == nil {
		n.next = b.head
		b.head = n
	} else {
		n.next = p.next
		p.next = n
	}
	n.next.prev = n
	return true
}

// leaf returns the leaf bucket for due, creating it (empty, outside the
// heap) if need be.
func (h *Heap[T]) leaf(due int64) *bucket[T] {
	// A one-entry cache: consecutive timers often share a bucket (a burst
	// of timers with one delay, a timer refreshed again and again).
	if b := h.last; b != nil && due>>b.shift == b.idx {
		return b
	}
	idx := due >> topShift
	if h.near == nil {
		h.near = new([nearSlots]*bucket[T])
	}
	slot := &h.near[idx&(nearSlots-1)]
	b := *slot
	if b == nil || b.idx != idx {
		b = nil
		if len(h.far) > 0 {
			b = h.far[idx] // made while the slot was taken
		}
		if b == nil {
			b = h.newBucket(idx, topShift, nil)
			if *slot == nil {
				*slot = b
			} else {
				if h.far == nil {
					h.far = make(map[int64]*bucket[T])
				}
				h.far[idx] = b
				h.farPeak = max(h.farPeak, len(h.far))
			}
		}
	}
	for b.split {
		s := b.shift - fanBits
		i := (due >> s) & (fan - 1)
		k := b.kids[i]
		if k == nil {
			k = h.newBucket(due>>s, s, b)
			b.kids[i] = k
		}
		b = k
	}
	h.last = b
	return b
}

func (h *Heap[T]) newBucket(idx int64, shift uint8, parent *bucket[T]) *bucket[T] {
	var b *bucket[T]
	if k := len(h.free); k > 0 {
		b = h.free[k-1]
		h.free[k-1] = nil
		h.free = h.free[:k-1]
	} else {
		b = new(bucket[T])
	}
	b.idx, b.shift, b.start, b.parent, b.pos = idx, shift, idx<<shift, parent, -1
	return b
}

// release forgets b, an empty leaf, keeping it for reuse if there is room.
func (h *Heap[T]) release(b *bucket[T]) {
	if h.last == b {
		h.last = nil
	}
	*b = bucket[T]{kids: b.kids} // kids, if any, are all nil
	if len(h.free) < maxFree {
		h.free = append(h.free, b)
	}
}

// filled puts b, which just got its first node, in the heap.
func (h *Heap[T]) filled(b *bucket[T]) {
	h.push(b)
	if p := b.parent; p != nil {
		p.n++ // p is split, so it already counts as holding nodes
	}
}

// emptied takes b, which just lost its last node, out of the heap and
// releases it. Finer buckets stay with their parent until all are empty;
// then the parent is released in turn.
func (h *Heap[T]) emptied(b *bucket[T]) {
	h.removeAt(b.pos)
	for {
		p := b.parent
		if p == nil {
			if h.near[b.idx&(nearSlots-1)] == b {
				h.near[b.idx&(nearSlots-1)] = nil
			} else {
				delete(h.far, b.idx)
				if len(h.far) == 0 && h.farPeak > maxFree {
					h.far, h.farPeak = nil, 0 // a map does not shrink: drop it
				}
			}
			h.release(b)
			return
		}
		if p.n--; p.n > 0 {
			return
		}
		for i, k := range p.kids {
			if k != nil {
				h.release(k)
				p.kids[i] = nil
			}
		}
		p.split = false
		b = p
	}
}

// first readies the earliest bucket, sorting it (after splitting it, if
// it is large), and returns the earliest leaf, which is then sorted.
func (h *Heap[T]) first() *bucket[T] {
	for {
		b := h.heap[0]
		switch {
		case b.sorted:
			return b
		case b.n > maxSort && b.shift >= fanBits:
			h.split(b)
		default:
			h.sortBucket(b)
			return b
		}
	}
}

// split moves the nodes of b, the earliest leaf, into finer buckets, which
// take its place in the heap. Nodes keep their relative order, so a finer
// bucket is sorted if its nodes came in order.
func (h *Heap[T]) split(b *bucket[T]) {
	h.removeAt(b.pos)
	if h.last == b {
		h.last = nil
	}
	if b.kids == nil {
		b.kids = new([fan]*bucket[T])
	}
	s := b.shift - fanBits
	kid := func(n *Node[T]) *bucket[T] {
		i := (n.due >> s) & (fan - 1)
		k := b.kids[i]
		if k == nil {
			k = h.newBucket(n.due>>s, s, b)
			b.kids[i] = k
		}
		return k
	}
	// The list is walked from both ends at once. The nodes are cold (set
	// long ago, scattered over the heap), and a walk is a chain of loads,
	// each waiting for the one before: two walks keep two cache misses in
	// flight, which halved the time of a split. The walk from the tail
	// prepends to a list per kid (back), appended to the kid at the end.
	var back, backTail [fan]*Node[T]
	var backUnsorted [fan]bool
	f, r := b.head, b.tail
	for {
		fNext, rPrev := f.next, r.prev
		kid(f).add(f) // the kid is not in the heap: an append
		if f == r {
			break
		}
		k := kid(r)
		i := k.idx & (fan - 1)
		r.b, r.prev, r.next = k, nil, back[i]
		k.n++
		if back[i] == nil {
			backTail[i] = r
		} else {
			back[i].prev = r
			backUnsorted[i] = backUnsorted[i] || back[i].less(r)
		}
		back[i] = r
		if fNext == r {
			break
		}
		f, r = fNext, rPrev
	}
	b.head, b.tail, b.n, b.split = nil, nil, 0, true
	for i, k := range b.kids {
		if k == nil {
			continue
		}
		if n := back[i]; n != nil {
			if k.tail == nil {
				k.head, k.sorted = n, !backUnsorted[i]
			} else {
				k.tail.next, n.prev = n, k.tail
				k.sorted = k.sorted && !backUnsorted[i] && !n.less(k.tail)
			}
			k.tail = backTail[i]
		}
		b.n++
		h.push(k)
	}
}

// sortBucket sorts b's list by (due, seq).
func (h *Heap[T]) sortBucket(b *bucket[T]) {
	s := slices.Grow(h.scratch[:0], b.n)[:b.n]
	// Collected from both ends at once, as split walks, for two cache
	// misses in flight: with a million timers due over 20 s, about 50 a
	// bucket and so sorted without a split, a pop took 160-190 ns instead
	// of 235-310.
	for i, j, f, r := 0, b.n-1, b.head, b.tail; i <= j; i, j, f, r = i+1, j-1, f.next, r.prev {
		s[i], s[j] = f, r
	}
	slices.SortFunc(s, func(x, y *Node[T]) int {
		if c := cmp.Compare(x.due, y.due); c != 0 {
			return c
		}
		return cmp.Compare(x.seq, y.seq)
	})
	var prev *Node[T]
	for _, n := range s {
		n.prev = prev
		if prev == nil {
			b.head = n
		} else {
			prev.next = n
		}
		prev = n
	}
	prev.next = nil
	b.tail = prev
	b.sorted = true
	clear(s) // drop the pointers, so the scratch keeps no node alive
	if cap(s) > 4*maxSort {
		s = nil // a big bucket at the finest level: do not keep its scratch
	}
	h.scratch = s[:0]
}
