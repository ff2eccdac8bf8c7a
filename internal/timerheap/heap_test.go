package timerheap

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type item struct {
	node Node[*item]
	due  int64
	seq  uint64
}

func newItem(due int64, seq uint64) *item {
	it := &item{due: due, seq: seq}
	it.node.Value = it
	return it
}

func (it *item) push(h *Heap[*item]) { h.Push(&it.node, it.due, it.seq) }

func cmpItem(a, b *item) int {
	if c := cmp.Compare(a.due, b.due); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

func drain(h *Heap[*item]) []uint64 {
	var out []uint64
	for h.Len() > 0 {
		out = append(out, h.Pop().Value.seq)
	}
	return out
}

const ms = int64(time.Millisecond)

func TestOrder(t *testing.T) {
	tests := []struct {
		name string
		dues []int64 // seq is the index
		want []uint64
	}{
		{"equal due times leave in scheduling order", []int64{5, 5, 5, 5, 5, 5}, []uint64{0, 1, 2, 3, 4, 5}},
		{"earlier due time leaves first", []int64{10, 5, 10, 5}, []uint64{1, 3, 0, 2}},
		{"a single node", []int64{7}, []uint64{0}},
		{"descending dues reverse", []int64{4, 3, 2, 1, 0}, []uint64{4, 3, 2, 1, 0}},
		{"sub-ms due times order across buckets", []int64{3*ms + 7, 1*ms + 999_999, 2 * ms, 1*ms + 1, 3 * ms}, []uint64{3, 1, 2, 4, 0}},
		{"due times 1 ns apart in one bucket", []int64{ms + 2, ms + 1, ms + 3, ms + 1}, []uint64{1, 3, 0, 2}},
		{"saturated due times leave in scheduling order", []int64{math.MaxInt64, 1, math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64}, []uint64{1, 3, 0, 2, 4}},
		{"due times span the whole int64 range", []int64{math.MaxInt64, 0, math.MinInt64, -1, math.MaxInt64 >> 1}, []uint64{2, 3, 1, 4, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h Heap[*item]
			for i, d := range tc.dues {
				newItem(d, uint64(i)).push(&h)
			}
			verify(t, &h)
			assert.Equal(t, tc.want, drain(&h))
			verify(t, &h)
		})
	}
}

func TestRemoveKeepsOrderAndIsIdempotent(t *testing.T) {
	var h Heap[*item]
	items := make([]*item, 1000)
	for i := range items {
		items[i] = newItem(int64(i%10)*ms/3+int64(i%7), uint64(i))
		items[i].push(&h)
	}
	for i := 0; i < len(items); i += 3 {
		require.True(t, h.Remove(&items[i].node))
		require.False(t, items[i].node.Scheduled())
		require.False(t, h.Remove(&items[i].node), "removing twice is harmless")
	}
	verify(t, &h)
	var want []*item
	for i, it := range items {
		if i%3 != 0 {
			want = append(want, it)
		}
	}
	slices.SortFunc(want, cmpItem)
	wantSeq := make([]uint64, len(want))
	for i, it := range want {
		wantSeq[i] = it.seq
	}
	assert.Equal(t, wantSeq, drain(&h))
}

func TestPeekAndPushAgain(t *testing.T) {
	var h Heap[*item]
	_, _, ok := h.Peek()
	assert.False(t, ok)
	a := newItem(3, 1)
	a.push(&h)
	n, due, ok := h.Peek()
	require.True(t, ok)
	assert.Same(t, a, n.Value)
	assert.Equal(t, int64(3), due)
	assert.Panics(t, func() { h.Push(&a.node, 4, 2) }, "a scheduled node cannot be pushed twice")
	h.Pop()
	h.Push(&a.node, 4, 2) // a popped node can be scheduled again
	assert.Equal(t, 1, h.Len())
	verify(t, &h)
}

// dueGen draws the due time of a node scheduled at now, as the loop
// computes it: now plus a delay of at least 1 ms, saturated.
type dueGen func(r *rand.Rand, now int64) int64

func saturate(now, d int64) int64 {
	if now > math.MaxInt64-d {
		return math.MaxInt64
	}
	return now + d
}

var dueGens = []struct {
	name string
	gen  dueGen
}{
	{"whole-ms delays", func(r *rand.Rand, now int64) int64 { return now + (1+r.Int64N(50))*ms }},
	{"sub-ms delays", func(r *rand.Rand, now int64) int64 { return now + ms + r.Int64N(50*ms) }},
	{"a mix of whole-ms, sub-ms and hour-long delays", func(r *rand.Rand, now int64) int64 {
		switch r.IntN(3) {
		case 0:
			return now + (1+r.Int64N(20))*ms
		case 1:
			return now + ms + r.Int64N(20*ms)
		}
		return now + int64(time.Hour) + r.Int64N(ms)
	}},
	{"one deadline, give or take a few ns", func(r *rand.Rand, now int64) int64 {
		return max(now+ms, 30*ms+r.Int64N(200))
	}},
	{"delays near math.MaxInt64, saturated", func(r *rand.Rand, now int64) int64 {
		return saturate(now, math.MaxInt64-r.Int64N(3*ms))
	}},
}

// TestRandomAgainstSort drives the heap as the loop does, with a clock
// that moves forward, pops of what is due and scheduling from a callback,
// clears, and bursts of timers, and checks every pop against a model (a
// sorted slice), for several mixes of delays.
func TestRandomAgainstSort(t *testing.T) {
	for _, g := range dueGens {
		t.Run(g.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var h Heap[*item]
			var model []*item // sorted by (due, seq)
			seq, now := uint64(0), int64(0)
			push := func() {
				seq++
				it := newItem(g.gen(r, now), seq)
				it.push(&h)
				i, _ := slices.BinarySearchFunc(model, it, cmpItem)
				model = slices.Insert(model, i, it)
			}
			for op := range 30_000 {
				switch k := r.IntN(20); {
				case k < 9:
					push()
				case k < 10 && len(model) < 5000:
					for range r.IntN(300) { // a burst from one callback
						push()
					}
				case k < 13 && len(model) > 0:
					i := r.IntN(len(model))
					if !h.Remove(&model[i].node) {
						t.Fatal("Remove of a scheduled node reports false")
					}
					model = slices.Delete(model, i, i+1)
				case k < 14 && len(model) > 0:
					n, due, ok := h.Peek()
					if !ok || n.Value != model[0] || due != model[0].due {
						t.Fatalf("op %d: Peek is not the minimum", op)
					}
					now = max(now, min(due, now+10*ms)) // poll waits, up to 10 ms
				case len(model) > 0: // the timers phase: fire what is due, or one
					for len(model) > 0 {
						n, due, ok := h.Peek()
						if !ok || n != h.Pop() || n.Value != model[0] {
							t.Fatalf("op %d: Pop is not the minimum", op)
						}
						model = model[1:]
						if r.IntN(4) == 0 {
							push() // set from its callback
						}
						if due > now || k%2 == 0 && model[0].due > now {
							break
						}
					}
				}
				if h.Len() != len(model) {
					t.Fatalf("op %d: Len %d, want %d", op, h.Len(), len(model))
				}
				if op%1000 == 0 {
					verify(t, &h)
				}
			}
			verify(t, &h)
			count := 0
			h.Each(func(*Node[*item], int64) { count++ })
			assert.Equal(t, len(model), count)
			want := make([]uint64, len(model))
			for i, it := range model {
				want[i] = it.seq
			}
			assert.Equal(t, want, drain(&h))
			verify(t, &h)
		})
	}
}

