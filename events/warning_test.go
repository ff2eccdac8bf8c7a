package events

import (
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSetMaxListenersRejectsNegative(t *testing.T) {
	var e EventEmitter
	assert.PanicsWithValue(t,
		`events: the value of "SetMaxListeners" is out of range. It must be >= 0. Received -1`,
		func() { e.SetMaxListeners(-1) })
	assert.Equal(t, DefaultMaxListeners, e.GetMaxListeners())
	e.SetMaxListeners(0)
	assert.Zero(t, e.GetMaxListeners())
}

func TestMaxListenersWarnsOncePerName(t *testing.T) {
	var e EventEmitter
	var got []Warning
	e.SetWarningHandler(func(w Warning) { got = append(got, w) })
	for range 12 {
		e.On("foo", noopListener)
		EventOf[int](&e, "bar").On(func(int) {})
	}
	require.Len(t, got, 2)
	assert.Equal(t, Warning{
		Name: "MaxListenersExceededWarning",
		Message: "Possible EventEmitter memory leak detected. 11 foo listeners added to [EventEmitter]. " +
			"MaxListeners is 10. Use emitter.SetMaxListeners() to increase limit",
		Emitter: &e,
		Type:    "foo",
		Count:   11,
	}, got[0])
	assert.Equal(t, "bar", got[1].Type, "typed listeners count too")
	assert.Equal(t, "MaxListenersExceededWarning: "+got[0].Message, got[0].String())
}

func TestDefaultWarningGoesToStderr(t *testing.T) {
	var e EventEmitter
	e.SetWarningHandler(func(Warning) { t.Error("replaced handler called") })
	e.SetWarningHandler(nil) // back to the default
	e.SetMaxListeners(1)
	line := stderrOf(t, func() {
		e.On("x", noopListener)
		e.On("x", noopListener)
	})
	assert.Regexp(t, `^\(.+:\d+\) MaxListenersExceededWarning: Possible EventEmitter memory leak detected\. `+
		`2 x listeners added to \[EventEmitter\]\. MaxListeners is 1\. Use emitter\.SetMaxListeners\(\) to increase limit\n$`, line)
	assert.Equal(t, 1, strings.Count(line, "\n"))
}

// stderrOf returns what fn writes to os.Stderr. Tests that use it are not
// parallel: it swaps os.Stderr, which keeps the test's output clean.
func stderrOf(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	stderr := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = stderr }()
	fn()
	os.Stderr = stderr
	require.NoError(t, w.Close())
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	require.NoError(t, r.Close())
	return string(out)
}

func TestWarningsGiveTheTypeName(t *testing.T) {
	// The zero value is "EventEmitter"; the text around the name is Node's
	// (see testdata/order/type_name.js for what node prints for a subclass).
	for _, tc := range []struct {
		name  string
		setup func(e *EventEmitter)
		want  string
	}{
		{"a zero emitter is an EventEmitter", func(*EventEmitter) {}, "[EventEmitter]"},
		{"a type name replaces it", func(e *EventEmitter) { e.SetTypeName("Socket") }, "[Socket]"},
		{"the last name set counts", func(e *EventEmitter) { e.SetTypeName("A"); e.SetTypeName("Server") }, "[Server]"},
		{"an empty name is EventEmitter again", func(e *EventEmitter) { e.SetTypeName("A"); e.SetTypeName("") }, "[EventEmitter]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e EventEmitter
			var got []Warning
			e.SetWarningHandler(func(w Warning) { got = append(got, w) })
			tc.setup(&e)
			e.SetMaxListeners(1)
			e.On("data", noopListener)
			e.On("data", noopListener)
			require.Len(t, got, 1)
			assert.Equal(t, "Possible EventEmitter memory leak detected. 2 data listeners added to "+tc.want+". "+
				"MaxListeners is 1. Use emitter.SetMaxListeners() to increase limit", got[0].Message)
		})
	}
}

func TestEmbeddingTypeNamesItselfInTheDefaultWarning(t *testing.T) {
	type FakeInput struct{ EventEmitter }
	in := &FakeInput{}
	in.SetTypeName("FakeInput")
	in.SetMaxListeners(1)
	line := stderrOf(t, func() {
		in.On("x", noopListener)
		in.On("x", noopListener)
	})
	assert.Contains(t, line, " 2 x listeners added to [FakeInput]. ")
}
