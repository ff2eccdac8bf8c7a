package cb

// The predicate combinators test every item with an asynchronous truth
// function. Filter and Reject wait for all the answers; Detect, Some and
// Every stop at the first answer that decides, as async.js does: with all
// items in flight (no Series or Limit), that is the first to arrive, not
// the first in input order.

// Filter calls pred for every item, all at once, and then final once with
// the items for which it said true, in input order. On error, final gets
// the first error and nil.
func Filter[T any](items []T, pred func(item T, done Callback[bool]), final Callback[[]T]) {
	filterLimit("Filter", items, len(items), true, pred, final)
}

// FilterSeries is Filter one item at a time, in order.
func FilterSeries[T any](items []T, pred func(item T, done Callback[bool]), final Callback[[]T]) {
	filterLimit("FilterSeries", items, 1, true, pred, final)
}

// FilterLimit is Filter with at most limit items in flight. It panics if
// limit is below 1.
func FilterLimit[T any](items []T, limit int, pred func(item T, done Callback[bool]), final Callback[[]T]) {
	mustLimit("FilterLimit", "limit", limit)
	filterLimit("FilterLimit", items, limit, true, pred, final)
}

// Reject is the opposite of Filter: final gets the items for which pred
// said false, in input order.
func Reject[T any](items []T, pred func(item T, done Callback[bool]), final Callback[[]T]) {
	filterLimit("Reject", items, len(items), false, pred, final)
}

// RejectSeries is Reject one item at a time, in order.
func RejectSeries[T any](items []T, pred func(item T, done Callback[bool]), final Callback[[]T]) {
	filterLimit("RejectSeries", items, 1, false, pred, final)
}

// RejectLimit is Reject with at most limit items in flight. It panics if
// limit is below 1.
func RejectLimit[T any](items []T, limit int, pred func(item T, done Callback[bool]), final Callback[[]T]) {
	mustLimit("RejectLimit", "limit", limit)
	filterLimit("RejectLimit", items, limit, false, pred, final)
}

func filterLimit[T any](name string, items []T, limit int, keep bool, pred func(T, Callback[bool]), final Callback[[]T]) {
	mustFunc(name, "predicate", pred == nil)
	mustFunc(name, "callback", final == nil)
	r := &filterRun[T]{items: items, keep: keep, pred: pred, final: final, truth: make([]bool, len(items))}
	r.begin(r, name, len(items), limit)
}

type filterRun[T any] struct {
	run
	items []T
	keep  bool
	pred  func(T, Callback[bool])
	final Callback[[]T]
	truth []bool
}

func (r *filterRun[T]) start(i int) {
	r.pred(r.items[i], func(err error, ok bool) { r.done(i, err, ok) })
}

func (r *filterRun[T]) done(i int, err error, ok bool) {
	if r.mark(i) {
		r.truth[i] = ok
		r.complete(err)
	}
}

func (r *filterRun[T]) finish(err error) {
	if err != nil {
		r.final(err, nil)
		return
	}
	out := make([]T, 0, len(r.items))
	for i, ok := range r.truth {
		if ok == r.keep {
			out = append(out, r.items[i])
		}
	}
	r.final(nil, out)
}
func (r *filterRun[T]) fnOf(int) any { return r.pred }
func (r *filterRun[T]) what() string { return "item" }

// Detect calls pred for every item, all at once, and calls final once with
// the first item for which pred says true and found set, as soon as that
// answer arrives; later answers are ignored. If no item passes, final gets
// found false and the zero T; on error, the first error. It is async.js's
// detect (find).
func Detect[T any](items []T, pred func(item T, done Callback[bool]), final func(err error, item T, found bool)) {
	detectLimit("Detect", items, len(items), pred, final)
}

// DetectSeries is Detect one item at a time, in order: final gets the first
// passing item in input order, and no later item is tested.
func DetectSeries[T any](items []T, pred func(item T, done Callback[bool]), final func(err error, item T, found bool)) {
	detectLimit("DetectSeries", items, 1, pred, final)
}

