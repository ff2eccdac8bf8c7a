package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestMain fails if the tour leaves a goroutine behind: every loop it runs
// must end its pool when Run returns or the loop closes.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The lines that carry the tour's lessons, in the order they must appear.
// If the loop's order changes, the tour's story is wrong: this test says so.
var keyLines = []string{
	// 1. ticks drain right after main, including ticks queued by ticks.
	"[main]    return",
	"[tick]    tick 1",
	"[tick]    tick 2",
	"[tick]    tick 3, queued by tick 1",
	"[check]   immediate",
	// 2. pool work; inside an I/O callback: tick, then immediate, then timeout.
	"[poll]    work done: sum 500000500000, err <nil>",
	"[tick]    tick",
	"[check]   immediate",
	"[timers]  timeout",
	// 3. equal delays in insertion order, 0 ms as 1 ms, then a longer one.
	"[timers]  a (1 ms, set first)",
	"[timers]  b (1 ms, set second)",
	"[timers]  c (0 ms, which means 1 ms)",
	"[timers]  d (2 ms)",
	// 4. an interval cleared in its own callback.
	"[timers]  interval run 1",
	"[timers]  interval run 2",
	"[timers]  interval run 3",
	// 5. an unref'd timer does not hold Run.
	"[timers]  1 ms timeout: the last referenced thing",
	"Run returned without waiting an hour",
	"main 5, ticks 4, poll 1, check 2, timers 9",
	// 6. panics: a handler keeps the loop going; without one, Run returns it.
	`[handler] recovered "immediate 1 broke"`,
	"[check]   immediate 2: the loop went on",
	`[poll]    work's done callback got an error: true "bad input"`,
	`Run returned a *PanicError: "nobody caught this"`,
	// 7. Report, with creation sites.
	"6 item(s) keep the loop alive",
	"interval due in 1m0s created at main.go:",
	"work(CPU) created at main.go:",
	"work(CPU) created at main.go:",
	"device created at main.go:",
	"timeout due in 24h0m0s (unref'd) created at main.go:",
	"[Close]   queued work's callback: loop: closed with the request pending",
	"[Close]   running work's callback: 42, err <nil>",
	"End of the tour",
}

func TestTourTellsTheLoopsOrder(t *testing.T) {
	var out bytes.Buffer
	begin := time.Now()
	require.NoError(t, tour(&out))
	elapsed := time.Since(begin)

	s := out.String()
	rest := s
	for _, line := range keyLines {
		i := strings.Index(rest, line)
		require.GreaterOrEqualf(t, i, 0, "the tour's output lacks %q, or has it out of order:\n%s", line, s)
		rest = rest[i+len(line):]
	}
	// The tour waits for a few 1-2 ms timers only; a second is a wide margin
	// even under the race detector on a busy machine.
	assert.Less(t, elapsed, time.Second, "the tour must end by itself quickly")
}

func TestTourIsDeterministic(t *testing.T) {
	var first, second bytes.Buffer
	require.NoError(t, tour(&first))
	require.NoError(t, tour(&second))
	assert.Equal(t, first.String(), second.String())
}
