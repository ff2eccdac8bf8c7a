package loop_test

import (
	"strings"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stepLoop is a loop on a ManualClock that the test steps by hand:
// advance the clock, then RunNoWait.
type stepLoop struct {
	*loop.Loop
	clk *loop.ManualClock
	t   *testing.T
}

func newStepLoop(t *testing.T) *stepLoop {
	clk := loop.NewManualClock(time.Unix(0, 0))
	return &stepLoop{Loop: newLoop(t, loop.WithClock(clk)), clk: clk, t: t}
}

// at advances the clock by d and runs one non-blocking iteration.
func (s *stepLoop) at(d time.Duration) {
	s.clk.Advance(d)
	_, err := s.RunNoWait(nil)
	require.NoError(s.t, err)
}

func (s *stepLoop) start(main func()) {
	_, err := s.RunNoWait(main)
	require.NoError(s.t, err)
}

func TestTimerDelays(t *testing.T) {
	tests := []struct {
		name    string
		delay   time.Duration
		notYet  time.Duration // the timer has not fired this long after
		firesBy time.Duration // ...and has fired this long after
	}{
		{"a zero delay means one millisecond", 0, 999 * time.Microsecond, time.Millisecond},
		{"a negative delay means one millisecond", -5 * time.Second, 999 * time.Microsecond, time.Millisecond},
		{"a sub-millisecond delay means one millisecond", 300 * time.Microsecond, 999 * time.Microsecond, time.Millisecond},
		{"a fractional delay keeps its precision", 1500 * time.Microsecond, 1499 * time.Microsecond, 1500 * time.Microsecond},
		{"a delay beyond Node's 32-bit cap is honoured", 30 * 24 * time.Hour, 30*24*time.Hour - time.Millisecond, 30 * 24 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStepLoop(t)
			fired := false
			s.start(func() { s.SetTimeout(func() { fired = true }, tc.delay) })
			s.at(tc.notYet)
			assert.False(t, fired)
			s.at(tc.firesBy - tc.notYet)
			assert.True(t, fired)
		})
	}
}

func TestIntervalReschedulesFromTheStartOfItsRun(t *testing.T) {
	s := newStepLoop(t)
	var at []time.Duration
	s.start(func() {
		s.SetInterval(func() { at = append(at, s.Now().Sub(time.Unix(0, 0))) }, 20*time.Millisecond)
	})
	s.at(25 * time.Millisecond) // late by 5 ms: next is due at 25+20
	s.at(19 * time.Millisecond)
	assert.Len(t, at, 1)
	s.at(time.Millisecond)
	assert.Equal(t, []time.Duration{25 * time.Millisecond, 45 * time.Millisecond}, at)
}

func TestRefreshOfAFiredTimeoutRecordsWhereItWasArmedAgain(t *testing.T) {
	clk := loop.NewManualClock(time.Unix(0, 0))
	l := newLoop(t, loop.WithCreationSites(), loop.WithClock(clk))
	var tm *loop.Timer
	_, err := l.RunNoWait(func() { tm = l.SetTimeout(func() {}, time.Millisecond) })
	require.NoError(t, err)
	clk.Advance(time.Millisecond)
	_, err = l.RunNoWait(nil)
	require.NoError(t, err)
	require.False(t, tm.Pending())
	tm.Refresh()
	r := l.Report()
	require.Len(t, r.Items, 1)
	assert.Contains(t, r.Items[0].Site, "timer_test.go:")
}

func TestRefresh(t *testing.T) {
	s := newStepLoop(t)
	fired := 0
	var tm *loop.Timer
	s.start(func() { tm = s.SetTimeout(func() { fired++ }, 50*time.Millisecond) })
	s.at(30 * time.Millisecond)
	tm.Refresh()
	s.at(49 * time.Millisecond)
	assert.Zero(t, fired, "a timer refreshed at 30 ms is due at 80 ms")
	s.at(time.Millisecond)
	assert.Equal(t, 1, fired)

	tm.Refresh()
	assert.True(t, tm.Pending(), "refreshing a fired timeout schedules it again")
	s.at(50 * time.Millisecond)
	assert.Equal(t, 2, fired)

	tm.Close()
	tm.Refresh()
	assert.False(t, tm.Pending(), "refreshing a cleared timer does nothing")
}

