// Command tour is a narrated walk through the loop's order: what runs when,
// phase by phase, and why. Run it with
//
//	go run ./examples/tour
//
// Each line says which part of the loop ran the code that printed it:
//
//	[main]    the function given to Run, the loop's first callback
//	[tick]    a NextTick callback, drained after every callback
//	[poll]    a finished request from the worker pool, or a Post
//	[check]   an immediate (SetImmediate)
//	[timers]  a timer, at the end of the iteration (Node 20, libuv 1.46)
//	[handler] the panic handler given to WithPanicHandler
//	[Close]   a callback that Close calls as it closes the loop
//
// The output is the same on every run and machine: the tour only relies on
// orders that the loop (and Node) guarantee. It ends by itself in a few
// milliseconds.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/timer"
)

func main() {
	if err := tour(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

// narrator prints the tour.
type narrator struct{ w io.Writer }

func (n narrator) step(title string) { fmt.Fprintf(n.w, "\n== %s\n", title) }

// say prints what a callback run from the given part of the loop did.
func (n narrator) say(where, format string, args ...any) {
	fmt.Fprintf(n.w, "  %-9s %s\n", "["+where+"]", fmt.Sprintf(format, args...))
}

// why prints an explanation, indented under the lines it explains.
func (n narrator) why(format string, args ...any) {
	fmt.Fprintf(n.w, "  %-9s %s\n", "", fmt.Sprintf(format, args...))
}

// tour runs every step, each as its own loop.Run on the default loop (Run
// returns when nothing is left to do, and may be called again), then two
// steps on loops of their own.
func tour(w io.Writer) error {
	n := narrator{w}
	fmt.Fprintln(w, "A tour of the loop: one goroutine runs every callback, in Node 20's order.")
	steps := []func(narrator) error{
		ticksFirst,
		poolWork,
		timerOrder,
		intervalCleared,
		unref,
	}
	for _, step := range steps {
		if err := step(n); err != nil {
			return err
		}
	}
	m := loop.Default().Metrics()
	n.step("Metrics: where the callbacks of the steps above ran")
	var parts []string
	for p := range loop.NumPhases {
		if c := m.Callbacks[p]; c > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", p, c))
		}
	}
	n.why("%s", strings.Join(parts, ", "))
	if err := panics(n); err != nil {
		return err
	}
	if err := report(n); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nEnd of the tour: every Run returned, and no goroutine of any loop is left.")
	return nil
}

func ticksFirst(n narrator) error {
	n.step("1. main runs first, then the NextTick queue, then the loop")
	return loop.Run(func() {
		n.say("main", "queue an immediate, then tick 1 and tick 2")
		timer.SetImmediate(func() {
			n.say("check", "immediate")
			n.why("the first iteration's check phase; poll did not wait, as an immediate was queued")
		})
		loop.NextTick(func() {
			n.say("tick", "tick 1")
			loop.NextTick(func() { n.say("tick", "tick 3, queued by tick 1") })
			n.why("tick 1 queued tick 3: the same drain runs it, after tick 2")
		})
		loop.NextTick(func() { n.say("tick", "tick 2") })
		n.say("main", "return")
		n.why("ticks run as soon as the current callback returns, before the loop goes on")
	})
}

func poolWork(n narrator) error {
	n.step("2. pool work comes back through the completion queue")
	return loop.Run(func() {
		n.say("main", "queue Work: add up 1..1,000,000 on a worker goroutine")
		loop.Work(func() (int, error) {
			sum := 0
			for i := 1; i <= 1_000_000; i++ {
				sum += i
			}
			return sum, nil // on a worker goroutine: no printing here
		}, func(err error, sum int) {
			n.say("poll", "work done: sum %d, err %v", sum, err)
			n.why("the result crossed the completion queue; the callback runs on the loop goroutine")
			n.say("poll", "from this I/O callback: set a 0 ms timeout, an immediate and a tick")
			timer.SetTimeout(func() {
				n.say("timers", "timeout")
				n.why("timers come last in an iteration: inside an I/O callback an immediate always")
				n.why("beats a 0 ms timeout (from main it is a race, in Node as here)")
			}, 0)
			timer.SetImmediate(func() {
				n.say("check", "immediate")
				n.why("check comes right after poll")
			})
			loop.NextTick(func() {
				n.say("tick", "tick")
				n.why("after the callback that queued it, before anything else")
			})
		})
		n.say("main", "return: the loop blocks in poll until the work is done")
	})
}

func timerOrder(n narrator) error {
	n.step("3. timers run by due time; equal delays in the order they were set")
	return loop.Run(func() {
		n.say("main", "set a and b for 1 ms, c for 0 ms, then d for 2 ms")
		timer.SetTimeout(func() { n.say("timers", "a (1 ms, set first)") }, time.Millisecond)
		timer.SetTimeout(func() {
			n.say("timers", "b (1 ms, set second)")
			n.why("equal delays run in the order they were set")
		}, time.Millisecond)
		timer.SetTimeout(func() {
			n.say("timers", "c (0 ms, which means 1 ms)")
			n.why("as in Node, a delay under 1 ms is 1 ms")
		}, 0)
		timer.SetTimeout(func() { n.say("timers", "d (2 ms)") }, 2*time.Millisecond)
	})
}

func intervalCleared(n narrator) error {
	n.step("4. an interval, cleared after 3 runs")
	return loop.Run(func() {
		n.say("main", "set an interval of 1 ms")
		runs := 0
		var t *timer.Timeout
		t = timer.SetInterval(func() {
			runs++
			n.say("timers", "interval run %d", runs)
			if runs == 3 {
				timer.ClearInterval(t)
				n.why("cleared from its own callback: it stops, and Run can return")
			}
		}, time.Millisecond)
	})
}

func unref(n narrator) error {
	n.step("5. Unref: a timer that does not keep the loop alive")
	var heartbeat *timer.Timeout
	err := loop.Run(func() {
		n.say("main", "set a 1-hour heartbeat and unref it; set a 1 ms timeout")
		heartbeat = timer.SetTimeout(func() { n.say("timers", "heartbeat") }, time.Hour)
		heartbeat.Unref()
		timer.SetTimeout(func() {
			n.say("timers", "1 ms timeout: the last referenced thing")
		}, time.Millisecond)
	})
	n.say("main", "Run returned without waiting an hour: the heartbeat has no ref (HasRef %v)", heartbeat.HasRef())
	timer.ClearTimeout(heartbeat) // tidy: it would fire in some later Run
	return err
}

func panics(n narrator) error {
	n.step("6. a panic in a callback, with and without a handler")
	l, err := loop.New(loop.WithPanicHandler(func(p *loop.PanicError) {
		n.say("handler", "recovered %q (a *PanicError, with the stack)", p.Value)
	}))
	if err != nil {
		return err
	}
	defer l.Close()
	err = l.Run(func() {
		n.say("main", "on a loop made WithPanicHandler: an immediate panics; the next queues a work that panics")
		l.SetImmediate(func() { panic("immediate 1 broke") })
		l.SetImmediate(func() {
			n.say("check", "immediate 2: the loop went on, as Node does with an uncaughtException listener")
			loop.WorkOn(l, loop.KindCPU, func() (int, error) {
				panic("bad input")
			}, func(err error, _ int) {
				var p *loop.PanicError
				n.say("poll", "work's done callback got an error: %v %q", errors.As(err, &p), p.Value)
				n.why("a panic in a work function never kills the program: done receives it")
			})
		})
	})
	if err != nil {
		return err
	}
	err = loop.Run(func() {
		n.say("main", "on the default loop, which has no handler: an immediate panics")
		timer.SetImmediate(func() { panic("nobody caught this") })
	})
	var p *loop.PanicError
	if !errors.As(err, &p) {
		return fmt.Errorf("want a *PanicError from Run, got %v", err)
	}
	n.say("main", "Run returned a *PanicError: %q", p.Value)
	n.why("the loop stopped and closed; loop.Default() now makes a fresh one")
	return nil
}

func report(n narrator) error {
	n.step("7. Report: what keeps a loop alive, and where it was created")
	c := loop.NewManualClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	c.SetAutoAdvance(true)
	l, err := loop.New(loop.WithCreationSites(), loop.WithClock(c), loop.WithWorkers(1))
	if err != nil {
		return err
	}
	return l.Run(func() {
		n.say("main", "on a loop made WithCreationSites and one worker: timers, an immediate, a device")
		n.say("main", "handle whose teardown releases a work that waits for it, and a queued work")
		l.SetInterval(func() {}, time.Minute)
		l.SetTimeout(func() {}, time.Hour)
		l.SetTimeout(func() {}, 24*time.Hour).Unref()
		l.SetImmediate(func() {})
		release := make(chan struct{})
		var device loop.Handle
		l.OpenHandle(&device, "device", func(error) { close(release) }).Activate()
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { <-release; return 42, nil }, func(err error, v int) {
			n.say("Close", "running work's callback: %d, err %v", v, err)
		})
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 0, nil }, func(err error, _ int) {
			n.say("Close", "queued work's callback: %v", err)
		})
		fmt.Fprintln(n.w, indent(trimDir(l.Report().String()), "            "))
		n.why("a Run that never returns is explained by the referenced items")
		n.say("main", "Close the loop")
		l.Close()
		n.why("called from a callback, Close stops the loop and Run completes the close:")
		n.why("work that never started gets ErrClosed; handles are closed, and their teardown")
		n.why("unblocks the work waiting on them, which is waited for and reports its real")
		n.why("outcome; timers and immediates are dropped, and the pool's goroutines end")
	})
}

// trimDir shortens creation sites to the file's base name, so the tour's
// output does not depend on where the module was checked out.
func trimDir(s string) string {
	_, file, _, _ := runtime.Caller(0)
	return strings.ReplaceAll(s, filepath.Dir(file)+string(filepath.Separator), "")
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
