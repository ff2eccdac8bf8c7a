package cb_test

import (
	"strings"

	"github.com/errfirst/loop/cb"
)

// The twins of testdata/asyncjs/collections.js: every collection
// combinator, in each form, on the inputs "ok", "error", "empty" (and "all"
// for Detect, Some and Every).

var (
	twinItems = []string{"a", "b", "c", "d"}
	twinHops  = map[string]int{"a": 3, "b": 1, "c": 2, "d": 0} // d calls back synchronously
)

// twinCase is one input of the collection scenarios.
type twinCase struct {
	name   string
	fail   string          // the item that fails
	empty  bool            // no items
	truthy map[string]bool // what the predicates say true for
}

var (
	truthyOK   = map[string]bool{"b": true, "c": true}
	truthyAll  = map[string]bool{"a": true, "b": true, "c": true, "d": true}
	twinCases  = []twinCase{{name: "ok", truthy: truthyOK}, {name: "error", fail: "c", truthy: truthyOK}, {name: "empty", empty: true}}
	testCases  = []twinCase{{name: "ok", truthy: truthyOK}, {name: "error", fail: "c", truthy: map[string]bool{}}, {name: "empty", empty: true}, {name: "all", truthy: truthyAll}}
	everyCases = []twinCase{{name: "ok", truthy: truthyOK}, {name: "error", fail: "c", truthy: truthyAll}, {name: "empty", empty: true}, {name: "all", truthy: truthyAll}}
)

func (c twinCase) items() []string {
	if c.empty {
		return []string{}
	}
	return twinItems
}

// iteratee is the scripts' iteratee: it logs the start, waits the item's
// hops, logs the end, and calls back with value(x), or fails for c.fail.
func iteratee[R any](s *scene, c twinCase, value func(string) R) func(string, cb.Callback[R]) {
	return func(x string, done cb.Callback[R]) {
		s.log("start %s", x)
		s.later(twinHops[x], func() {
			var zero R
			if x == c.fail {
				s.log("done %s with an error", x)
				done(errBoom(x), zero)
				return
			}
			s.log("done %s", x)
			done(nil, value(x))
		})
	}
}

// final prints a final callback's value as the scripts do. async.js passes
// no value with an error where Go passes the zero value (Filter, SortBy,
// Some, Every): for those the twin prints null, as the script does.
func finalValue[R any](s *scene, noValueOnError bool) cb.Callback[R] {
	return func(err error, v R) {
		if err != nil && noValueOnError {
			s.log("final err=%s value=null", errText(err))
		} else {
			s.log("final err=%s value=%s", errText(err), show(v))
		}
		s.end()
	}
}

type (
	eachFn[R any] func(items []string, fn func(string, cb.Callback[R]), final cb.Callback[[]R])
	testFn        func(items []string, fn func(string, cb.Callback[bool]), final cb.Callback[bool])
)

