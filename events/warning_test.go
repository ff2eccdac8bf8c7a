package events

import (
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
	// Not parallel: it swaps os.Stderr to keep the test's output clean.
	r, w, err := os.Pipe()
	require.NoError(t, err)
	stderr := os.Stderr
	os.Stderr = w
	var e EventEmitter
	e.SetWarningHandler(func(Warning) { t.Error("replaced handler called") })
	e.SetWarningHandler(nil) // back to the default
	e.SetMaxListeners(1)
	e.On("x", noopListener)
	e.On("x", noopListener)
	os.Stderr = stderr
	require.NoError(t, w.Close())
	out := make([]byte, 4096)
	n, _ := r.Read(out)
	require.NoError(t, r.Close())
	line := string(out[:n])
	assert.Regexp(t, `^\(.+:\d+\) MaxListenersExceededWarning: Possible EventEmitter memory leak detected\. `+
		`2 x listeners added to \[EventEmitter\]\. MaxListeners is 1\. Use emitter\.SetMaxListeners\(\) to increase limit\n$`, line)
	assert.Equal(t, 1, strings.Count(line, "\n"))
}
