package events

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errfirst/loop/internal/nodetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ordering tests hold the emitter to Node. Each scenario is a script,
// testdata/order/NAME.js, with the exact output of `node NAME.js` beside it
// in NAME.out, and a Go twin in orderTwins below that does the same with an
// EventEmitter and must print the same lines. To add a scenario, write the
// script, generate its output with `node NAME.js > NAME.out` (never by
// hand), and add its twin.

const orderDir = "testdata/order"

// TestOrderMatchesNode runs the Go twin of each script and compares its
// output with the script's .out file.
func TestOrderMatchesNode(t *testing.T) {
	scripts, err := filepath.Glob(orderDir + "/*.js")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, js := range scripts {
		name := strings.TrimSuffix(filepath.Base(js), ".js")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(js, ".js") + ".out")
			require.NoError(t, err)
			twin, ok := orderTwins[name]
			require.True(t, ok, "%s has no Go twin in orderTwins", js)
			s := newOrderScript()
			twin(s)
			assert.Equal(t, string(want), s.out.String())
		})
	}
	for name := range orderTwins {
		assert.FileExists(t, filepath.Join(orderDir, name+".js"), "twin without a script")
	}
}

// TestOrderScriptsStillPrintTheirOutput reruns node on each script, so that
// the .out files cannot drift from what Node does. It is skipped where node
// is not installed.
func TestOrderScriptsStillPrintTheirOutput(t *testing.T) { nodetest.RerunAll(t, orderDir) }

// orderScript is what a Go twin prints with, and how it names listeners the
// way a JS function declaration names its function.
type orderScript struct {
	out   strings.Builder
	names map[Listener]string
	// pending is the name of the listener being registered: 'newListener'
	// listeners see its handle before the registration returns it.
	pending string
}

func newOrderScript() *orderScript { return &orderScript{names: map[Listener]string{}} }

// log prints its arguments separated by spaces, as the scripts' log does
// with a.join(' ').
func (s *orderScript) log(a ...any) {
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = fmt.Sprint(v)
	}
	s.out.WriteString(strings.Join(parts, " ") + "\n")
}

// on registers fn with reg (e.On, e.Once, ...) under name.
func (s *orderScript) on(reg func(string, func(...any)) Listener, event, name string, fn func(...any)) Listener {
	prev := s.pending
	s.pending = name
	l := reg(event, fn)
	s.pending = prev
	s.names[l] = name
	return l
}

// name returns the name a listener was registered under.
func (s *orderScript) name(l Listener) string {
	if n, ok := s.names[l]; ok {
		return n
	}
	return s.pending
}

// logListener returns a listener that logs its event and listener
// arguments, for 'newListener' and 'removeListener'.
func (s *orderScript) logListener(label string) func(...any) {
	return func(a ...any) { s.log(label, a[0], s.name(a[1].(Listener))) }
}

// catch runs fn and logs the message of what it panicked with as
// "thrown MESSAGE", as the scripts do in their catch blocks.
func (s *orderScript) catch(fn func()) {
	defer func() {
		if r := recover(); r != nil {
			s.log("thrown", nodeSpelling(fmt.Sprint(r)))
		}
	}()
	fn()
}

// nodeSpelling undoes the two ways messages differ from Node's on purpose:
// the package prefix of panics, and Go's capitalised method names.
func nodeSpelling(msg string) string {
	return strings.NewReplacer("events: the", "The", "SetMaxListeners", "setMaxListeners").Replace(msg)
}

func noopListener(...any) {}

// orderTwins holds the Go twin of each testdata/order script, by script
// name. Each follows its script line by line.
var orderTwins = map[string]func(s *orderScript){
	"snapshot":      twinSnapshot,
	"once":          twinOnce,
	"new_listener":  twinNewListener,
	"remove_all":    twinRemoveAll,
	"event_names":   twinEventNames,
	"errors":        twinErrors,
	"throw":         twinThrow,
	"max_listeners": twinMaxListeners,
	"type_name":     twinTypeName,
}