// DetectLimit is Detect with at most limit items in flight. It panics if
// limit is below 1.
func DetectLimit[T any](items []T, limit int, pred func(item T, done Callback[bool]), final func(err error, item T, found bool)) {
	mustLimit("DetectLimit", "limit", limit)
	detectLimit("DetectLimit", items, limit, pred, final)
}

func detectLimit[T any](name string, items []T, limit int, pred func(T, Callback[bool]), final func(error, T, bool)) {
	mustFunc(name, "predicate", pred == nil)
	mustFunc(name, "callback", final == nil)
	r := &testRun[T]{items: items, pred: pred, stopOn: true, detect: final}
	r.begin(r, name, len(items), limit)
}

// Some calls pred for every item, all at once, and calls final once with
// true as soon as one says true, or with false when all said false. It is
// async.js's some (any).
func Some[T any](items []T, pred func(item T, done Callback[bool]), final Callback[bool]) {
	someLimit("Some", items, len(items), true, pred, final)
}

// SomeSeries is Some one item at a time, in order.
func SomeSeries[T any](items []T, pred func(item T, done Callback[bool]), final Callback[bool]) {
	someLimit("SomeSeries", items, 1, true, pred, final)
}

// SomeLimit is Some with at most limit items in flight. It panics if limit
// is below 1.
func SomeLimit[T any](items []T, limit int, pred func(item T, done Callback[bool]), final Callback[bool]) {
	mustLimit("SomeLimit", "limit", limit)
	someLimit("SomeLimit", items, limit, true, pred, final)
}

// Every calls pred for every item, all at once, and calls final once with
// false as soon as one says false, or with true when all said true (and for
// no items). It is async.js's every (all).
func Every[T any](items []T, pred func(item T, done Callback[bool]), final Callback[bool]) {
	someLimit("Every", items, len(items), false, pred, final)
}

// EverySeries is Every one item at a time, in order.
func EverySeries[T any](items []T, pred func(item T, done Callback[bool]), final Callback[bool]) {
	someLimit("EverySeries", items, 1, false, pred, final)
}

// EveryLimit is Every with at most limit items in flight. It panics if
// limit is below 1.
func EveryLimit[T any](items []T, limit int, pred func(item T, done Callback[bool]), final Callback[bool]) {
	mustLimit("EveryLimit", "limit", limit)
	someLimit("EveryLimit", items, limit, false, pred, final)
}

func someLimit[T any](name string, items []T, limit int, stopOn bool, pred func(T, Callback[bool]), final Callback[bool]) {
	mustFunc(name, "predicate", pred == nil)
	mustFunc(name, "callback", final == nil)
	r := &testRun[T]{items: items, pred: pred, stopOn: stopOn, some: final}
	r.begin(r, name, len(items), limit)
}

// testRun is Detect, Some and Every: the run stops at the first answer
// equal to stopOn.
type testRun[T any] struct {
	run
	items   []T
	pred    func(T, Callback[bool])
	stopOn  bool
	stopped bool
	item    T
	detect  func(error, T, bool)
	some    Callback[bool]
}

func (r *testRun[T]) start(i int) {
	r.pred(r.items[i], func(err error, ok bool) { r.done(i, err, ok) })
}

func (r *testRun[T]) done(i int, err error, ok bool) {
	if !r.mark(i) {
		return
	}
	if err == nil && ok == r.stopOn {
		r.stopped, r.item = true, r.items[i]
		r.stop()
		return
	}
	r.complete(err)
}

func (r *testRun[T]) finish(err error) {
	if r.detect != nil {
		if err != nil {
			var zero T
			r.detect(err, zero, false)
			return
		}
		r.detect(nil, r.item, r.stopped)
		return
	}
	if err != nil {
		r.some(err, false)
		return
	}
	// Some: stopped means one said true. Every: stopped means one said false.
	r.some(nil, r.stopped == r.stopOn)
}
func (r *testRun[T]) fnOf(int) any { return r.pred }
func (r *testRun[T]) what() string { return "item" }
