package cb_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
)

// The benchmarks measure package cb per task: b.N is the number of tasks,
// items or jobs, so ns/op and allocs/op are per task. "sync" tasks call back
// synchronously: the figures are the combinator's own cost. "tick" tasks
// call back in a NextTick, the cheapest asynchronous completion, so the run
// really has tasks in flight; their second allocation is the task's own
// closure for the NextTick. bench/ has the whole-workload twins against
// async.js.

func benchLoop(b *testing.B) *loop.Loop {
	b.Helper()
	l, err := loop.New()
	require.NoError(b, err)
	b.Cleanup(func() { _ = l.Close() })
	return l
}

// complete returns how a benchmark's task calls back.
func complete(l *loop.Loop, async bool) func(fn func()) {
	if async {
		return l.NextTick
	}
	return func(fn func()) { fn() }
}

func BenchmarkParallel(b *testing.B) {
	for _, size := range []int{10, 1000} {
		for _, async := range []bool{false, true} {
			b.Run(name(size, "tasks", async), func(b *testing.B) {
				l := benchLoop(b)
				later := complete(l, async)
				tasks := make([]cb.Task[int], size)
				for i := range tasks {
					tasks[i] = func(done cb.Callback[int]) { later(func() { done(nil, i) }) }
					if !async {
						tasks[i] = func(done cb.Callback[int]) { done(nil, i) }
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				require.NoError(b, l.Run(func() {
					left := b.N
					var next func(error, []int)
					next = func(err error, _ []int) {
						if err != nil {
							b.Error(err)
							return
						}
						if left <= 0 {
							return
						}
						n := min(left, size)
						left -= n
						cb.Parallel(tasks[:n], next)
					}
					next(nil, nil)
				}))
			})
		}
	}
}

func BenchmarkEachLimit(b *testing.B) {
	for _, async := range []bool{false, true} {
		b.Run(name(64, "limit", async), func(b *testing.B) {
			l := benchLoop(b)
			later := complete(l, async)
			items := make([]int, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			done := false
			require.NoError(b, l.Run(func() {
				fn := func(_ int, cb func(error)) { later(func() { cb(nil) }) }
				if !async {
					fn = func(_ int, cb func(error)) { cb(nil) }
				}
				cb.EachLimit(items, 64, fn, func(err error) { done = err == nil })
			}))
			require.True(b, done)
		})
	}
}

func BenchmarkQueue(b *testing.B) {
	for _, async := range []bool{false, true} {
		b.Run(name(16, "concurrency", async), func(b *testing.B) {
			l := benchLoop(b)
			later := complete(l, async)
			b.ReportAllocs()
			b.ResetTimer()
			drained := false
			require.NoError(b, l.Run(func() {
				worker := func(_ int, done func(error)) { later(func() { done(nil) }) }
				if !async {
					worker = func(_ int, done func(error)) { done(nil) }
				}
				q := cb.NewQueue(worker, 16)
				q.OnDrain(func() { drained = true })
				for i := range b.N {
					q.Push(i, nil)
				}
			}))
			require.True(b, drained)
		})
	}
}

func name(n int, what string, async bool) string {
	how := "sync"
	if async {
		how = "tick"
	}
	return how + "/" + what + "=" + strconv.Itoa(n)
}

// BenchmarkWork is a pool round trip through Work, which looks its loop up
// on every run (loop.Current walks the stack), and through WorkOn, which
// binds it once: the difference is the lookup.
func BenchmarkWork(b *testing.B) {
	fn := func(context.Context) (int, error) { return 1, nil }
	for _, c := range []struct {
		name string
		task func(l *loop.Loop) cb.Task[int]
	}{
		{"Work", func(*loop.Loop) cb.Task[int] { return cb.Work(context.Background(), loop.KindCPU, fn) }},
		{"WorkOn", func(l *loop.Loop) cb.Task[int] { return cb.WorkOn(l, context.Background(), loop.KindCPU, fn) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			l := benchLoop(b)
			task := c.task(l)
			b.ReportAllocs()
			b.ResetTimer()
			require.NoError(b, l.Run(func() {
				n := 0
				var next func(error, int)
				next = func(err error, _ int) {
					if err != nil {
						b.Error(err)
						return
					}
					if n++; n <= b.N {
						task(next)
					}
				}
				next(nil, 0)
			}))
		})
	}
}
