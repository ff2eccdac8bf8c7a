package loop_test

import (
	"math"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStopEndsRunAtTheEndOfTheIteration(t *testing.T) {
	tests := []struct {
		name  string
		setup func(l *loop.Loop, clk *loop.ManualClock, log func(string))
		want  []string // what the first Run logs
		later []string // what a second Run logs
	}{
		{
			name: "Stop in an immediate lets the phase and the iteration finish",
			setup: func(l *loop.Loop, clk *loop.ManualClock, log func(string)) {
				l.SetImmediate(func() {
					log("immediate 1")
					clk.Advance(time.Millisecond) // the timeout is due in this iteration's timers phase
					l.Stop()
					l.NextTick(func() { log("tick of immediate 1") })
					l.SetImmediate(func() { log("immediate set after Stop") })
				})
				l.SetImmediate(func() { log("immediate 2") })
				l.SetTimeout(func() { log("timeout, due in this iteration") }, 0)
			},
			want:  []string{"immediate 1", "tick of immediate 1", "immediate 2", "timeout, due in this iteration"},
			later: []string{"immediate set after Stop"},
		},
		{
			name: "Stop in main returns after main and its ticks, before the first timers",
			setup: func(l *loop.Loop, clk *loop.ManualClock, log func(string)) {
				l.Stop()
				l.NextTick(func() { log("tick of main") })
				l.SetTimeout(func() { log("timeout") }, 0)
			},
			want:  []string{"tick of main"},
			later: []string{"timeout"},
		},
		{
			name: "Stop does not let poll block on a far timer",
			setup: func(l *loop.Loop, clk *loop.ManualClock, log func(string)) {
				l.SetTimeout(func() { log("an hour later") }, time.Hour)
				l.SetImmediate(func() { log("immediate"); l.Stop() })
			},
			want:  []string{"immediate"},
			later: []string{"an hour later"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, clk := manualLoop(t)
			var got []string
			log := func(s string) { got = append(got, s) }
			within(t, 5*time.Second, "Run after Stop", func() {
				assert.NoError(t, l.Run(func() { tc.setup(l, clk, log) }))
			})
			assert.Equal(t, tc.want, got)
			assert.True(t, l.Report().Alive(), "what is pending stays for a later Run")
			got = nil
			clk.SetAutoAdvance(true)
			require.NoError(t, l.Run(nil))
			assert.Equal(t, tc.later, got)
		})
	}
}

func TestStopBeforeRunMakesTheNextRunReturnAfterMain(t *testing.T) {
	l, _ := virtualLoop(t)
	ran := false
	l.Stop()
	require.NoError(t, l.Run(func() { l.SetImmediate(func() { ran = true }) }))
	assert.False(t, ran, "as uv_stop before uv_run: the loop does not iterate")
	require.NoError(t, l.Run(nil))
	assert.True(t, ran, "Run forgot the Stop when it returned")
}

func TestTimersOfAnyDurationAreHonoured(t *testing.T) {
	tests := []struct {
		name string
		set  func(l *loop.Loop, fn func()) *loop.Timer
	}{
		{"a timeout of MaxInt64", func(l *loop.Loop, fn func()) *loop.Timer { return l.SetTimeout(fn, math.MaxInt64) }},
		{"an interval of MaxInt64", func(l *loop.Loop, fn func()) *loop.Timer { return l.SetInterval(fn, math.MaxInt64) }},
		{"a timeout of MaxInt64-1", func(l *loop.Loop, fn func()) *loop.Timer { return l.SetTimeout(fn, math.MaxInt64-1) }},
		{"a timeout of 200 years", func(l *loop.Loop, fn func()) *loop.Timer { return l.SetTimeout(fn, 200*365*24*time.Hour) }},
	}
	for _, tc := range tests {
		t.Run(tc.name+" does not fire early", func(t *testing.T) {
			s := newStepLoop(t)
			fired := 0
			var tm *loop.Timer
			s.start(func() { tm = tc.set(s.Loop, func() { fired++ }) })
			s.at(time.Nanosecond)
			s.at(time.Hour)
			s.at(100 * 365 * 24 * time.Hour)
			assert.Zero(t, fired)
			assert.True(t, tm.Pending())
			r := s.Report()
			require.Len(t, r.Items, 1)
			assert.Greater(t, r.Items[0].Due, 50*365*24*time.Hour, "it is due far in the future, not in the past")
			tm.Close()
		})
	}
	t.Run("a refreshed timer of MaxInt64 and an interval re-armed near the end of time saturate", func(t *testing.T) {
		s := newStepLoop(t)
		runs := 0
		var iv *loop.Timer
		s.start(func() {
			iv = s.SetInterval(func() { runs++ }, 100*365*24*time.Hour)
			s.SetTimeout(func() {}, math.MaxInt64).Refresh()
		})
		s.at(100 * 365 * 24 * time.Hour)
		assert.Equal(t, 1, runs)
		s.at(100 * 365 * 24 * time.Hour) // the next run would be due past MaxInt64 ns
		s.at(time.Hour)
		assert.Equal(t, 2, runs, "re-armed once per period, never in a burst")
		iv.Close()
	})
}
