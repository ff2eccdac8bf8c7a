package cb

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/errfirst/loop"
)

// Results holds, by task name, the values of the tasks of an Auto that have
// succeeded so far. Read a value with Get.
type Results map[string]any

// Get returns the value of the named task in r as a T. It panics if r has
// no such value or it is not a T: a task reads only the tasks it needs,
// whose values are there by then, so either is a mistake in the program.
func Get[T any](r Results, name string) T {
	v, ok := r[name]
	if !ok {
		panic(fmt.Sprintf("cb: Get: no value for task %q (is it among the task's needs?)", name))
	}
	t, ok := v.(T)
	if !ok && v != nil {
		var zero T
		panic(fmt.Sprintf("cb: Get: task %q has a value of type %T, not %T", name, v, any(zero)))
	}
	return t
}

// AutoTask is one task of Auto: the names of the tasks it needs and its
// function. Make it with Needs.
type AutoTask struct {
	deps []string
	fn   any // the user's function, for messages
	run  func(r Results, done Callback[any])
}

// Needs makes an AutoTask that runs fn once every task named in deps has
// succeeded; fn reads their values from r with Get, and calls done with its
// own value, which the tasks that need it read under its name. With no
// deps it runs at once. It panics if fn is nil.
//
// The value is typed in fn and boxed in Results: Auto's graph has a type per
// task, which Go's generics cannot spell as one map, so the types meet again
// in Get.
func Needs[T any](deps []string, fn func(r Results, done Callback[T])) AutoTask {
	mustFunc("Needs", "function", fn == nil)
	return AutoTask{deps: slices.Clone(deps), fn: fn, run: func(r Results, done Callback[any]) {
		fn(r, func(err error, v T) { done(err, v) })
	}}
}

// Auto runs a graph of tasks, each as soon as the tasks it needs have
// succeeded, and calls final once with every task's value by name, or with
// the first error and the values of the tasks that had succeeded; after an
// error no task starts. Tasks that are ready together start in the order
// of their names, so a run is repeatable (async.js uses the order of the
// object's keys).
//
// A graph with a task that needs a name that is not a task, or with a
// cycle, panics before any task runs, naming the task or the cycle (async.js
// throws). With no tasks, final gets an empty Results.
func Auto(tasks map[string]AutoTask, final Callback[Results]) {
	auto("Auto", tasks, len(tasks), final)
}

// AutoLimit is Auto with at most limit tasks running at once. It panics if
// limit is below 1.
func AutoLimit(tasks map[string]AutoTask, limit int, final Callback[Results]) {
	mustLimit("AutoLimit", "limit", limit)
	auto("AutoLimit", tasks, limit, final)
}

func auto(name string, tasks map[string]AutoTask, limit int, final Callback[Results]) {
	mustFunc(name, "callback", final == nil)
	names := make([]string, 0, len(tasks))
	for n, t := range tasks {
		if t.run == nil {
			panic(fmt.Sprintf("cb: %s called with task %q not made by Needs", name, n))
		}
		names = append(names, n)
	}
	sort.Strings(names)
	index := make(map[string]int, len(names))
	for i, n := range names {
		index[n] = i
	}
	r := &autoRun{name: name, names: names, limit: limit, final: final, results: Results{}}
	r.tasks = make([]AutoTask, len(names))
	r.remaining = make([]int, len(names))
	r.dependents = make([][]int, len(names))
	r.called = make([]bool, len(names))
	r.started = make([]bool, len(names))
	for i, n := range names {
		t := tasks[n]
		r.tasks[i] = t
		seen := map[string]bool{}
		for _, d := range t.deps {
			j, ok := index[d]
			if !ok {
				panic(fmt.Sprintf("cb: %s: task %q needs %q, which is not one of the tasks", name, n, d))
			}
			if seen[d] {
				continue
			}
			seen[d] = true
			r.remaining[i]++
			r.dependents[j] = append(r.dependents[j], i)
		}
	}
	if cycle := findCycle(names, r.tasks, index); cycle != nil {
		panic(fmt.Sprintf("cb: %s called with a dependency cycle: %s", name, strings.Join(cycle, " -> ")))
	}
	for i := range names {
		if r.remaining[i] == 0 {
			r.ready = append(r.ready, i)
		}
	}
	if tr, l := trackCurrent(); tr != nil {
		r.l, r.tr, r.site = l, tr, callerSite()
		r.seq = tr.add(r)
	}
	r.inCall = true
	r.process()
	r.inCall = false
}

