// Command stat stats one file -n times with -inflight calls outstanding:
//
//	-mode=work    loop.Work's path: WorkOn(l, KindCPU, ...), each callback
//	              starting the next request (the figure compared with Node)
//	-mode=fastio  the same on KindFastIO, the kind Node's fs.stat uses
//	-mode=raw     -inflight plain goroutines calling os.Stat, no loop: the
//	              ceiling the pool's overhead is measured against
//
// With -raw (the default), work and fastio then run the raw variant too, in
// the same process, and report it as raw_rate: the two figures are taken
// seconds apart, so their ratio moves less with the machine's load than
// two separate runs would. cpu_rate is calls per CPU second of the process.
//
// -workers sets the pool size (default: the library's default). Its Node
// twin, node.js, does fs.stat on libuv's threadpool (4 threads by default).
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/bench/internal/report"
)

func main() {
	mode := flag.String("mode", "work", "work, fastio or raw")
	n := flag.Int("n", 200_000, "stat calls")
	inflight := flag.Int("inflight", 64, "calls outstanding at once")
	workers := flag.Int("workers", 0, "pool size; 0 means the library's default")
	alsoRaw := flag.Bool("raw", true, "with -mode=work or fastio, also run -mode=raw and report raw_rate")
	file := flag.String("file", filepath.Join(os.TempDir(), "loopbench-stat.txt"), "the file to stat; created if missing")
	flag.Parse()
	if _, err := os.Stat(*file); err != nil {
		if err := os.WriteFile(*file, []byte("loop bench\n"), 0o644); err != nil {
			fail(err)
		}
	}

	stop := report.StartProfile()
	m0, cpu0 := report.Mallocs(), report.CPUTime()
	var secs float64
	switch *mode {
	case "work", "fastio":
		kind := loop.KindCPU
		if *mode == "fastio" {
			kind = loop.KindFastIO
		}
		secs = viaLoop(kind, *file, *n, *inflight, *workers)
	case "raw":
		secs = viaGoroutines(*file, *n, *inflight)
	default:
		fail(fmt.Errorf("unknown -mode=%s", *mode))
	}
	mallocs, cpu := report.Mallocs()-m0, report.CPUTime()-cpu0
	stop()
	r := report.Result{
		"mode":          *mode,
		"n":             *n,
		"inflight":      *inflight,
		"secs":          secs,
		"rate":          float64(*n) / secs,
		"cpu_rate":      float64(*n) / cpu.Seconds(),
		"allocs_per_op": float64(mallocs) / float64(*n),
	}
	if *alsoRaw && *mode != "raw" {
		cpu0 := report.CPUTime()
		secs := viaGoroutines(*file, *n, *inflight)
		cpu := report.CPUTime() - cpu0
		r["raw_rate"] = float64(*n) / secs
		r["raw_cpu_rate"] = float64(*n) / cpu.Seconds()
	}
	report.Print(r)
}

// viaLoop keeps inflight requests queued on a loop's pool: each callback
// starts the next, as a Node program fanning in over fs.stat does.
func viaLoop(kind loop.Kind, file string, n, inflight, workers int) float64 {
	var opts []loop.Option
	if workers > 0 {
		opts = append(opts, loop.WithWorkers(workers))
	}
	l, err := loop.New(opts...)
	if err != nil {
		fail(err)
	}
	started, done := 0, 0
	var firstErr error
	stat := func() (fs.FileInfo, error) { return os.Stat(file) }
	var next func()
	onDone := func(err error, fi fs.FileInfo) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
		done++
		next()
	}
	next = func() {
		if started < n {
			started++
			loop.WorkOn(l, kind, stat, onDone)
		}
	}
	var start time.Time
	err = l.Run(func() {
		start = time.Now()
		for range inflight {
			next()
		}
	})
	secs := time.Since(start).Seconds()
	if err == nil {
		err = firstErr
	}
	if err == nil && done != n {
		err = fmt.Errorf("%d callbacks, want %d", done, n)
	}
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fail(err)
	}
	return secs
}

// viaGoroutines runs inflight goroutines that take calls from a shared
// counter until n are done.
func viaGoroutines(file string, n, inflight int) float64 {
	var left atomic.Int64
	left.Store(int64(n))
	var wg sync.WaitGroup
	var firstErr atomic.Pointer[error]
	start := time.Now()
	for range inflight {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if _, err := os.Stat(file); err != nil {
					firstErr.CompareAndSwap(nil, &err)
				}
			}
		})
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	if p := firstErr.Load(); p != nil {
		fail(*p)
	}
	return secs
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "stat:", err)
	os.Exit(1)
}
