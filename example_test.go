package loop_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/timer"
)

// Examples that involve time use a ManualClock, so their output is the same
// on every machine; SetAutoAdvance(true) makes it virtual time, where an
// hour of timers runs in microseconds. Examples on the default loop (Run,
// NextTick, Work) order their steps by cause and effect, never by how long
// something takes.

// exampleEpoch is the ManualClock's starting time in these examples.
var exampleEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// exampleVirtualLoop returns a loop on a ManualClock in virtual time, and a
// function that reports the loop's time since exampleEpoch.
func exampleVirtualLoop(opts ...loop.Option) (*loop.Loop, func() time.Duration) {
	c := loop.NewManualClock(exampleEpoch)
	c.SetAutoAdvance(true)
	l, err := loop.New(append([]loop.Option{loop.WithClock(c)}, opts...)...)
	if err != nil {
		panic(err)
	}
	return l, func() time.Duration { return l.Now().Sub(exampleEpoch) }
}

// The example from the README, ordered so that each step is caused by the
// one before it: the output is the same however fast the machine is.
func Example() {
	err := loop.Run(func() {
		fmt.Println("main")
		loop.NextTick(func() { fmt.Println("tick: right after main returns") })
		timer.SetImmediate(func() {
			fmt.Println("immediate: first iteration, check phase")
			loop.Work(func() (int, error) {
				return 6 * 7, nil // runs on a worker goroutine
			}, func(err error, n int) {
				fmt.Println("work done:", n, err)
				timer.SetTimeout(func() { fmt.Println("timeout") }, 10*time.Millisecond)
			})
		})
	})
	fmt.Println("Run returned:", err)
	// Output:
	// main
	// tick: right after main returns
	// immediate: first iteration, check phase
	// work done: 42 <nil>
	// timeout
	// Run returned: <nil>
}

func ExampleRun() {
	err := loop.Run(func() {
		timer.SetTimeout(func() { fmt.Println("1 ms") }, time.Millisecond)
		timer.SetTimeout(func() { fmt.Println("2 ms") }, 2*time.Millisecond)
		fmt.Println("main returns first")
	})
	// Run returns once nothing is left to do.
	fmt.Println("Run returned:", err)
	// Output:
	// main returns first
	// 1 ms
	// 2 ms
	// Run returned: <nil>
}

func ExampleRun_panic() {
	// Without a panic handler, a panic in a callback stops the loop, closes
	// it, and Run returns it with its stack.
	err := loop.Run(func() {
		timer.SetImmediate(func() { panic("boom") })
		timer.SetImmediate(func() { fmt.Println("never runs") })
	})
	var p *loop.PanicError
	fmt.Println(errors.As(err, &p), p.Value, len(p.Stack) > 0)
	// The default loop was closed; the next use makes a fresh one.
	fmt.Println(loop.Run(func() { fmt.Println("a fresh default loop") }))
	// Output:
	// true boom true
	// a fresh default loop
	// <nil>
}

func ExampleNew() {
	// Options validate their argument: a bad one is an error at New.
	_, err := loop.New(loop.WithWorkers(0))
	fmt.Println(err)

	l, err := loop.New(
		loop.WithWorkers(2),
		loop.WithClock(loop.NewManualClock(exampleEpoch)),
		loop.WithCreationSites(),
		loop.WithPanicHandler(func(p *loop.PanicError) { fmt.Println("recovered:", p.Value) }),
	)
	if err != nil {
		panic(err)
	}
	defer l.Close()
	// New starts no goroutine: the pool starts on the first Work.
	fmt.Println("workers alive:", l.Metrics().Pool.Workers)
	// Output:
	// loop: WithWorkers(0): the worker count must be in 1..1024
	// workers alive: 0
}

func ExampleDefault() {
	l := loop.Default()
	fmt.Println("same loop:", l == loop.Default())
	l.Close()
	// Once the default loop is closed, the next Default makes a fresh one.
	fmt.Println("same loop after Close:", l == loop.Default())
	// Output:
	// same loop: true
	// same loop after Close: false
}

