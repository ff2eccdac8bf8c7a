package cb

import "context"

// Cargo is a queue whose worker takes the waiting jobs in batches of up to
// payload at a time: async.js's cargo and cargoQueue. Each job of a batch
// gets the outcome of the worker call that took it. It has the methods of
// Queue; Running counts worker calls, not jobs. Make it with NewCargo or
// NewCargoQueue.
type Cargo[J any] struct {
	qcore[J]
}

// NewCargo returns a cargo that calls worker with batches of up to payload
// waiting jobs, one call at a time: the jobs pushed while a call runs go
// together into the next. worker gets a new slice each time, which it may
// keep. It panics if worker is nil or payload is below 1.
func NewCargo[J any](worker func(jobs []J, done func(error)), payload int) *Cargo[J] {
	return newCargo("NewCargo", worker, 1, payload)
}

// NewCargoQueue is NewCargo with up to concurrency worker calls at once.
// It panics if worker is nil, or concurrency or payload is below 1.
func NewCargoQueue[J any](worker func(jobs []J, done func(error)), concurrency, payload int) *Cargo[J] {
	return newCargo("NewCargoQueue", worker, concurrency, payload)
}

func newCargo[J any](name string, worker func([]J, func(error)), concurrency, payload int) *Cargo[J] {
	mustFunc(name, "worker", worker == nil)
	mustLimit(name, "concurrency", concurrency)
	mustLimit(name, "payload", payload)
	q := &Cargo[J]{}
	q.init("Cargo", concurrency, payload, false)
	q.many = worker
	return q
}

// Push adds job at the end of the cargo. cb, which may be nil, is called
// once with the outcome of the worker call that takes it.
func (q *Cargo[J]) Push(job J, cb func(error)) { q.insert(nil, job, cb, 0, false) }

// PushContext is Push for a job that ctx can withdraw while it waits; see
// Queue.PushContext.
func (q *Cargo[J]) PushContext(ctx context.Context, job J, cb func(error)) {
	q.insert(ctx, job, cb, 0, false)
}

// Unshift adds job at the front of the cargo.
func (q *Cargo[J]) Unshift(job J, cb func(error)) { q.insert(nil, job, cb, 0, true) }

// Payload returns the largest batch a worker call gets.
func (q *Cargo[J]) Payload() int { return q.payload }

// SetPayload changes the largest batch, from the next worker call on. It
// panics if n is below 1.
func (q *Cargo[J]) SetPayload(n int) {
	mustLimit("SetPayload", "payload", n)
	q.payload = n
}