// FuzzHeap drives the heap with arbitrary operations and checks it against
// a sorted model: every pop is the (due, seq) minimum of what is scheduled.
// Due times are drawn from ranges that exercise ties, sub-ms spreads across
// buckets, bursts into one bucket (which splits it), and saturation at
// math.MaxInt64.
func FuzzHeap(f *testing.F) {
	f.Add([]byte{0, 5, 0, 3, 2, 0, 1, 1, 2, 0})
	f.Add([]byte{0, 1, 0, 1, 0, 1, 2, 2, 2, 2})
	f.Add([]byte{5, 200, 6, 0, 6, 0, 5, 90, 6, 7, 3, 3})
	f.Add([]byte{2, 1, 2, 2, 2, 3, 6, 0, 6, 0, 6, 0})
	f.Add([]byte{1, 17, 1, 200, 1, 3, 5, 255, 5, 77, 6, 1, 4, 9, 6, 1})
	f.Add([]byte{5, 100, 6, 0, 5, 33, 6, 1, 5, 219, 6, 2, 3, 4, 6, 5, 5, 21, 6, 6})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var h Heap[*item]
		var model []*item // sorted by (due, seq)
		seq := uint64(0)
		push := func(due int64) {
			seq++
			it := newItem(due, seq)
			it.push(&h)
			i, _ := slices.BinarySearchFunc(model, it, cmpItem)
			model = slices.Insert(model, i, it)
		}
		for i := 0; i+1 < len(ops); i += 2 {
			arg := int64(ops[i+1])
			switch ops[i] % 7 {
			case 0: // a few due times, many ties
				push(arg % 16)
			case 1: // sub-ms due times over many buckets
				push(arg * 123_457)
			case 2: // at and just below math.MaxInt64
				push(math.MaxInt64 - arg%4*(arg<<12))
			case 3, 4:
				if len(model) > 0 {
					k := int(arg) % len(model)
					require.True(t, h.Remove(&model[k].node))
					model = slices.Delete(model, k, k+1)
				}
			case 5: // a burst into one bucket, due times from a small generator
				x := uint32(arg)
				for range 1 + arg*int64(min(1, 4096/(len(model)+1))) {
					x = x*1664525 + 1013904223
					push(7<<topShift + int64(x>>(32-topShift))>>(arg%topShift))
				}
			case 6:
				if len(model) > 0 {
					require.Same(t, model[0], h.Pop().Value)
					model = slices.Delete(model, 0, 1)
				}
			}
			require.Equal(t, len(model), h.Len())
		}
		verify(t, &h)
		for _, want := range model {
			require.Same(t, want, h.Pop().Value)
		}
		verify(t, &h)
	})
}

