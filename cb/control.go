package cb

import (
	"strconv"

	"github.com/errfirst/loop"
)

// Parallel runs every task at once and calls final once with their values
// in the order of tasks, whatever order they finished in. On the first
// error, final gets it and the values received until then (the failing
// task's included); tasks still running go on, and their results are
// ignored. It panics if a task is nil. It is async.js's parallel.
func Parallel[T any](tasks []Task[T], final Callback[[]T]) {
	parallelLimit("Parallel", tasks, len(tasks), final)
}

// ParallelLimit is Parallel with at most limit tasks running at once,
// started in order. It panics if limit is below 1.
func ParallelLimit[T any](tasks []Task[T], limit int, final Callback[[]T]) {
	mustLimit("ParallelLimit", "limit", limit)
	parallelLimit("ParallelLimit", tasks, limit, final)
}

// Series runs the tasks one after another, each when the previous one has
// called back, and calls final once with their values in order, or with
// the first error and the values until then; the tasks after a failed one
// do not run. It is async.js's series.
func Series[T any](tasks []Task[T], final Callback[[]T]) {
	parallelLimit("Series", tasks, 1, final)
}

func parallelLimit[T any](name string, tasks []Task[T], limit int, final Callback[[]T]) {
	mustTasks(name, tasks)
	mustFunc(name, "callback", final == nil)
	r := &tasksRun[T]{tasks: tasks, final: final, results: make([]T, len(tasks))}
	r.begin(r, name, len(tasks), limit)
}

// mustTasks panics if one of tasks is nil, before any runs.
func mustTasks[T any](name string, tasks []Task[T]) {
	for i, t := range tasks {
		if t == nil {
			panic("cb: " + name + " called with a nil task at index " + strconv.Itoa(i))
		}
	}
}

type tasksRun[T any] struct {
	run
	tasks   []Task[T]
	final   Callback[[]T]
	results []T
}

func (r *tasksRun[T]) start(i int) { r.tasks[i](func(err error, v T) { r.done(i, err, v) }) }

func (r *tasksRun[T]) done(i int, err error, v T) {
	if r.mark(i) {
		r.results[i] = v
		r.complete(err)
	}
}

func (r *tasksRun[T]) finish(err error) { r.final(err, r.results) }
func (r *tasksRun[T]) fnOf(i int) any   { return r.tasks[i] }
func (r *tasksRun[T]) what() string     { return "task" }

// Race runs every task at once and calls final once with the outcome of
// the first to call back, error or value; the others go on, and their
// outcomes are ignored. With no tasks, final gets nil and the zero T, as in
// async.js. It panics if a task is nil.
func Race[T any](tasks []Task[T], final Callback[T]) {
	mustTasks("Race", tasks)
	mustFunc("Race", "callback", final == nil)
	r := &raceRun[T]{tasks: tasks, final: final}
	r.begin(r, "Race", len(tasks), len(tasks))
}

type raceRun[T any] struct {
	run
	tasks []Task[T]
	final Callback[T]
	err   error
	v     T
}

func (r *raceRun[T]) start(i int) { r.tasks[i](func(err error, v T) { r.done(i, err, v) }) }

func (r *raceRun[T]) done(i int, err error, v T) {
	if r.mark(i) {
		r.err, r.v = err, v
		r.stop()
	}
}

func (r *raceRun[T]) finish(error)   { r.final(r.err, r.v) }
func (r *raceRun[T]) fnOf(i int) any { return r.tasks[i] }
func (r *raceRun[T]) what() string   { return "task" }

// step is the state of a sequential combinator (Waterfall, Whilst,
// Forever, Retry, ...): one callback out at a time. Each step's callback is
// a closure over its step number; a call whose number is not the step being
// waited for is a second call of an earlier step's callback, so no per-step
// state is kept. Steps run in a trampoline (drive): a callback that arrives
// while a step is being started (a task that called back synchronously)
// records its outcome and returns, and drive's loop starts the next step,
// so a long run of synchronous steps uses constant stack.
type step struct {
	name    string
	cur     int  // the step whose callback is awaited
	waiting bool // cur's callback has not been called
	looping bool // drive is running
	again   bool // a callback asked for the next step while drive ran
	inCall  bool // inside the exported call: the final callback must wait
	over    bool
	l       *loop.Loop

	// For messages: what cur's callback was given to.
	kind string // "task", "test", "attempt"
	fn   any

	tr   *tracker // TrackCallbacks only
	seq  uint64
	site string
}

func (s *step) init(name string) {
	s.name = name
	if tr, l := trackCurrent(); tr != nil {
		s.l, s.tr, s.site = l, tr, callerSite()
		s.seq = tr.add(s)
	}
}

// hand records that the callback of step k goes to fn, a kind of function.
func (s *step) hand(k int, kind string, fn any) {
	s.cur, s.waiting, s.kind, s.fn = k, true, kind, fn
}

// arrive checks the call of step k's callback, given to fn: a second call
// panics. It reports whether the outcome is still wanted.
func (s *step) arrive(k int, kind string, fn any) bool {
	if !s.waiting || k != s.cur {
		calledTwice(s.name, kind+" "+strconv.Itoa(k), fn, s.site)
	}
	s.waiting = false
	return !s.over
}

// drive calls next, and again each time a callback asks for the next step
// (by calling drive) while next runs.
func (s *step) drive(next func()) {
	if s.looping {
		s.again = true
		return
	}
	s.looping = true
	for {
		s.again = false
		next()
		if !s.again {
			break
		}
	}
	s.looping = false
}

func (s *step) loop() *loop.Loop {
	if s.l == nil {
		s.l = current()
	}
	return s.l
}

// end marks the run over, and untracks it.
func (s *step) end() {
	s.over = true
	if s.tr != nil {
		s.tr.remove(s)
	}
}

func (s *step) trackSeq() uint64 { return s.seq }

func (s *step) outstanding(out []Outstanding) []Outstanding {
	if !s.waiting {
		return out
	}
	return append(out, Outstanding{Func: s.name, What: s.kind + " " + strconv.Itoa(s.cur), Site: s.site, Fn: funcSite(s.fn)})
}
