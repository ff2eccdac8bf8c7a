// Package report is what the Go bench programs share: the result line the
// bench/run script parses, and the process's peak resident set size, read
// the same way the Node twins read theirs (bench/common.js), so that memory
// ratios compare like with like.
package report

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var cpuProfile = flag.String("cpuprofile", "", "write a CPU profile of the measured part to this file")

// StartProfile starts the CPU profile asked for by -cpuprofile, if any, and
// returns the function that stops it. Call it after flag.Parse.
func StartProfile() (stop func()) {
	if *cpuProfile == "" {
		return func() {}
	}
	f, err := os.Create(*cpuProfile)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cpuprofile:", err)
		os.Exit(1)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// Result is one run's figures, printed as a single JSON line. Keys are the
// metric names the checks in bench/run refer to; rates are per second, times
// in seconds unless the key says otherwise (_ms, _kb).
type Result map[string]any

// Print adds the fields every program reports (impl, peak RSS, Go's own
// heap figures) and writes r as one JSON line on stdout.
func Print(r Result) {
	r["impl"] = "go"
	r["hwm_kb"] = PeakRSSKB()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r["go_heap_sys_kb"] = ms.HeapSys / 1024
	r["go_num_gc"] = ms.NumGC
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		panic(err)
	}
}

// PeakRSSKB returns the process's peak resident set size in KiB: VmHWM from
// /proc/self/status, which counts everything the process touched (runtime,
// heap, stacks), as it does for node. It returns -1 where there is no procfs.
func PeakRSSKB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// Mallocs returns the number of heap objects allocated so far, for
// allocations per operation: read it before and after, divide by the count.
func Mallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

// CPUTime returns the user and system CPU time the process has used so far,
// all goroutines and the runtime included. On a machine shared with other
// jobs, operations per CPU second move less than operations per second.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
