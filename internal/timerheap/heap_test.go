package timerheap

import (
	"math/rand/v2"
	"slices"
	"testing"

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

// keyOf groups nodes into lists as the loop groups timers by delay; a key
// that does not follow due order exercises placing nodes in order.
func keyOf(due int64) int64 { return due % 3 }

func drain(h *Heap[*item]) []uint64 {
	var out []uint64
	for h.Len() > 0 {
		out = append(out, h.Pop().Value.seq)
	}
	return out
}

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
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h Heap[*item]
			for i, d := range tc.dues {
				h.Push(&newItem(d, uint64(i)).node, keyOf(d), d, uint64(i))
			}
			assert.Equal(t, tc.want, drain(&h))
		})
	}
}

func TestRemoveKeepsOrderAndIsIdempotent(t *testing.T) {
	var h Heap[*item]
	items := make([]*item, 100)
	for i := range items {
		items[i] = newItem(int64(i%10), uint64(i))
		h.Push(&items[i].node, keyOf(items[i].due), items[i].due, items[i].seq)
	}
	for i := 0; i < 100; i += 3 {
		require.True(t, h.Remove(&items[i].node))
		require.False(t, items[i].node.Scheduled())
		require.False(t, h.Remove(&items[i].node), "removing twice is harmless")
	}
	got := drain(&h)
	var want []*item
	for i, it := range items {
		if i%3 != 0 {
			want = append(want, it)
		}
	}
	slices.SortFunc(want, func(a, b *item) int {
		if a.due != b.due {
			return int(a.due - b.due)
		}
		return int(a.seq) - int(b.seq)
	})
	wantSeq := make([]uint64, len(want))
	for i, it := range want {
		wantSeq[i] = it.seq
	}
	assert.Equal(t, wantSeq, got)
}

func TestPeekAndPushAgain(t *testing.T) {
	var h Heap[*item]
	_, _, ok := h.Peek()
	assert.False(t, ok)
	a := newItem(3, 1)
	h.Push(&a.node, keyOf(3), 3, 1)
	n, due, ok := h.Peek()
	require.True(t, ok)
	assert.Same(t, a, n.Value)
	assert.Equal(t, int64(3), due)
	assert.Panics(t, func() { h.Push(&a.node, keyOf(4), 4, 2) }, "a scheduled node cannot be pushed twice")
	h.Pop()
	h.Push(&a.node, keyOf(4), 4, 2) // a popped node can be scheduled again
	assert.Equal(t, 1, h.Len())
}

func TestRandomAgainstSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h Heap[*item]
	var live []*item
	seq := uint64(0)
	for range 20000 {
		switch op := r.IntN(10); {
		case op < 6:
			seq++
			it := newItem(r.Int64N(1000), seq)
			h.Push(&it.node, keyOf(it.due), it.due, it.seq)
			live = append(live, it)
		case op < 8 && len(live) > 0:
			i := r.IntN(len(live))
			require.True(t, h.Remove(&live[i].node))
			live = slices.Delete(live, i, i+1)
		case len(live) > 0:
			n := h.Pop().Value
			for _, it := range live {
				require.False(t, it.due < n.due || (it.due == n.due && it.seq < n.seq), "popped node is not the minimum")
			}
			live = slices.DeleteFunc(live, func(it *item) bool { return it == n })
		}
		require.Equal(t, len(live), h.Len())
	}
	count := 0
	h.Each(func(*Node[*item], int64) { count++ })
	assert.Equal(t, len(live), count)
}

func TestShrinkReleasesMemoryAfterBurst(t *testing.T) {
	var h Heap[*item]
	const burst = 100000
	for i := range burst {
		h.Push(&newItem(int64(i), uint64(i)).node, keyOf(int64(i)), int64(i), uint64(i))
	}
	require.Len(t, h.lists, 3)
	for h.Len() > 10 {
		h.Pop()
	}
	assert.LessOrEqual(t, len(h.lists), 3, "emptied lists are released")
}

