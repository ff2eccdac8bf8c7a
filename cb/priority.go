package cb

import "context"

// PriorityQueue is a Queue whose waiting jobs start by priority, lowest
// number first, and in push order among equal priorities: async.js's
// priorityQueue. It has the methods of Queue except Unshift, and Push takes
// a priority. Make it with NewPriorityQueue.
type PriorityQueue[J any] struct {
	qcore[J]
}

// NewPriorityQueue returns a priority queue that calls worker for each
// job, at most concurrency at a time; see NewQueue. It panics if worker is
// nil or concurrency is below 1.
func NewPriorityQueue[J any](worker func(job J, done func(error)), concurrency int) *PriorityQueue[J] {
	mustFunc("NewPriorityQueue", "worker", worker == nil)
	mustLimit("NewPriorityQueue", "concurrency", concurrency)
	q := &PriorityQueue[J]{}
	q.init("PriorityQueue", concurrency, 1, true)
	q.one = worker
	return q
}

// Push adds job with the given priority. cb, which may be nil, is called
// once with the job's outcome.
func (q *PriorityQueue[J]) Push(job J, priority int, cb func(error)) {
	q.insert(nil, job, cb, priority, false)
}

// PushContext is Push for a job that ctx can withdraw while it waits; see
// Queue.PushContext.
func (q *PriorityQueue[J]) PushContext(ctx context.Context, job J, priority int, cb func(error)) {
	q.insert(ctx, job, cb, priority, false)
}
