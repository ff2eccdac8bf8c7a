package loop_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/internal/nodetest"
)

// The ordering tests hold the loop to Node. Each scenario is a script,
// testdata/order/NAME.js, with the exact output of `node NAME.js` beside it
// in NAME.out, and a Go twin below that does the same on a loop and traces
// the same lines. TestOrderMatchesNode runs the twins against the .out
// files; TestOrderScriptsStillPrintTheirOutput reruns node, so anyone can
// see where the .out files come from. To add a scenario, write the script,
// generate its output with `node NAME.js > NAME.out` (never by hand), and
// add its twin to orderScenarios.
//
// Every script logs "exit" from process.on('exit'); the harness logs it
// when Run returns, so each trace also says when the loop ended.
//
// The twins run in virtual time (a ManualClock with auto-advance), so they
// are exact. Where a script busy-waits to make Node deterministic, its twin
// advances the clock by the same amount instead (scene.busy). The scripts
// run in real time on a machine that may be busy, so they avoid Node's
// known races (a 0 ms timeout against an immediate in the main module),
// and each is built so that a late wake-up cannot reorder it, or, where
// the order rests on real time, leaves Node 50 ms of slack.

const orderDir = "testdata/order"

// orderScenario is one script of testdata/order and its Go twin.
type orderScenario struct {
	// name is the script's base name, NAME of NAME.js and NAME.out; it is
	// a sentence saying what the scenario shows, and the subtest's name.
	name string
	// main is the twin of the script's main module.
	main func(s *scene)
	// uncaught installs a panic handler that logs "uncaught VALUE", the
	// twin of the script's process.on('uncaughtException') listener.
	uncaught bool
}

// scene is what a twin works with: the loop, its virtual clock, and the
// trace.
type scene struct {
	l     *loop.Loop
	clk   *loop.ManualClock
	trace []string
}

// log appends a line to the trace, as the scripts' console.log.
func (s *scene) log(line string) { s.trace = append(s.trace, line) }

// busy stands for the scripts' busy-wait: the callback takes d of
// (virtual) time.
func (s *scene) busy(d time.Duration) { s.clk.Advance(d) }

// stat is the twin of fs.stat(__filename, cb): a file system call on the
// pool, whose callback runs in the poll phase.
func (s *scene) stat(done func(err error)) {
	loop.WorkOn(s.l, loop.KindFastIO,
		func() (os.FileInfo, error) { return os.Stat("order_test.go") },
		func(err error, _ os.FileInfo) { done(err) })
}

// statLine is the line the scripts log for a stat callback.
func statLine(name string, err error) string {
	if err != nil {
		return name + " error: " + err.Error()
	}
	return name
}

