package cb

import (
	"cmp"
	"slices"
)

// The collection combinators run an asynchronous function once per item
// of a slice: all at once (Each, Map, ...), one at a time (the Series
// forms), or at most limit at a time (the Limit forms). They follow the
// rules of the package documentation: one final callback, on the loop
// goroutine, never from inside the call; the first error ends the run;
// results in input order; limit below 1 and nil functions panic.

// Each calls fn for every item, all at once, and then final once: with nil
// when every callback has been called with nil, or with the first error.
// It is async.js's each.
func Each[T any](items []T, fn func(item T, done func(error)), final func(error)) {
	eachLimit("Each", items, len(items), fn, final)
}

// EachSeries is Each one item at a time, in order: each item starts after
// the previous one's callback.
func EachSeries[T any](items []T, fn func(item T, done func(error)), final func(error)) {
	eachLimit("EachSeries", items, 1, fn, final)
}

// EachLimit is Each with at most limit items in flight. It panics if limit
// is below 1.
func EachLimit[T any](items []T, limit int, fn func(item T, done func(error)), final func(error)) {
	mustLimit("EachLimit", "limit", limit)
	eachLimit("EachLimit", items, limit, fn, final)
}

func eachLimit[T any](name string, items []T, limit int, fn func(T, func(error)), final func(error)) {
	mustFunc(name, "iteratee", fn == nil)
	mustFunc(name, "callback", final == nil)
	r := &eachRun[T]{items: items, fn: fn, final: final}
	r.begin(r, name, len(items), limit)
}

type eachRun[T any] struct {
	run
	items []T
	fn    func(T, func(error))
	final func(error)
}

func (r *eachRun[T]) start(i int) { r.fn(r.items[i], func(err error) { r.done(i, err) }) }

func (r *eachRun[T]) done(i int, err error) {
	if r.mark(i) {
		r.complete(err)
	}
}

func (r *eachRun[T]) finish(err error) { r.final(err) }
func (r *eachRun[T]) fnOf(int) any     { return r.fn }
func (r *eachRun[T]) what() string     { return "item" }

// Map calls fn for every item, all at once, and then final once with the
// values in input order, whatever order the callbacks came in. On error,
// final gets the first error and the values received until then (the
// failing item's included); the slice is not written to afterwards.
func Map[T, R any](items []T, fn func(item T, done Callback[R]), final Callback[[]R]) {
	mapLimit("Map", items, len(items), fn, final)
}

// MapSeries is Map one item at a time, in order.
func MapSeries[T, R any](items []T, fn func(item T, done Callback[R]), final Callback[[]R]) {
	mapLimit("MapSeries", items, 1, fn, final)
}

// MapLimit is Map with at most limit items in flight. It panics if limit is
// below 1.
func MapLimit[T, R any](items []T, limit int, fn func(item T, done Callback[R]), final Callback[[]R]) {
	mustLimit("MapLimit", "limit", limit)
	mapLimit("MapLimit", items, limit, fn, final)
}

func mapLimit[T, R any](name string, items []T, limit int, fn func(T, Callback[R]), final Callback[[]R]) {
	mustFunc(name, "iteratee", fn == nil)
	mustFunc(name, "callback", final == nil)
	r := &mapRun[T, R]{items: items, fn: fn, final: final, results: make([]R, len(items))}
	r.begin(r, name, len(items), limit)
}

type mapRun[T, R any] struct {
	run
	items   []T
	fn      func(T, Callback[R])
	final   Callback[[]R]
	results []R
}

func (r *mapRun[T, R]) start(i int) { r.fn(r.items[i], func(err error, v R) { r.done(i, err, v) }) }

func (r *mapRun[T, R]) done(i int, err error, v R) {
	if r.mark(i) {
		r.results[i] = v
		r.complete(err)
	}
}

func (r *mapRun[T, R]) finish(err error) { r.final(err, r.results) }
func (r *mapRun[T, R]) fnOf(int) any     { return r.fn }
func (r *mapRun[T, R]) what() string     { return "item" }

// Times calls fn(i) for i from 0 to n-1, all at once, and then final once
// with the values in order of i: Map over the integers below n. It panics if
// n is negative.
func Times[R any](n int, fn func(i int, done Callback[R]), final Callback[[]R]) {
	timesLimit("Times", n, n, fn, final)
}

// TimesSeries is Times one call at a time, in order of i.
func TimesSeries[R any](n int, fn func(i int, done Callback[R]), final Callback[[]R]) {
	timesLimit("TimesSeries", n, 1, fn, final)
}

