// Command timers schedules -n timeouts with random whole-millisecond delays
// in [1, -maxms] from one callback, optionally clears a share of them
// (-clear=0.9) right away, and lets the rest fire. It reports how fast the
// timers were set (and cleared), the process's peak RSS, Go's heap bytes per
// timer, and the firing lateness. Its Node twin is node.js; both draw the
// same delays from the same generator (mulberry32, seed 1).
//
// With -frac=true (Go only) every delay also gets a random sub-millisecond
// part in [0, 1 ms) from a second generator (mulberry32, seed 2), so the
// whole-ms parts stay those of the plain run. Delays a program computes from
// deadlines (time.Until) look like this: each is a distinct nanosecond
// value. bench/run compares its figures with the plain run's. The sub-ms
// parts are drawn while the timers are set, a few ns per timer counted
// against the set rate, rather than kept in a slice that would count 4 MB
// against the peak RSS.
//
// Lateness is the time a callback starts minus the due time the library
// itself computed: the loop time SetTimeout read (fresh on every call, as
// Node's getLibuvNow) plus the delay; Loop.Now right after the call is that
// time. Timers fire in (due, order set) order, which the library
// guarantees, so once the due times of the survivors are sorted, the k-th
// callback's due time is the k-th of them: no closure per timer is needed.
// The sorted due times (4 bytes a timer, microseconds after the first) are
// the one thing this program keeps that its Node twin does not; they count
// in its peak RSS.
//
// Timers due before the scheduling callback returned cannot fire on time:
// the loop was busy in that callback, and firing that backlog delays the
// timers due next. "late_p99_ms" counts the timers that fire once the loop
// has caught up (the first timer due after the callback returned that fires
// less than 1 ms late marks it; catchup_ms says when, after the callback);
// if the loop never catches up, it counts every timer due after the
// callback returned, and caught_up is 0. "late_p99_all_ms" counts every
// timer. Node's twin reports the same figures, the same way.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/bench/internal/report"
)