func collectionScenarios() []scenario {
	var out []scenario
	add := func(name string, cases []twinCase, run func(s *scene, c twinCase)) {
		for _, c := range cases {
			out = append(out, scenario{name: name + "/" + c.name, run: func(s *scene) { run(s, c) }})
		}
	}
	each := func(name string, f func([]string, func(string, func(error)), func(error))) {
		add(name, twinCases, func(s *scene, c twinCase) {
			it := iteratee(s, c, func(string) struct{} { return struct{}{} })
			f(c.items(), func(x string, done func(error)) {
				it(x, func(err error, _ struct{}) { done(err) })
			}, func(err error) {
				s.log("final err=%s", errText(err))
				s.end()
			})
		})
	}
	each("each", cb.Each[string])
	each("eachSeries", cb.EachSeries[string])
	each("eachLimit", func(items []string, fn func(string, func(error)), final func(error)) {
		cb.EachLimit(items, 2, fn, final)
	})

	mapLike := func(name string, f eachFn[string]) {
		add(name, twinCases, func(s *scene, c twinCase) {
			f(c.items(), iteratee(s, c, strings.ToUpper), finalValue[[]string](s, false))
		})
	}
	mapLike("map", cb.Map[string, string])
	mapLike("mapSeries", cb.MapSeries[string, string])
	mapLike("mapLimit", func(items []string, fn func(string, cb.Callback[string]), final cb.Callback[[]string]) {
		cb.MapLimit(items, 2, fn, final)
	})

	filterLike := func(name string, f func([]string, func(string, cb.Callback[bool]), cb.Callback[[]string])) {
		add(name, twinCases, func(s *scene, c twinCase) {
			f(c.items(), iteratee(s, c, func(x string) bool { return c.truthy[x] }), finalValue[[]string](s, true))
		})
	}
	filterLike("filter", cb.Filter[string])
	filterLike("filterSeries", cb.FilterSeries[string])
	filterLike("filterLimit", func(items []string, fn func(string, cb.Callback[bool]), final cb.Callback[[]string]) {
		cb.FilterLimit(items, 2, fn, final)
	})
	filterLike("reject", cb.Reject[string])
	filterLike("rejectSeries", cb.RejectSeries[string])
	filterLike("rejectLimit", func(items []string, fn func(string, cb.Callback[bool]), final cb.Callback[[]string]) {
		cb.RejectLimit(items, 2, fn, final)
	})

	detect := func(name string, f func([]string, func(string, cb.Callback[bool]), func(error, string, bool))) {
		add(name, testCases, func(s *scene, c twinCase) {
			f(c.items(), iteratee(s, c, func(x string) bool { return c.truthy[x] }), func(err error, item string, found bool) {
				var v any
				if found {
					v = item
				}
				s.log("final err=%s item=%s", errText(err), show(v))
				s.end()
			})
		})
	}
	detect("detect", cb.Detect[string])
	detect("detectSeries", cb.DetectSeries[string])
	detect("detectLimit", func(items []string, fn func(string, cb.Callback[bool]), final func(error, string, bool)) {
		cb.DetectLimit(items, 2, fn, final)
	})

	test := func(name string, cases []twinCase, f testFn) {
		add(name, cases, func(s *scene, c twinCase) {
			f(c.items(), iteratee(s, c, func(x string) bool { return c.truthy[x] }), finalValue[bool](s, true))
		})
	}
	test("some", testCases, cb.Some[string])
	test("someSeries", testCases, cb.SomeSeries[string])
	test("someLimit", testCases, func(items []string, fn func(string, cb.Callback[bool]), final cb.Callback[bool]) {
		cb.SomeLimit(items, 2, fn, final)
	})
	test("every", everyCases, cb.Every[string])
	test("everySeries", everyCases, cb.EverySeries[string])
	test("everyLimit", everyCases, func(items []string, fn func(string, cb.Callback[bool]), final cb.Callback[bool]) {
		cb.EveryLimit(items, 2, fn, final)
	})

	concat := func(name string, f func([]string, func(string, cb.Callback[[]string]), cb.Callback[[]string])) {
		add(name, twinCases, func(s *scene, c twinCase) {
			f(c.items(), iteratee(s, c, func(x string) []string { return []string{x, x + x} }), finalValue[[]string](s, false))
		})
	}
	concat("concat", cb.Concat[string, string])
	concat("concatSeries", cb.ConcatSeries[string, string])
	concat("concatLimit", func(items []string, fn func(string, cb.Callback[[]string]), final cb.Callback[[]string]) {
		cb.ConcatLimit(items, 2, fn, final)
	})

	parity := func(x string) string {
		if twinHops[x]%2 == 1 {
			return "odd"
		}
		return "even"
	}
	groupBy := func(name string, f func([]string, func(string, cb.Callback[string]), cb.Callback[map[string][]string])) {
		add(name, twinCases, func(s *scene, c twinCase) {
			f(c.items(), iteratee(s, c, parity), finalValue[map[string][]string](s, false))
		})
	}
	groupBy("groupBy", cb.GroupBy[string, string])
	groupBy("groupBySeries", cb.GroupBySeries[string, string])
	groupBy("groupByLimit", func(items []string, fn func(string, cb.Callback[string]), final cb.Callback[map[string][]string]) {
		cb.GroupByLimit(items, 2, fn, final)
	})

	add("sortBy", twinCases, func(s *scene, c twinCase) {
		cb.SortBy(c.items(), iteratee(s, c, func(x string) int { return twinHops[x] }), finalValue[[]string](s, true))
	})

	times := func(name string, f func(int, func(int, cb.Callback[string]), cb.Callback[[]string])) {
		add(name, twinCases, func(s *scene, c twinCase) {
			n := 4
			if c.empty {
				n = 0
			}
			f(n, func(i int, done cb.Callback[string]) {
				s.log("start %d", i)
				s.later(twinHops[twinItems[i]], func() {
					if c.fail != "" && i == 2 {
						s.log("done %d with an error", i)
						done(errBoom(i), "")
						return
					}
					s.log("done %d", i)
					done(nil, "t"+string(rune('0'+i)))
				})
			}, finalValue[[]string](s, false))
		})
	}
	times("times", cb.Times[string])
	times("timesSeries", cb.TimesSeries[string])
	times("timesLimit", func(n int, fn func(int, cb.Callback[string]), final cb.Callback[[]string]) {
		cb.TimesLimit(n, 2, fn, final)
	})

	reduce := func(name string, f func([]string, string, func(string, string, cb.Callback[string]), cb.Callback[string])) {
		add(name, twinCases, func(s *scene, c twinCase) {
			f(c.items(), ">", func(memo, x string, done cb.Callback[string]) {
				s.log("start %s memo=%s", x, show(memo))
				s.later(twinHops[x], func() {
					if x == c.fail {
						s.log("done %s with an error", x)
						done(errBoom(x), memo+"!")
						return
					}
					s.log("done %s", x)
					done(nil, memo+x)
				})
			}, finalValue[string](s, false))
		})
	}
	reduce("reduce", cb.Reduce[string, string])
	reduce("reduceRight", cb.ReduceRight[string, string])
	return out
}
