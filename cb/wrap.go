package cb

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"time"

	"github.com/errfirst/loop"
)

// The wrappers take a task and return a task that behaves differently:
// with a deadline (Timeout), at most once (Once), cached by key (Memoize),
// or with its error as a value (Reflect). What they return is a task, not
// a combinator: a task may call back synchronously, and so do Timeout and
// Reflect when the task they wrap does; the combinators that run them
// keep the never-synchronous rule. Once and Memoize never call back
// synchronously with a value they kept.

// Timeout returns a task that runs task and calls back with its outcome,
// unless d passes first: then it calls back at once with an error whose
// code is ETIMEDOUT, that wraps ErrTimeout, and whose message is async.js's
// (Callback function "name" timed out., with task's Go function name), and
// task's later outcome is ignored. The deadline is a timer of the loop the
// returned task runs on, started when it runs (so each run looks the loop
// up: see the package documentation). It panics if task is nil.
func Timeout[T any](task Task[T], d time.Duration) Task[T] {
	mustFunc("Timeout", "task", task == nil)
	return func(done Callback[T]) {
		mustFunc("Timeout", "callback", done == nil)
		over, called := false, false
		t := current().SetTimeout(func() {
			over = true
			var zero T
			done(loop.WrapError("ETIMEDOUT", "Callback function \""+funcName(task)+"\" timed out.", ErrTimeout), zero)
		}, d)
		task(func(err error, v T) {
			if called {
				calledTwice("Timeout", "the task", task, "")
			}
			called = true
			if over {
				return
			}
			over = true
			t.Close()
			done(err, v)
		})
	}
}

// funcName returns fn's Go name without its package path, such as
// "main.main.func1", or "anonymous".
func funcName(fn any) string {
	if f := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()); f != nil {
		name := f.Name()
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:]
		}
		return name
	}
	return "anonymous"
}

// Once returns a task that runs task the first time it is run, and only
// then: every run, including those made while the first is in progress,
// calls back with the outcome of that first run, error included, as
// sync.OnceValues does for plain functions. Runs made after the outcome is
// known call back in a NextTick, never from inside the run. Like all loop
// state, the returned task belongs to one loop: the one it first runs on.
// It panics if task is nil.
func Once[T any](task Task[T]) Task[T] {
	mustFunc("Once", "task", task == nil)
	o := &onceTask[T]{task: task}
	return o.run
}

type onceTask[T any] struct {
	task    Task[T]
	state   int // 0: not run, 1: running, 2: done
	waiters []Callback[T]
	err     error
	v       T
	l       *loop.Loop // looked up once, when first needed
}

func (o *onceTask[T]) run(done Callback[T]) {
	mustFunc("Once", "callback", done == nil)
	switch o.state {
	case 2:
		err, v := o.err, o.v
		if o.l == nil {
			o.l = current()
		}
		o.l.NextTick(func() { done(err, v) })
	case 1:
		o.waiters = append(o.waiters, done)
	default:
		o.state = 1
		o.waiters = append(o.waiters, done)
		o.task(func(err error, v T) {
			if o.state == 2 {
				calledTwice("Once", "the task", o.task, "")
			}
			o.state, o.err, o.v = 2, err, v
			ws := o.waiters
			o.waiters = nil
			for _, w := range ws {
				w(err, v)
			}
		})
	}
}

// Memoize returns a function that calls fn once per key and remembers
// the values: a call with a key whose value is known calls back with it in
// a NextTick, never from inside the call; calls with a key whose fn is in
// progress wait for it and get its outcome. Errors are not remembered, so a
// key that failed is tried again by its next call, as in async.js. The
// cache grows without bound. Like all loop state, the returned function
// belongs to one loop, the one it is first called on, and must be called on
// its goroutine. It panics if fn is nil.
func Memoize[K comparable, T any](fn func(key K, done Callback[T])) func(key K, done Callback[T]) {
	mustFunc("Memoize", "function", fn == nil)
	m := &memo[K, T]{fn: fn, values: map[K]T{}, waiting: map[K][]Callback[T]{}}
	return m.call
}

type memo[K comparable, T any] struct {
	fn      func(K, Callback[T])
	values  map[K]T
	waiting map[K][]Callback[T]
	l       *loop.Loop // looked up once, for the first cached value
}

func (m *memo[K, T]) call(key K, done Callback[T]) {
	mustFunc("Memoize", "callback", done == nil)
	if v, ok := m.values[key]; ok {
		if m.l == nil {
			m.l = current()
		}
		m.l.NextTick(func() { done(nil, v) })
		return
	}
	if ws, ok := m.waiting[key]; ok {
		m.waiting[key] = append(ws, done)
		return
	}
	m.waiting[key] = []Callback[T]{done}
	called := false
	m.fn(key, func(err error, v T) {
		if called {
			calledTwice("Memoize", fmt.Sprintf("key %v", key), m.fn, "")
		}
		called = true
		if err == nil {
			m.values[key] = v
		}
		ws := m.waiting[key]
		delete(m.waiting, key)
		for _, w := range ws {
			w(err, v)
		}
	})
}

// Reflect returns a task that runs task and always calls back with a nil
// error and task's outcome as a Result, so that a combinator does not stop
// at its error: Parallel(ReflectAll(tasks), ...) runs every task to the end.
// It panics if task is nil.
func Reflect[T any](task Task[T]) Task[Result[T]] {
	mustFunc("Reflect", "task", task == nil)
	return func(done Callback[Result[T]]) {
		task(func(err error, v T) { done(nil, Result[T]{Value: v, Err: err}) })
	}
}

// ReflectAll is Reflect for each of tasks.
func ReflectAll[T any](tasks []Task[T]) []Task[Result[T]] {
	mustTasks("ReflectAll", tasks)
	out := make([]Task[Result[T]], len(tasks))
	for i, t := range tasks {
		out[i] = Reflect(t)
	}
	return out
}
