package events_test

import (
	"errors"
	"fmt"

	"github.com/errfirst/loop/events"
)

func ExampleEventOf() {
	var e events.EventEmitter
	data := events.EventOf[[]byte](&e, "data")
	data.On(func(b []byte) { fmt.Printf("%d bytes: %s\n", len(b), b) })
	data.Emit([]byte("hello"))
	e.Emit("data", []byte("untyped emits reach typed listeners"))
	fmt.Println(data.Name(), data.Emitter() == &e)
	// Output:
	// 5 bytes: hello
	// 35 bytes: untyped emits reach typed listeners
	// data true
}

func ExampleEvent_On() {
	var e events.EventEmitter
	closed := events.EventOf[bool](&e, "close")
	closed.On(func(hadError bool) { fmt.Println("closed, hadError:", hadError) })
	closed.Emit(false)
	// Output: closed, hadError: false
}

func ExampleEvent_Once() {
	var e events.EventEmitter
	end := events.EventOf[struct{}](&e, "end")
	end.Once(func(struct{}) { fmt.Println("end") })
	fmt.Println(end.Emit(struct{}{}), end.Emit(struct{}{}))
	// Output:
	// end
	// true false
}

func ExampleEvent_PrependListener() {
	var e events.EventEmitter
	n := events.EventOf[int](&e, "n")
	n.On(func(v int) { fmt.Println("second", v) })
	n.PrependListener(func(v int) { fmt.Println("first", v) })
	n.Emit(1)
	// Output:
	// first 1
	// second 1
}

func ExampleEvent_PrependOnceListener() {
	var e events.EventEmitter
	n := events.EventOf[int](&e, "n")
	n.On(func(v int) { fmt.Println("always", v) })
	n.PrependOnceListener(func(v int) { fmt.Println("once", v) })
	n.Emit(1)
	n.Emit(2)
	// Output:
	// once 1
	// always 1
	// always 2
}

func ExampleEvent_Emit() {
	var e events.EventEmitter
	errs := events.EventOf[error](&e, "error")
	errs.On(func(err error) { fmt.Println("typed:", err) })
	e.On("error", func(args ...any) { fmt.Println("untyped:", args[0]) })
	errs.Emit(errors.New("reset by peer"))
	// Output:
	// typed: reset by peer
	// untyped: reset by peer
}

func ExampleEvent_Off() {
	var e events.EventEmitter
	n := events.EventOf[int](&e, "n")
	l := n.On(func(int) {})
	fmt.Println(n.Off(l), n.Off(l), n.ListenerCount())
	// Output: true false 0
}

func ExampleEvent_ListenerCount() {
	var e events.EventEmitter
	n := events.EventOf[int](&e, "n")
	n.On(func(int) {})
	e.On("n", func(...any) {})
	fmt.Println(n.ListenerCount())
	// Output: 2
}
