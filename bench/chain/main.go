// Command chain runs a chain of callbacks on a loop, each scheduling the
// next: -kind=immediate chains SetImmediate (one link per loop iteration,
// so it measures a whole iteration), -kind=tick chains NextTick (one drain,
// so it measures the tick queue alone). Its Node twin is node.js.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/bench/internal/report"
)

func main() {
	kind := flag.String("kind", "immediate", "immediate or tick")
	n := flag.Int("n", 1_000_000, "links in the chain")
	flag.Parse()

	l, err := loop.New()
	if err != nil {
		fail(err)
	}
	var schedule func(func())
	switch *kind {
	case "immediate":
		schedule = func(fn func()) { l.SetImmediate(fn) }
	case "tick":
		schedule = l.NextTick
	default:
		fail(fmt.Errorf("unknown -kind=%s", *kind))
	}

	count := 0
	var start time.Time
	var elapsed time.Duration
	var step func()
	step = func() {
		count++
		if count < *n {
			schedule(step)
			return
		}
		elapsed = time.Since(start)
	}
	m0 := report.Mallocs()
	err = l.Run(func() {
		start = time.Now()
		schedule(step)
	})
	mallocs := report.Mallocs() - m0
	if err != nil {
		fail(err)
	}
	if err := l.Close(); err != nil {
		fail(err)
	}
	if count != *n {
		fail(fmt.Errorf("ran %d links, want %d", count, *n))
	}
	report.Print(report.Result{
		"n":             *n,
		"secs":          elapsed.Seconds(),
		"rate":          float64(*n) / elapsed.Seconds(),
		"allocs_per_op": float64(mallocs) / float64(*n),
	})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "chain:", err)
	os.Exit(1)
}