func TestManyNodesShareADeadline(t *testing.T) {
	// A hundred thousand timers due at one deadline, give or take a few
	// hundred ns, set while nothing earlier is pending and peeked at
	// between sets, as a loop polling between callbacks does: each set
	// must stay cheap, and the order exact.
	var h Heap[*item]
	r := rand.New(rand.NewPCG(3, 4))
	items := make([]*item, 100_000)
	for i := range items {
		items[i] = newItem(5*ms+r.Int64N(300), uint64(i))
		items[i].push(&h)
		if i%10 == 0 {
			h.Peek()
		}
	}
	verify(t, &h)
	slices.SortFunc(items, cmpItem)
	for _, it := range items {
		require.Same(t, it, h.Pop().Value)
	}
	verify(t, &h)
}

func TestBucketsAreReleasedAfterABurst(t *testing.T) {
	var h Heap[*item]
	const burst = 100_000
	for i := range burst { // 100 µs apart: 10 s, about 9,500 buckets
		newItem(int64(i)*100_000, uint64(i)).push(&h)
	}
	require.Greater(t, len(h.far), 5000, "buckets beyond the near table's reach go to the far map")
	verify(t, &h)
	for h.Len() > 10 {
		h.Pop()
	}
	verify(t, &h)
	assert.Less(t, len(h.far), 10, "emptied buckets leave the far map")
	for h.Len() > 0 {
		h.Pop()
	}
	verify(t, &h)
	assert.Nil(t, h.far, "the map that held thousands of buckets is dropped")
	assert.Equal(t, [nearSlots]*bucket[*item]{}, *h.near)
	assert.LessOrEqual(t, len(h.free), maxFree)
}

func TestSplitBuckets(t *testing.T) {
	tests := []struct {
		name  string
		dues  func(i int) int64 // of 1000 nodes, seq i
		later func(i int) int64 // of 1000 more, set after the first Peek
	}{
		{"spread over one bucket", func(i int) int64 { return 3<<topShift + int64(i*7919)%(1<<topShift) }, func(i int) int64 { return 3<<topShift + int64(i*104729)%(1<<topShift) }},
		{"clustered in a few ns", func(i int) int64 { return 3<<topShift + int64(i%5) }, func(i int) int64 { return 3<<topShift + int64(i%7) }},
		{"set later into the empty part of a split bucket", func(i int) int64 { return 3<<topShift + int64(i) }, func(i int) int64 { return 4<<topShift - 1 - int64(i)<<8 }},
		{"all at math.MaxInt64", func(int) int64 { return math.MaxInt64 }, func(int) int64 { return math.MaxInt64 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h Heap[*item]
			var model []*item
			for i := range 1000 {
				model = append(model, newItem(tc.dues(i), uint64(i)))
				model[i].push(&h)
			}
			h.Peek() // the earliest bucket is split
			verify(t, &h)
			require.True(t, h.heap[0].parent != nil || h.heap[0].sorted)
			for i := range 1000 {
				it := newItem(tc.later(i), uint64(1000+i))
				it.push(&h)
				model = append(model, it)
				if i%100 == 0 {
					verify(t, &h)
					h.Peek()
				}
			}
			verify(t, &h)
			slices.SortFunc(model, cmpItem)
			for i, it := range model {
				require.Same(t, it, h.Pop().Value, "pop %d", i)
				if i%250 == 0 {
					verify(t, &h)
				}
			}
			verify(t, &h)
		})
	}
}

