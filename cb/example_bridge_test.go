package cb_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
)

// Await lets plain goroutines, such as HTTP handlers, call into a loop
// that another goroutine runs, and wait for the answer.
func ExampleAwait() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	ready := make(chan *loop.Async)
	ran := make(chan error)
	go func() {
		// The loop's goroutine. The Async keeps the loop running while the
		// other goroutines may still call in.
		ran <- l.Run(func() { ready <- l.NewAsync() })
	}()
	keep := <-ready

	var wg sync.WaitGroup
	for _, name := range []string{"a", "b"} {
		wg.Add(1)
		go func() { // plain goroutines
			defer wg.Done()
			n, err := cb.Await(l, func(done cb.Callback[int]) {
				l.SetImmediate(func() { done(nil, len(name)) }) // loop code
			})
			fmt.Println(name, n, err)
		}()
		wg.Wait() // one at a time, for a stable output
	}
	if err := keep.Post(func() { keep.Handle.Close(nil) }); err != nil {
		fmt.Println(err)
	}
	if err := <-ran; err != nil {
		fmt.Println(err)
	}
	// Output:
	// a 1 <nil>
	// b 1 <nil>
}

// AwaitContext bounds the wait: here nothing runs the loop, so the
// operation never starts, and the context ends the wait.
func ExampleAwaitContext() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = cb.AwaitContext(ctx, l, func(done cb.Callback[int]) { done(nil, 1) })
	fmt.Println(loop.Code(err), errors.Is(err, context.DeadlineExceeded))
	// Output:
	// ABORT_ERR true
}

func ExampleStart() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	var f *cb.Future[string]
	if err := l.Run(func() {
		// On the loop: the operation starts at once.
		f = cb.Start(l, func(done cb.Callback[string]) {
			l.SetImmediate(func() { done(nil, "report ready") })
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Off the loop, later: the outcome is there.
	fmt.Println(f.Wait())
	// Output:
	// report ready <nil>
}

// The loop runs on this goroutine; another waits for the outcome.
func ExampleFuture_Wait() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	futures := make(chan *cb.Future[int], 1)
	printed := make(chan struct{})
	go func() {
		defer close(printed)
		f := <-futures
		fmt.Println(f.Wait()) // blocks this goroutine, not the loop
	}()
	if err := l.Run(func() {
		futures <- cb.Start(l, func(done cb.Callback[int]) {
			l.SetTimeout(func() { done(nil, 42) }, time.Millisecond)
		})
	}); err != nil {
		fmt.Println(err)
	}
	<-printed
	// Output:
	// 42 <nil>
}

func ExampleFuture_Done() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	var f *cb.Future[string]
	if err := l.Run(func() {
		f = cb.Start(l, func(done cb.Callback[string]) { l.SetImmediate(func() { done(nil, "done") }) })
	}); err != nil {
		fmt.Println(err)
	}
	select {
	case <-f.Done():
		fmt.Println(f.Wait())
	case <-time.After(time.Second):
		fmt.Println("timed out")
	}
	// Output:
	// done <nil>
}

func ExampleFuture_WaitContext() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	f := cb.Start(l, func(done cb.Callback[int]) { done(nil, 1) }) // l never runs
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = f.WaitContext(ctx)
	fmt.Println(err)
	// Output:
	// The operation was aborted
}

// Work makes an error-first operation out of a plain blocking function,
// run on the loop's pool.
func ExampleWork() {
	ctx := context.Background()
	if err := loop.Run(func() {
		stat := func(name string) cb.Task[bool] {
			return cb.Work(ctx, loop.KindFastIO, func(context.Context) (bool, error) {
				_, err := os.Stat(name) // blocks: on a worker goroutine
				return err == nil, nil
			})
		}
		cb.Parallel([]cb.Task[bool]{stat("example_bridge_test.go"), stat("no-such-file")}, func(err error, found []bool) {
			fmt.Println(found, err) // on the loop goroutine
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [true false] <nil>
}

// WorkOn binds the loop once, for a task run many times.
func ExampleWorkOn() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	lookup := cb.WorkOn(l, context.Background(), loop.KindSlowIO, func(context.Context) (string, error) {
		return "10.0.0.7", nil // a blocking DNS client, say
	})
	if err := l.Run(func() {
		cb.Parallel([]cb.Task[string]{lookup, lookup, lookup}, func(err error, addrs []string) { fmt.Println(addrs, err) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// [10.0.0.7 10.0.0.7 10.0.0.7] <nil>
}

func ExampleAbortable() {
	ctx, cancel := context.WithCancel(context.Background())
	if err := loop.Run(func() {
		slow := func(done cb.Callback[string]) {
			loop.Default().SetTimeout(func() { done(nil, "late") }, 20*time.Millisecond)
		}
		cb.Abortable(ctx, slow)(func(err error, v string) {
			fmt.Printf("%q %v %v\n", v, loop.Code(err), errors.Is(err, context.Canceled))
		})
		cancel() // the user navigated away
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// "" ABORT_ERR true
}

func ExampleTrackCallbacks() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	cb.TrackCallbacks(l)
	if err := l.Run(func() {
		cb.Map([]string{"a", "b"}, func(s string, done cb.Callback[int]) {
			if s == "a" {
				done(nil, 1)
			} // b forgets to call back: the final callback never runs
		}, func(err error, n []int) { fmt.Println("never printed") })
	}); err != nil {
		fmt.Println(err)
	}
	for _, o := range cb.NeverCalled(l) {
		fmt.Println(o.Func, o.What)
	}
	// Output:
	// Map item 1
}

func ExampleNeverCalled() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	cb.TrackCallbacks(l)
	if err := l.Run(func() {
		q := cb.NewQueue(func(job string, done func(error)) {}, 1) // a worker that never calls back
		q.Push("job", nil)
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(len(cb.NeverCalled(l)), cb.NeverCalled(l)[0].What)
	// Output:
	// 1 job 0
}

func ExampleCheckCallbacks() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	cb.TrackCallbacks(l)
	if err := l.Run(func() {
		cb.Series([]cb.Task[int]{func(done cb.Callback[int]) {}}, func(error, []int) {})
	}); err != nil {
		fmt.Println(err)
	}
	err = cb.CheckCallbacks(l)
	fmt.Println(loop.Code(err), errors.Is(err, cb.ErrNeverCalled))
	// Output:
	// ERR_CB_NEVER_CALLED true
}

func ExampleOutstanding_String() {
	o := cb.Outstanding{Func: "EachLimit", What: "item 3", Site: "sync.go:42", Fn: "main.remove (remove.go:10)"}
	fmt.Println(o)
	// Output:
	// EachLimit: the callback of item 3 was never called; it was given to main.remove (remove.go:10); EachLimit was called at sync.go:42
}

// With loop.WithReportOnReturn, a tracked loop says by itself, when Run
// returns, which callbacks were never called.
func ExampleTrackCallbacks_reportOnReturn() {
	l, err := loop.New(loop.WithReportOnReturn(func(r loop.Report) {
		for _, it := range r.Items {
			fmt.Println(it.Kind)
		}
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	cb.TrackCallbacks(l)
	if err := l.Run(func() {
		cb.Each([]int{1, 2, 3}, func(n int, done func(error)) {
			if n != 2 {
				done(nil)
			}
		}, func(error) { fmt.Println("never printed") })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// cb.callback of Each item 1
}
