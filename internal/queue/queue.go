// Package queue is the loop's completion queue: many goroutines push
// finished requests, the loop goroutine drains them in batches.
//
// It follows libuv's threadpool completion path (src/threadpool.c): producers
// append under a mutex and send one coalesced wake-up; the consumer swaps the
// whole backlog out in one step. Two buffers are swapped back and forth, so a
// queue in steady state allocates nothing per item.
package queue

import "sync"

// Queue is a many-producer, single-consumer FIFO with a coalesced wake-up.
// The zero value is not ready; use New.
type Queue[T any] struct {
	mu    sync.Mutex
	items []T
	wake  chan struct{}
}

// New returns an empty queue.
func New[T any]() *Queue[T] {
	return &Queue[T]{wake: make(chan struct{}, 1)}
}

// Push appends v and wakes the consumer. It is safe to call from any
// goroutine and never blocks on the consumer. Wake-ups coalesce: many pushes
// between two drains cost the consumer one wake-up.
func (q *Queue[T]) Push(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	first := len(q.items) == 1
	q.mu.Unlock()
	if first {
		q.Signal()
	}
}

// Signal wakes the consumer without queueing anything, as a push would: a
// goroutine that changed state the consumer must notice (a stop request)
// calls it. Wake-ups coalesce with those of pushes. Safe from any goroutine.
func (q *Queue[T]) Signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Wake returns the channel that receives a value after items were pushed
// into an empty queue. Only the consumer should receive from it.
func (q *Queue[T]) Wake() <-chan struct{} { return q.wake }

// Drain moves every queued item into spare[:0] by swapping buffers, and
// returns the batch in push order. The consumer must pass back the batch it
// got from the previous Drain (after clearing it, so finished items are not
// retained), which keeps the queue allocation-free. Only the consumer may
// call Drain.
func (q *Queue[T]) Drain(spare []T) []T {
	q.mu.Lock()
	batch := q.items
	q.items = spare[:0]
	q.mu.Unlock()
	return batch
}

// Len reports how many items wait to be drained. It is safe from any
// goroutine; the answer may be stale by the time it is used.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	n := len(q.items)
	q.mu.Unlock()
	return n
}