// TimesLimit is Times with at most limit calls in flight. It panics if
// limit is below 1.
func TimesLimit[R any](n, limit int, fn func(i int, done Callback[R]), final Callback[[]R]) {
	mustLimit("TimesLimit", "limit", limit)
	timesLimit("TimesLimit", n, limit, fn, final)
}

func timesLimit[R any](name string, n, limit int, fn func(int, Callback[R]), final Callback[[]R]) {
	if n < 0 {
		panic("cb: " + name + " called with a negative count")
	}
	mustFunc(name, "iteratee", fn == nil)
	mustFunc(name, "callback", final == nil)
	r := &timesRun[R]{fn: fn, final: final, results: make([]R, n)}
	r.begin(r, name, n, max(limit, 1))
}

type timesRun[R any] struct {
	run
	fn      func(int, Callback[R])
	final   Callback[[]R]
	results []R
}

func (r *timesRun[R]) start(i int) { r.fn(i, func(err error, v R) { r.done(i, err, v) }) }

func (r *timesRun[R]) done(i int, err error, v R) {
	if r.mark(i) {
		r.results[i] = v
		r.complete(err)
	}
}

func (r *timesRun[R]) finish(err error) { r.final(err, r.results) }
func (r *timesRun[R]) fnOf(int) any     { return r.fn }
func (r *timesRun[R]) what() string     { return "call" }

// Reduce folds the items into memo one at a time, in order: fn gets the
// memo so far and the next item, and calls done with the new memo. final is
// called once with the last memo, or with the first error and the value
// that came with it. It is async.js's reduce; there is no parallel form,
// since each step needs the previous one.
func Reduce[T, A any](items []T, memo A, fn func(memo A, item T, done Callback[A]), final Callback[A]) {
	reduce("Reduce", items, memo, false, fn, final)
}

// ReduceRight is Reduce from the last item to the first.
func ReduceRight[T, A any](items []T, memo A, fn func(memo A, item T, done Callback[A]), final Callback[A]) {
	reduce("ReduceRight", items, memo, true, fn, final)
}

func reduce[T, A any](name string, items []T, memo A, right bool, fn func(A, T, Callback[A]), final Callback[A]) {
	mustFunc(name, "iteratee", fn == nil)
	mustFunc(name, "callback", final == nil)
	r := &reduceRun[T, A]{items: items, memo: memo, right: right, fn: fn, final: final}
	r.begin(r, name, len(items), 1)
}

type reduceRun[T, A any] struct {
	run
	items []T
	memo  A
	right bool
	fn    func(A, T, Callback[A])
	final Callback[A]
}

func (r *reduceRun[T, A]) start(i int) {
	j := i
	if r.right {
		j = len(r.items) - 1 - i
	}
	r.fn(r.memo, r.items[j], func(err error, v A) { r.done(i, err, v) })
}

func (r *reduceRun[T, A]) done(i int, err error, v A) {
	if r.mark(i) {
		r.memo = v
		r.complete(err)
	}
}

func (r *reduceRun[T, A]) finish(err error) { r.final(err, r.memo) }
func (r *reduceRun[T, A]) fnOf(int) any     { return r.fn }
func (r *reduceRun[T, A]) what() string     { return "step" }

// Concat calls fn for every item, all at once, and then final once with
// the slices they gave, concatenated in input order. On error, final gets
// the first error and the concatenation of the slices received until then.
func Concat[T, R any](items []T, fn func(item T, done Callback[[]R]), final Callback[[]R]) {
	concatLimit("Concat", items, len(items), fn, final)
}

// ConcatSeries is Concat one item at a time, in order.
func ConcatSeries[T, R any](items []T, fn func(item T, done Callback[[]R]), final Callback[[]R]) {
	concatLimit("ConcatSeries", items, 1, fn, final)
}

// ConcatLimit is Concat with at most limit items in flight. It panics if
// limit is below 1.
func ConcatLimit[T, R any](items []T, limit int, fn func(item T, done Callback[[]R]), final Callback[[]R]) {
	mustLimit("ConcatLimit", "limit", limit)
	concatLimit("ConcatLimit", items, limit, fn, final)
}

func concatLimit[T, R any](name string, items []T, limit int, fn func(T, Callback[[]R]), final Callback[[]R]) {
	mustFunc(name, "iteratee", fn == nil)
	mustFunc(name, "callback", final == nil)
	r := &concatRun[T, R]{items: items, fn: fn, final: final, parts: make([][]R, len(items))}
	r.begin(r, name, len(items), limit)
}

type concatRun[T, R any] struct {
	run
	items []T
	fn    func(T, Callback[[]R])
	final Callback[[]R]
	parts [][]R
}