var orderScenarios = []orderScenario{
	{name: "the_ticks_of_an_immediate_that_threw_wait_for_the_next_immediate", uncaught: true, main: func(s *scene) {
		throwing := func(name string, throw bool) func() {
			return func() {
				s.l.NextTick(func() { s.log("tick from " + name) })
				s.log(name)
				if throw {
					panic(name)
				}
			}
		}
		s.l.SetImmediate(throwing("A", true))
		s.l.SetImmediate(throwing("B", true))
		s.l.SetImmediate(throwing("C", false))
		s.l.SetImmediate(func() { s.log("D") })
		s.l.SetImmediate(throwing("E", true))
	}},
	{name: "a_tick_queued_in_main_runs_before_an_immediate", main: func(s *scene) {
		s.l.SetImmediate(func() { s.log("immediate") })
		s.l.NextTick(func() { s.log("tick") })
		s.log("main")
	}},
	{name: "a_tick_queued_in_main_runs_before_a_timeout", main: func(s *scene) {
		s.l.SetTimeout(func() { s.log("timeout") }, 0)
		s.l.NextTick(func() { s.log("tick") })
		s.log("main")
	}},
	{name: "in_a_timeout_callback_a_tick_runs_first_then_an_immediate_then_a_0_ms_timeout", main: func(s *scene) {
		s.l.SetTimeout(func() {
			s.log("timeout1")
			s.l.SetTimeout(func() { s.log("timeout2") }, 0)
			s.l.SetImmediate(func() { s.log("immediate") })
			s.l.NextTick(func() { s.log("tick") })
		}, 0)
	}},
	{name: "in_a_pool_callback_an_immediate_runs_before_a_0_ms_timeout", main: func(s *scene) {
		s.stat(func(err error) {
			s.log(statLine("stat", err))
			s.l.SetTimeout(func() { s.log("timeout") }, 0)
			s.l.SetImmediate(func() { s.log("immediate") })
			s.l.NextTick(func() { s.log("tick") })
		})
	}},
	{name: "work_started_in_a_pool_callback_completes_after_the_immediates_set_with_it", main: func(s *scene) {
		s.stat(func(err error) {
			s.log(statLine("stat1", err))
			s.stat(func(err error) { s.log(statLine("stat2", err)) })
			s.l.SetImmediate(func() { s.log("immediate") })
		})
	}},
	{name: "a_tick_queued_by_a_tick_drains_before_the_next_immediate", main: func(s *scene) {
		s.l.SetImmediate(func() {
			s.log("immediate1")
			s.l.NextTick(func() {
				s.log("tick1")
				s.l.NextTick(func() { s.log("tick2") })
			})
		})
		s.l.SetImmediate(func() { s.log("immediate2") })
	}},
	{name: "ticks_run_between_timer_callbacks", main: func(s *scene) {
		s.l.SetTimeout(func() {
			s.log("timeout1")
			s.l.NextTick(func() { s.log("tick-in-timeout1") })
		}, 0)
		s.l.SetTimeout(func() { s.log("timeout2") }, 0)
	}},
	{name: "ticks_run_between_immediate_callbacks", main: func(s *scene) {
		s.l.SetImmediate(func() {
			s.log("immediate1")
			s.l.NextTick(func() { s.log("tick-in-immediate1") })
		})
		s.l.SetImmediate(func() { s.log("immediate2") })
	}},
	{name: "timeouts_with_equal_delays_run_in_insertion_order", main: func(s *scene) {
		s.l.SetTimeout(func() { s.log("a 1ms") }, time.Millisecond)
		s.l.SetTimeout(func() { s.log("b 0ms") }, 0)
		s.l.SetTimeout(func() { s.log("c -5ms") }, -5*time.Millisecond)
		s.l.SetTimeout(func() { s.log("d 10ms") }, 10*time.Millisecond)
		s.l.SetTimeout(func() { s.log("e 10ms") }, 10*time.Millisecond)
		s.l.SetTimeout(func() { s.log("f 10ms") }, 10*time.Millisecond)
	}},
	{name: "timeouts_with_different_delays_run_by_due_time", main: func(s *scene) {
		s.l.SetTimeout(func() { s.log("A100") }, 100*time.Millisecond)
		s.l.SetTimeout(func() { s.log("B50") }, 50*time.Millisecond)
		s.l.SetTimeout(func() { s.log("C100") }, 100*time.Millisecond)
		s.l.SetTimeout(func() { s.log("D50") }, 50*time.Millisecond)
	}},
	{name: "timeouts_due_together_run_in_the_order_they_were_set_across_delays", main: func(s *scene) {
		s.l.SetTimeout(func() { s.log("B15") }, 15*time.Millisecond)
		s.l.SetTimeout(func() {
			s.l.SetTimeout(func() { s.log("A10") }, 10*time.Millisecond)
		}, 5*time.Millisecond)
	}},
	{name: "a_timeout_cleared_by_an_earlier_timeout_in_the_same_batch_does_not_run", main: func(s *scene) {
		var b *loop.Timer
		s.l.SetTimeout(func() {
			s.log("a")
			s.l.ClearTimeout(b)
		}, 10*time.Millisecond)
		b = s.l.SetTimeout(func() { s.log("b") }, 10*time.Millisecond)
		s.l.SetTimeout(func() { s.log("c") }, 10*time.Millisecond)
	}},
	{name: "an_interval_cleared_in_its_own_callback_after_three_runs_stops", main: func(s *scene) {
		n := 0
		var iv *loop.Timer
		iv = s.l.SetInterval(func() {
			n++
			s.log("interval " + strconv.Itoa(n))
			if n == 3 {
				s.l.ClearInterval(iv)
			}
		}, 10*time.Millisecond)
	}},
	{name: "an_interval_cleared_by_a_timeout_stops", main: func(s *scene) {
		n := 0
		iv := s.l.SetInterval(func() {
			n++
			s.log("interval " + strconv.Itoa(n))
		}, 20*time.Millisecond)
		s.l.SetTimeout(func() {
			s.l.ClearInterval(iv)
			s.log("cleared")
		}, 30*time.Millisecond)
	}},
	{name: "clear_timeout_and_clear_interval_are_interchangeable", main: func(s *scene) {
		n := 0
		var iv *loop.Timer
		iv = s.l.SetInterval(func() {
			n++
			s.log("interval " + strconv.Itoa(n))
			if n == 2 {
				s.l.ClearTimeout(iv)
			}
		}, 10*time.Millisecond)
		t := s.l.SetTimeout(func() { s.log("timeout") }, 5*time.Millisecond)
		s.l.ClearInterval(t)
	}},
	{name: "a_timeout_unrefd_and_refd_again_keeps_the_loop_alive", main: func(s *scene) {
		t := s.l.SetTimeout(func() { s.log("timeout") }, 10*time.Millisecond)
		t.Unref()
		t.Unref()
		s.log("hasRef " + strconv.FormatBool(t.HasRef()))
		t.Ref()
		s.log("hasRef " + strconv.FormatBool(t.HasRef()))
	}},
	{name: "an_unrefd_interval_does_not_keep_the_loop_alive", main: func(s *scene) {
		s.l.SetInterval(func() { s.log("interval") }, time.Hour).Unref()
		s.l.SetTimeout(func() { s.log("timeout") }, 10*time.Millisecond)
	}},
	{name: "an_unrefd_interval_fires_while_a_refd_timeout_keeps_the_loop_alive", main: func(s *scene) {
		s.l.SetInterval(func() { s.log("interval") }, 100*time.Millisecond).Unref()
		s.l.SetTimeout(func() { s.log("timeout") }, 150*time.Millisecond)
	}},
	{name: "an_unrefd_immediate_alone_does_not_run", main: func(s *scene) {
		s.l.SetImmediate(func() { s.log("immediate") }).Unref()
		s.log("main")
	}},
	{name: "an_unrefd_immediate_runs_when_a_timer_keeps_the_loop_alive", main: func(s *scene) {
		s.l.SetImmediate(func() { s.log("immediate") }).Unref()
		s.l.SetTimeout(func() { s.log("timeout") }, 50*time.Millisecond)
	}},
	{name: "a_refreshed_timeout_restarts_its_countdown", main: func(s *scene) {
		t := s.l.SetTimeout(func() { s.log("timeout100") }, 100*time.Millisecond)
		s.l.SetTimeout(func() { s.log("timeout130") }, 130*time.Millisecond)
		s.l.SetTimeout(func() {
			s.log("refresh")
			t.Refresh()
		}, 50*time.Millisecond)
	}},
	{name: "refreshing_a_fired_timeout_schedules_it_again", main: func(s *scene) {
		n := 0
		t := s.l.SetTimeout(func() {
			n++
			s.log("timeout run " + strconv.Itoa(n))
		}, 10*time.Millisecond)
		s.l.SetTimeout(func() {
			s.log("refresh")
			t.Refresh()
		}, 20*time.Millisecond)
	}},
	{name: "clearing_a_fired_timeout_is_harmless", main: func(s *scene) {
		t := s.l.SetTimeout(func() { s.log("timeout") }, 10*time.Millisecond)
		s.l.SetTimeout(func() {
			s.l.ClearTimeout(t)
			s.l.ClearTimeout(t)
			s.l.ClearTimeout(nil)
			s.log("cleared")
			s.l.SetTimeout(func() { s.log("after") }, 10*time.Millisecond)
		}, 20*time.Millisecond)
	}},
	{name: "an_immediate_cleared_by_an_earlier_immediate_does_not_run", main: func(s *scene) {
		var b *loop.Immediate
		s.l.SetImmediate(func() {
			s.log("immediate1")
			s.l.ClearImmediate(b)
		})
		b = s.l.SetImmediate(func() { s.log("immediate2") })
		s.l.SetImmediate(func() { s.log("immediate3") })
	}},
	{name: "in_an_immediate_a_nested_immediate_waits_for_the_timers_of_the_same_iteration", main: func(s *scene) {
		s.l.SetImmediate(func() {
			s.log("immediate")
			s.l.SetImmediate(func() { s.log("nested immediate") })
			s.l.SetTimeout(func() { s.log("timeout") }, 0)
			s.busy(3 * time.Millisecond)
		})
	}},
	{name: "a_timeout_due_before_the_loop_starts_runs_before_an_immediate_set_in_main", main: func(s *scene) {
		s.l.SetTimeout(func() { s.log("timeout") }, 0)
		s.l.SetImmediate(func() { s.log("immediate") })
		s.busy(5 * time.Millisecond)
	}},
	{
		name: "a_timeout_counts_from_when_it_is_set_not_from_the_start_of_the_callback",
		main: func(s *scene) {
			s.l.SetImmediate(func() {
				s.log("immediate")
				s.busy(60 * time.Millisecond)
				s.l.SetTimeout(func() { s.log("timeout") }, 50*time.Millisecond)
				s.l.SetImmediate(func() { s.log("nested immediate") })
			})
		},
	},
	{
		name: "an_interval_is_rearmed_from_the_start_of_its_own_callback",
		main: func(s *scene) {
			s.l.SetTimeout(func() { s.log("C") }, 70*time.Millisecond)
			s.l.SetTimeout(func() {
				s.log("A")
				s.busy(40 * time.Millisecond)
			}, 20*time.Millisecond)
			n := 0
			var iv *loop.Timer
			iv = s.l.SetInterval(func() {
				n++
				s.log("B" + strconv.Itoa(n))
				if n == 2 {
					s.l.ClearInterval(iv)
				}
			}, 20*time.Millisecond)
		},
	},
}

