package cb_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
	"github.com/errfirst/loop/timer"
)

// upload stands for a job that takes a while: it calls back in a later
// iteration, and fails for "bad".
func upload(name string, done func(error)) {
	timer.SetImmediate(func() {
		if name == "bad" {
			done(errors.New("upload bad: rejected"))
			return
		}
		done(nil)
	})
}

func ExampleNewQueue() {
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 2)
		q.OnDrain(func() { fmt.Println("all uploaded") })
		for _, name := range []string{"a", "bad", "c"} {
			q.Push(name, func(err error) { fmt.Println(name, err) })
		}
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a <nil>
	// bad upload bad: rejected
	// c <nil>
	// all uploaded
}

func ExampleQueue_Push() {
	if err := loop.Run(func() {
		q := cb.NewQueue(func(n int, done func(error)) { fmt.Println("job", n); done(nil) }, 1)
		q.Push(1, nil) // no callback: the outcome goes to OnError only
		q.Push(2, func(err error) { fmt.Println("job 2 done:", err) })
		fmt.Println("pushed; running:", q.Running()) // jobs start after the call
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// pushed; running: 0
	// job 1
	// job 2
	// job 2 done: <nil>
}

func ExampleQueue_Unshift() {
	if err := loop.Run(func() {
		q := cb.NewQueue(func(s string, done func(error)) { fmt.Println(s); done(nil) }, 1)
		q.Push("normal", nil)
		q.Unshift("urgent", nil)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// urgent
	// normal
}

// A context withdraws a job that is still waiting, as an AbortSignal does.
func ExampleQueue_PushContext() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the user gave up before the job could start
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 1)
		q.PushContext(ctx, "a", func(err error) {
			fmt.Println(loop.Code(err), errors.Is(err, context.Canceled))
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ABORT_ERR true
}

func ExampleQueue_Pause() {
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 1)
		q.Pause()
		q.Push("a", func(err error) { fmt.Println("a", err) })
		timer.SetImmediate(func() {
			fmt.Println("paused:", q.Paused(), "waiting:", q.Length())
			q.Resume()
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// paused: true waiting: 1
	// a <nil>
}

func ExampleQueue_Kill() {
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 1)
		for _, name := range []string{"a", "b", "c"} {
			q.Push(name, func(err error) { fmt.Println(name, err) })
		}
		timer.SetImmediate(q.Kill) // a is running; b and c wait
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// b cb: queue killed
	// c cb: queue killed
	// a <nil>
}

func ExampleQueue_SetConcurrency() {
	if err := loop.Run(func() {
		var q *cb.Queue[int]
		q = cb.NewQueue(func(n int, done func(error)) {
			fmt.Println("job", n, "running", q.Running())
			timer.SetImmediate(func() { done(nil) })
		}, 1)
		for n := range 4 {
			q.Push(n, nil)
		}
		timer.SetImmediate(func() { q.SetConcurrency(3) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// job 0 running 1
	// job 1 running 2
	// job 2 running 3
	// job 3 running 3
}

func ExampleQueue_OnSaturated() {
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 2)
		q.OnSaturated(func() { fmt.Println("saturated: the rest wait") })
		q.OnUnsaturated(func() { fmt.Println("unsaturated: room for more") })
		q.OnEmpty(func() { fmt.Println("empty: the last job started") })
		q.OnError(func(err error, job string) { fmt.Println("error:", job, err) })
		q.OnDrain(func() { fmt.Println("drain") })
		for _, name := range []string{"a", "b", "bad"} {
			q.Push(name, nil)
		}
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// saturated: the rest wait
	// unsaturated: room for more
	// empty: the last job started
	// saturated: the rest wait
	// unsaturated: room for more
	// error: bad upload bad: rejected
	// unsaturated: room for more
	// drain
}

func ExampleQueue_Idle() {
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 1)
		fmt.Println(q.Idle(), q.Length(), q.Running())
		q.Push("a", nil)
		fmt.Println(q.Idle(), q.Length(), q.Running())
		q.OnDrain(func() { fmt.Println(q.Idle(), q.Length(), q.Running()) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true 0 0
	// false 1 0
	// true 0 0
}

func ExampleNewPriorityQueue() {
	if err := loop.Run(func() {
		q := cb.NewPriorityQueue(func(s string, done func(error)) { fmt.Println(s); done(nil) }, 1)
		q.Push("low", 10, nil)
		q.Push("high", 1, nil)
		q.Push("high too", 1, nil)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// high
	// high too
	// low
}

func ExamplePriorityQueue_Push() {
	if err := loop.Run(func() {
		q := cb.NewPriorityQueue(upload, 1)
		q.Push("bad", 0, func(err error) { fmt.Println("first, by priority:", err) })
		q.Push("a", 5, func(err error) { fmt.Println("then a:", err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// first, by priority: upload bad: rejected
	// then a: <nil>
}

func ExampleNewCargo() {
	if err := loop.Run(func() {
		c := cb.NewCargo(func(rows []string, done func(error)) {
			fmt.Println("insert", rows) // one statement per batch
			timer.SetImmediate(func() { done(nil) })
		}, 2)
		for _, r := range []string{"r1", "r2", "r3"} {
			c.Push(r, nil)
		}
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// insert [r1 r2]
	// insert [r3]
}

func ExampleNewCargoQueue() {
	if err := loop.Run(func() {
		c := cb.NewCargoQueue(func(rows []int, done func(error)) {
			fmt.Println("batch", rows)
			timer.SetImmediate(func() { done(nil) })
		}, 2, 2)
		for r := range 5 {
			c.Push(r, nil)
		}
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// batch [0 1]
	// batch [2 3]
	// batch [4]
}

func ExampleCargo_SetPayload() {
	if err := loop.Run(func() {
		c := cb.NewCargo(func(rows []int, done func(error)) { fmt.Println(rows); done(nil) }, 1)
		c.SetPayload(3)
		for r := range 4 {
			c.Push(r, nil)
		}
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [0 1 2]
	// [3]
}

func ExampleQueue_OnDrain() {
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 4)
		q.OnDrain(func() { fmt.Println("drained, concurrency", q.Concurrency()) })
		q.Push("a", nil)
		q.Push("b", nil)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// drained, concurrency 4
}

func ExampleQueue_OnError() {
	if err := loop.Run(func() {
		q := cb.NewQueue(upload, 1)
		q.OnError(func(err error, job string) { fmt.Printf("job %q failed: %v\n", job, err) })
		q.Push("bad", nil) // no callback of its own: the hook sees the error
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// job "bad" failed: upload bad: rejected
}

func ExamplePriorityQueue_PushContext() {
	ctx, cancel := context.WithCancel(context.Background())
	if err := loop.Run(func() {
		q := cb.NewPriorityQueue(upload, 1)
		q.PushContext(ctx, "a", 1, func(err error) { fmt.Println("a:", err) })
		cancel() // before the job could start
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a: The operation was aborted
}

func ExampleCargo_Push() {
	if err := loop.Run(func() {
		c := cb.NewCargo(func(names []string, done func(error)) {
			if len(names) > 1 {
				done(errors.New("batch too big"))
				return
			}
			done(nil)
		}, 2)
		c.Push("a", func(err error) { fmt.Println("a:", err) })
		c.Push("b", func(err error) { fmt.Println("b:", err) }) // same batch, same outcome
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a: batch too big
	// b: batch too big
}

func ExampleCargo_PushContext() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := loop.Run(func() {
		c := cb.NewCargo(func(rows []int, done func(error)) { fmt.Println(rows); done(nil) }, 10)
		c.Push(1, nil)
		c.PushContext(ctx, 2, func(err error) { fmt.Println("2:", loop.Code(err)) })
		c.Push(3, nil)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [1 3]
	// 2: ABORT_ERR
}

func ExampleCargo_Unshift() {
	if err := loop.Run(func() {
		c := cb.NewCargo(func(rows []string, done func(error)) { fmt.Println(rows); done(nil) }, 10)
		c.Push("b", nil)
		c.Unshift("a", nil)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [a b]
}
