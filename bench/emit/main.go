// Command emit calls Emit -n times with one argument (an 8-byte []byte,
// as a 'data' event carries) to one listener, on the loop goroutine:
// -typed registers and emits through EventOf[[]byte], otherwise On and Emit
// with ...any. With ...any, -arg=pointer passes a pointer to a struct holding
// the []byte instead of the []byte itself: a pointer fits in an interface,
// so the caller does not allocate to box it, as it must for a []byte. It
// reports the rate and the allocations per Emit. Its Node twin is node.js,
// which emits a Buffer whatever -arg says (a JS object is a pointer
// already).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/bench/internal/report"
	"github.com/errfirst/loop/events"
)

func main() {
	n := flag.Int("n", 10_000_000, "Emit calls")
	typed := flag.Bool("typed", false, "use EventOf[[]byte] instead of On/Emit with ...any")
	arg := flag.String("arg", "bytes", "the argument of an untyped Emit: bytes ([]byte) or pointer (*chunk)")
	flag.Parse()
	if *arg != "bytes" && *arg != "pointer" {
		fail(fmt.Errorf("-arg=%s: want bytes or pointer", *arg))
	}

	l, err := loop.New()
	if err != nil {
		fail(err)
	}
	var e events.EventEmitter
	sink := 0
	buf := make([]byte, 8)
	var secs float64
	var mallocs uint64
	stop := report.StartProfile()
	err = l.Run(func() {
		var emit func()
		if *typed {
			ev := events.EventOf[[]byte](&e, "data")
			ev.On(func(b []byte) { sink += len(b) })
			emit = func() {
				for range *n {
					ev.Emit(buf)
				}
			}
		} else if *arg == "pointer" {
			c := &chunk{b: buf}
			e.On("data", func(args ...any) { sink += len(args[0].(*chunk).b) })
			emit = func() {
				for range *n {
					e.Emit("data", c)
				}
			}
		} else {
			e.On("data", func(args ...any) { sink += len(args[0].([]byte)) })
			emit = func() {
				for range *n {
					e.Emit("data", buf)
				}
			}
		}
		m0 := report.Mallocs()
		start := time.Now()
		emit()
		secs = time.Since(start).Seconds()
		mallocs = report.Mallocs() - m0
	})
	stop()
	if err != nil {
		fail(err)
	}
	if err := l.Close(); err != nil {
		fail(err)
	}
	if sink != 8**n {
		fail(fmt.Errorf("listener saw %d bytes, want %d", sink, 8**n))
	}
	report.Print(report.Result{
		"n":             *n,
		"typed":         *typed,
		"arg":           *arg,
		"secs":          secs,
		"rate":          float64(*n) / secs,
		"allocs_per_op": float64(mallocs) / float64(*n),
	})
}

// chunk is the pointer argument of -arg=pointer: what a Node 'data'
// listener gets is one object, too.
type chunk struct{ b []byte }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "emit:", err)
	os.Exit(1)
}
