package cb

import "strconv"

// Waterfall passes a value down a chain of tasks: each gets the value the
// previous one called back with, and final gets the last one's. Go has no
// variadic type parameters, so a chain whose steps change type cannot be
// one generic function of any length. The package offers three shapes:
//
//   - Waterfall2 and Waterfall3, fully typed, for the common short chains;
//   - Then, which composes two steps into a Task and nests for longer
//     typed chains: Then(Then(a, b), c);
//   - Waterfall, of any length, for steps that share one type: a state
//     struct passed along, or any for async.js's untyped style, at the
//     price of type assertions in the steps.

// Waterfall runs tasks one after another: the first gets the zero T, each
// next one the value the previous one called back with, and final gets the
// last value, or the first error (with the value that came with it); the
// tasks after a failed one do not run. With no tasks, final gets nil and
// the zero T. It panics if a task is nil. It is async.js's waterfall, with
// one value per step.
func Waterfall[T any](tasks []func(in T, done Callback[T]), final Callback[T]) {
	for i, t := range tasks {
		if t == nil {
			panic("cb: Waterfall called with a nil task at index " + strconv.Itoa(i))
		}
	}
	mustFunc("Waterfall", "callback", final == nil)
	r := &waterfallRun[T]{tasks: tasks, final: final}
	r.init("Waterfall")
	r.nextFn = r.next
	r.inCall = true
	if len(tasks) == 0 {
		r.finish(nil, r.v)
	} else {
		r.drive(r.nextFn)
	}
	r.inCall = false
}

type waterfallRun[T any] struct {
	step
	tasks  []func(T, Callback[T])
	final  Callback[T]
	idx    int // the next task to start
	v      T
	nextFn func()
}

func (r *waterfallRun[T]) next() {
	k := r.idx
	r.idx++
	t := r.tasks[k]
	r.hand(k, "task", t)
	t(r.v, func(err error, v T) { r.done(k, err, v) })
}

func (r *waterfallRun[T]) done(k int, err error, v T) {
	if !r.arrive(k, "task", r.tasks[k]) {
		return
	}
	r.v = v
	if err != nil || r.idx == len(r.tasks) {
		r.finish(err, v)
		return
	}
	r.drive(r.nextFn)
}

func (r *waterfallRun[T]) finish(err error, v T) {
	r.end()
	defer1(&r.l, r.inCall, r.final, err, v)
}

// Waterfall2 runs first, then second with first's value, and calls final
// once with second's value, or with the first error (then second does not
// run, and final gets the zero B). It panics if a function is nil.
func Waterfall2[A, B any](first Task[A], second func(a A, done Callback[B]), final Callback[B]) {
	mustFunc("Waterfall2", "first task", first == nil)
	mustFunc("Waterfall2", "second task", second == nil)
	mustFunc("Waterfall2", "callback", final == nil)
	r := &chainRun[B]{final: final}
	r.init("Waterfall2")
	r.inCall = true
	r.hand(0, "task", first)
	first(func(err error, a A) {
		if !r.arrive(0, "task", first) {
			return
		}
		if err != nil {
			var zero B
			r.finish(err, zero)
			return
		}
		r.hand(1, "task", second)
		second(a, func(err error, b B) {
			if r.arrive(1, "task", second) {
				r.finish(err, b)
			}
		})
	})
	r.inCall = false
}

// Waterfall3 is Waterfall2 with a third step.
func Waterfall3[A, B, C any](first Task[A], second func(a A, done Callback[B]), third func(b B, done Callback[C]), final Callback[C]) {
	mustFunc("Waterfall3", "first task", first == nil)
	mustFunc("Waterfall3", "second task", second == nil)
	mustFunc("Waterfall3", "third task", third == nil)
	mustFunc("Waterfall3", "callback", final == nil)
	r := &chainRun[C]{final: final}
	r.init("Waterfall3")
	r.inCall = true
	var zero C
	r.hand(0, "task", first)
	first(func(err error, a A) {
		if !r.arrive(0, "task", first) {
			return
		}
		if err != nil {
			r.finish(err, zero)
			return
		}
		r.hand(1, "task", second)
		second(a, func(err error, b B) {
			if !r.arrive(1, "task", second) {
				return
			}
			if err != nil {
				r.finish(err, zero)
				return
			}
			r.hand(2, "task", third)
			third(b, func(err error, c C) {
				if r.arrive(2, "task", third) {
					r.finish(err, c)
				}
			})
		})
	})
	r.inCall = false
}

// chainRun is Waterfall2 and Waterfall3: a fixed chain, too short to need
// the trampoline.
type chainRun[T any] struct {
	step
	final Callback[T]
}

func (r *chainRun[T]) finish(err error, v T) {
	r.end()
	defer1(&r.l, r.inCall, r.final, err, v)
}

// Then composes two steps into one task: running it runs first, then next
// with first's value, and calls the task's callback with next's outcome, or
// with first's error (next does not run). It is how a typed waterfall of
// any length is written, Then(Then(a, b), c), and how a step is added to a
// Task anywhere a Task is expected. A second call of either step's callback
// panics. It panics if first or next is nil.
func Then[A, B any](first Task[A], next func(a A, done Callback[B])) Task[B] {
	mustFunc("Then", "first task", first == nil)
	mustFunc("Then", "next", next == nil)
	return func(done Callback[B]) {
		called := 0 // which step's callback has been called: 1, then 2
		first(func(err error, a A) {
			if called != 0 {
				calledTwice("Then", "the first task", first, "")
			}
			called = 1
			if err != nil {
				var zero B
				done(err, zero)
				return
			}
			next(a, func(err error, b B) {
				if called != 1 {
					calledTwice("Then", "the next task", next, "")
				}
				called = 2
				done(err, b)
			})
		})
	}
}
