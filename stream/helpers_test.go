package stream_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newLoop returns a fresh loop that the test closes when it ends.
func newLoop(t *testing.T) *loop.Loop {
	t.Helper()
	l, err := loop.New()
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, l.Close()) })
	return l
}

// newTimedLoop returns a fresh loop in virtual time, for the Node tests
// that wait with setTimeout: the clock jumps to the next timer whenever
// the loop has nothing else to do, so the order is exact and no test
// sleeps.
func newTimedLoop(t *testing.T) *loop.Loop {
	t.Helper()
	clk := loop.NewManualClock(time.Unix(0, 0))
	clk.SetAutoAdvance(true)
	l, err := loop.New(loop.WithClock(clk))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, l.Close()) })
	return l
}

// unrefNote: a stream that waits keeps its loop alive (see the package
// doc), and virtual time never jumps while a referenced handle is active,
// since its I/O could arrive at any moment. A Node test whose timers are
// what keep the process alive gives its streams a Handle and unrefs it:
// then, as in Node, the timers alone keep the loop alive and the clock
// jumps to them.

// run runs main on l until the loop has nothing left to do, and requires
// that no callback panicked.
func run(t *testing.T, l *loop.Loop, main func()) {
	t.Helper()
	// A stream that waits for ever keeps the loop alive (where Node's
	// process would exit), so a test that forgets to end one would hang:
	// a watchdog stops the loop long after any test is done. Correctness
	// does not depend on it.
	watchdog := time.AfterFunc(10*time.Second, func() {
		_ = l.Post(func() {
			t.Errorf("watchdog: Run did not return within 10s: %v", l.Report())
			l.Stop()
		})
	})
	defer watchdog.Stop()
	require.NoError(t, l.Run(main))
}

// recorder is an event log: the order tests and the ported Node tests
// record what happened and compare the lines.
type recorder struct{ lines []string }

func (r *recorder) add(line string) { r.lines = append(r.lines, line) }

// fn returns a func that records line: a listener for the typed On methods.
func (r *recorder) fn(line string) func() { return func() { r.add(line) } }

// noPush is a Read that pushes nothing: the data comes from the test.
func noPush(*stream.Readable, int) {}

// sink returns a Writable of bytes that keeps what is written in out and
// completes every write at once.
func sink(l *loop.Loop, out *[]string, opts ...stream.WritableOptions) *stream.Writable {
	var o stream.WritableOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	o.Write = func(chunk []byte, done func(error)) {
		*out = append(*out, string(chunk))
		done(nil)
	}
	return stream.NewWritable(l, o)
}

// chunks turns strings into byte chunks.
func chunks(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