func ExampleLoop_Run() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	for i := 1; i <= 2; i++ {
		// Run may be called again on the same loop once it has returned.
		err := l.Run(func() {
			l.SetImmediate(func() { fmt.Println("run", i) })
		})
		fmt.Println("Run returned:", err)
	}
	// Output:
	// run 1
	// Run returned: <nil>
	// run 2
	// Run returned: <nil>
}

func ExampleLoop_RunOnce() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	alive, err := l.RunOnce(func() {
		l.SetImmediate(func() {
			fmt.Println("immediate A")
			// Set from an immediate: it waits for the next iteration.
			l.SetImmediate(func() { fmt.Println("immediate B") })
		})
	})
	fmt.Println("after iteration 1, alive:", alive, err)
	alive, err = l.RunOnce(nil)
	fmt.Println("after iteration 2, alive:", alive, err)
	// Output:
	// immediate A
	// after iteration 1, alive: true <nil>
	// immediate B
	// after iteration 2, alive: false <nil>
}

func ExampleLoop_RunNoWait() {
	c := loop.NewManualClock(exampleEpoch)
	l, err := loop.New(loop.WithClock(c))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	l.SetTimeout(func() { fmt.Println("timeout fired") }, 10*time.Millisecond)

	// Step the loop by hand: advance the clock, run, observe.
	for _, d := range []time.Duration{0, 9 * time.Millisecond, time.Millisecond} {
		c.Advance(d)
		alive, err := l.RunNoWait(nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("at %v: alive %v\n", c.Now().Sub(exampleEpoch), alive)
	}
	// Output:
	// at 0s: alive true
	// at 9ms: alive true
	// timeout fired
	// at 10ms: alive false
}

func ExampleLoop_Stop() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		l.SetImmediate(func() {
			fmt.Println("first immediate: Stop")
			l.Stop() // Run returns at the end of this iteration, as uv_stop
			l.NextTick(func() { fmt.Println("its tick still drains") })
			l.SetImmediate(func() { fmt.Println("an immediate for the next iteration: the next Run") })
		})
		l.SetImmediate(func() { fmt.Println("second immediate: the iteration goes on") })
	}); err != nil {
		fmt.Println(err)
	}
	// Stop leaves what is pending in place for a later Run.
	fmt.Println("stopped, still alive:", l.Report().Alive())
	if err := l.Run(nil); err != nil {
		fmt.Println(err)
	}
	fmt.Println("done")
	// Output:
	// first immediate: Stop
	// its tick still drains
	// second immediate: the iteration goes on
	// stopped, still alive: true
	// an immediate for the next iteration: the next Run
	// done
}

