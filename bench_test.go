package loop_test

// Micro benchmarks: one mechanism each, ns/op and allocs/op being the
// figures (go test -run '^$' -bench . -benchmem). Whole workloads against
// Node live in bench/.
//
// Chains (each callback schedules the next) count b.N links, so every op
// also pays for whatever the loop does between two callbacks; that is the
// cost a program sees.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/errfirst/loop"
)

// benchLoop returns a loop that is closed when the benchmark ends.
func benchLoop(b *testing.B, opts ...loop.Option) *loop.Loop {
	b.Helper()
	l, err := loop.New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := l.Close(); err != nil {
			b.Error(err)
		}
	})
	return l
}

// benchRun runs l and fails the benchmark if Run returns an error.
func benchRun(b *testing.B, l *loop.Loop, main func()) {
	b.Helper()
	if err := l.Run(main); err != nil {
		b.Fatal(err)
	}
}

// fanIn keeps inflight requests of kind on l's pool until b.N have called
// back, each callback starting the next request, as a Node program fanning
// in over the threadpool does.
func fanIn[T any](b *testing.B, l *loop.Loop, kind loop.Kind, inflight int, fn func() (T, error)) {
	started, done := 0, 0
	var cb func(error, T)
	cb = func(err error, _ T) {
		if err != nil {
			b.Error(err)
		}
		done++
		if started < b.N {
			started++
			loop.WorkOn(l, kind, fn, cb)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	benchRun(b, l, func() {
		for started < min(inflight, b.N) {
			started++
			loop.WorkOn(l, kind, fn, cb)
		}
	})
	b.StopTimer()
	if done != b.N {
		b.Fatalf("%d callbacks, want %d", done, b.N)
	}
}

// BenchmarkWorkRoundTrip is one request's trip through the pool and back:
// WorkOn of a trivial func, to its done callback on the loop.
func BenchmarkWorkRoundTrip(b *testing.B) {
	for _, inflight := range []int{1, 64} {
		b.Run(fmt.Sprintf("inflight=%d", inflight), func(b *testing.B) {
			l := benchLoop(b)
			fanIn(b, l, loop.KindCPU, inflight, func() (int, error) { return 1, nil })
		})
	}
}

// BenchmarkWorkStat is the stat fan-in of bench/stat (64 os.Stat calls in
// flight) by pool size, on KindFastIO, the kind file system calls use, so
// that every worker may run one: the default worker count is chosen from
// it (see defaultWorkers in options.go).
func BenchmarkWorkStat(b *testing.B) { benchWorkStat(b, loop.KindFastIO) }

// BenchmarkWorkStatCPU is BenchmarkWorkStat on KindCPU, the kind Work uses,
// which may hold all workers but one.
func BenchmarkWorkStatCPU(b *testing.B) { benchWorkStat(b, loop.KindCPU) }

func benchWorkStat(b *testing.B, kind loop.Kind) {
	name := filepath.Join(b.TempDir(), "stat.txt")
	if err := os.WriteFile(name, []byte("loop bench\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	stat := func() (fs.FileInfo, error) { return os.Stat(name) }
	for _, workers := range []int{1, 2, 4, 8, 16} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			l := benchLoop(b, loop.WithWorkers(workers))
			fanIn(b, l, kind, 64, stat)
		})
	}
}

// BenchmarkTimerInsertCancel is SetTimeout followed by ClearTimeout, with
// an empty timer store and with a million other timers pending.
func BenchmarkTimerInsertCancel(b *testing.B) {
	for _, pending := range []int{0, 1_000_000} {
		b.Run(fmt.Sprintf("pending=%d", pending), func(b *testing.B) {
			l := benchLoop(b)
			fn := func() {}
			benchRun(b, l, func() {
				for i := range pending {
					l.SetTimeout(fn, time.Hour+time.Duration(i)).Unref()
				}
				b.ReportAllocs()
				for b.Loop() {
					l.ClearTimeout(l.SetTimeout(fn, time.Millisecond))
				}
				l.Stop()
			})
		})
	}
}

// BenchmarkTimerInsertFire is a chain of 1 ms timeouts, each set by the
// previous one's callback, on a virtual clock that jumps to the next due
// time: SetTimeout, one loop iteration, and the fire. With pending timers
// (due long after the chain ends), every fire pops the root of a big heap.
func BenchmarkTimerInsertFire(b *testing.B) {
	for _, pending := range []int{0, 1_000_000} {
		b.Run(fmt.Sprintf("pending=%d", pending), func(b *testing.B) {
			clock := loop.NewManualClock(time.Unix(0, 0))
			clock.SetAutoAdvance(true)
			l := benchLoop(b, loop.WithClock(clock))
			fired := 0
			var step func()
			step = func() {
				fired++
				if fired < b.N {
					l.SetTimeout(step, time.Millisecond)
				} else {
					l.Stop() // the pending timers are dropped by Close
				}
			}
			fn := func() {}
			benchRun(b, l, func() {
				for i := range pending {
					l.SetTimeout(fn, time.Hour+time.Duration(i))
				}
				b.ReportAllocs()
				b.ResetTimer()
				l.SetTimeout(step, time.Millisecond)
			})
			b.StopTimer()
			if fired != b.N {
				b.Fatalf("%d fired, want %d", fired, b.N)
			}
		})
	}
}

// BenchmarkImmediate is a chain of immediates: SetImmediate and one loop
// iteration per op.
func BenchmarkImmediate(b *testing.B) {
	l := benchLoop(b)
	n := 0
	var step func()
	step = func() {
		if n++; n < b.N {
			l.SetImmediate(step)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	benchRun(b, l, func() { l.SetImmediate(step) })
}

// BenchmarkNextTick is a chain of ticks, all run in one drain.
func BenchmarkNextTick(b *testing.B) {
	l := benchLoop(b)
	n := 0
	var step func()
	step = func() {
		if n++; n < b.N {
			l.NextTick(step)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	benchRun(b, l, func() { l.NextTick(step) })
}

// BenchmarkPost is Post from another goroutine, posting as fast as it can
// while the loop runs what arrives: the completion queue's throughput.
func BenchmarkPost(b *testing.B) {
	l := benchLoop(b)
	ran := 0
	fn := func() { ran++ }
	b.ReportAllocs()
	b.ResetTimer()
	benchRun(b, l, func() {
		a := l.NewAsync()
		go func() {
			for range b.N {
				if err := l.Post(fn); err != nil {
					b.Error(err)
					return
				}
			}
			// Posts run in order: this one comes after all the others.
			if err := l.Post(func() { a.Close(nil) }); err != nil {
				b.Error(err)
			}
		}()
	})
	b.StopTimer()
	if ran != b.N {
		b.Fatalf("%d posts ran, want %d", ran, b.N)
	}
}
