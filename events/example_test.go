package events_test

import (
	"errors"
	"fmt"

	"github.com/errfirst/loop/events"
)

func ExampleEventEmitter() {
	// A zero EventEmitter is ready; embed it to give a type events.
	type door struct {
		events.EventEmitter
	}
	var d door
	d.On("open", func(args ...any) { fmt.Println("opened by", args[0]) })
	d.Emit("open", "alice")
	// Output: opened by alice
}

func ExampleEventEmitter_On() {
	var e events.EventEmitter
	e.On("data", func(args ...any) { fmt.Println("first", args) })
	e.On("data", func(args ...any) { fmt.Println("second", args) })
	e.Emit("data", 1, "two")
	// Output:
	// first [1 two]
	// second [1 two]
}

func ExampleEventEmitter_On_newListener() {
	var e events.EventEmitter
	e.On("newListener", func(args ...any) {
		event, l := args[0].(string), args[1].(events.Listener)
		fmt.Println("adding to", event, "once:", l.Once(), "count before:", e.ListenerCount(event))
	})
	e.Once("ready", func(...any) {})
	// Output: adding to ready once: true count before: 0
}

func ExampleEventEmitter_AddListener() {
	var e events.EventEmitter
	e.AddListener("x", func(...any) { fmt.Println("x") })
	e.Emit("x")
	// Output: x
}

func ExampleEventEmitter_Once() {
	var e events.EventEmitter
	e.Once("connect", func(...any) { fmt.Println("connected") })
	fmt.Println(e.Emit("connect"))
	fmt.Println(e.Emit("connect"))
	// Output:
	// connected
	// true
	// false
}

func ExampleEventEmitter_PrependListener() {
	var e events.EventEmitter
	e.On("x", func(...any) { fmt.Println("registered first") })
	e.PrependListener("x", func(...any) { fmt.Println("runs first") })
	e.Emit("x")
	// Output:
	// runs first
	// registered first
}

func ExampleEventEmitter_PrependOnceListener() {
	var e events.EventEmitter
	e.On("x", func(...any) { fmt.Println("every time") })
	e.PrependOnceListener("x", func(...any) { fmt.Println("first time only") })
	e.Emit("x")
	e.Emit("x")
	// Output:
	// first time only
	// every time
	// every time
}

func ExampleEventEmitter_Off() {
	var e events.EventEmitter
	l := e.On("x", func(...any) { fmt.Println("x") })
	fmt.Println(e.Off("x", l), e.Off("x", l))
	fmt.Println(e.Emit("x"))
	// Output:
	// true false
	// false
}

func ExampleEventEmitter_RemoveListener() {
	var e events.EventEmitter
	e.On("removeListener", func(args ...any) { fmt.Println("removed from", args[0]) })
	l := e.On("x", func(...any) {})
	e.RemoveListener("x", l)
	// Output: removed from x
}

func ExampleEventEmitter_RemoveAllListeners() {
	var e events.EventEmitter
	e.On("a", func(...any) {})
	e.On("b", func(...any) {})
	e.On("c", func(...any) {})
	e.RemoveAllListeners("a", "b")
	fmt.Println(e.EventNames())
	e.RemoveAllListeners()
	fmt.Println(e.EventNames())
	// Output:
	// [c]
	// []
}

func ExampleEventEmitter_Emit() {
	var e events.EventEmitter
	e.On("x", func(args ...any) {
		fmt.Println("x", args)
		e.On("x", func(...any) { fmt.Println("added during the emit") })
	})
	e.Emit("x", 1) // the listener added meanwhile waits for the next Emit
	fmt.Println(e.Emit("nobody listens"))
	// Output:
	// x [1]
	// false
}

func ExampleEventEmitter_Emit_error() {
	var e events.EventEmitter
	defer func() {
		err := recover().(error)
		var unhandled *events.UnhandledError
		fmt.Println(errors.As(err, &unhandled), err)
	}()
	e.Emit("error", "disk on fire") // no "error" listener: Emit panics
	// Output: true Unhandled error. ("disk on fire")
}

func ExampleErrorMonitor() {
	var e events.EventEmitter
	e.On(events.ErrorMonitor, func(args ...any) { fmt.Println("monitor saw:", args[0]) })
	e.On("error", func(args ...any) { fmt.Println("handled:", args[0]) })
	e.Emit("error", errors.New("timeout"))
	// Output:
	// monitor saw: timeout
	// handled: timeout
}

func ExampleUnhandledError() {
	var e events.EventEmitter
	defer func() {
		ue := recover().(*events.UnhandledError)
		fmt.Println(ue.Value, ue.Code())
	}()
	e.Emit("error", 42)
	// Output: 42 ERR_UNHANDLED_ERROR
}

func ExampleEventEmitter_ListenerCount() {
	var e events.EventEmitter
	e.On("x", func(...any) {})
	events.EventOf[int](&e, "x").On(func(int) {}) // typed listeners count too
	fmt.Println(e.ListenerCount("x"), e.ListenerCount("y"))
	// Output: 2 0
}