func TestClearing(t *testing.T) {
	tests := []struct {
		name  string
		setup func(l *loop.Loop, log *[]string)
		want  []string
	}{
		{"an interval cleared in its own callback stops", func(l *loop.Loop, log *[]string) {
			n := 0
			var iv *loop.Timer
			iv = l.SetInterval(func() {
				n++
				*log = append(*log, "tick")
				if n == 3 {
					l.ClearInterval(iv)
				}
			}, time.Millisecond)
		}, []string{"tick", "tick", "tick"}},
		{"a timer cleared twice, or after firing, is harmless", func(l *loop.Loop, log *[]string) {
			var tm *loop.Timer
			tm = l.SetTimeout(func() {
				*log = append(*log, "fired")
				l.ClearTimeout(tm)
				l.ClearTimeout(tm)
				l.ClearInterval(tm)
			}, time.Millisecond)
			l.ClearTimeout(nil)
			l.ClearImmediate(nil)
		}, []string{"fired"}},
		{"a timer cleared by an earlier one in the same batch does not run", func(l *loop.Loop, log *[]string) {
			var second *loop.Timer
			l.SetTimeout(func() { *log = append(*log, "first"); second.Close() }, 5*time.Millisecond)
			second = l.SetTimeout(func() { *log = append(*log, "second") }, 5*time.Millisecond)
		}, []string{"first"}},
		{"an immediate cleared before its turn does not run", func(l *loop.Loop, log *[]string) {
			var b *loop.Immediate
			l.SetImmediate(func() { *log = append(*log, "a"); l.ClearImmediate(b); b.Close() })
			b = l.SetImmediate(func() { *log = append(*log, "b") })
		}, []string{"a"}},
		{"timers due together run in the order they were set, whatever their delay", func(l *loop.Loop, log *[]string) {
			l.SetTimeout(func() { *log = append(*log, "A10") }, 10*time.Millisecond)
			l.SetTimeout(func() { *log = append(*log, "B5") }, 5*time.Millisecond)
			l.SetTimeout(func() { *log = append(*log, "C10") }, 10*time.Millisecond)
			l.SetTimeout(func() { *log = append(*log, "D5") }, 5*time.Millisecond)
		}, []string{"B5", "D5", "A10", "C10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := virtualLoop(t)
			var log []string
			require.NoError(t, l.Run(func() { tc.setup(l, &log) }))
			assert.Equal(t, tc.want, log)
		})
	}
}

func TestUnrefLetsRunReturn(t *testing.T) {
	l, clk := virtualLoop(t)
	var tm *loop.Timer
	var im *loop.Immediate
	intervals, immediates := 0, 0
	require.NoError(t, l.Run(func() {
		tm = l.SetInterval(func() { intervals++ }, time.Hour)
		tm.Unref()
		im = l.SetImmediate(func() { immediates++ })
		im.Unref()
	}))
	assert.Zero(t, intervals, "an unref'd interval does not keep the loop alive")
	assert.Zero(t, immediates, "an unref'd immediate does not keep the loop alive")
	assert.False(t, tm.HasRef())
	assert.False(t, im.HasRef())
	assert.True(t, tm.Pending(), "an unref'd timer stays scheduled")
	assert.True(t, im.Pending(), "an unref'd immediate stays queued")
	assert.Equal(t, time.Unix(0, 0), clk.Now(), "virtual time did not move for unref'd timers")

	require.NoError(t, l.Run(func() {
		tm.Ref()
		im.Ref()
		assert.True(t, tm.HasRef())
		l.SetTimeout(func() { tm.Close() }, 2*time.Hour+time.Millisecond)
	}))
	assert.Equal(t, 2, intervals, "once ref'd again, the interval runs until cleared")
	assert.Equal(t, 1, immediates)
}

func TestUnrefdTimerStillFiresWhileTheLoopIsAlive(t *testing.T) {
	l, _ := virtualLoop(t)
	var log []string
	require.NoError(t, l.Run(func() {
		l.SetInterval(func() { log = append(log, "unref'd") }, 10*time.Millisecond).Unref()
		l.SetTimeout(func() { log = append(log, "ref'd") }, 25*time.Millisecond)
	}))
	assert.Equal(t, []string{"unref'd", "unref'd", "ref'd"}, log)
}

func TestImmediateSetFromAnImmediateRunsNextIteration(t *testing.T) {
	l := newLoop(t)
	var iterations []uint64
	require.NoError(t, l.Run(func() {
		l.SetImmediate(func() {
			iterations = append(iterations, l.Metrics().Iterations)
			l.SetImmediate(func() { iterations = append(iterations, l.Metrics().Iterations) })
		})
	}))
	require.Len(t, iterations, 2)
	assert.Equal(t, iterations[0]+1, iterations[1])
}

