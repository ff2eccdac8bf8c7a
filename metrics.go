package loop

import "time"

// Phase is a part of a loop iteration, or a place callbacks run from, for
// Metrics.
type Phase uint8

const (
	PhaseMain    Phase = iota // the main function given to Run
	PhaseTicks                // NextTick callbacks, wherever they drain
	PhasePending              // deferred callbacks (canceled requests)
	PhasePoll                 // finished requests and Posts
	PhaseCheck                // immediates
	PhaseClose                // close callbacks
	PhaseTimers               // timers
	NumPhases
)

var phaseNames = [NumPhases]string{"main", "ticks", "pending", "poll", "check", "close", "timers"}

func (p Phase) String() string {
	if p < NumPhases {
		return phaseNames[p]
	}
	return "Phase(?)"
}

// Metrics describes a loop's work so far, as libuv's uv_metrics_info and
// uv_metrics_idle_time and Node's event-loop utilization do.
type Metrics struct {
	Iterations uint64            // loop iterations started
	Callbacks  [NumPhases]uint64 // callbacks run, by phase
	IdleTime   time.Duration     // time blocked in poll waiting for work
	RunTime    time.Duration     // time spent inside Run, RunOnce and RunNoWait
	Queued     int               // completions waiting in the completion queue
	Requests   int               // pending requests (pool work)
	Ops        int               // pending operations of handles (Op)
	Goroutines int               // goroutines of handles (HandleControl.Go) alive
	Pool       PoolMetrics       // the worker pool, now
}

// PoolMetrics is a snapshot of a loop's worker pool.
type PoolMetrics struct {
	Workers int           // worker goroutines alive
	Busy    int           // workers running a job
	Queued  [NumKinds]int // jobs waiting, indexed by Kind
}

// Metrics returns the loop's metrics. Call it on the loop goroutine, or
// while the loop is not running.
func (l *Loop) Metrics() Metrics {
	m := l.metrics
	if l.running {
		m.RunTime += time.Since(l.runFrom)
	}
	m.Queued = l.cq.Len()
	m.Requests = l.requests.n
	for h := l.handles.head; h != nil; h = h.ln.next {
		m.Ops += h.ops.n
	}
	m.Goroutines = l.gos.count()
	if l.pool != nil {
		s := l.pool.Stats()
		m.Pool = PoolMetrics{Workers: s.Workers, Busy: s.Busy, Queued: s.Queued}
	}
	return m
}

// Utilization returns the share of run time the loop spent running
// callbacks rather than waiting in poll, between prev (an earlier Metrics
// of the same loop, or the zero Metrics) and m, as Node's
// performance.eventLoopUtilization. It is 0 when no time passed.
func (m Metrics) Utilization(prev Metrics) float64 {
	run := m.RunTime - prev.RunTime
	if run <= 0 {
		return 0
	}
	idle := m.IdleTime - prev.IdleTime
	return 1 - float64(idle)/float64(run)
}