func main() {
	n := flag.Int("n", 1_000_000, "timers to set")
	maxMS := flag.Int("maxms", 1000, "largest delay, in ms")
	clear := flag.Float64("clear", 0, "share of the timers to clear right after setting them all")
	frac := flag.Bool("frac", false, "add a random sub-millisecond part to every delay (Go only)")
	flag.Parse()

	delays := make([]uint16, *n)
	rnd := mulberry32(1)
	for i := range delays {
		delays[i] = uint16(1 + rnd()%uint32(*maxMS))
	}
	// keep(i) says whether timer i survives the clearing: every tenth for
	// -clear=0.9, spread evenly over the delays.
	every := 0
	if *clear > 0 {
		every = int(1/(1-*clear) + 0.5)
	}
	keep := func(i int) bool { return every == 0 || i%every == 0 }

	// dues[i] is timer i's due time in µs after t0; after scheduling, the
	// survivors' due times, sorted.
	dues := make([]uint32, *n)

	l, err := loop.New()
	if err != nil {
		fail(err)
	}
	var (
		t0        time.Time   // the loop time the timers count from
		schedDone time.Time   // when the scheduling callback returned
		lat       = newHist() // fired after the loop caught up
		latAfter  = newHist() // due after the scheduling callback returned
		latAll    = newHist()
		fired     int
		caughtUp  time.Time
		start     time.Time // when setting began
		end       time.Time // when the last timer fired
	)
	onFire := func() {
		now := time.Now()
		due := t0.Add(time.Duration(dues[fired]) * time.Microsecond)
		fired++
		if fired == len(dues) {
			end = now
		}
		late := now.Sub(due)
		latAll.add(late)
		if due.After(schedDone) {
			latAfter.add(late)
			if caughtUp.IsZero() && late < time.Millisecond {
				caughtUp = now
			}
		}
		if !caughtUp.IsZero() {
			lat.add(late)
		}
	}

	var handles []*loop.Timer
	if every != 0 {
		handles = make([]*loop.Timer, *n)
	}
	stopProfile := report.StartProfile()
	runtime.GC()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	var setSecs, clearSecs float64
	err = l.Run(func() {
		t0 = l.Now()
		start = time.Now()
		if *frac {
			rndFrac := mulberry32(2)
			for i, d := range delays {
				dd := time.Duration(d)*time.Millisecond + time.Duration(rndFrac()%uint32(time.Millisecond))
				t := l.SetTimeout(onFire, dd)
				if handles != nil {
					handles[i] = t
				}
				dues[i] = uint32((l.Now().Sub(t0) + dd) / time.Microsecond)
			}
		} else if handles == nil {
			for i, d := range delays {
				dd := time.Duration(d) * time.Millisecond
				l.SetTimeout(onFire, dd)
				dues[i] = uint32((l.Now().Sub(t0) + dd) / time.Microsecond)
			}
		} else {
			for i, d := range delays {
				dd := time.Duration(d) * time.Millisecond
				handles[i] = l.SetTimeout(onFire, dd)
				dues[i] = uint32((l.Now().Sub(t0) + dd) / time.Microsecond)
			}
		}
		mid := time.Now()
		setSecs = mid.Sub(start).Seconds()
		if handles != nil {
			for i, t := range handles {
				if !keep(i) {
					l.ClearTimeout(t)
					handles[i] = nil
				}
			}
			clearSecs = time.Since(mid).Seconds()
		}
		// Read before anything fires: the heap then holds every timer.
		runtime.ReadMemStats(&ms1)
		survivors := 0
		for i, due := range dues {
			if keep(i) {
				dues[survivors] = due
				survivors++
			}
		}
		dues = dues[:survivors]
		slices.Sort(dues)
		schedDone = time.Now()
	})
	stopProfile()
	if err != nil {
		fail(err)
	}
	m := l.Metrics()
	if err := l.Close(); err != nil {
		fail(err)
	}
	if fired != len(dues) {
		fail(fmt.Errorf("%d timers fired, want %d", fired, len(dues)))
	}
	schedSecs := setSecs + clearSecs
	steady, caught, catchupMS := lat, 1, float64(caughtUp.Sub(schedDone))/1e6
	if caughtUp.IsZero() {
		steady, caught, catchupMS = latAfter, 0, -1
	}
	report.Print(report.Result{
		"n":          *n,
		"fired":      fired,
		"set_secs":   setSecs,
		"clear_secs": clearSecs,
		// sched_rate is timers set (and, with -clear, cleared) per second
		// of the scheduling callback: the figure compared with Node.
		"sched_rate": float64(*n) / schedSecs,
		"sched_secs": schedSecs,
		// run_secs is from the start of setting to the last fire.
		"run_secs":        end.Sub(start).Seconds(),
		"late_p50_ms":     steady.quantile(0.50),
		"late_p99_ms":     steady.quantile(0.99),
		"late_max_ms":     steady.max,
		"late_counted":    steady.n,
		"caught_up":       caught,
		"catchup_ms":      catchupMS,
		"late_p99_all_ms": latAll.quantile(0.99),
		// Heap growth while the timers were set (and cleared), per timer:
		// TotalAlloc counts every byte allocated, garbage included;
		// HeapAlloc what was still on the heap when the callback returned.
		"go_alloc_bytes_per_timer": float64(ms1.TotalAlloc-ms0.TotalAlloc) / float64(*n),
		"go_heap_bytes_per_timer":  float64(int64(ms1.HeapAlloc)-int64(ms0.HeapAlloc)) / float64(*n),
		"go_allocs_per_timer":      float64(ms1.Mallocs-ms0.Mallocs) / float64(*n),
		// The share of Run's time the loop spent running callbacks rather
		// than waiting for the next timer: near 1, the loop is saturated.
		"go_loop_utilization": m.Utilization(loop.Metrics{}),
	})
}

// hist is a histogram of lateness in 10 µs buckets up to 2 s: the
// percentiles come out to 10 µs without keeping a sample per timer, which
// would weigh on the peak RSS being measured. Node's twin keeps the same one.
type hist struct {
	b   []uint32
	n   int
	max float64 // ms
}

const bucketNS = 10_000

func newHist() *hist { return &hist{b: make([]uint32, 200_000)} }

func (h *hist) add(late time.Duration) {
	i := int(max(late, 0) / bucketNS)
	i = min(i, len(h.b)-1)
	h.b[i]++
	h.n++
	h.max = max(h.max, float64(late)/1e6)
}

// quantile returns the upper edge of the bucket holding quantile q, in ms.
func (h *hist) quantile(q float64) float64 {
	want := int(q*float64(h.n) + 0.5)
	seen := 0
	for i, c := range h.b {
		seen += int(c)
		if seen >= want && seen > 0 {
			return float64((i+1)*bucketNS) / 1e6
		}
	}
	return 0
}

// mulberry32 is a small PRNG that Go and JavaScript compute alike, so both
// twins set the same delays.
func mulberry32(seed uint32) func() uint32 {
	a := seed
	return func() uint32 {
		a += 0x6D2B79F5
		t := a
		t = (t ^ t>>15) * (t | 1)
		t ^= t + (t^t>>7)*(t|61)
		return t ^ t>>14
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "timers:", err)
	os.Exit(1)
}
