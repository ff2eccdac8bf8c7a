package events

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// DefaultMaxListeners is the number of listeners an event may have before an
// EventEmitter warns, until SetMaxListeners changes it. Node's
// events.defaultMaxListeners can be reassigned; this is a constant, so that
// no mutable state is shared by every emitter of every loop in the process.
const DefaultMaxListeners = 10

// Warning is a process warning in Node's sense: advice, not an error. The
// only one an EventEmitter gives is MaxListenersExceededWarning, once per
// event name when the name gets more listeners than GetMaxListeners (and
// again if its count has since fallen to one or none, as in Node), which
// usually means listeners are added in a loop and never removed. The listener
// is added all the same.
type Warning struct {
	Name    string        // "MaxListenersExceededWarning"
	Message string        // Node's text, with Go's method name
	Emitter *EventEmitter // the emitter that warned
	Type    string        // the event name
	Count   int           // the number of listeners of Type
}

// String returns "Name: Message", as Node prints a warning.
func (w Warning) String() string { return w.Name + ": " + w.Message }

// SetMaxListeners sets the number of listeners an event may have before e
// warns (see Warning); 0 means no limit. It panics if n is negative, as
// Node's setMaxListeners throws ERR_OUT_OF_RANGE.
func (e *EventEmitter) SetMaxListeners(n int) {
	if n < 0 {
		panic(`events: the value of "SetMaxListeners" is out of range. It must be >= 0. Received ` + strconv.Itoa(n))
	}
	e.max, e.maxSet = n, true
}

// GetMaxListeners returns the value set by SetMaxListeners, or
// DefaultMaxListeners if it was never called. 0 means no limit.
func (e *EventEmitter) GetMaxListeners() int {
	if !e.maxSet {
		return DefaultMaxListeners
	}
	return e.max
}

// SetWarningHandler makes fn receive the warnings of e instead of the
// default, which writes a line like Node's to os.Stderr:
//
//	(prog:1234) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ...
//
// A nil fn restores the default. fn is called synchronously, on the goroutine
// that added the listener, after adding it; Node delivers warnings a tick
// later, but an EventEmitter does not know its loop.
//
// Why per emitter and not a package-level hook like Node's
// process.on('warning'): a package variable would be mutable state shared by
// every loop in the process, so replacing it while another loop's goroutine
// adds a listener would race, and tests that capture warnings could not run
// in parallel. A Loop or an I/O type that wants warnings routed elsewhere
// sets the handler on the emitters it creates.
func (e *EventEmitter) SetWarningHandler(fn func(Warning)) { e.warn = fn }

// SetTypeName sets the name that e's warnings give it, as Node's give the
// emitter's class name: "11 data listeners added to [Socket]". A type that
// embeds an EventEmitter passes its own name, in its constructor or, if its
// zero value is ready to use, wherever it first touches the emitter. Until
// then, and after SetTypeName(""), the name is "EventEmitter", which Node
// also prints for a class without a name.
func (e *EventEmitter) SetTypeName(name string) { e.name = name }

// checkMax gives the max-listeners warning once s has too many listeners.
func (e *EventEmitter) checkMax(s *eventSlot) {
	m := e.GetMaxListeners()
	if m == 0 || len(s.list) <= m || s.warned {
		return
	}
	s.warned = true
	w := Warning{
		Name: "MaxListenersExceededWarning",
		Message: fmt.Sprintf("Possible EventEmitter memory leak detected. %d %s listeners added to [%s]. "+
			"MaxListeners is %d. Use emitter.SetMaxListeners() to increase limit", len(s.list), s.name, e.typeName(), m),
		Emitter: e,
		Type:    s.name,
		Count:   len(s.list),
	}
	if e.warn != nil {
		e.warn(w)
		return
	}
	writeWarning(os.Stderr, w)
}

// typeName returns the name warnings give for e.
func (e *EventEmitter) typeName() string {
	if e.name == "" {
		return "EventEmitter"
	}
	return e.name
}

// writeWarning writes w as Node's default warning handler does, with the
// program's name where Node writes "node".
func writeWarning(out io.Writer, w Warning) {
	fmt.Fprintf(out, "(%s:%d) %s\n", filepath.Base(os.Args[0]), os.Getpid(), w)
}