func twinSnapshot(s *orderScript) {
	s.log("# added during an emit are not called by it (one listener)")
	{
		var e EventEmitter
		e.On("x", func(...any) {
			s.log("only")
			e.On("x", func(...any) { s.log("late") })
		})
		s.log("emit", e.Emit("x"))
		s.log("emit", e.Emit("x"))
	}
	s.log("# added during an emit are not called by it (several listeners)")
	{
		var e EventEmitter
		e.On("x", func(...any) {
			s.log("f1")
			e.On("x", func(...any) { s.log("f3") })
		})
		e.On("x", func(...any) { s.log("f2") })
		e.Emit("x")
		s.log("|")
		e.Emit("x")
	}
	s.log("# removed during an emit are still called by it")
	{
		var e EventEmitter
		var g2 Listener
		e.On("x", func(...any) { s.log("g1"); e.Off("x", g2) })
		g2 = e.On("x", func(...any) { s.log("g2") })
		e.Emit("x")
		s.log("|")
		e.Emit("x")
	}
	s.log("# removeAllListeners during an emit does not stop it")
	{
		var e EventEmitter
		e.On("x", func(...any) { s.log("b1"); e.RemoveAllListeners("x") })
		e.On("x", func(...any) { s.log("b2") })
		s.log("emit", e.Emit("x"))
		s.log("emit", e.Emit("x"))
	}
	s.log("# prepended during an emit are not called by it")
	{
		var e EventEmitter
		e.On("x", func(...any) {
			s.log("p1")
			e.PrependListener("x", func(...any) { s.log("p0") })
		})
		e.Emit("x")
		s.log("|")
		e.Emit("x")
	}
}

func twinOnce(s *orderScript) {
	s.log("# once runs at most once")
	{
		var e EventEmitter
		e.Once("x", func(a ...any) { s.log("o", a[0]) })
		s.log("emit", e.Emit("x", 1))
		s.log("emit", e.Emit("x", 2))
		s.log("count", e.ListenerCount("x"))
	}
	s.log("# a re-entrant emit inside a once listener does not call it again")
	{
		var e EventEmitter
		e.Once("x", func(...any) { s.log("o in", e.ListenerCount("x")); e.Emit("x"); s.log("o out") })
		e.On("x", func(...any) { s.log("p") })
		e.Emit("x")
	}
	s.log("# a once listener run by an inner emit is not run again by the outer one")
	{
		var e EventEmitter
		depth := 0
		e.On("y", func(...any) {
			s.log("a", depth)
			depth++
			if depth == 1 {
				e.Emit("y")
			}
		})
		e.Once("y", func(...any) { s.log("b", depth) })
		e.Emit("y")
		s.log("|")
		e.Emit("y")
	}
	s.log("# a once listener removed earlier in the same emit still runs")
	{
		var e EventEmitter
		e.On("removeListener", s.logListener("removeListener"))
		var o Listener
		s.on(e.On, "x", "first", func(...any) { s.log("first"); e.Off("x", o) })
		o = s.on(e.Once, "x", "o", func(...any) { s.log("o") })
		e.Emit("x")
		s.log("count", e.ListenerCount("x"))
	}
	s.log("# removeListener is emitted before the once listener runs")
	{
		var e EventEmitter
		e.On("removeListener", s.logListener("removeListener"))
		s.on(e.Once, "x", "o", func(...any) { s.log("o") })
		e.Emit("x")
	}
	s.log("# prependOnceListener runs first, once")
	{
		var e EventEmitter
		e.On("x", func(...any) { s.log("a") })
		e.PrependOnceListener("x", func(...any) { s.log("b") })
		e.PrependListener("x", func(...any) { s.log("c") })
		e.Emit("x")
		s.log("|")
		e.Emit("x")
	}
}

