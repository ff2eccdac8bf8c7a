package loop_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/errfirst/loop"
)

// Work with a context stops early when its request is canceled while it
// runs, and its callback says so.
func ExampleWorkOnContext() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	started := make(chan struct{})
	if err := l.Run(func() {
		r := loop.WorkOnContext(context.Background(), l, loop.KindCPU, func(ctx context.Context) (int, error) {
			close(started)
			<-ctx.Done() // a long computation that checks its context
			return 0, ctx.Err()
		}, func(err error, _ int) {
			fmt.Println("done:", err, errors.Is(err, loop.ErrCanceled))
		})
		<-started
		r.Cancel() // it is running: its context is canceled
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// done: loop: request canceled true
}

func ExampleWorkContext() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // done before the work could start: it does not run
	if err := loop.Run(func() {
		loop.WorkContext(ctx, func(ctx context.Context) (string, error) {
			return "never", nil
		}, func(err error, _ string) {
			fmt.Println(err, loop.Code(err), errors.Is(err, context.Canceled))
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// The operation was aborted ABORT_ERR true
}

// A loop tied to a context closes when it ends: the way to stop a server
// on a signal, with signal.NotifyContext.
func ExampleWithContext() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l, err := loop.New(loop.WithContext(ctx))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = l.Run(func() {
		server := l.NewAsync() // stands for a listening server: Run waits for it
		server.Handle.Close(func() { fmt.Println("server closed") })
		go cancel() // the signal arrives
	})
	fmt.Println("Run returned:", err)
	// Output:
	// server closed
	// Run returned: <nil>
}

// Close waits a bounded time for work that does not return, then abandons
// it and says so.
func ExampleWithCloseTimeout() {
	l, err := loop.New(loop.WithCloseTimeout(10 * time.Millisecond))
	if err != nil {
		fmt.Println(err)
		return
	}
	stuck, started := make(chan struct{}), make(chan struct{})
	defer close(stuck)
	if _, err := l.RunNoWait(func() {
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { close(started); <-stuck; return 0, nil },
			func(err error, _ int) { fmt.Println("work:", errors.Is(err, loop.ErrClosed)) })
	}); err != nil {
		fmt.Println(err)
		return
	}
	<-started
	err = l.Close()
	fmt.Println("Close:", errors.Is(err, loop.ErrCloseTimeout), loop.Code(err))
	// Output:
	// work: true
	// Close: true ERR_LOOP_CLOSE_TIMEOUT
}

// InLoop tells the loop goroutine from the others, for code that must not
// block the loop.
func ExampleLoop_InLoop() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		fmt.Println("in a callback:", l.InLoop())
		loop.WorkOn(l, loop.KindCPU, func() (bool, error) { return l.InLoop(), nil },
			func(_ error, inWork bool) { fmt.Println("in a work function:", inWork) })
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("after Run:", l.InLoop())
	// Output:
	// in a callback: true
	// in a work function: false
	// after Run: false
}

// An Op carries the result of one operation that a goroutine of a handle
// does, back to the loop, once; the op is reused for the next one.
func ExampleNewOp() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		var h loop.Handle
		ctl := l.OpenHandle(&h, "clock", nil)
		ticks := 0
		var op *loop.Op[time.Time]
		op = loop.NewOp(ctl, "tick", loop.KeepAlive, func(err error, t time.Time) {
			ticks++
			fmt.Println("tick", ticks, "on the loop:", l.InLoop(), !t.IsZero())
			if ticks < 3 && op.Start() {
				go op.Complete(time.Now(), nil)
				return
			}
			h.Close(nil)
		})
		op.Start()
		go op.Complete(time.Now(), nil) // from any goroutine
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// tick 1 on the loop: true true
	// tick 2 on the loop: true true
	// tick 3 on the loop: true true
}

// Closing a handle finishes its pending operations with ErrCanceled, before
// its close callback.
func ExampleHandle_Close() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		var h loop.Handle
		ctl := l.OpenHandle(&h, "socket", nil)
		for i := 1; i <= 2; i++ {
			write := loop.NewOp(ctl, "write", loop.KeepAlive, func(err error, n int) {
				fmt.Printf("write %d: %v\n", i, err)
			})
			write.Start() // a goroutine would now be writing
		}
		h.Close(func() { fmt.Println("closed") })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// write 1: loop: request canceled
	// write 2: loop: request canceled
	// closed
}

func ExampleNewSerial() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		var h loop.Handle
		ctl := l.OpenHandle(&h, "resolver", nil)
		names := []string{"a", "b", "c"}
		var s *loop.Serial[string, int]
		s = loop.NewSerial(ctl, "lookup", loop.KeepAlive,
			func(ctx context.Context, name string) (int, error) { return len(name) * 10, nil }, // blocking, off the loop
			func(err error, v int) {
				fmt.Println("result", v, err)
				if names = names[1:]; len(names) > 0 {
					s.Call(names[0]) // the next call only when the loop asks
				} else {
					h.Close(nil)
				}
			})
		s.Call(names[0])
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// result 10 <nil>
	// result 10 <nil>
	// result 10 <nil>
}

// A loop-driven handle keeps the loop alive while active, but virtual time
// may jump over it: only the loop's own timers move it on.
func ExampleHandleControl_LoopDriven() {
	c := loop.NewManualClock(time.Unix(0, 0))
	c.SetAutoAdvance(true)
	l, err := loop.New(loop.WithClock(c))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		var h loop.Handle
		ctl := l.OpenHandle(&h, "ticker", nil)
		ctl.LoopDriven()
		ctl.Activate() // it waits for its timer
		l.SetTimeout(func() {
			fmt.Println("an hour later, at once:", l.Now().Sub(time.Unix(0, 0)))
			h.Close(nil)
		}, time.Hour)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// an hour later, at once: 1h0m0s
}
