package cb

import "time"

// RetryOptions configures Retry. The zero value is async.js's default: 5
// attempts, no wait between them, every error retried.
type RetryOptions struct {
	// Times is the number of attempts in all, the first included; 0 means
	// 5. It must not be negative.
	Times int
	// Interval is the wait between a failed attempt and the next. With 0,
	// the next attempt starts in the loop's next check phase (as
	// SetImmediate), where async.js waits a 0 ms timer (1 ms in Node).
	Interval time.Duration
	// Backoff, if not nil, gives the wait before each retry instead of
	// Interval: Backoff(1) before the second attempt, Backoff(2) before the
	// third, and so on, as async.js's interval function. See
	// ExponentialBackoff.
	Backoff func(retry int) time.Duration
	// Filter, if not nil, decides whether an error is worth a retry: when it
	// returns false, the error goes to the final callback at once. It is
	// async.js's errorFilter.
	Filter func(err error) bool
}

// ExponentialBackoff returns a RetryOptions.Backoff that waits base before
// the first retry and twice as long before each next one, up to max (no
// bound if max is 0).
func ExponentialBackoff(base, max time.Duration) func(retry int) time.Duration {
	if base <= 0 {
		panic("cb: ExponentialBackoff called with a base that is not positive")
	}
	return func(retry int) time.Duration {
		d := base
		for i := 1; i < retry; i++ {
			if max > 0 && d >= max || d > time.Duration(1<<62)/2 {
				break
			}
			d *= 2
		}
		if max > 0 && d > max {
			d = max
		}
		return d
	}
}

// Retry runs task until it succeeds, at most opts.Times times, waiting as
// opts says between attempts, and calls final once with the outcome of the
// last attempt: the value of the one that succeeded, or the last error
// (with the value that came with it). An error that opts.Filter rejects
// ends the retries at once. The wait is a timer of the loop, so a pending
// retry keeps the loop alive. It panics if task or final is nil or
// opts.Times is negative.
func Retry[T any](opts RetryOptions, task Task[T], final Callback[T]) {
	mustRetry("Retry", opts, task == nil)
	mustFunc("Retry", "callback", final == nil)
	startRetry("Retry", opts, task, final)
}

// Retryable returns a task that runs task with Retry's policy each time it
// is run, and calls back with Retry's final outcome. It is async.js's
// retryable.
func Retryable[T any](opts RetryOptions, task Task[T]) Task[T] {
	mustRetry("Retryable", opts, task == nil)
	return func(done Callback[T]) {
		mustFunc("Retryable", "callback", done == nil)
		startRetry("Retryable", opts, task, done)
	}
}

func mustRetry(name string, opts RetryOptions, noTask bool) {
	mustFunc(name, "task", noTask)
	if opts.Times < 0 {
		panic("cb: " + name + " called with a negative RetryOptions.Times")
	}
}

func startRetry[T any](name string, opts RetryOptions, task Task[T], final Callback[T]) {
	if opts.Times == 0 {
		opts.Times = 5
	}
	r := &retryRun[T]{opts: opts, task: task, final: final}
	r.init(name)
	r.kick = r.next
	r.inCall = true
	r.next()
	r.inCall = false
}

type retryRun[T any] struct {
	step
	opts  RetryOptions
	task  Task[T]
	final Callback[T]
	k     int    // attempts started
	kick  func() // r.next, made once
}

func (r *retryRun[T]) next() {
	k := r.k
	r.k++
	r.hand(k, "attempt", r.task)
	r.task(func(err error, v T) { r.done(k, err, v) })
}

func (r *retryRun[T]) done(k int, err error, v T) {
	if !r.arrive(k, "attempt", r.task) {
		return
	}
	if err == nil || r.k >= r.opts.Times || (r.opts.Filter != nil && !r.opts.Filter(err)) {
		r.end()
		defer1(&r.l, r.inCall, r.final, err, v)
		return
	}
	d := r.opts.Interval
	if r.opts.Backoff != nil {
		d = r.opts.Backoff(r.k)
	}
	if d <= 0 {
		r.loop().SetImmediate(r.kick)
		return
	}
	r.loop().SetTimeout(r.kick, d)
}