func twinNewListener(s *orderScript) {
	s.log("# newListener is emitted before the listener is added")
	{
		var e EventEmitter
		e.On("newListener", func(a ...any) {
			name := a[0].(string)
			s.log("newListener", name, s.name(a[1].(Listener)), "count", e.ListenerCount(name))
		})
		s.on(e.On, "x", "a", noopListener)
		s.on(e.Once, "x", "b", noopListener)
		s.on(e.PrependListener, "x", "c", noopListener)
		s.log("count", e.ListenerCount("x"))
	}
	s.log("# newListener is emitted for the removeListener and newListener listeners too")
	{
		var e EventEmitter
		s.on(e.On, "newListener", "nl1", s.logListener("nl1"))
		s.on(e.On, "newListener", "nl2", s.logListener("nl2"))
		s.on(e.On, "removeListener", "rl", noopListener)
	}
	s.log("# a listener added by a newListener listener comes first")
	{
		var e EventEmitter
		adding := false
		e.On("newListener", func(a ...any) {
			if a[0] != "x" || adding {
				return
			}
			adding = true
			e.On("x", func(...any) { s.log("early") })
			adding = false
		})
		e.On("x", func(...any) { s.log("a") })
		e.Emit("x")
	}
	s.log("# removeListener is emitted after the listener is removed")
	{
		var e EventEmitter
		e.On("removeListener", func(a ...any) {
			name := a[0].(string)
			s.log("removeListener", name, s.name(a[1].(Listener)), "count", e.ListenerCount(name))
		})
		a := s.on(e.On, "x", "a", noopListener)
		s.on(e.On, "x", "b", noopListener)
		e.Off("x", a)
		e.Off("x", a)
		s.log("count", e.ListenerCount("x"))
	}
	s.log("# removing one removeListener listener tells the others")
	{
		var e EventEmitter
		rl1 := s.on(e.On, "removeListener", "rl1", s.logListener("rl1"))
		s.on(e.On, "removeListener", "rl2", s.logListener("rl2"))
		e.Off("removeListener", rl1)
	}
}

func twinRemoveAll(s *orderScript) {
	s.log("# all events, newest first within each, removeListener last")
	{
		var e EventEmitter
		s.on(e.On, "x", "a", noopListener)
		s.on(e.On, "removeListener", "rl1", s.logListener("rl1"))
		s.on(e.On, "y", "c", noopListener)
		s.on(e.On, "x", "b", noopListener)
		s.on(e.Once, "y", "d", noopListener)
		s.on(e.On, "removeListener", "rl2", s.logListener("rl2"))
		e.RemoveAllListeners()
		s.log("names", len(e.EventNames()))
	}
	s.log("# one event")
	{
		var e EventEmitter
		e.On("removeListener", s.logListener("removeListener"))
		s.on(e.On, "x", "a", noopListener)
		s.on(e.On, "x", "b", noopListener)
		s.on(e.On, "y", "c", noopListener)
		e.RemoveAllListeners("x")
		s.log("names", strings.Join(e.EventNames(), ","))
	}
	s.log("# without removeListener listeners")
	{
		var e EventEmitter
		e.On("x", noopListener)
		e.On("y", noopListener)
		e.RemoveAllListeners("x")
		s.log("names", strings.Join(e.EventNames(), ","))
		e.RemoveAllListeners()
		s.log("names", len(e.EventNames()))
	}
	s.log("# a listener that removeListener adds while removing all is dropped")
	{
		var e EventEmitter
		s.on(e.On, "x", "a", noopListener)
		e.On("removeListener", func(a ...any) {
			s.log("removeListener", a[0], s.name(a[1].(Listener)))
			if a[0] == "x" {
				e.On("z", noopListener)
			}
		})
		e.RemoveAllListeners()
		s.log("names", len(e.EventNames()))
	}
}

func twinEventNames(s *orderScript) {
	var e EventEmitter
	names := func() { s.log("names", strings.Join(e.EventNames(), ",")) }
	a := e.On("a", noopListener)
	e.On("b", noopListener)
	e.PrependListener("c", noopListener)
	e.On("a", noopListener)
	names()
	e.Off("a", a)
	names()
	e.RemoveAllListeners("a")
	names()
	e.On("a", noopListener)
	names()
	e.Once("d", noopListener)
	e.Emit("d")
	names()
	s.log("count", e.ListenerCount("a"), e.ListenerCount("b"), e.ListenerCount("nope"))
}