func ExampleLoop_Close() {
	l, err := loop.New(loop.WithWorkers(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	release := make(chan struct{})
	err = l.Run(func() {
		// With one worker, A runs and B waits in the pool's queue (A waits
		// for B's callback, so that B cannot start here).
		loop.WorkOn(l, loop.KindCPU, func() (string, error) {
			<-release
			return "A's result", nil
		}, func(err error, v string) { fmt.Printf("A: %v %q\n", err, v) })
		loop.WorkOn(l, loop.KindCPU, func() (string, error) {
			return "B's result", nil
		}, func(err error, v string) {
			fmt.Printf("B: %v %q\n", err, v)
			close(release)
		})
		l.SetImmediate(func() {
			// Every pending callback is still called, once: B never starts
			// and gets ErrClosed; A, running, is waited for and reports its
			// real outcome.
			l.Close()
		})
	})
	fmt.Println("Run returned:", err)
	fmt.Println("Post after Close:", l.Post(func() {}))
	// Output:
	// B: loop: closed with the request pending ""
	// A: <nil> "A's result"
	// Run returned: <nil>
	// Post after Close: loop: closed
}

func ExampleLoop_Post() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		// A Post does not keep the loop alive; an open Async does.
		a := l.NewAsync()
		go func() {
			// Any goroutine may Post; fn runs on the loop goroutine.
			l.Post(func() {
				fmt.Println("posted from another goroutine")
				a.Close(nil)
			})
		}()
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("Run returned")
	// Output:
	// posted from another goroutine
	// Run returned
}

func ExampleLoop_NewAsync() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	results := make(chan int)
	if err := l.Run(func() {
		a := l.NewAsync() // keeps the loop alive until closed
		go func() {
			for n := range results {
				a.Post(func() { fmt.Println("got", n) })
			}
			a.Post(func() {
				a.Close(func() { fmt.Println("async closed") })
			})
		}()
		results <- 1
		results <- 2
		close(results)
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("Run returned")
	// Output:
	// got 1
	// got 2
	// async closed
	// Run returned
}

func ExampleLoop_Now() {
	c := loop.NewManualClock(exampleEpoch)
	l, err := loop.New(loop.WithClock(c))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	since := func() time.Duration { return l.Now().Sub(exampleEpoch) }
	if err := l.Run(func() {
		c.Advance(time.Second)
		// Now is the time the loop last read, not the clock itself ...
		fmt.Println(since())
		// ... and setting a timer reads the clock, as Node's setTimeout
		// does, so the timer counts from the moment it was set.
		l.SetTimeout(func() { fmt.Println("fired at", since()) }, time.Second)
		fmt.Println(since())
		c.Advance(time.Second)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 0s
	// 1s
	// fired at 2s
}

func ExampleLoop_Report() {
	l, err := loop.New(loop.WithClock(loop.NewManualClock(exampleEpoch)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	l.SetTimeout(func() {}, time.Minute)
	l.SetInterval(func() {}, time.Second)
	l.SetTimeout(func() {}, time.Hour).Unref()
	l.SetImmediate(func() {})
	fmt.Println(l.Report())
	// Output:
	// 3 item(s) keep the loop alive
	//   interval due in 1s
	//   timeout due in 1m0s
	//   immediate
	//   timeout due in 1h0m0s (unref'd)
}

func ExampleWithCreationSites() {
	l, err := loop.New(loop.WithCreationSites())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	l.SetTimeout(func() {}, time.Hour)
	l.SetImmediate(func() {}).Unref()
	for _, it := range l.Report().Items {
		file, _, _ := strings.Cut(filepath.Base(it.Site), ":")
		fmt.Println(it.Kind, "ref:", it.Ref, "created in", file)
	}
	// Output:
	// timeout ref: true created in example_test.go
	// immediate ref: false created in example_test.go
}

func ExampleLoop_Metrics() {
	l, _ := exampleVirtualLoop() // its clock reading is not needed here
	defer l.Close()
	if err := l.Run(func() {
		l.NextTick(func() {})
		l.SetImmediate(func() {})
		l.SetTimeout(func() {}, time.Second)
		l.SetTimeout(func() {}, time.Minute)
	}); err != nil {
		fmt.Println(err)
	}
	m := l.Metrics()
	fmt.Println("iterations:", m.Iterations)
	for _, p := range []loop.Phase{loop.PhaseMain, loop.PhaseTicks, loop.PhaseCheck, loop.PhaseTimers} {
		fmt.Printf("%s: %d\n", p, m.Callbacks[p])
	}
	// Output:
	// iterations: 3
	// main: 1
	// ticks: 1
	// check: 1
	// timers: 2
}

func ExampleMetrics_Utilization() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	before := l.Metrics()
	if err := l.Run(func() {
		l.SetTimeout(func() {}, 5*time.Millisecond) // the loop idles in poll
	}); err != nil {
		fmt.Println(err)
	}
	u := l.Metrics().Utilization(before)
	// The share of time spent running callbacks, as Node's
	// performance.eventLoopUtilization: its exact value depends on the
	// machine.
	fmt.Println(u >= 0 && u <= 1)
	// Output:
	// true
}

func ExampleNextTick() {
	if err := loop.Run(func() {
		timer.SetImmediate(func() { fmt.Println("immediate") })
		loop.NextTick(func() {
			fmt.Println("tick 1")
			// A tick queued by a tick runs in the same drain, before
			// anything else: ticks are not a way to yield.
			loop.NextTick(func() { fmt.Println("tick 3") })
		})
		loop.NextTick(func() { fmt.Println("tick 2") })
		fmt.Println("main")
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// main
	// tick 1
	// tick 2
	// tick 3
	// immediate
}

func ExampleLoop_NextTick() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		l.SetImmediate(func() {
			fmt.Println("immediate 1")
			l.NextTick(func() { fmt.Println("tick after immediate 1") })
		})
		l.SetImmediate(func() { fmt.Println("immediate 2") })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// immediate 1
	// tick after immediate 1
	// immediate 2
}

func ExampleWork() {
	if err := loop.Run(func() {
		loop.Work(func() (int, error) {
			// A worker goroutine: blocking here does not block the loop.
			sum := 0
			for i := 1; i <= 100; i++ {
				sum += i
			}
			return sum, nil
		}, func(err error, sum int) {
			// The loop goroutine, exactly once.
			fmt.Println("sum:", sum, err)
		})
		loop.Work(func() (int, error) {
			return 0, errors.New("no luck")
		}, func(err error, _ int) {
			fmt.Println("error:", err)
		})
	}); err != nil {
		fmt.Println(err)
	}
	// The two requests run at once: their callbacks come in the order they
	// finish.

	// Unordered output:
	// sum: 5050 <nil>
	// error: no luck
}

func ExampleWorkOn() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		r := loop.WorkOn(l, loop.KindFastIO, func() (os.FileInfo, error) {
			return os.Stat("example_test.go")
		}, func(err error, fi os.FileInfo) {
			fmt.Println(fi.Name(), err)
		})
		fmt.Println("queued as", r.Kind())
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// queued as FastIO
	// example_test.go <nil>
}

// Each Kind has its own queue and cap, so busy CPU work does not keep a
// file system call waiting.
func ExampleKind() {
	l, err := loop.New(loop.WithWorkers(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	releaseCPU, releaseFS := make(chan struct{}), make(chan struct{})
	cpu := func(name string) {
		loop.WorkOn(l, loop.KindCPU, func() (string, error) {
			<-releaseCPU
			return name, nil
		}, func(err error, name string) { fmt.Println(name, "done") })
	}
	if err := l.Run(func() {
		cpu("cpu A")
		cpu("cpu B")
		loop.WorkOn(l, loop.KindFastIO, func() (string, error) {
			<-releaseFS
			return "fs", nil
		}, func(err error, name string) {
			fmt.Println(name, "done")
			close(releaseCPU)
		})
		// With 2 workers, CPU work may hold 1: B waits, the fs call runs.
		p := l.Metrics().Pool
		fmt.Printf("busy %d, queued cpu %d, queued fs %d\n", p.Busy, p.Queued[loop.KindCPU], p.Queued[loop.KindFastIO])
		close(releaseFS)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// busy 2, queued cpu 1, queued fs 0
	// fs done
	// cpu A done
	// cpu B done
}

func ExampleRequest_Cancel() {
	l, err := loop.New(loop.WithWorkers(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	release := make(chan struct{})
	if err := l.Run(func() {
		a := loop.WorkOn(l, loop.KindCPU, func() (int, error) {
			<-release
			return 1, nil
		}, func(err error, v int) { fmt.Println("A:", v, err) })
		b := loop.WorkOn(l, loop.KindCPU, func() (int, error) {
			return 2, nil
		}, func(err error, v int) {
			fmt.Println("B:", v, err, errors.Is(err, loop.ErrCanceled))
		})
		fmt.Println("cancel A:", a.Cancel()) // already started
		fmt.Println("cancel B:", b.Cancel()) // still queued
		close(release)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// cancel A: false
	// cancel B: true
	// B: 0 loop: request canceled true
	// A: 1 <nil>
}

func ExampleLoop_SetTimeout() {
	l, now := exampleVirtualLoop()
	defer l.Close()
	if err := l.Run(func() {
		l.SetTimeout(func() { fmt.Println("b at", now()) }, 2*time.Millisecond)
		l.SetTimeout(func() { fmt.Println("a at", now()) }, time.Millisecond)
		// 0 means 1 ms, as in Node; due with a, it runs after a, in the
		// order they were set.
		l.SetTimeout(func() { fmt.Println("c at", now()) }, 0)
		l.SetTimeout(func() { fmt.Println("d at", now()) }, 24*time.Hour)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a at 1ms
	// c at 1ms
	// b at 2ms
	// d at 24h0m0s
}

func ExampleLoop_SetInterval() {
	l, now := exampleVirtualLoop()
	defer l.Close()
	if err := l.Run(func() {
		n := 0
		var t *loop.Timer
		t = l.SetInterval(func() {
			n++
			fmt.Println("tick", n, "at", now())
			if n == 3 {
				l.ClearInterval(t) // from its own callback: it stops
			}
		}, 10*time.Millisecond)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// tick 1 at 10ms
	// tick 2 at 20ms
	// tick 3 at 30ms
}

func ExampleLoop_SetImmediate() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	iteration := func() uint64 { return l.Metrics().Iterations }
	if err := l.Run(func() {
		l.SetImmediate(func() {
			fmt.Println("A in iteration", iteration())
			l.SetImmediate(func() { fmt.Println("C in iteration", iteration()) })
		})
		l.SetImmediate(func() { fmt.Println("B in iteration", iteration()) })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// A in iteration 1
	// B in iteration 1
	// C in iteration 2
}

func ExampleLoop_ClearTimeout() {
	l, _ := exampleVirtualLoop() // its clock reading is not needed here
	defer l.Close()
	if err := l.Run(func() {
		t := l.SetTimeout(func() { fmt.Println("never runs") }, time.Second)
		l.SetTimeout(func() { fmt.Println("runs") }, 2*time.Second)
		l.ClearTimeout(t)
		l.ClearTimeout(t)   // clearing again does nothing
		l.ClearTimeout(nil) // nor does clearing nil
		fmt.Println("pending:", t.Pending())
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// pending: false
	// runs
}

func ExampleLoop_ClearInterval() {
	l, now := exampleVirtualLoop()
	defer l.Close()
	if err := l.Run(func() {
		t := l.SetInterval(func() { fmt.Println("interval at", now()) }, time.Second)
		l.SetTimeout(func() { l.ClearInterval(t) }, 2500*time.Millisecond)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// interval at 1s
	// interval at 2s
}

func ExampleLoop_ClearImmediate() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		var b *loop.Immediate
		l.SetImmediate(func() {
			fmt.Println("A clears B")
			l.ClearImmediate(b)
		})
		b = l.SetImmediate(func() { fmt.Println("never runs") })
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// A clears B
}

func ExampleTimer_Refresh() {
	l, now := exampleVirtualLoop()
	defer l.Close()
	if err := l.Run(func() {
		t := l.SetTimeout(func() { fmt.Println("timeout at", now()) }, 10*time.Millisecond)
		l.SetTimeout(func() {
			fmt.Println("refresh at", now())
			t.Refresh() // restart its 10 ms from now
		}, 5*time.Millisecond)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// refresh at 5ms
	// timeout at 15ms
}

func ExampleTimer_Unref() {
	l, now := exampleVirtualLoop()
	defer l.Close()
	if err := l.Run(func() {
		// An unref'd timer does not keep the loop alive ...
		t := l.SetTimeout(func() { fmt.Println("heartbeat at", now()) }, time.Second)
		t.Unref()
		fmt.Println("has ref:", t.HasRef())
		// ... but fires if the loop is alive anyway.
		l.SetTimeout(func() { fmt.Println("work until", now()) }, 2*time.Second)
		l.SetTimeout(func() { fmt.Println("never runs") }, time.Hour).Unref()
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("Run returned at", now())
	// Output:
	// has ref: false
	// heartbeat at 1s
	// work until 2s
	// Run returned at 2s
}

func ExampleTimer_Ref() {
	l, now := exampleVirtualLoop()
	defer l.Close()
	if err := l.Run(func() {
		t := l.SetTimeout(func() { fmt.Println("fired at", now()) }, time.Minute)
		t.Unref()
		t.Ref() // undo Unref: the loop waits for it again
		fmt.Println("has ref:", t.HasRef())
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// has ref: true
	// fired at 1m0s
}

func ExampleTimer_HasRef() {
	l, _ := exampleVirtualLoop() // its clock reading is not needed here
	defer l.Close()
	t := l.SetTimeout(func() {}, time.Second)
	fmt.Println(t.HasRef())
	t.Unref()
	fmt.Println(t.HasRef())
	// HasRef says whether t would keep the loop alive, not whether it is
	// pending: that is Pending.
	t.Close()
	fmt.Println(t.HasRef(), t.Pending())
	// Output:
	// true
	// false
	// false false
}

func ExampleImmediate_Unref() {
	l, _ := exampleVirtualLoop() // its clock reading is not needed here
	defer l.Close()
	if err := l.Run(func() {
		l.SetImmediate(func() { fmt.Println("unref'd immediate") }).Unref()
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("Run returned without running it")
	// It is still queued, and runs when the loop next iterates.
	if err := l.Run(func() {
		l.SetTimeout(func() { fmt.Println("timeout") }, time.Second)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Run returned without running it
	// unref'd immediate
	// timeout
}

func ExampleManualClock() {
	c := loop.NewManualClock(exampleEpoch)
	l, err := loop.New(loop.WithClock(c))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	l.SetTimeout(func() { fmt.Println("fired at", c.Now().Sub(exampleEpoch)) }, time.Hour)
	go c.Advance(time.Hour) // a loop blocked waiting for the timer wakes up
	if err := l.Run(nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// fired at 1h0m0s
}

func ExampleManualClock_Advance() {
	c := loop.NewManualClock(exampleEpoch)
	l, err := loop.New(loop.WithClock(c))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	l.SetTimeout(func() { fmt.Println("1 s timer") }, time.Second)
	l.SetTimeout(func() { fmt.Println("2 s timer") }, 2*time.Second)
	for range 2 {
		c.Advance(time.Second)
		fmt.Println("advanced to", c.Now().Sub(exampleEpoch))
		l.RunNoWait(nil)
	}
	// Output:
	// advanced to 1s
	// 1 s timer
	// advanced to 2s
	// 2 s timer
}

func ExampleManualClock_SetAutoAdvance() {
	c := loop.NewManualClock(exampleEpoch)
	c.SetAutoAdvance(true) // virtual time: no waiting, same order
	l, err := loop.New(loop.WithClock(c))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	begin := time.Now()
	if err := l.Run(func() {
		l.SetTimeout(func() { fmt.Println("a day later") }, 24*time.Hour)
		l.SetTimeout(func() { fmt.Println("an hour later") }, time.Hour)
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("virtual:", c.Now().Sub(exampleEpoch), "real under a second:", time.Since(begin) < time.Second)
	// Output:
	// an hour later
	// a day later
	// virtual: 24h0m0s real under a second: true
}

func ExampleWithPanicHandler() {
	l, err := loop.New(loop.WithPanicHandler(func(p *loop.PanicError) {
		// On the loop goroutine, as Node's process.on('uncaughtException').
		fmt.Println("recovered:", p.Value)
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	err = l.Run(func() {
		l.SetImmediate(func() { panic("boom") })
		l.SetImmediate(func() { fmt.Println("the loop goes on") })
	})
	fmt.Println("Run returned:", err)
	// Output:
	// recovered: boom
	// the loop goes on
	// Run returned: <nil>
}

func ExamplePanicError() {
	errDisk := errors.New("disk on fire")
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		// A panic in a work function reaches done as an error; the program
		// and the loop go on.
		loop.WorkOn(l, loop.KindCPU, func() (int, error) {
			panic(errDisk)
		}, func(err error, _ int) {
			var p *loop.PanicError
			fmt.Println(errors.As(err, &p), p.Value)
			// Unwrap sees through the panic to an error value.
			fmt.Println(errors.Is(err, errDisk))
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// true disk on fire
	// true
}

func ExampleErrClosed() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.Run(func() {
		l.Close() // from a callback: Run completes the close once it returns
		// Code that runs inside the close may still clean up, as Node code
		// does: new work is not started, and its callback says why.
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 1, nil },
			func(err error, _ int) { fmt.Println("done:", err, errors.Is(err, loop.ErrClosed)) })
	}); err != nil {
		fmt.Println(err)
	}
	err = l.Post(func() {})
	fmt.Println("Post:", errors.Is(err, loop.ErrClosed), loop.Code(err))
	// Output:
	// done: loop: closed with the request pending true
	// Post: true ERR_LOOP_CLOSED
}

// Work that was to release something, here close a file, must release it
// itself when the loop closed before the work could start: ErrClosedPending
// says the work never ran.
func ExampleErrClosedPending() {
	f, err := os.CreateTemp("", "example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.Remove(f.Name())
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.Run(func() {
		l.Close()
		loop.WorkOn(l, loop.KindFastIO, func() (struct{}, error) { return struct{}{}, f.Close() },
			func(err error, _ struct{}) {
				if errors.Is(err, loop.ErrClosedPending) {
					fmt.Println("never ran; closing here:", f.Close())
				}
			})
	}); err != nil {
		fmt.Println(err)
	}
	// Output: never ran; closing here: <nil>
}

// doorbell is a tiny custom handle: while open it keeps its loop alive, and
// any goroutine may ring it. A real handle (a socket, a watcher) has the
// same shape: embed a loop.Handle, so that users get Ref, Unref, HasRef and
// Close; keep the HandleControl that OpenHandle returns in an unexported
// field; Activate it while it waits for something.
type doorbell struct {
	loop.Handle
	ctl *loop.HandleControl
}

func openDoorbell(l *loop.Loop) *doorbell {
	d := &doorbell{}
	d.ctl = l.OpenHandle(&d.Handle, "doorbell", func(error) { fmt.Println("doorbell: teardown") })
	d.ctl.Activate()
	return d
}

// Ring may be called from any goroutine.
func (d *doorbell) Ring(who string) {
	d.ctl.Loop().Post(func() {
		fmt.Println("ding dong:", who)
		d.Close(func() { fmt.Println("doorbell: closed") })
	})
}

func ExampleHandle() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		d := openDoorbell(l)
		fmt.Println(l.Report())
		go d.Ring("the postman")
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("Run returned")
	// Output:
	// 1 item(s) keep the loop alive
	//   doorbell
	// ding dong: the postman
	// doorbell: teardown
	// doorbell: closed
	// Run returned
}

// Dispatch is Post with an answer guaranteed: a goroutine waiting for the
// loop is told if the loop closed instead of running its function.
func ExampleLoop_Dispatch() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	answer := make(chan string, 1)
	err = l.Dispatch(func() { answer <- "ran on the loop" }, func() { answer <- "dropped: the loop closed" })
	fmt.Println("queued:", err)
	fmt.Println("Close:", l.Close()) // closes before any Run could run it
	fmt.Println(<-answer)
	fmt.Println("after Close:", l.Dispatch(func() {}, nil))
	// Output:
	// queued: <nil>
	// Close: <nil>
	// dropped: the loop closed
	// after Close: loop: closed
}

func ExampleCurrent() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		fmt.Println("the loop running this callback:", loop.Current() == l)
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("outside any loop:", loop.Current() == nil)
	// Output:
	// the loop running this callback: true
	// outside any loop: true
}

// What is left when Run returns is what nothing will finish.
func ExampleWithReportOnReturn() {
	l, err := loop.New(loop.WithReportOnReturn(func(r loop.Report) { fmt.Println(r) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	if err := l.Run(func() {
		l.SetTimeout(func() {}, time.Hour).Unref() // it will not hold Run
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 0 item(s) keep the loop alive
	//   timeout due in 1h0m0s (unref'd)
}

// A package built on the loop lists in its Report what the loop cannot see.
func ExampleLoop_AddReportSource() {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	jobs := 3 // say, jobs a package queued and has not started
	l.AddReportSource(func() []loop.ReportItem {
		return []loop.ReportItem{{Kind: fmt.Sprintf("jobs.queue (%d waiting)", jobs), Ref: jobs > 0}}
	})
	fmt.Println(l.Report())
	// Output:
	// 1 item(s) keep the loop alive
	//   jobs.queue (3 waiting)
}