func TestManyTimersFireInDueOrder(t *testing.T) {
	l, _ := virtualLoop(t)
	const n = 10000
	last := time.Duration(-1)
	count := 0
	require.NoError(t, l.Run(func() {
		for i := range n {
			d := time.Duration((i*7919)%1000+1) * time.Millisecond
			tm := l.SetTimeout(func() {
				now := l.Now().Sub(time.Unix(0, 0))
				require.GreaterOrEqual(t, now, last)
				require.Equal(t, d, now, "fires exactly when due under virtual time")
				last = now
				count++
			}, d)
			if i%10 == 0 {
				tm.Close()
			}
		}
	}))
	assert.Equal(t, n-n/10, count)
}

func TestReportSaysWhatKeepsTheLoopAlive(t *testing.T) {
	// A manual clock that nobody advances: due times read exactly.
	l := newLoop(t, loop.WithCreationSites(), loop.WithClock(loop.NewManualClock(time.Unix(0, 0))))
	release := make(chan struct{})
	_, err := l.RunNoWait(func() {
		l.SetTimeout(func() {}, time.Hour)
		l.SetInterval(func() {}, time.Minute).Unref()
		l.SetImmediate(func() {})
		loop.WorkOn(l, loop.KindFastIO, func() (int, error) { <-release; return 0, nil }, func(error, int) {})
		l.NewAsync()
	})
	require.NoError(t, err)
	r := l.Report()
	kinds := map[string]bool{}
	for _, it := range r.Items {
		kinds[it.Kind] = it.Ref
		assert.Contains(t, it.Site, "timer_test.go:", "%s was created here", it.Kind)
	}
	assert.Equal(t, map[string]bool{"timeout": true, "interval": false, "work(FastIO)": true, "async": true}, withoutImmediate(kinds))
	s := r.String()
	assert.True(t, strings.HasPrefix(s, "3 item(s) keep the loop alive"), s)
	assert.Contains(t, s, "interval due in 1m0s (unref'd) created at ")
	close(release)
	require.NoError(t, l.Close())
}

func withoutImmediate(m map[string]bool) map[string]bool {
	// The immediate ran in RunNoWait's check phase.
	delete(m, "immediate")
	return m
}

func TestReportListsAnIntervalFromInsideItsCallback(t *testing.T) {
	l, _ := virtualLoop(t)
	var seen loop.Report
	n := 0
	require.NoError(t, l.Run(func() {
		var iv *loop.Timer
		iv = l.SetInterval(func() {
			if n++; n == 2 {
				l.ClearInterval(iv)
				return
			}
			seen = l.Report()
		}, 10*time.Millisecond)
	}))
	require.Len(t, seen.Items, 1)
	assert.Equal(t, loop.ReportItem{Kind: "interval", Ref: true, Due: 10 * time.Millisecond}, seen.Items[0],
		"an interval running its callback still keeps the loop alive")
}

func TestReportWithoutSites(t *testing.T) {
	l := newLoop(t)
	_, err := l.RunNoWait(func() { l.SetTimeout(func() {}, time.Second) })
	require.NoError(t, err)
	r := l.Report()
	require.Len(t, r.Items, 1)
	assert.Empty(t, r.Items[0].Site, "sites cost nothing unless enabled")
	assert.True(t, r.Alive())
}

func TestMetrics(t *testing.T) {
	l := newLoop(t)
	require.NoError(t, l.Run(func() {
		l.NextTick(func() {})
		l.SetImmediate(func() {})
		l.SetTimeout(func() {}, 2*time.Millisecond)
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 0, nil }, func(error, int) {})
	}))
	m := l.Metrics()
	assert.Equal(t, uint64(1), m.Callbacks[loop.PhaseMain])
	assert.Equal(t, uint64(1), m.Callbacks[loop.PhaseTicks])
	assert.Equal(t, uint64(1), m.Callbacks[loop.PhaseCheck])
	assert.Equal(t, uint64(1), m.Callbacks[loop.PhaseTimers])
	assert.Equal(t, uint64(1), m.Callbacks[loop.PhasePoll])
	assert.GreaterOrEqual(t, m.Iterations, uint64(1))
	assert.Greater(t, m.IdleTime, time.Duration(0), "the loop waited in poll for the timer")
	assert.GreaterOrEqual(t, m.RunTime, m.IdleTime)
	u := m.Utilization(loop.Metrics{})
	assert.True(t, u >= 0 && u <= 1, "utilization %v", u)
	assert.Equal(t, "timers", loop.PhaseTimers.String())
	assert.Zero(t, m.Requests)
}
