package cb_test

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
	"github.com/errfirst/loop/timer"
)

// readFile stands for fs.ReadFile: it calls back in a later iteration.
func readFile(name string, done cb.Callback[[]byte]) {
	timer.SetImmediate(func() {
		if name == "missing" {
			done(errors.New("ENOENT: no such file or directory, open 'missing'"), nil)
			return
		}
		done(nil, []byte("contents of "+name))
	})
}

// The pyramid that callbacks make without combinators, and the cure.
func Example() {
	if err := loop.Run(func() {
		// Without: each step nests inside the previous one's callback.
		readFile("a", func(err error, a []byte) {
			if err != nil {
				fmt.Println(err)
				return
			}
			readFile("b", func(err error, b []byte) {
				if err != nil {
					fmt.Println(err)
					return
				}
				fmt.Printf("nested: %s, %s\n", a, b)
			})
		})
		// With: both at once, one callback, results in order.
		cb.Parallel([]cb.Task[[]byte]{
			func(done cb.Callback[[]byte]) { readFile("a", done) },
			func(done cb.Callback[[]byte]) { readFile("b", done) },
		}, func(err error, results [][]byte) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Printf("parallel: %s, %s\n", results[0], results[1])
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// parallel: contents of a, contents of b
	// nested: contents of a, contents of b
}

func ExampleParallel() {
	if err := loop.Run(func() {
		cb.Parallel([]cb.Task[[]byte]{
			func(done cb.Callback[[]byte]) { readFile("a", done) },
			func(done cb.Callback[[]byte]) { readFile("missing", done) },
		}, func(err error, results [][]byte) {
			fmt.Println(err) // the first error
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ENOENT: no such file or directory, open 'missing'
}

func ExampleParallelLimit() {
	var tasks []cb.Task[[]byte]
	for _, name := range []string{"a", "b", "c"} {
		tasks = append(tasks, func(done cb.Callback[[]byte]) { readFile(name, done) })
	}
	if err := loop.Run(func() {
		cb.ParallelLimit(tasks, 2, func(err error, results [][]byte) { fmt.Printf("%q %v\n", results, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ["contents of a" "contents of b" "contents of c"] <nil>
}

func ExampleSeries() {
	if err := loop.Run(func() {
		cb.Series([]cb.Task[string]{
			func(done cb.Callback[string]) { fmt.Println("first"); timer.SetImmediate(func() { done(nil, "one") }) },
			func(done cb.Callback[string]) { fmt.Println("second"); done(nil, "two") },
		}, func(err error, results []string) { fmt.Println(results, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// first
	// second
	// [one two] <nil>
}

func ExampleRace() {
	if err := loop.Run(func() {
		cb.Race([]cb.Task[string]{
			func(done cb.Callback[string]) { timer.SetTimeout(func() { done(nil, "slow") }, 20*time.Millisecond) },
			func(done cb.Callback[string]) { timer.SetTimeout(func() { done(nil, "fast") }, time.Millisecond) },
		}, func(err error, winner string) { fmt.Println(winner, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// fast <nil>
}

// Waterfall's steps share one type: here a struct that each step fills in.
func ExampleWaterfall() {
	type order struct {
		id    int
		total int
		paid  bool
	}
	if err := loop.Run(func() {
		cb.Waterfall([]func(order, cb.Callback[order]){
			func(o order, done cb.Callback[order]) { o.id = 7; done(nil, o) },
			func(o order, done cb.Callback[order]) {
				timer.SetImmediate(func() { o.total = 42; done(nil, o) }) // priced by a service
			},
			func(o order, done cb.Callback[order]) { o.paid = o.total > 0; done(nil, o) },
		}, func(err error, o order) { fmt.Printf("%+v %v\n", o, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {id:7 total:42 paid:true} <nil>
}

func ExampleWaterfall2() {
	if err := loop.Run(func() {
		cb.Waterfall2(
			func(done cb.Callback[[]byte]) { readFile("config", done) },
			func(data []byte, done cb.Callback[int]) { done(nil, len(data)) },
			func(err error, n int) { fmt.Println(n, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 18 <nil>
}

func ExampleWaterfall3() {
	if err := loop.Run(func() {
		cb.Waterfall3(
			func(done cb.Callback[[]byte]) { readFile("missing", done) },
			func(data []byte, done cb.Callback[string]) { done(nil, string(data)) },
			func(s string, done cb.Callback[int]) { done(nil, len(s)) },
			func(err error, n int) { fmt.Println(n, err) }) // the later steps do not run
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 0 ENOENT: no such file or directory, open 'missing'
}

// Then makes a typed chain of any length out of steps, as a Task.
func ExampleThen() {
	read := func(done cb.Callback[[]byte]) { readFile("n", done) }
	length := cb.Then(read, func(b []byte, done cb.Callback[int]) { done(nil, len(b)) })
	label := cb.Then(length, func(n int, done cb.Callback[string]) { done(nil, strconv.Itoa(n)+" bytes") })
	if err := loop.Run(func() {
		label(func(err error, s string) { fmt.Println(s, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 13 bytes <nil>
}

func ExampleWhilst() {
	n := 0
	if err := loop.Run(func() {
		cb.Whilst(
			func(done cb.Callback[bool]) { done(nil, n < 3) },
			func(done cb.Callback[int]) { n++; timer.SetImmediate(func() { done(nil, n) }) },
			func(err error, last int) { fmt.Println("stopped at", last, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// stopped at 3 <nil>
}

func ExampleUntil() {
	n := 0
	if err := loop.Run(func() {
		cb.Until(
			func(done cb.Callback[bool]) { done(nil, n >= 2) },
			func(done cb.Callback[int]) { n++; done(nil, n) },
			func(err error, last int) { fmt.Println(last, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2 <nil>
}

func ExampleDoWhilst() {
	if err := loop.Run(func() {
		page := 0
		cb.DoWhilst(
			func(done cb.Callback[int]) { page++; fmt.Println("fetch page", page); done(nil, page) },
			func(last int, done cb.Callback[bool]) { done(nil, last < 2) },
			func(err error, last int) { fmt.Println("pages:", last, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// fetch page 1
	// fetch page 2
	// pages: 2 <nil>
}

func ExampleDoUntil() {
	if err := loop.Run(func() {
		tries := 0
		cb.DoUntil(
			func(done cb.Callback[int]) { tries++; done(nil, tries) },
			func(n int, done cb.Callback[bool]) { done(nil, n == 3) },
			func(err error, n int) { fmt.Println(n, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 3 <nil>
}

func ExampleForever() {
	if err := loop.Run(func() {
		polls := 0
		cb.Forever(func(next func(error)) {
			polls++
			if polls == 3 {
				next(errors.New("stream closed"))
				return
			}
			timer.SetImmediate(func() { next(nil) })
		}, func(err error) { fmt.Println("after", polls, "polls:", err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// after 3 polls: stream closed
}

func ExampleRetry() {
	if err := loop.Run(func() {
		attempts := 0
		cb.Retry(cb.RetryOptions{Times: 5, Interval: 10 * time.Millisecond}, func(done cb.Callback[string]) {
			attempts++
			if attempts < 3 {
				done(errors.New("ECONNRESET"), "")
				return
			}
			done(nil, "connected")
		}, func(err error, v string) { fmt.Println(v, "after", attempts, "attempts", err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// connected after 3 attempts <nil>
}

func ExampleRetryable() {
	attempts := 0
	flaky := cb.Retryable(cb.RetryOptions{Times: 3}, func(done cb.Callback[int]) {
		attempts++
		done(errors.New("busy"), 0)
	})
	if err := loop.Run(func() {
		flaky(func(err error, _ int) { fmt.Println(attempts, "attempts:", err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 3 attempts: busy
}

func ExampleExponentialBackoff() {
	backoff := cb.ExponentialBackoff(100*time.Millisecond, time.Second)
	for retry := 1; retry <= 5; retry++ {
		fmt.Println(retry, backoff(retry))
	}
	// Output:
	// 1 100ms
	// 2 200ms
	// 3 400ms
	// 4 800ms
	// 5 1s
}

func ExampleAuto() {
	if err := loop.Run(func() {
		cb.Auto(map[string]cb.AutoTask{
			"config": cb.Needs(nil, func(r cb.Results, done cb.Callback[[]byte]) { readFile("config", done) }),
			"db": cb.Needs([]string{"config"}, func(r cb.Results, done cb.Callback[string]) {
				done(nil, "db opened with "+string(cb.Get[[]byte](r, "config")))
			}),
			"cache": cb.Needs([]string{"config"}, func(r cb.Results, done cb.Callback[int]) { done(nil, 64) }),
			"server": cb.Needs([]string{"db", "cache"}, func(r cb.Results, done cb.Callback[string]) {
				done(nil, fmt.Sprintf("serving (%s, cache %d MB)", cb.Get[string](r, "db"), cb.Get[int](r, "cache")))
			}),
		}, func(err error, r cb.Results) { fmt.Println(r["server"], err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// serving (db opened with contents of config, cache 64 MB) <nil>
}

func ExampleAutoLimit() {
	if err := loop.Run(func() {
		step := func(name string) cb.AutoTask {
			return cb.Needs(nil, func(_ cb.Results, done cb.Callback[string]) {
				fmt.Println("run", name) // one at a time, in name order
				timer.SetImmediate(func() { done(nil, name) })
			})
		}
		cb.AutoLimit(map[string]cb.AutoTask{"b": step("b"), "a": step("a"), "c": step("c")}, 1,
			func(err error, r cb.Results) { fmt.Println(len(r), err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// run a
	// run b
	// run c
	// 3 <nil>
}

func ExampleNeeds() {
	if err := loop.Run(func() {
		cb.Auto(map[string]cb.AutoTask{
			"user": cb.Needs(nil, func(_ cb.Results, done cb.Callback[string]) { done(nil, "ada") }),
			"greeting": cb.Needs([]string{"user"}, func(r cb.Results, done cb.Callback[string]) {
				done(nil, "hello, "+cb.Get[string](r, "user"))
			}),
		}, func(err error, r cb.Results) { fmt.Println(cb.Get[string](r, "greeting"), err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// hello, ada <nil>
}

func ExampleGet() {
	r := cb.Results{"port": 8080}
	fmt.Println(cb.Get[int](r, "port"))
	// Output:
	// 8080
}

func ExampleTimeout() {
	if err := loop.Run(func() {
		slowQuery := func(done cb.Callback[string]) {
			timer.SetTimeout(func() { done(nil, "rows") }, 50*time.Millisecond)
		}
		cb.Timeout(slowQuery, 5*time.Millisecond)(func(err error, _ string) {
			fmt.Println(loop.Code(err), errors.Is(err, cb.ErrTimeout))
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ETIMEDOUT true
}

func ExampleOnce() {
	connects := 0
	connect := cb.Once(func(done cb.Callback[string]) {
		connects++
		timer.SetImmediate(func() { done(nil, "conn#1") })
	})
	if err := loop.Run(func() {
		cb.Parallel([]cb.Task[string]{connect, connect, connect}, func(err error, conns []string) {
			fmt.Println(conns, connects, err)
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [conn#1 conn#1 conn#1] 1 <nil>
}

func ExampleMemoize() {
	lookups := 0
	resolve := cb.Memoize(func(host string, done cb.Callback[string]) {
		lookups++
		timer.SetImmediate(func() { done(nil, "10.0.0."+strconv.Itoa(len(host))) })
	})
	if err := loop.Run(func() {
		cb.Map([]string{"db", "cache", "db", "db"}, resolve, func(err error, addrs []string) {
			fmt.Println(addrs, lookups, "lookups", err)
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [10.0.0.2 10.0.0.5 10.0.0.2 10.0.0.2] 2 lookups <nil>
}

func ExampleReflect() {
	if err := loop.Run(func() {
		cb.Series([]cb.Task[cb.Result[[]byte]]{
			cb.Reflect(func(done cb.Callback[[]byte]) { readFile("missing", done) }),
			cb.Reflect(func(done cb.Callback[[]byte]) { readFile("a", done) }),
		}, func(err error, rs []cb.Result[[]byte]) {
			fmt.Printf("%v | %s | %v\n", rs[0].Err, rs[1].Value, err)
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ENOENT: no such file or directory, open 'missing' | contents of a | <nil>
}

func ExampleReflectAll() {
	var tasks []cb.Task[[]byte]
	for _, name := range []string{"a", "missing", "b"} {
		tasks = append(tasks, func(done cb.Callback[[]byte]) { readFile(name, done) })
	}
	if err := loop.Run(func() {
		cb.Parallel(cb.ReflectAll(tasks), func(err error, rs []cb.Result[[]byte]) {
			for _, r := range rs {
				fmt.Printf("%q %v\n", r.Value, r.Err)
			}
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// "contents of a" <nil>
	// "" ENOENT: no such file or directory, open 'missing'
	// "contents of b" <nil>
}
