package cb_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
	"github.com/errfirst/loop/timer"
)

// size stands for an asynchronous operation, such as reading a file: it
// calls back in a later iteration of the loop, later for longer names, so
// the callbacks come back out of order.
func size(name string, done cb.Callback[int]) {
	var wait func(n int)
	wait = func(n int) {
		if n == 0 {
			done(nil, len(name))
			return
		}
		timer.SetImmediate(func() { wait(n - 1) })
	}
	wait(len(name) % 3)
}

// exists is an asynchronous test: it says whether name "exists".
func exists(name string, done cb.Callback[bool]) {
	size(name, func(err error, n int) { done(err, n > 3) })
}

// remove stands for an asynchronous removal that fails for "locked".
func remove(name string, done func(error)) {
	timer.SetImmediate(func() {
		if name == "locked" {
			done(errors.New("remove locked: permission denied"))
			return
		}
		done(nil)
	})
}

var files = []string{"a.txt", "bb", "c.json", "dddd"}

func ExampleEach() {
	if err := loop.Run(func() {
		cb.Each(files, remove, func(err error) { fmt.Println("all removed:", err) })
		cb.Each([]string{"a", "locked", "c"}, remove, func(err error) { fmt.Println("first error:", err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// all removed: <nil>
	// first error: remove locked: permission denied
}

func ExampleEachSeries() {
	if err := loop.Run(func() {
		cb.EachSeries(files, func(name string, done func(error)) {
			fmt.Println("removing", name) // one at a time, in order
			remove(name, done)
		}, func(err error) { fmt.Println("done:", err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// removing a.txt
	// removing bb
	// removing c.json
	// removing dddd
	// done: <nil>
}

func ExampleEachLimit() {
	running, peak := 0, 0
	if err := loop.Run(func() {
		cb.EachLimit(files, 2, func(name string, done func(error)) {
			running++
			peak = max(peak, running)
			remove(name, func(err error) { running--; done(err) })
		}, func(err error) { fmt.Println("done:", err, "at most", peak, "at once") })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// done: <nil> at most 2 at once
}

func ExampleMap() {
	if err := loop.Run(func() {
		cb.Map(files, size, func(err error, sizes []int) {
			fmt.Println(sizes, err) // in the order of files, whatever order they came back in
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [5 2 6 4] <nil>
}

func ExampleMapSeries() {
	if err := loop.Run(func() {
		cb.MapSeries(files, size, func(err error, sizes []int) { fmt.Println(sizes, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [5 2 6 4] <nil>
}

func ExampleMapLimit() {
	if err := loop.Run(func() {
		cb.MapLimit(files, 3, size, func(err error, sizes []int) { fmt.Println(sizes, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [5 2 6 4] <nil>
}

func ExampleTimes() {
	if err := loop.Run(func() {
		cb.Times(4, func(i int, done cb.Callback[string]) {
			size(strings.Repeat("x", i), func(err error, n int) { done(err, fmt.Sprint("worker-", n)) })
		}, func(err error, names []string) { fmt.Println(names, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [worker-0 worker-1 worker-2 worker-3] <nil>
}

func ExampleTimesSeries() {
	if err := loop.Run(func() {
		cb.TimesSeries(3, func(i int, done cb.Callback[int]) {
			fmt.Println("call", i)
			timer.SetImmediate(func() { done(nil, i*i) })
		}, func(err error, squares []int) { fmt.Println(squares, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// call 0
	// call 1
	// call 2
	// [0 1 4] <nil>
}

func ExampleTimesLimit() {
	if err := loop.Run(func() {
		cb.TimesLimit(5, 2, func(i int, done cb.Callback[int]) {
			timer.SetImmediate(func() { done(nil, 10*i) })
		}, func(err error, v []int) { fmt.Println(v, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [0 10 20 30 40] <nil>
}

func ExampleReduce() {
	if err := loop.Run(func() {
		cb.Reduce(files, 0, func(total int, name string, done cb.Callback[int]) {
			size(name, func(err error, n int) { done(err, total+n) })
		}, func(err error, total int) { fmt.Println("total", total, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// total 17 <nil>
}

func ExampleReduceRight() {
	if err := loop.Run(func() {
		cb.ReduceRight(files, "", func(path, name string, done cb.Callback[string]) {
			timer.SetImmediate(func() { done(nil, path+"/"+name) })
		}, func(err error, path string) { fmt.Println(path, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// /dddd/c.json/bb/a.txt <nil>
}

func ExampleConcat() {
	dirs := map[string][]string{"src": {"main.go", "util.go"}, "doc": {"README"}, "empty": nil}
	if err := loop.Run(func() {
		cb.Concat([]string{"src", "empty", "doc"}, func(dir string, done cb.Callback[[]string]) {
			timer.SetImmediate(func() { done(nil, dirs[dir]) }) // a readdir
		}, func(err error, all []string) { fmt.Println(all, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [main.go util.go README] <nil>
}

func ExampleConcatSeries() {
	if err := loop.Run(func() {
		cb.ConcatSeries([]int{1, 2, 3}, func(n int, done cb.Callback[[]int]) {
			timer.SetImmediate(func() { done(nil, []int{n, -n}) })
		}, func(err error, v []int) { fmt.Println(v, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [1 -1 2 -2 3 -3] <nil>
}

func ExampleConcatLimit() {
	if err := loop.Run(func() {
		cb.ConcatLimit([]string{"ab", "cde"}, 1, func(s string, done cb.Callback[[]string]) {
			timer.SetImmediate(func() { done(nil, strings.Split(s, "")) })
		}, func(err error, v []string) { fmt.Println(v, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [a b c d e] <nil>
}

func ExampleGroupBy() {
	if err := loop.Run(func() {
		cb.GroupBy(files, func(name string, done cb.Callback[bool]) { exists(name, done) },
			func(err error, groups map[bool][]string) {
				fmt.Println("exist:", groups[true], "missing:", groups[false], err)
			})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// exist: [a.txt c.json dddd] missing: [bb] <nil>
}

func ExampleGroupBySeries() {
	if err := loop.Run(func() {
		cb.GroupBySeries([]int{1, 2, 3, 4, 5}, func(n int, done cb.Callback[string]) {
			timer.SetImmediate(func() { done(nil, map[bool]string{true: "even", false: "odd"}[n%2 == 0]) })
		}, func(err error, g map[string][]int) { fmt.Println(g["odd"], g["even"], err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [1 3 5] [2 4] <nil>
}

func ExampleGroupByLimit() {
	if err := loop.Run(func() {
		cb.GroupByLimit(files, 2, size, func(err error, bySize map[int][]string) { fmt.Println(bySize[2], bySize[5], err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [bb] [a.txt] <nil>
}

func ExampleSortBy() {
	if err := loop.Run(func() {
		cb.SortBy(files, size, func(err error, sorted []string) { fmt.Println(sorted, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [bb dddd a.txt c.json] <nil>
}

func ExampleFilter() {
	if err := loop.Run(func() {
		cb.Filter(files, exists, func(err error, found []string) { fmt.Println(found, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [a.txt c.json dddd] <nil>
}

func ExampleFilterSeries() {
	if err := loop.Run(func() {
		cb.FilterSeries(files, exists, func(err error, found []string) { fmt.Println(found, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [a.txt c.json dddd] <nil>
}

func ExampleFilterLimit() {
	if err := loop.Run(func() {
		cb.FilterLimit(files, 2, exists, func(err error, found []string) { fmt.Println(found, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [a.txt c.json dddd] <nil>
}

func ExampleReject() {
	if err := loop.Run(func() {
		cb.Reject(files, exists, func(err error, missing []string) { fmt.Println(missing, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [bb] <nil>
}

func ExampleRejectSeries() {
	if err := loop.Run(func() {
		cb.RejectSeries(files, exists, func(err error, missing []string) { fmt.Println(missing, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [bb] <nil>
}

func ExampleRejectLimit() {
	if err := loop.Run(func() {
		cb.RejectLimit(files, 3, exists, func(err error, missing []string) { fmt.Println(missing, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [bb] <nil>
}

// Detect takes the first answer that passes: with every item in flight,
// the first to arrive.
func ExampleDetect() {
	if err := loop.Run(func() {
		cb.Detect(files, exists, func(err error, name string, found bool) { fmt.Println(name, found, err) })
		cb.Detect([]string{"a", "b"}, exists, func(err error, name string, found bool) { fmt.Printf("%q %v %v\n", name, found, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// c.json true <nil>
	// "" false <nil>
}

func ExampleDetectSeries() {
	if err := loop.Run(func() {
		cb.DetectSeries(files, exists, func(err error, name string, found bool) { fmt.Println(name, found, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a.txt true <nil>
}

func ExampleDetectLimit() {
	if err := loop.Run(func() {
		cb.DetectLimit(files, 2, exists, func(err error, name string, found bool) { fmt.Println(name, found, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a.txt true <nil>
}

func ExampleSome() {
	if err := loop.Run(func() {
		cb.Some(files, exists, func(err error, any bool) { fmt.Println(any, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true <nil>
}

func ExampleSomeSeries() {
	if err := loop.Run(func() {
		cb.SomeSeries([]string{"a", "b"}, exists, func(err error, any bool) { fmt.Println(any, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// false <nil>
}

func ExampleSomeLimit() {
	if err := loop.Run(func() {
		cb.SomeLimit(files, 1, exists, func(err error, any bool) { fmt.Println(any, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true <nil>
}

func ExampleEvery() {
	if err := loop.Run(func() {
		cb.Every(files, exists, func(err error, all bool) { fmt.Println(all, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// false <nil>
}

func ExampleEverySeries() {
	if err := loop.Run(func() {
		cb.EverySeries([]string{"a.txt", "dddd"}, exists, func(err error, all bool) { fmt.Println(all, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true <nil>
}

func ExampleEveryLimit() {
	if err := loop.Run(func() {
		cb.EveryLimit(files, 2, exists, func(err error, all bool) { fmt.Println(all, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// false <nil>
}
