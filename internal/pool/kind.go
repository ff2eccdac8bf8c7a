package pool

import "strconv"

// Kind is the kind of a task. Each kind has its own FIFO queue and its own
// cap on how many workers it may occupy at once, so that one kind cannot
// starve the others.
type Kind uint8

const (
	// CPU is user work (loop.Work), like libuv's UV__WORK_CPU.
	CPU Kind = iota
	// FastIO is file-system work, like libuv's UV__WORK_FAST_IO.
	FastIO
	// SlowIO is DNS lookups, like libuv's UV__WORK_SLOW_IO.
	SlowIO

	numKinds = 3
)

// String returns the constant's name, or "Kind(n)" for an invalid kind.
func (k Kind) String() string {
	switch k {
	case CPU:
		return "CPU"
	case FastIO:
		return "FastIO"
	case SlowIO:
		return "SlowIO"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// capsFor returns how many of n workers each kind may occupy at once.
//
// libuv runs every kind from one queue and only throttles DNS, so slow
// lookups could still fill the pool and stall fs calls (nodejs/node#8436).
// Here:
//   - SlowIO gets (n+1)/2, libuv's rule: a lookup can block for seconds on a
//     resolver timeout, so at least n/2 workers stay free for the others.
//   - CPU gets n-1 (at least 1): user work may run long (hashing, zlib), so
//     one worker is always left for fs and DNS.
//   - FastIO gets all n: fs calls are short, and the round robin in pick
//     hands each freed worker to the next kind in turn, so fs cannot keep
//     the others out for longer than one call.
//
// The caps guarantee that no single kind blocks every other kind. They do
// not reserve a worker per kind: with n = 2, one CPU and one SlowIO task can
// hold both workers while fs waits.
func capsFor(n int) [numKinds]int {
	var c [numKinds]int
	c[CPU] = max(1, n-1)
	c[FastIO] = n
	c[SlowIO] = (n + 1) / 2
	return c
}
