// Command queue pushes -n no-op jobs into a cb.Queue of concurrency
// -concurrency and measures the rate from the first push to the drain.
// The worker calls back -mode=sync (at once), tick (in a NextTick) or
// immediate (in the next iteration's check phase). Each job has the same
// callback, which counts. Its Node twin is node.js, with async.js v3.
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
	n := flag.Int("n", 1_000_000, "jobs")
	concurrency := flag.Int("concurrency", 16, "the queue's concurrency")
	mode := flag.String("mode", "sync", "how the worker calls back: sync, tick or immediate")
	flag.Parse()

	l, err := loop.New()
	if err != nil {
		fail(err)
	}
	var later func(func())
	switch *mode {
	case "sync":
		later = func(fn func()) { fn() }
	case "tick":
		later = l.NextTick
	case "immediate":
		later = func(fn func()) { l.SetImmediate(fn) }
	default:
		fail(fmt.Errorf("unknown -mode=%s", *mode))
	}

	called := 0
	var start time.Time
	var elapsed time.Duration
	stop := report.StartProfile()
	m0 := report.Mallocs()
	err = l.Run(func() {
		start = time.Now()
		q := cb.NewQueue(func(_ int, done func(error)) {
			if *mode == "sync" {
				done(nil)
				return
			}
			later(func() { done(nil) })
		}, *concurrency)
		q.OnDrain(func() { elapsed = time.Since(start) })
		count := func(err error) {
			if err != nil {
				fail(err)
			}
			called++
		}
		for i := range *n {
			q.Push(i, count)
		}
	})
	mallocs := report.Mallocs() - m0
	stop()
	if err != nil {
		fail(err)
	}
	if err := l.Close(); err != nil {
		fail(err)
	}
	if called != *n {
		fail(fmt.Errorf("%d callbacks, want %d", called, *n))
	}
	report.Print(report.Result{
		"n":             *n,
		"secs":          elapsed.Seconds(),
		"rate":          float64(*n) / elapsed.Seconds(),
		"allocs_per_op": float64(mallocs) / float64(*n),
	})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "queue:", err)
	os.Exit(1)
}