func (r *concatRun[T, R]) start(i int) {
	r.fn(r.items[i], func(err error, v []R) { r.done(i, err, v) })
}

func (r *concatRun[T, R]) done(i int, err error, v []R) {
	if r.mark(i) {
		if err == nil {
			r.parts[i] = v
		}
		r.complete(err)
	}
}

func (r *concatRun[T, R]) finish(err error) {
	n := 0
	for _, p := range r.parts {
		n += len(p)
	}
	out := make([]R, 0, n)
	for _, p := range r.parts {
		out = append(out, p...)
	}
	r.parts = nil
	r.final(err, out)
}
func (r *concatRun[T, R]) fnOf(int) any { return r.fn }
func (r *concatRun[T, R]) what() string { return "item" }

// GroupBy calls fn for every item, all at once, to get its key, and then
// final once with the items grouped by key, each group in input order. On
// error, final gets the first error and the groups of the items keyed until
// then.
func GroupBy[T any, K comparable](items []T, fn func(item T, done Callback[K]), final Callback[map[K][]T]) {
	groupByLimit("GroupBy", items, len(items), fn, final)
}

// GroupBySeries is GroupBy one item at a time, in order.
func GroupBySeries[T any, K comparable](items []T, fn func(item T, done Callback[K]), final Callback[map[K][]T]) {
	groupByLimit("GroupBySeries", items, 1, fn, final)
}

// GroupByLimit is GroupBy with at most limit items in flight. It panics if
// limit is below 1.
func GroupByLimit[T any, K comparable](items []T, limit int, fn func(item T, done Callback[K]), final Callback[map[K][]T]) {
	mustLimit("GroupByLimit", "limit", limit)
	groupByLimit("GroupByLimit", items, limit, fn, final)
}

func groupByLimit[T any, K comparable](name string, items []T, limit int, fn func(T, Callback[K]), final Callback[map[K][]T]) {
	mustFunc(name, "iteratee", fn == nil)
	mustFunc(name, "callback", final == nil)
	r := &groupRun[T, K]{items: items, fn: fn, final: final, keys: make([]K, len(items)), ok: make([]bool, len(items))}
	r.begin(r, name, len(items), limit)
}

type groupRun[T any, K comparable] struct {
	run
	items []T
	fn    func(T, Callback[K])
	final Callback[map[K][]T]
	keys  []K
	ok    []bool
}

func (r *groupRun[T, K]) start(i int) { r.fn(r.items[i], func(err error, k K) { r.done(i, err, k) }) }

func (r *groupRun[T, K]) done(i int, err error, k K) {
	if r.mark(i) {
		if err == nil {
			r.keys[i], r.ok[i] = k, true
		}
		r.complete(err)
	}
}

func (r *groupRun[T, K]) finish(err error) {
	groups := make(map[K][]T)
	for i, ok := range r.ok {
		if ok {
			groups[r.keys[i]] = append(groups[r.keys[i]], r.items[i])
		}
	}
	r.final(err, groups)
}
func (r *groupRun[T, K]) fnOf(int) any { return r.fn }
func (r *groupRun[T, K]) what() string { return "item" }

// SortBy calls fn for every item, all at once, to get its sort key, and then
// final once with a new slice of the items sorted by key, ascending; items
// with equal keys keep their input order, as JavaScript's sort does. On
// error, final gets the first error and nil.
func SortBy[T any, K cmp.Ordered](items []T, fn func(item T, done Callback[K]), final Callback[[]T]) {
	mustFunc("SortBy", "iteratee", fn == nil)
	mustFunc("SortBy", "callback", final == nil)
	r := &sortRun[T, K]{items: items, fn: fn, final: final, keys: make([]K, len(items))}
	r.begin(r, "SortBy", len(items), len(items))
}

type sortRun[T any, K cmp.Ordered] struct {
	run
	items []T
	fn    func(T, Callback[K])
	final Callback[[]T]
	keys  []K
}

func (r *sortRun[T, K]) start(i int) { r.fn(r.items[i], func(err error, k K) { r.done(i, err, k) }) }

func (r *sortRun[T, K]) done(i int, err error, k K) {
	if r.mark(i) {
		r.keys[i] = k
		r.complete(err)
	}
}

func (r *sortRun[T, K]) finish(err error) {
	if err != nil {
		r.final(err, nil)
		return
	}
	idx := make([]int, len(r.items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(r.keys[a], r.keys[b]) })
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = r.items[i]
	}
	r.final(nil, out)
}
func (r *sortRun[T, K]) fnOf(int) any { return r.fn }
func (r *sortRun[T, K]) what() string { return "item" }
