// Command eachlimit runs cb.EachLimit over -n items with -limit in flight
// and measures the rate from the call to the final callback. The iteratee
// calls back -mode=sync (at once), tick (in a NextTick) or immediate (in
// the next iteration's check phase), or does real work: -mode=stat stats a
// file on the loop's pool (KindFastIO, the kind file system calls use). Its
// Node twin is node.js, with async.js v3 (and fs.stat).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/bench/internal/report"
	"github.com/errfirst/loop/cb"
)

func main() {
	n := flag.Int("n", 1_000_000, "items")
	limit := flag.Int("limit", 64, "items in flight")
	mode := flag.String("mode", "tick", "how the iteratee calls back: sync, tick, immediate or stat")
	flag.Parse()

	l, err := loop.New()
	if err != nil {
		fail(err)
	}
	var iteratee func(int, func(error))
	switch *mode {
	case "sync":
		iteratee = func(_ int, done func(error)) { done(nil) }
	case "tick":
		iteratee = func(_ int, done func(error)) { l.NextTick(func() { done(nil) }) }
	case "immediate":
		iteratee = func(_ int, done func(error)) { l.SetImmediate(func() { done(nil) }) }
	case "stat":
		stat := func() (os.FileInfo, error) { return os.Stat("bench/eachlimit/main.go") }
		iteratee = func(_ int, done func(error)) {
			loop.WorkOn(l, loop.KindFastIO, stat, func(err error, _ os.FileInfo) { done(err) })
		}
	default:
		fail(fmt.Errorf("unknown -mode=%s", *mode))
	}
	items := make([]int, *n)
	for i := range items {
		items[i] = i
	}

	finals := 0
	var start time.Time
	var elapsed time.Duration
	stop := report.StartProfile()
	m0 := report.Mallocs()
	err = l.Run(func() {
		start = time.Now()
		cb.EachLimit(items, *limit, iteratee, func(err error) {
			elapsed = time.Since(start)
			if err != nil {
				fail(err)
			}
			finals++
		})
	})
	mallocs := report.Mallocs() - m0
	stop()
	if err != nil {
		fail(err)
	}
	if err := l.Close(); err != nil {
		fail(err)
	}
	if finals != 1 {
		fail(fmt.Errorf("%d final callbacks, want 1", finals))
	}
	report.Print(report.Result{
		"n":             *n,
		"secs":          elapsed.Seconds(),
		"rate":          float64(*n) / elapsed.Seconds(),
		"allocs_per_op": float64(mallocs) / float64(*n),
	})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "eachlimit:", err)
	os.Exit(1)
}