func ExampleEventEmitter_Listeners() {
	var e events.EventEmitter
	e.Once("x", func(args ...any) { fmt.Println("called with", args) })
	for _, fn := range e.Listeners("x") {
		fn("by hand") // the func as given: calling it does not remove it
	}
	fmt.Println(e.ListenerCount("x"))
	// Output:
	// called with [by hand]
	// 1
}

func ExampleEventEmitter_RawListeners() {
	var e events.EventEmitter
	e.On("x", func(...any) {})
	once := e.Once("x", func(...any) {})
	for _, l := range e.RawListeners("x") {
		fmt.Println(l.Event(), l.Once(), l == once)
	}
	// Output:
	// x false false
	// x true true
}

func ExampleEventEmitter_EventNames() {
	var e events.EventEmitter
	a := e.On("a", func(...any) {})
	e.On("b", func(...any) {})
	a.Remove()
	e.On("a", func(...any) {}) // back, at the end
	fmt.Println(e.EventNames())
	// Output: [b a]
}

func ExampleEventEmitter_SetMaxListeners() {
	var e events.EventEmitter
	e.SetWarningHandler(func(w events.Warning) { fmt.Println(w.Type, w.Count) })
	e.SetMaxListeners(2)
	for range 4 {
		e.On("x", func(...any) {}) // warns once, at the third
	}
	// Output: x 3
}

func ExampleEventEmitter_GetMaxListeners() {
	var e events.EventEmitter
	fmt.Println(e.GetMaxListeners(), events.DefaultMaxListeners)
	e.SetMaxListeners(0) // no limit
	fmt.Println(e.GetMaxListeners())
	// Output:
	// 10 10
	// 0
}

func ExampleEventEmitter_SetWarningHandler() {
	var e events.EventEmitter
	e.SetWarningHandler(func(w events.Warning) { fmt.Println(w) })
	for range 11 {
		e.On("foo", func(...any) {})
	}
	// Output: MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 foo listeners added to [EventEmitter]. MaxListeners is 10. Use emitter.SetMaxListeners() to increase limit
}

func ExampleEventEmitter_SetTypeName() {
	// A type that embeds an emitter gives its name to the warnings, as Node
	// gives the class name of a subclass.
	type FakeInput struct{ events.EventEmitter }
	in := &FakeInput{}
	in.SetTypeName("FakeInput")
	in.SetWarningHandler(func(w events.Warning) { fmt.Println(w.Message) })
	in.SetMaxListeners(1)
	in.On("data", func(...any) {})
	in.On("data", func(...any) {})
	// Output: Possible EventEmitter memory leak detected. 2 data listeners added to [FakeInput]. MaxListeners is 1. Use emitter.SetMaxListeners() to increase limit
}

func ExampleWarning() {
	var e events.EventEmitter
	e.SetMaxListeners(1)
	e.SetWarningHandler(func(w events.Warning) {
		fmt.Println(w.Name, w.Type, w.Count, w.Emitter == &e)
	})
	e.On("x", func(...any) {})
	e.On("x", func(...any) {})
	// Output: MaxListenersExceededWarning x 2 true
}

func ExampleListener() {
	var e events.EventEmitter
	fn := func(...any) { fmt.Println("called") }
	a := e.On("x", fn)
	e.On("x", fn) // the same func again: a second registration
	fmt.Println(a.Remove(), a.Remove())
	e.Emit("x")
	// Output:
	// true false
	// called
}

func ExampleListener_Func() {
	var e events.EventEmitter
	e.On("newListener", func(args ...any) {
		switch fn := args[1].(events.Listener).Func().(type) {
		case func(...any):
			fmt.Println(args[0], "gets an untyped listener")
		case func(int):
			fmt.Println(args[0], "gets a func(int); calling it by hand:")
			fn(42)
		}
	})
	e.On("data", func(...any) {})
	events.EventOf[int](&e, "n").On(func(n int) { fmt.Println("n is", n) })
	// Output:
	// data gets an untyped listener
	// n gets a func(int); calling it by hand:
	// n is 42
}

func ExampleListener_Remove() {
	var e events.EventEmitter
	var l events.Listener
	l = e.On("data", func(args ...any) {
		fmt.Println("got", args[0], "- that is enough")
		l.Remove()
	})
	e.Emit("data", 1)
	e.Emit("data", 2)
	// Output: got 1 - that is enough
}

// A type that embeds an emitter can react to its own listeners, as a Node
// Readable starts flowing when it gets a 'data' listener.
func ExampleEventEmitter_SetListenerHook() {
	var e events.EventEmitter
	e.SetListenerHook(func(event string, change events.ListenerChange) {
		if event == "data" {
			fmt.Println("data listeners now:", e.ListenerCount("data"), change == events.ListenerAdded)
		}
	})
	l := e.On("data", func(args ...any) {})
	l.Remove()
	// Output:
	// data listeners now: 1 true
	// data listeners now: 0 false
}
