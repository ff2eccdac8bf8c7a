package cb_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
)

// orNull is how a twin prints a final value where async.js passes none
// (an empty waterfall, a loop whose test stopped it at once, a failed
// step): Go passes the zero value, which the twin prints as null.
func orNull[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}

// twinTask is the scripts' task: it logs, waits its hops, and calls back
// with its name in capitals, or fails if it is the failing one.
func twinTask(s *scene, x, fail string) cb.Task[string] {
	return func(done cb.Callback[string]) {
		s.log("start %s", x)
		s.later(twinHops[x], func() {
			if x == fail {
				s.log("done %s with an error", x)
				done(errBoom(x), "")
				return
			}
			s.log("done %s", x)
			done(nil, strings.ToUpper(x))
		})
	}
}

// The twins of testdata/asyncjs/control.js.
func controlScenarios() []scenario {
	var out []scenario
	add := func(name string, run func(s *scene)) { out = append(out, scenario{name: name, run: run}) }
	cases := []twinCase{{name: "ok"}, {name: "error", fail: "c"}, {name: "empty", empty: true}}

	for _, f := range []struct {
		name string
		run  func([]cb.Task[string], cb.Callback[[]string])
	}{
		{"parallel", cb.Parallel[string]},
		{"parallelLimit", func(t []cb.Task[string], final cb.Callback[[]string]) { cb.ParallelLimit(t, 2, final) }},
		{"series", cb.Series[string]},
	} {
		for _, c := range cases {
			add(f.name+"/"+c.name, func(s *scene) {
				var tasks []cb.Task[string]
				for _, x := range c.items() {
					tasks = append(tasks, twinTask(s, x, c.fail))
				}
				f.run(tasks, finalValue[[]string](s, false))
			})
		}
	}

	for _, c := range []twinCase{{name: "ok"}, {name: "error", fail: "b"}, {name: "empty", empty: true}} {
		add("race/"+c.name, func(s *scene) {
			var tasks []cb.Task[string]
			for _, x := range c.items() {
				if x == "d" {
					x = "a"
				}
				tasks = append(tasks, twinTask(s, x, c.fail))
			}
			cb.Race(tasks, func(err error, v string) {
				s.log("final err=%s value=%s", errText(err), show(orNull(v)))
				s.end()
			})
		})
	}

	for _, c := range []struct {
		name  string
		fail  int
		empty bool
	}{{"ok", -1, false}, {"error", 1, false}, {"empty", -1, true}} {
		add("waterfall/"+c.name, func(s *scene) {
			step := func(k, wait int) func(string, cb.Callback[string]) {
				return func(in string, done cb.Callback[string]) {
					s.log("step %d got %s", k, show(in))
					s.later(wait, func() {
						if k == c.fail {
							done(errBoom(k), "")
							return
						}
						done(nil, in+string("xyz"[k]))
					})
				}
			}
			var tasks []func(string, cb.Callback[string])
			if !c.empty {
				tasks = append(tasks, step(0, 1), step(1, 0), step(2, 2))
			}
			cb.Waterfall(tasks, func(err error, v string) {
				s.log("final err=%s value=%s", errText(err), show(orNull(v)))
				s.end()
			})
		})
	}

	for _, name := range []string{"whilst", "until", "doWhilst", "doUntil"} {
		for _, what := range []string{"ok", "error", "testError", "never"} {
			add(name+"/"+what, func(s *scene) {
				count := 0
				negate := name == "until" || name == "doUntil"
				fn := func(done cb.Callback[string]) {
					count++
					s.log("run %d", count)
					s.later(count%2, func() {
						if what == "error" && count == 2 {
							done(errBoom("task"), "")
							return
						}
						done(nil, "n"+strconv.Itoa(count))
					})
				}
				check := func(done cb.Callback[bool]) {
					s.log("test at %d", count)
					s.later(1, func() {
						if what == "testError" && count == 2 {
							done(errBoom("test"), false)
							return
						}
						more := what != "never" && count < 3
						done(nil, more != negate)
					})
				}
				final := func(err error, v string) {
					s.log("final err=%s value=%s", errText(err), show(orNull(v)))
					s.end()
				}
				checkV := func(v string, done cb.Callback[bool]) {
					s.log("got %s", show(v))
					check(done)
				}
				switch name {
				case "whilst":
					cb.Whilst(check, fn, final)
				case "until":
					cb.Until(check, fn, final)
				case "doWhilst":
					cb.DoWhilst(fn, checkV, final)
				case "doUntil":
					cb.DoUntil(fn, checkV, final)
				}
			})
		}
	}

	add("forever/error", func(s *scene) {
		count := 0
		cb.Forever(func(next func(error)) {
			count++
			s.log("run %d", count)
			s.later(count%2, func() {
				if count == 3 {
					next(errBoom(3))
					return
				}
				next(nil)
			})
		}, func(err error) {
			s.log("final err=%s", errText(err))
			s.end()
		})
	})

	for _, c := range []struct {
		name      string
		opts      cb.RetryOptions
		succeedAt int
	}{
		{"ok", cb.RetryOptions{}, 3},
		{"exhausted", cb.RetryOptions{Times: 3}, 99},
		{"filtered", cb.RetryOptions{Filter: func(err error) bool { return err.Error() != "boom 2" }}, 99},
		{"interval", cb.RetryOptions{Times: 4, Backoff: func(n int) time.Duration { return time.Duration(n) * 10 * time.Millisecond }}, 3},
	} {
		add("retry/"+c.name, func(s *scene) {
			attempt := 0
			cb.Retry(c.opts, func(done cb.Callback[string]) {
				attempt++
				s.log("attempt %d", attempt)
				s.later(1, func() {
					if attempt == c.succeedAt {
						done(nil, "ok at "+strconv.Itoa(attempt))
						return
					}
					done(errBoom(attempt), "partial "+strconv.Itoa(attempt))
				})
			}, finalValue[string](s, false))
		})
	}

	for _, c := range []struct {
		name  string
		fail  string
		limit int
		empty bool
	}{{"ok", "", 0, false}, {"error", "b", 0, false}, {"limit", "", 1, false}, {"empty", "", 0, true}} {
		add("auto/"+c.name, func(s *scene) {
			node := func(x string, deps []string, wait int) cb.AutoTask {
				return cb.Needs(deps, func(r cb.Results, done cb.Callback[string]) {
					var got []string
					for _, d := range deps {
						got = append(got, cb.Get[string](r, d))
					}
					s.log("start %s with %s", x, show(emptyNotNil(got)))
					s.later(wait, func() {
						if x == c.fail {
							done(errBoom(x), "")
							return
						}
						done(nil, strings.Join(got, "")+strings.ToUpper(x))
					})
				})
			}
			tasks := map[string]cb.AutoTask{}
			if !c.empty {
				tasks = map[string]cb.AutoTask{
					"a": node("a", nil, 2),
					"b": node("b", []string{"a"}, 1),
					"c": node("c", []string{"a"}, 0),
					"d": node("d", []string{"b", "c"}, 1),
				}
			}
			final := func(err error, r cb.Results) {
				// async.js calls back with no results for an empty graph;
				// Go passes an empty Results.
				var v any = r
				if len(r) == 0 {
					v = nil
				}
				s.log("final err=%s value=%s", errText(err), show(v))
				s.end()
			}
			if c.limit > 0 {
				cb.AutoLimit(tasks, c.limit, final)
			} else {
				cb.Auto(tasks, final)
			}
		})
	}

	for _, c := range []struct {
		name string
		d    time.Duration
	}{{"fast", 5 * time.Millisecond}, {"slow", 100 * time.Millisecond}} {
		add("timeout/"+c.name, func(s *scene) {
			slow := func(done cb.Callback[string]) {
				s.log("start")
				s.l.SetTimeout(func() {
					s.log("task done")
					done(nil, "value")
				}, c.d)
			}
			cb.Timeout(slow, 20*time.Millisecond)(func(err error, v string) {
				code := "null"
				if err != nil {
					code = loopCode(err)
				}
				s.log("final code=%s value=%s", code, show(orNull(v)))
				s.end()
			})
		})
	}

	add("memoize/calls", func(s *scene) {
		failedY := false
		m := cb.Memoize(func(key string, done cb.Callback[string]) {
			s.log("compute %s", key)
			s.later(1, func() {
				if key == "y" && !failedY {
					failedY = true
					done(errBoom("y"), "")
					return
				}
				done(nil, key+"!")
			})
		})
		call := func(key string, then func()) {
			m(key, func(err error, v string) {
				s.log("%s: err=%s value=%s", key, errText(err), show(orNull(v)))
				if then != nil {
					then()
				}
			})
		}
		pending := 2
		both := func() {
			if pending--; pending > 0 {
				return
			}
			call("x", func() { call("y", func() { call("y", s.end) }) })
		}
		call("x", both)
		call("x", both)
	})

	add("reflect/parallel", func(s *scene) {
		var tasks []cb.Task[string]
		for _, x := range []string{"a", "b", "c"} {
			tasks = append(tasks, twinTask(s, x, "b"))
		}
		cb.Parallel(cb.ReflectAll(tasks), func(err error, rs []cb.Result[string]) {
			var shown []map[string]string
			for _, r := range rs {
				if r.Err != nil {
					shown = append(shown, map[string]string{"error": r.Err.Error()})
				} else {
					shown = append(shown, map[string]string{"value": r.Value})
				}
			}
			s.log("final err=%s value=%s", errText(err), show(shown))
			s.end()
		})
	})
	return out
}

func emptyNotNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestRetryWaitsBetweenAttempts(t *testing.T) {
	for _, c := range []struct {
		name string
		opts cb.RetryOptions
		want []time.Duration // when each attempt started, from the first
	}{
		{"no interval: each in the next iteration", cb.RetryOptions{Times: 3}, []time.Duration{0, 0, 0}},
		{"a fixed interval", cb.RetryOptions{Times: 3, Interval: 50 * time.Millisecond}, []time.Duration{0, 50 * time.Millisecond, 100 * time.Millisecond}},
		{"an exponential backoff", cb.RetryOptions{Times: 4, Backoff: cb.ExponentialBackoff(10*time.Millisecond, 25*time.Millisecond)},
			[]time.Duration{0, 10 * time.Millisecond, 30 * time.Millisecond, 55 * time.Millisecond}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := virtualLoop(t)
			var at []time.Duration
			var start time.Time
			var got error
			require.NoError(t, l.Run(func() {
				start = l.Now()
				cb.Retry(c.opts, func(done cb.Callback[int]) {
					at = append(at, l.Now().Sub(start))
					done(errBoom(len(at)), 0)
				}, func(err error, _ int) { got = err })
			}))
			assert.Equal(t, c.want, at)
			assert.EqualError(t, got, fmt.Sprintf("boom %d", len(c.want)), "the last attempt's error")
		})
	}
}