func TestEqualDueTimesOutOfSeqOrderAreSorted(t *testing.T) {
	// The loop's seq only grows, but the store does not rely on it.
	var h Heap[*item]
	for i := range 500 {
		newItem(42, uint64(500-i)).push(&h)
	}
	got := drain(&h)
	require.Len(t, got, 500)
	assert.True(t, slices.IsSorted(got))
	assert.LessOrEqual(t, cap(h.scratch), 4*maxSort, "no big scratch is kept")
}

func TestBucketsAreReused(t *testing.T) {
	tests := []struct {
		name string
		op   func(h *Heap[*item], it *item, seq uint64)
	}{
		{"one timer set and cleared again", func(h *Heap[*item], it *item, seq uint64) {
			h.Push(&it.node, 10*ms, seq)
			h.Remove(&it.node)
		}},
		{"a timer refreshed as time goes by", func(h *Heap[*item], it *item, seq uint64) {
			h.Remove(&it.node)
			h.Push(&it.node, int64(seq)*50_000+30*int64(time.Second), seq)
		}},
		{"a chain of 1 ms timeouts", func(h *Heap[*item], it *item, seq uint64) {
			if it.node.Scheduled() {
				h.Pop()
			}
			h.Push(&it.node, int64(seq)*ms, seq)
		}},
		{"a chain of timeouts while other timers hold the near slots", func(h *Heap[*item], it *item, seq uint64) {
			h.Remove(&it.node)                   // as if it had fired
			h.Push(&it.node, int64(seq)*ms, seq) // in the far map
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h Heap[*item]
			if strings.Contains(tc.name, "near slots") {
				for i := range nearSlots { // due in about 35 minutes
					newItem(int64(1000*nearSlots+i)<<topShift, math.MaxUint64-uint64(i)).push(&h)
				}
			}
			it := newItem(0, 0)
			seq := uint64(0)
			for range 10_000 { // warm up: the free list and the maps' room
				seq++
				tc.op(&h, it, seq)
			}
			allocs := testing.AllocsPerRun(10_000, func() {
				seq++
				tc.op(&h, it, seq)
			})
			assert.Zero(t, allocs)
			if strings.Contains(tc.name, "near slots") {
				assert.Len(t, h.far, 1, "the chain's bucket is in the far map")
			}
			verify(t, &h)
		})
	}
}

// verify checks the heap's invariants: the heap of buckets, each bucket's
// range, counts, links and sorted flag, the tree of split buckets, the
// counters, the cache and the free list. It checks with plain ifs, not
// require, which would cost a stack walk per node.
func verify(t *testing.T, h *Heap[*item]) {
	t.Helper()
	check := func(ok bool, format string, args ...any) {
		if !ok {
			t.Helper()
			t.Fatalf(format, args...)
		}
	}
	inHeap := map[*bucket[*item]]bool{}
	nodes := 0
	for i, b := range h.heap {
		check(b.pos == i, "bucket at %d thinks it is at %d", i, b.pos)
		check(i == 0 || h.heap[(i-1)/2].start < b.start, "heap order, without ties, broken at %d", i)
		check(!b.split, "a split bucket is in the heap")
		inHeap[b] = true
		count := 0
		var prev *Node[*item]
		for n := b.head; n != nil; n = n.next {
			count++
			check(n.b == b, "node in a bucket's list points at another")
			check(n.prev == prev, "broken prev link")
			check(n.due>>b.shift == b.idx, "node due %d outside its bucket %d<<%d", n.due, b.idx, b.shift)
			check(!b.sorted || prev == nil || prev.less(n), "a sorted bucket is out of order")
			prev = n
		}
		check(b.tail == prev, "tail is not the last node")
		check(b.n == count && count > 0, "bucket counts %d nodes, holds %d", b.n, count)
		nodes += count
	}
	check(h.Len() == nodes, "Len %d, %d nodes in buckets", h.Len(), nodes)
	if len(h.heap) > 0 && h.heap[0].sorted {
		m := h.heap[0].head
		h.Each(func(n *Node[*item], _ int64) { check(!n.less(m), "the earliest bucket's head is not the minimum") })
	}

	var walk func(b *bucket[*item], parent *bucket[*item])
	walk = func(b *bucket[*item], parent *bucket[*item]) {
		check(b.parent == parent, "wrong parent")
		check(b.start == b.idx<<b.shift, "start is not idx<<shift")
		if !b.split {
			check(b.n == 0 || inHeap[b], "a leaf holding nodes is not in the heap")
			check(b.n > 0 || (b.pos == -1 && b.head == nil), "an empty leaf is in the heap")
			return
		}
		check(b.pos == -1 && b.head == nil, "a split bucket holds nodes")
		kids := 0
		for i, k := range b.kids {
			if k == nil {
				continue
			}
			check(k.shift == b.shift-fanBits && k.idx>>fanBits == b.idx && k.idx&(fan-1) == int64(i), "kid %d out of its parent's range", i)
			if k.n > 0 {
				kids++
			}
			walk(k, b)
		}
		check(kids == b.n && kids > 0, "a split bucket counts %d kids holding nodes, has %d", b.n, kids)
	}
	if h.near != nil {
		for i, b := range h.near {
			if b != nil {
				check(int(b.idx&(nearSlots-1)) == i && b.shift == topShift, "top-level bucket in the wrong slot")
				check(b.n > 0, "an empty bucket is kept in the near table")
				walk(b, nil)
			}
		}
	}
	for idx, b := range h.far {
		check(b.idx == idx && b.shift == topShift, "top-level bucket under the wrong key")
		check(b.n > 0, "an empty bucket is kept in the far map")
		s := h.near[idx&(nearSlots-1)]
		check(s == nil || s.idx != idx, "two buckets for one range")
		walk(b, nil)
	}
	root := func(b *bucket[*item]) bool {
		for b.parent != nil {
			if b.parent.kids[b.idx&(fan-1)] != b {
				return false
			}
			b = b.parent
		}
		return h.near[b.idx&(nearSlots-1)] == b || h.far[b.idx] == b
	}
	for b := range inHeap {
		check(root(b), "a bucket in the heap is not in the tree")
	}
	if b := h.last; b != nil {
		check(!b.split && root(b), "the cache holds a bucket that is not a leaf of the tree")
	}
	check(len(h.free) <= maxFree, "free list over its bound")
	for _, b := range h.free {
		check(b.n == 0 && b.parent == nil && (b.kids == nil || *b.kids == [fan]*bucket[*item]{}), "a free bucket is not clean")
	}
}