// The benchmarks schedule as the loop does: a node's key is its delay (one
// of 1000 whole milliseconds) and it is due that long after the time of the
// last pop, which only moves forward.
func BenchmarkPushPop(b *testing.B) {
	for _, size := range []int{1000, 1000000} {
		b.Run(map[int]string{1000: "1k", 1000000: "1M"}[size], func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			var h Heap[*item]
			for i := range size {
				d := 1 + r.Int64N(1000)
				h.Push(&newItem(d, uint64(i)).node, d, d, uint64(i))
			}
			seq := uint64(size)
			b.ReportAllocs()
			for b.Loop() {
				n := h.Pop()
				now := n.due
				seq++
				d := 1 + r.Int64N(1000)
				h.Push(n, d, now+d, seq)
			}
		})
	}
}

func BenchmarkInsertRemove(b *testing.B) {
	var h Heap[*item]
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 100000 {
		d := 1 + r.Int64N(1000)
		h.Push(&newItem(d, uint64(i)).node, d, d, uint64(i))
	}
	it := newItem(0, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d := 1 + r.Int64N(1000)
		h.Push(&it.node, d, 1000+d, uint64(100000+i))
		h.Remove(&it.node)
	}
}

// FuzzHeap drives the heap with arbitrary operations and checks it against
// a sorted model: every pop is the (due, seq) minimum of what is scheduled.
func FuzzHeap(f *testing.F) {
	f.Add([]byte{0, 5, 0, 3, 2, 0, 1, 1, 2})
	f.Add([]byte{0, 1, 0, 1, 0, 1, 2, 2, 2})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var h Heap[*item]
		var live []*item
		seq := uint64(0)
		for i := 0; i+1 < len(ops); i += 2 {
			arg := int(ops[i+1])
			switch ops[i] % 3 {
			case 0:
				seq++
				it := newItem(int64(arg%16), seq)
				h.Push(&it.node, int64(arg>>4), it.due, it.seq) // keys out of due order
				live = append(live, it)
			case 1:
				if len(live) > 0 {
					k := arg % len(live)
					require.True(t, h.Remove(&live[k].node))
					live = slices.Delete(live, k, k+1)
				}
			case 2:
				if len(live) > 0 {
					got := h.Pop().Value
					m := slices.MinFunc(live, func(a, b *item) int {
						if a.due != b.due {
							return int(a.due - b.due)
						}
						return int(a.seq) - int(b.seq)
					})
					require.Same(t, m, got)
					live = slices.DeleteFunc(live, func(it *item) bool { return it == got })
				}
			}
			require.Equal(t, len(live), h.Len())
		}
	})
}

func TestEmptyListsAreReusedThenSwept(t *testing.T) {
	var h Heap[*item]
	it := newItem(0, 0)
	h.Push(&it.node, 10, 10, 1)
	h.Remove(&it.node)
	allocs := testing.AllocsPerRun(100, func() {
		h.Push(&it.node, 10, 10, 2)
		h.Remove(&it.node)
	})
	assert.Zero(t, allocs, "one timer at a time with one delay reuses its list")

	items := make([]*item, 1000)
	for i := range items {
		items[i] = newItem(int64(i), uint64(i))
		h.Push(&items[i].node, int64(i), int64(i), uint64(i)) // 1000 delays
	}
	for h.Len() > 0 {
		h.Pop()
	}
	assert.LessOrEqual(t, len(h.byKey), maxEmpty, "a burst of many delays gives its lists back, but for a few kept for reuse")
	assert.Equal(t, len(h.byKey), h.empty)

	keep := newItem(5, 5)
	h.Push(&keep.node, 5, 5, 5)
	for i := range items {
		h.Push(&items[i].node, int64(100+i), int64(i), uint64(i))
		h.Remove(&items[i].node)
	}
	assert.LessOrEqual(t, len(h.byKey), maxEmpty+2, "empty lists beyond the bound are swept while others live")
	assert.Equal(t, keep, h.Pop().Value)
}