func TestExponentialBackoff(t *testing.T) {
	b := cb.ExponentialBackoff(time.Millisecond, 0)
	assert.Equal(t, []time.Duration{1, 2, 4, 8, 16}, []time.Duration{b(1) / time.Millisecond, b(2) / time.Millisecond, b(3) / time.Millisecond, b(4) / time.Millisecond, b(5) / time.Millisecond})
	assert.Positive(t, b(200), "no overflow")
	capped := cb.ExponentialBackoff(time.Second, 3*time.Second)
	assert.Equal(t, 3*time.Second, capped(10))
}

func TestTimeoutError(t *testing.T) {
	l := virtualLoop(t)
	var got error
	late := false
	require.NoError(t, l.Run(func() {
		slowTask := func(done cb.Callback[int]) {
			l.SetTimeout(func() { late = true; done(nil, 1) }, time.Second)
		}
		cb.Timeout(slowTask, 10*time.Millisecond)(func(err error, _ int) {
			assert.Nil(t, got, "called twice")
			got = err
		})
	}))
	assert.True(t, late, "the task still ran to its end")
	assert.ErrorIs(t, got, cb.ErrTimeout)
	assert.Equal(t, "ETIMEDOUT", loop.Code(got))
	assert.Regexp(t, `^Callback function "cb_test\.TestTimeoutError\.func\d+\.1" timed out\.$`, got.Error())
}

func TestOnceRunsItsTaskOnce(t *testing.T) {
	l := virtualLoop(t)
	runs := 0
	var got []string
	require.NoError(t, l.Run(func() {
		connect := cb.Once(func(done cb.Callback[string]) {
			runs++
			l.SetImmediate(func() { done(errBoom("once"), "conn") })
		})
		for i := range 3 {
			connect(func(err error, v string) { got = append(got, fmt.Sprintf("%d %s %v", i, v, err)) })
		}
		l.SetImmediate(func() {
			l.SetImmediate(func() {
				inCall := true
				// After the outcome is known: the same one, in a tick.
				connect(func(err error, v string) {
					assert.False(t, inCall, "called back inside the call")
					got = append(got, fmt.Sprintf("late %s %v", v, err))
				})
				inCall = false
			})
		})
	}))
	assert.Equal(t, 1, runs)
	assert.Equal(t, []string{"0 conn boom once", "1 conn boom once", "2 conn boom once", "late conn boom once"}, got)
}

func TestMemoizeCallsBackACachedValueAsynchronously(t *testing.T) {
	l := virtualLoop(t)
	computed := 0
	var got []string
	require.NoError(t, l.Run(func() {
		square := cb.Memoize(func(n int, done cb.Callback[int]) { computed++; done(nil, n*n) })
		square(3, func(err error, v int) {
			got = append(got, fmt.Sprint("first ", v))
			inCall := true
			square(3, func(err error, v int) {
				assert.False(t, inCall, "a cached value came back inside the call")
				got = append(got, fmt.Sprint("cached ", v))
			})
			inCall = false
		})
	}))
	assert.Equal(t, 1, computed)
	assert.Equal(t, []string{"first 9", "cached 9"}, got)
}

func TestForeverLetsTheLoopRunBetweenSynchronousRounds(t *testing.T) {
	l := newLoop(t)
	rounds, stop := 0, false
	var got error
	require.NoError(t, l.Run(func() {
		l.SetImmediate(func() { stop = true })
		cb.Forever(func(done func(error)) {
			rounds++
			if stop {
				done(errBoom("stopped"))
				return
			}
			done(nil) // synchronously
		}, func(err error) { got = err })
	}))
	assert.EqualError(t, got, "boom stopped")
	assert.Equal(t, 2, rounds, "the immediate ran right after the first round")
}

func TestThenComposesTypedSteps(t *testing.T) {
	l := virtualLoop(t)
	var got string
	require.NoError(t, l.Run(func() {
		parse := cb.Then(func(done cb.Callback[string]) { done(nil, "41") }, func(s string, done cb.Callback[int]) {
			n, err := strconv.Atoi(s)
			done(err, n)
		})
		format := cb.Then(parse, func(n int, done cb.Callback[string]) {
			l.SetImmediate(func() { done(nil, fmt.Sprint(n+1, "!")) })
		})
		format(func(err error, v string) { require.NoError(t, err); got = v })
	}))
	assert.Equal(t, "42!", got)
}