// findCycle returns the names along a dependency cycle, the first repeated
// at the end, or nil if the graph has none. It is Kahn's algorithm, as in
// async.js, followed by a walk that names the cycle among what is left.
func findCycle(names []string, tasks []AutoTask, index map[string]int) []string {
	n := len(names)
	indeg := make([]int, n)
	users := make([][]int, n)
	for i, t := range tasks {
		for _, d := range dedupe(t.deps) {
			j := index[d]
			indeg[i]++
			users[j] = append(users[j], i)
		}
	}
	queue := []int{}
	for i := range indeg {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	done := 0
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		done++
		for _, u := range users[i] {
			if indeg[u]--; indeg[u] == 0 {
				queue = append(queue, u)
			}
		}
	}
	if done == n {
		return nil
	}
	// Every task left has a dependency left: follow them until one repeats.
	at := -1
	for i := range indeg {
		if indeg[i] > 0 {
			at = i
			break
		}
	}
	pos := map[int]int{}
	var path []string
	for {
		if p, ok := pos[at]; ok {
			return append(path[p:], names[at])
		}
		pos[at] = len(path)
		path = append(path, names[at])
		for _, d := range tasks[at].deps {
			if j := index[d]; indeg[j] > 0 {
				at = j
				break
			}
		}
	}
}

func dedupe(s []string) []string {
	out := make([]string, 0, len(s))
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

type autoRun struct {
	name       string
	names      []string
	tasks      []AutoTask
	limit      int
	final      Callback[Results]
	results    Results
	remaining  []int   // per task: needs not yet met
	dependents [][]int // per task: the tasks that need it, in name order
	ready      []int
	running    int
	called     []bool
	started    []bool
	processing bool
	inCall     bool
	over       bool
	l          *loop.Loop

	tr   *tracker // TrackCallbacks only
	seq  uint64
	site string
}

// process starts ready tasks up to the limit, and ends the run when
// nothing is left. A task that calls back synchronously makes its
// dependents ready while process runs; the loop starts them, so a chain
// of synchronous tasks does not grow the stack.
func (r *autoRun) process() {
	if r.processing {
		return
	}
	r.processing = true
	for !r.over && len(r.ready) > 0 && r.running < r.limit {
		i := r.ready[0]
		r.ready = r.ready[1:]
		r.running++
		r.started[i] = true
		r.tasks[i].run(r.results, func(err error, v any) { r.done(i, err, v) })
	}
	r.processing = false
	if !r.over && len(r.ready) == 0 && r.running == 0 {
		r.finish(nil, r.results)
	}
}

func (r *autoRun) done(i int, err error, v any) {
	if r.called[i] {
		calledTwice(r.name, "task "+strconv.Quote(r.names[i]), r.tasks[i].fn, r.site)
	}
	r.called[i] = true
	r.running--
	if r.over {
		r.untrackIfDone()
		return
	}
	if err != nil {
		safe := make(Results, len(r.results))
		for k, v := range r.results {
			safe[k] = v
		}
		r.finish(err, safe)
		return
	}
	r.results[r.names[i]] = v
	for _, j := range r.dependents[i] {
		if r.remaining[j]--; r.remaining[j] == 0 {
			r.ready = append(r.ready, j)
		}
	}
	r.process()
}

func (r *autoRun) finish(err error, res Results) {
	r.over = true
	if r.tr != nil {
		r.untrackIfDone()
	}
	defer1(&r.l, r.inCall, r.final, err, res)
}

func (r *autoRun) untrackIfDone() {
	if r.tr != nil && r.running == 0 {
		r.tr.remove(r)
	}
}

func (r *autoRun) trackSeq() uint64 { return r.seq }

func (r *autoRun) outstanding(out []Outstanding) []Outstanding {
	for i := range r.names {
		if r.started[i] && !r.called[i] {
			out = append(out, Outstanding{Func: r.name, What: "task " + strconv.Quote(r.names[i]), Site: r.site, Fn: funcSite(r.tasks[i].fn)})
		}
	}
	return out
}
