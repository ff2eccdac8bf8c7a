package loop

import "context"

// Serial runs calls of a blocking function one at a time, each on demand,
// in a goroutine of a handle, and delivers each result on the loop: the pull
// model of libuv's uv_read_start and uv_read_stop. The loop grants one call
// with Call; the goroutine makes it (a Read of a socket, a Write, an
// Accept) and the loop calls done with its result; nothing more happens
// until the next Call. A paused reader therefore stops reading, and an
// unread peer feels the kernel's backpressure.
//
// The goroutine starts at the first Call and ends when the handle starts to
// close (its context is canceled; a call blocked in a read returns when
// the handle's teardown closes what it reads). Each call is an Op: the same
// guarantees, and no allocation per call.
type Serial[A, T any] struct {
	op      *Op[T]
	c       *HandleControl
	fn      func(ctx context.Context, a A) (T, error)
	in      chan A
	discard func(T)
	started bool
}

// NewSerial returns a Serial that runs fn in a goroutine of the handle
// controlled by c, one call at a time, and calls done on the loop goroutine
// with each result. name and live are those of its Op (see NewOp). A panic
// in fn reaches done as a *PanicError, as in WorkOn. It must be called on
// the loop goroutine.
func NewSerial[A, T any](c *HandleControl, name string, live Liveness, fn func(ctx context.Context, a A) (T, error), done func(err error, v T)) *Serial[A, T] {
	if fn == nil {
		panic("loop: NewSerial called with nil func")
	}
	return &Serial[A, T]{op: NewOp(c, name, live, done), c: c, fn: fn, in: make(chan A, 1)}
}

// SetDiscard sets a function that receives the results dropped because the
// handle closed before they were delivered (see Op.Complete), so that what
// they hold, such as an accepted connection, is released. It runs on the
// handle's goroutine.
func (s *Serial[A, T]) SetDiscard(fn func(v T)) { s.discard = fn }

// Call grants one call of fn with a. It reports false, and makes no call, if
// the handle is closing; done then receives the cancellation error (see
// Op.Start). It panics if a call is still pending: one at a time.
func (s *Serial[A, T]) Call(a A) bool {
	if !s.op.Start() {
		return false
	}
	if !s.started {
		s.started = true
		s.c.onClose = append(s.c.onClose, func() { close(s.in) })
		s.c.Go(s.serve)
	}
	s.in <- a // room for one, and one call at a time: never blocks
	return true
}

// Pending reports whether a call has been granted and its done callback
// has not run yet.
func (s *Serial[A, T]) Pending() bool { return s.op.Pending() }

// serve makes the calls. The handle closes s.in as it starts to close, which
// ends the goroutine; a call granted just before still runs, and its result
// is discarded. (One channel rather than a select on s.in and the context:
// BenchmarkSerialRoundTrip went from ~1500 to ~850 ns, below the pool's
// ~1300 ns for the same trip.)
func (s *Serial[A, T]) serve(ctx context.Context) {
	for a := range s.in {
		v, err := s.call(ctx, a)
		if !s.op.Complete(v, err) && s.discard != nil {
			s.discard(v)
		}
	}
}

// call runs fn, turning a panic into an error, and a runtime.Goexit into an
// error delivered before the goroutine ends, so the op is never left
// pending.
func (s *Serial[A, T]) call(ctx context.Context, a A) (v T, err error) {
	normal := false
	defer func() {
		if r := recover(); r != nil {
			var zero T
			v, err = zero, recovered(r)
			return
		}
		if !normal {
			var zero T
			s.op.Complete(zero, errWorkGoexit)
		}
	}()
	v, err = s.fn(ctx, a)
	normal = true
	return v, err
}