// The benchmarks schedule as the loop does: a node is due its delay after
// the due time of the last pop (the loop's time only moves forward), the
// delay one of 1000 whole milliseconds (whole-ms), or that plus a random
// sub-ms part (sub-ms).
func BenchmarkPushPop(b *testing.B) {
	delays := map[string]func(r *rand.Rand) int64{
		"whole-ms": func(r *rand.Rand) int64 { return (1 + r.Int64N(1000)) * ms },
		"sub-ms":   func(r *rand.Rand) int64 { return (1+r.Int64N(1000))*ms + r.Int64N(ms) },
	}
	for _, kind := range []string{"whole-ms", "sub-ms"} {
		for _, size := range []int{1000, 1_000_000} {
			b.Run(fmt.Sprintf("%s/%d", kind, size), func(b *testing.B) {
				delay := delays[kind]
				r := rand.New(rand.NewPCG(1, 2))
				var h Heap[*item]
				for i := range size {
					newItem(delay(r), uint64(i)).push(&h)
				}
				seq := uint64(size)
				b.ReportAllocs()
				for b.Loop() {
					n := h.Pop()
					seq++
					h.Push(n, n.due+delay(r), seq)
				}
			})
		}
	}
}

// BenchmarkInsertRemove sets and clears one node among 100,000 others, as
// a timeout set and cleared before it fires.
func BenchmarkInsertRemove(b *testing.B) {
	var h Heap[*item]
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 100_000 {
		newItem((1+r.Int64N(1000))*ms, uint64(i)).push(&h)
	}
	it := newItem(0, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.Push(&it.node, (1+r.Int64N(1000))*ms+r.Int64N(ms), uint64(100_000+i))
		h.Remove(&it.node)
	}
}

// BenchmarkSharedDeadline sets nodes due at one deadline, give or take
// 300 ns, into the earliest bucket, with a Peek after each as a loop
// polling between callbacks does, and pops them once there are 10,000.
func BenchmarkSharedDeadline(b *testing.B) {
	var h Heap[*item]
	r := rand.New(rand.NewPCG(1, 2))
	items := make([]*item, 10_000)
	for i := range items {
		items[i] = newItem(0, 0)
	}
	seq := uint64(0)
	b.ReportAllocs()
	for b.Loop() {
		for _, it := range items {
			seq++
			h.Push(&it.node, 5*ms+r.Int64N(300), seq)
			h.Peek()
		}
		for h.Len() > 0 {
			h.Pop()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/node")
}
