package pool

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{CPU: "CPU", FastIO: "FastIO", SlowIO: "SlowIO", 7: "Kind(7)"} {
		assert.Equal(t, want, k.String())
	}
}

func TestCapsFor(t *testing.T) {
	tests := []struct {
		workers int
		want    [numKinds]int // CPU, FastIO, SlowIO
	}{
		{1, [numKinds]int{1, 1, 1}},
		{2, [numKinds]int{1, 2, 1}},
		{3, [numKinds]int{2, 3, 2}},
		{4, [numKinds]int{3, 4, 2}},
		{5, [numKinds]int{4, 5, 3}},
		{1024, [numKinds]int{1023, 1024, 512}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d workers", tt.workers), func(t *testing.T) {
			assert.Equal(t, tt.want, capsFor(tt.workers))
		})
	}
}

func TestTasksOfOneKindRunInSubmissionOrder(t *testing.T) {
	for _, kind := range []Kind{CPU, FastIO, SlowIO} {
		t.Run(kind.String(), func(t *testing.T) {
			p := New(1)
			defer p.Stop()
			started, release := make(chan int), make(chan struct{})
			blocker := &testJob{id: -1, started: started, release: release}
			p.Submit(&blocker.Task, kind, blocker)
			<-started

			done := make(chan int, 5)
			for _, j := range newJobs(5, nil, nil, done) {
				p.Submit(&j.Task, kind, j)
			}
			close(release)
			assert.Equal(t, []int{0, 1, 2, 3, 4}, receive(done, 5))
		})
	}
}

func TestFreeWorkerRotatesOverKinds(t *testing.T) {
	type sub struct {
		kind Kind
		id   int
	}
	tests := []struct {
		name    string
		blocker Kind // runs first, so the rotation resumes after it
		subs    []sub
		want    []int
	}{
		{
			name:    "three kinds with equal backlogs alternate",
			blocker: FastIO,
			subs: []sub{
				{CPU, 0}, {CPU, 1}, {CPU, 2},
				{FastIO, 10}, {FastIO, 11}, {FastIO, 12},
				{SlowIO, 20}, {SlowIO, 21}, {SlowIO, 22},
			},
			want: []int{20, 0, 10, 21, 1, 11, 22, 2, 12},
		},
		{
			name:    "a kind with no work is skipped",
			blocker: SlowIO,
			subs:    []sub{{SlowIO, 20}, {SlowIO, 21}, {FastIO, 10}, {FastIO, 11}},
			want:    []int{10, 20, 11, 21},
		},
		{
			name:    "the longest backlog runs alone once the others drain",
			blocker: CPU,
			subs:    []sub{{CPU, 0}, {CPU, 1}, {CPU, 2}, {CPU, 3}, {SlowIO, 20}},
			want:    []int{20, 0, 1, 2, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(1)
			defer p.Stop()
			started, release := make(chan int), make(chan struct{})
			blocker := &testJob{id: -1, started: started, release: release}
			p.Submit(&blocker.Task, tt.blocker, blocker)
			<-started

			done := make(chan int, len(tt.subs))
			for _, s := range tt.subs {
				j := &testJob{id: s.id, done: done}
				p.Submit(&j.Task, s.kind, j)
			}
			close(release)
			assert.Equal(t, tt.want, receive(done, len(tt.want)))
		})
	}
}

func TestKindNeverGoesOverItsCap(t *testing.T) {
	tests := []struct {
		workers int
		kind    Kind
		cap     int
	}{
		{1, SlowIO, 1},
		{2, SlowIO, 1},
		{3, SlowIO, 2},
		{4, SlowIO, 2},
		{5, SlowIO, 3},
		{8, SlowIO, 4},
		{1, CPU, 1},
		{2, CPU, 1},
		{4, CPU, 3},
		{3, FastIO, 3},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%v holds at most %d of %d workers", tt.kind, tt.cap, tt.workers)
		if tt.cap < tt.workers {
			name += " and the other kinds still run"
		}
		t.Run(name, func(t *testing.T) {
			p := New(tt.workers)
			defer p.Stop()
			total := 2*tt.workers + 1
			started, release, done := make(chan int, total), make(chan struct{}), make(chan int, total)
			g := new(gauge)
			for _, j := range newJobs(total, started, release, done) {
				j.gauge = g
				p.Submit(&j.Task, tt.kind, j)
			}
			receive(started, tt.cap)

			// The kind is at its cap, so the rest stay queued: the pool
			// never parks a worker while a queued task may start.
			s := p.Stats()
			assert.Equal(t, tt.cap, s.Running[tt.kind])
			assert.Equal(t, total-tt.cap, s.Queued[tt.kind])
			assert.Equal(t, tt.cap, s.Busy)
			assert.Equal(t, tt.cap, s.Workers, "workers start only for tasks that may run")

			if tt.cap < tt.workers {
				// nodejs/node#8436: blocked lookups must not hold fs back.
				others := make(chan int, 6)
				for i, k := range []Kind{CPU, FastIO, SlowIO, CPU, FastIO, SlowIO} {
					if k == tt.kind {
						continue
					}
					j := &testJob{id: 100 + i, done: others}
					p.Submit(&j.Task, k, j)
				}
				receive(others, 4)
			}

			close(release)
			receive(done, total)
			assert.Equal(t, int64(tt.cap), g.peak.Load())
		})
	}
}
