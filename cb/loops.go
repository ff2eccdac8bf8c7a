package cb

// The loops repeat a task while (or until) an asynchronous test says so,
// or forever. They run in a trampoline: a test and a task that call back
// synchronously make a plain loop, with constant stack, where async.js
// recurses (and overflows the stack after some thousands of rounds).

// Whilst calls test, and while it says true, runs fn and calls test again.
// When test says false, final gets nil and fn's last value (the zero T if
// fn never ran); the first error from test or fn ends the loop and goes to
// final with the zero T. It is async.js's whilst: the test is itself an
// error-first function.
func Whilst[T any](test func(done Callback[bool]), fn Task[T], final Callback[T]) {
	mustFunc("Whilst", "test", test == nil)
	mustFunc("Whilst", "task", fn == nil)
	mustFunc("Whilst", "callback", final == nil)
	startLoop(&whilstRun[T]{test: test, fn: fn, final: final}, "Whilst", false)
}

// Until is Whilst with the test negated: it runs fn until test says true.
func Until[T any](test func(done Callback[bool]), fn Task[T], final Callback[T]) {
	mustFunc("Until", "test", test == nil)
	mustFunc("Until", "task", fn == nil)
	mustFunc("Until", "callback", final == nil)
	startLoop(&whilstRun[T]{test: test, fn: fn, final: final, until: true}, "Until", false)
}

// DoWhilst is Whilst with the test after the task: fn runs first, and test
// gets the value fn called back with.
func DoWhilst[T any](fn Task[T], test func(v T, done Callback[bool]), final Callback[T]) {
	mustFunc("DoWhilst", "task", fn == nil)
	mustFunc("DoWhilst", "test", test == nil)
	mustFunc("DoWhilst", "callback", final == nil)
	startLoop(&whilstRun[T]{testV: test, fn: fn, final: final}, "DoWhilst", true)
}

// DoUntil is DoWhilst with the test negated: fn runs until test says true.
func DoUntil[T any](fn Task[T], test func(v T, done Callback[bool]), final Callback[T]) {
	mustFunc("DoUntil", "task", fn == nil)
	mustFunc("DoUntil", "test", test == nil)
	mustFunc("DoUntil", "callback", final == nil)
	startLoop(&whilstRun[T]{testV: test, fn: fn, final: final, until: true}, "DoUntil", true)
}

func startLoop[T any](r *whilstRun[T], name string, fnFirst bool) {
	r.init(name)
	r.runFn = fnFirst
	r.nextFn = r.next
	r.inCall = true
	r.drive(r.nextFn)
	r.inCall = false
}

type whilstRun[T any] struct {
	step
	test  func(Callback[bool])
	testV func(T, Callback[bool])
	fn    Task[T]
	final Callback[T]
	until bool // stop when the test says true
	runFn bool // the next step runs fn, not the test
	k     int  // steps started
	v     T
	// nextFn is r.next, made once: a method value allocates.
	nextFn func()
}

func (r *whilstRun[T]) next() {
	k := r.k
	r.k++
	if r.runFn {
		r.hand(k, "task", r.fn)
		r.fn(func(err error, v T) { r.ran(k, err, v) })
		return
	}
	if r.test != nil {
		r.hand(k, "test", r.test)
		r.test(func(err error, ok bool) { r.tested(k, err, ok) })
		return
	}
	r.hand(k, "test", r.testV)
	r.testV(r.v, func(err error, ok bool) { r.tested(k, err, ok) })
}

func (r *whilstRun[T]) ran(k int, err error, v T) {
	if !r.arrive(k, "task", r.fn) {
		return
	}
	if err != nil {
		var zero T
		r.finish(err, zero)
		return
	}
	r.v, r.runFn = v, false
	r.drive(r.nextFn)
}

func (r *whilstRun[T]) tested(k int, err error, ok bool) {
	var test any = r.test
	if r.test == nil {
		test = r.testV
	}
	if !r.arrive(k, "test", test) {
		return
	}
	if err != nil {
		var zero T
		r.finish(err, zero)
		return
	}
	if ok == r.until {
		r.finish(nil, r.v)
		return
	}
	r.runFn = true
	r.drive(r.nextFn)
}

func (r *whilstRun[T]) finish(err error, v T) {
	r.end()
	defer1(&r.l, r.inCall, r.final, err, v)
}

// Forever runs fn again and again, each run after the previous one called
// back, until one calls back with an error: final gets that error, once.
// A run that calls back synchronously has the next one start in the loop's
// check phase (SetImmediate) rather than at once, so a Forever of
// synchronous work still lets timers and I/O run; async.js defers it to a
// microtask, which does not.
func Forever(fn func(done func(error)), final func(error)) {
	mustFunc("Forever", "task", fn == nil)
	mustFunc("Forever", "callback", final == nil)
	r := &foreverRun{fn: fn, final: final}
	r.init("Forever")
	r.kick = r.next
	r.inCall = true
	r.next()
	r.inCall = false
}

type foreverRun struct {
	step
	fn    func(func(error))
	final func(error)
	k     int
	kick  func() // r.next, made once
}

func (r *foreverRun) next() {
	k := r.k
	r.k++
	r.looping = true // inside fn: a callback now is a synchronous one
	r.hand(k, "task", r.fn)
	r.fn(func(err error) { r.ran(k, err) })
	r.looping = false
}

func (r *foreverRun) ran(k int, err error) {
	if !r.arrive(k, "task", r.fn) {
		return
	}
	if err != nil {
		r.end()
		if r.inCall {
			r.loop().NextTick(func() { r.final(err) })
			return
		}
		r.final(err)
		return
	}
	if r.looping {
		r.loop().SetImmediate(r.kick)
		return
	}
	r.next()
}
