package timer_test

import (
	"fmt"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/timer"
)

// These examples run on the default loop and the real clock, with delays of
// a few milliseconds. Their output depends only on the order of due times,
// which is the same on any machine; for timer tests that jump through time,
// see loop.ManualClock.

func ExampleSetTimeout() {
	if err := loop.Run(func() {
		timer.SetTimeout(func() { fmt.Println("a: 1 ms") }, time.Millisecond)
		// 0 means 1 ms, as in Node: b's delay is a's, and b runs after a,
		// in the order they were set.
		timer.SetTimeout(func() { fmt.Println("b: 0 ms") }, 0)
		timer.SetTimeout(func() { fmt.Println("c: 2 ms") }, 2*time.Millisecond)
		fmt.Println("main returns first")
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// main returns first
	// a: 1 ms
	// b: 0 ms
	// c: 2 ms
}

func ExampleSetInterval() {
	if err := loop.Run(func() {
		n := 0
		var t *timer.Timeout
		t = timer.SetInterval(func() {
			n++
			fmt.Println("run", n)
			if n == 3 {
				timer.ClearInterval(t) // cleared in its own callback: it stops
			}
		}, time.Millisecond)
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("Run returned")
	// Output:
	// run 1
	// run 2
	// run 3
	// Run returned
}

func ExampleSetImmediate() {
	if err := loop.Run(func() {
		timer.SetTimeout(func() {
			// Set together from a callback, the immediate always runs
			// first: the check phase comes before the next timers phase.
			timer.SetTimeout(func() { fmt.Println("timeout") }, 0)
			timer.SetImmediate(func() { fmt.Println("immediate") })
		}, time.Millisecond)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// immediate
	// timeout
}

func ExampleClearTimeout() {
	if err := loop.Run(func() {
		t := timer.SetTimeout(func() { fmt.Println("never runs") }, time.Millisecond)
		timer.SetTimeout(func() { fmt.Println("runs") }, 2*time.Millisecond)
		timer.ClearTimeout(t)
		timer.ClearTimeout(t)   // clearing twice is harmless
		timer.ClearInterval(t)  // and the two Clear functions are interchangeable
		timer.ClearTimeout(nil) // as is clearing nil
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// runs
}

func ExampleClearInterval() {
	if err := loop.Run(func() {
		t := timer.SetInterval(func() { fmt.Println("never runs") }, time.Hour)
		timer.SetImmediate(func() {
			timer.ClearInterval(t)
			fmt.Println("cleared before its first run: Run need not wait an hour")
		})
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// cleared before its first run: Run need not wait an hour
}

func ExampleClearImmediate() {
	if err := loop.Run(func() {
		im := timer.SetImmediate(func() { fmt.Println("never runs") })
		timer.ClearImmediate(im)
		timer.ClearImmediate(im) // harmless
		fmt.Println("pending:", im.Pending())
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// pending: false
}

func ExampleTimeout_Unref() {
	var t *timer.Timeout
	if err := loop.Run(func() {
		// An unref'd timer does not keep the loop alive: Run returns
		// without waiting an hour.
		t = timer.SetTimeout(func() { fmt.Println("never runs") }, time.Hour)
		t.Unref()
		fmt.Println("has ref:", t.HasRef())
	}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("Run returned")
	// The timer is still pending on the default loop; clear it, so it
	// does not fire in some later Run.
	timer.ClearTimeout(t)
	// Output:
	// has ref: false
	// Run returned
}

func ExampleTimeout_Refresh() {
	if err := loop.Run(func() {
		n := 0
		var every, deadline *timer.Timeout
		every = timer.SetInterval(func() {
			n++
			fmt.Println("refresh", n)
			deadline.Refresh() // its 5 ms start again from now
			if n == 3 {
				timer.ClearInterval(every)
			}
		}, time.Millisecond)
		// Refreshed every millisecond, a 5 ms timeout fires only once the
		// refreshing stops: an idle timeout, as sockets use.
		deadline = timer.SetTimeout(func() { fmt.Println("deadline") }, 5*time.Millisecond)
	}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// refresh 1
	// refresh 2
	// refresh 3
	// deadline
}