// runTwin runs a twin on a fresh loop in virtual time and returns its
// trace, ending with "exit" when Run returned.
func runTwin(t *testing.T, sc orderScenario) []string {
	t.Helper()
	clk := loop.NewManualClock(time.Unix(0, 0))
	clk.SetAutoAdvance(true)
	s := &scene{clk: clk}
	opts := []loop.Option{loop.WithClock(clk)}
	if sc.uncaught {
		opts = append(opts, loop.WithPanicHandler(func(p *loop.PanicError) { s.log(fmt.Sprint("uncaught ", p.Value)) }))
	}
	l, err := loop.New(opts...)
	require.NoError(t, err)
	s.l = l
	t.Cleanup(func() { assert.NoError(t, l.Close()) })

	// A twin that never lets Run return would hang the test binary, so a
	// watchdog stops the loop after far longer than any twin takes (they
	// take microseconds). It guards against a bug; correctness does not
	// depend on it.
	watchdog := time.AfterFunc(10*time.Second, func() {
		_ = l.Post(func() {
			s.log("watchdog: Run did not return within 10s")
			l.Stop()
		})
	})
	defer watchdog.Stop()

	require.NoError(t, l.Run(func() { sc.main(s) }))
	s.log("exit")
	return s.trace
}

// readOut returns the lines node printed for scenario name.
func readOut(t *testing.T, name string) []string { return nodetest.Lines(t, orderDir, name) }

// TestOrderMatchesNode runs each scenario's twin and requires its trace to
// be what node printed for the script.
func TestOrderMatchesNode(t *testing.T) {
	for _, sc := range orderScenarios {
		t.Run(sc.name, func(t *testing.T) {
			want := readOut(t, sc.name)
			got := runTwin(t, sc)
			assert.Equal(t, want, got)
		})
	}
}

// TestOrderEveryScriptHasATwin keeps testdata/order and orderScenarios in
// step: every script has its output and a twin, and every twin a script.
func TestOrderEveryScriptHasATwin(t *testing.T) {
	var twins []string
	for _, sc := range orderScenarios {
		twins = append(twins, sc.name)
	}
	nodetest.CheckTwins(t, orderDir, twins)
}

// TestOrderScriptsStillPrintTheirOutput reruns node on every script and
// checks that it still prints the .out beside it, so the expectations of
// TestOrderMatchesNode come from Node and not from anyone's memory of it.
func TestOrderScriptsStillPrintTheirOutput(t *testing.T) { nodetest.RerunAll(t, orderDir) }
