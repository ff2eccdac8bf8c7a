package queue

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDrainReturnsItemsInPushOrder(t *testing.T) {
	q := New[int]()
	for i := range 5 {
		q.Push(i)
	}
	assert.Equal(t, 5, q.Len())
	assert.Equal(t, []int{0, 1, 2, 3, 4}, q.Drain(nil))
	assert.Equal(t, 0, q.Len())
	assert.Empty(t, q.Drain(nil))
}

func TestWakeCoalescesPushesIntoOneSignal(t *testing.T) {
	q := New[int]()
	select {
	case <-q.Wake():
		t.Fatal("a new queue must not signal")
	default:
	}
	q.Push(1)
	q.Push(2)
	q.Push(3)
	<-q.Wake()
	select {
	case <-q.Wake():
		t.Fatal("three pushes before a drain must cost one wake-up")
	default:
	}
	require.Len(t, q.Drain(nil), 3)
	q.Push(4)
	select {
	case <-q.Wake():
	default:
		t.Fatal("a push into an emptied queue must signal again")
	}
}

func TestSwappedBuffersAreReused(t *testing.T) {
	q := New[int]()
	var a, b []int
	q.Push(1)
	a = q.Drain(make([]int, 0, 8))
	q.Push(2)
	b = q.Drain(a[:0])
	q.Push(3)
	c := q.Drain(b[:0])
	assert.Equal(t, []int{3}, c)
	assert.Equal(t, &a[:1][0], &c[:1][0], "the spare buffer must be reused, not reallocated")
}

func TestConcurrentProducersLoseNothing(t *testing.T) {
	q := New[int]()
	const producers, each = 8, 2000
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				q.Push(p*each + i)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	seen := make([]bool, producers*each)
	lastByProducer := make([]int, producers)
	for i := range lastByProducer {
		lastByProducer[i] = -1
	}
	count := 0
	var batch []int
	consume := func() {
		batch = q.Drain(batch[:0])
		for _, v := range batch {
			require.False(t, seen[v], "item %d delivered twice", v)
			seen[v] = true
			p := v / each
			require.Greater(t, v, lastByProducer[p], "items of one producer must stay in order")
			lastByProducer[p] = v
			count++
		}
	}
	for count < producers*each {
		select {
		case <-q.Wake():
			consume()
		case <-done:
			consume()
		}
	}
	assert.Equal(t, producers*each, count)
}

func BenchmarkPushDrain(b *testing.B) {
	q := New[*int]()
	x := new(int)
	var batch []*int
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q.Push(x)
		if i%64 == 63 {
			batch = q.Drain(batch[:0])
			clear(batch)
			select {
			case <-q.Wake():
			default:
			}
		}
	}
}

func BenchmarkPushParallel(b *testing.B) {
	q := New[*int]()
	x := new(int)
	stop := make(chan struct{})
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		var batch []*int
		for {
			select {
			case <-q.Wake():
				batch = q.Drain(batch[:0])
				clear(batch)
			case <-stop:
				return
			}
		}
	}()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q.Push(x)
		}
	})
	close(stop)
	<-drained
}