func twinErrors(s *orderScript) {
	tryEmit := func(e *EventEmitter, args ...any) {
		defer func() {
			if r := recover(); r != nil {
				how := "wrapped"
				if len(args) > 0 && r == args[0] {
					how = "same error"
				}
				s.log("thrown", how, r.(error).Error())
			}
		}()
		s.log("emit", e.Emit("error", args...))
	}
	handler := func(a ...any) { s.log("handled", a[0].(error).Error()) }

	s.log("# an Error argument is thrown as is")
	tryEmit(new(EventEmitter), errors.New("boom"))
	s.log("# anything else is wrapped")
	tryEmit(new(EventEmitter), 42)
	s.log("# an error listener handles it")
	{
		var e EventEmitter
		e.On("error", handler)
		tryEmit(&e, errors.New("boom"))
	}
	s.log("# errorMonitor runs first and does not handle it")
	{
		var e EventEmitter
		e.On(ErrorMonitor, func(a ...any) { s.log("monitor", a[0].(error).Error()) })
		tryEmit(&e, errors.New("boom"))
		e.On("error", handler)
		e.PrependListener(ErrorMonitor, func(a ...any) { s.log("monitor0", a[0].(error).Error()) })
		tryEmit(&e, errors.New("bang"))
	}
	s.log("# a monitor that adds an error listener handles it")
	{
		var e EventEmitter
		added := false
		e.On(ErrorMonitor, func(...any) {
			if !added {
				added = true
				e.On("error", handler)
			}
		})
		tryEmit(&e, errors.New("boom"))
	}
}

func twinThrow(s *orderScript) {
	var e EventEmitter
	e.On("x", func(...any) { s.log("a") })
	e.Once("x", func(...any) { s.log("b"); panic(errors.New("b failed")) })
	e.On("x", func(...any) { s.log("c") })
	s.catch(func() { e.Emit("x") })
	s.log("count", e.ListenerCount("x"))
	s.log("emit", e.Emit("x"))
}

func twinMaxListeners(s *orderScript) {
	var warnings []Warning
	var e EventEmitter
	e.SetWarningHandler(func(w Warning) { warnings = append(warnings, w) })
	s.log("max", e.GetMaxListeners())
	var foo []Listener
	for range 15 {
		foo = append(foo, e.On("foo", noopListener))
	}
	s.log("count", e.ListenerCount("foo"))
	for _, l := range foo[:13] {
		l.Remove()
	}
	for range 10 {
		e.On("foo", noopListener)
	}
	e.RemoveAllListeners("foo")
	e.On("foo", noopListener)
	for range 10 {
		e.On("foo", noopListener)
	}
	e.SetMaxListeners(1)
	s.log("max", e.GetMaxListeners())
	e.On("bar", noopListener)
	e.On("bar", noopListener)
	e.SetMaxListeners(0)
	for range 100 {
		e.On("baz", noopListener)
	}
	s.catch(func() { e.SetMaxListeners(-1) })

	for _, w := range warnings {
		s.log(w.Name, w.Type, w.Count, w.Emitter == &e, nodeSpelling(w.Message))
	}
}

// fakeInput is the twin of type_name.js's class FakeInput extends
// EventEmitter, and newFakeInput of its constructor.
type fakeInput struct{ EventEmitter }

func newFakeInput() *fakeInput {
	in := &fakeInput{}
	in.SetTypeName("FakeInput")
	return in
}

// keyboard is the twin of class Keyboard extends FakeInput.
type keyboard struct{ fakeInput }

func newKeyboard() *keyboard {
	k := &keyboard{fakeInput: *newFakeInput()}
	k.SetTypeName("Keyboard")
	return k
}

func twinTypeName(s *orderScript) {
	var warnings []Warning
	collect := func(w Warning) { warnings = append(warnings, w) }

	input := newFakeInput()
	input.SetWarningHandler(collect)
	for range 11 {
		input.On("data", noopListener)
	}

	keys := newKeyboard()
	keys.SetWarningHandler(collect)
	keys.SetMaxListeners(1)
	keys.On("key", noopListener)
	keys.On("key", noopListener)

	var anon, plain EventEmitter
	anon.SetTypeName("") // a class without a name
	for _, e := range []*EventEmitter{&anon, &plain} {
		e.SetWarningHandler(collect)
	}
	for range 11 {
		anon.On("x", noopListener)
	}
	for range 11 {
		plain.On("y", noopListener)
	}

	for _, w := range warnings {
		s.log(w.Type, nodeSpelling(w.Message))
	}
}
