package cb

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/errfirst/loop"
)

// Outstanding is a callback that package cb handed out and that has not
// been called yet: the callback of a task, an iteratee or a worker, or a job
// waiting in a paused queue, as NeverCalled lists them.
type Outstanding struct {
	Func string // the combinator or queue: "Parallel", "EachLimit", "Queue"
	What string // which callback: "task 2", "item 7", "job 12"
	Site string // where the combinator was called or the queue made, as file:line
	Fn   string // the function the callback was given to, and where it is defined
}

// String formats o on one line.
func (o Outstanding) String() string {
	s := o.Func + ": the callback of " + o.What + " was never called"
	if o.Fn != "" {
		s += "; it was given to " + o.Fn
	}
	if o.Site != "" {
		s += "; " + o.Func + " was called at " + o.Site
	}
	return s
}

// TrackCallbacks makes package cb record, for loop l, every callback it
// hands out (to tasks, iteratees and queue workers) until it is called, with
// where the combinator was called, so that NeverCalled can list those that
// never were: the usual reason why a Run returned without a final callback
// having run, or never returns. Call it before the combinators run, on the
// loop goroutine or before Run; it is idempotent.
//
// Recording costs a stack walk per combinator call and a little bookkeeping
// per callback, on l only. Without TrackCallbacks nothing is recorded: a
// combinator checks one atomic counter, which is zero while no loop in the
// process is tracked.
//
// The callbacks never called also appear in l's Report (kind
// "cb.callback"), so a loop made with loop.WithReportOnReturn reports them
// when Run returns; or check explicitly after Run with NeverCalled or
// CheckCallbacks.
func TrackCallbacks(l *loop.Loop) {
	if l == nil {
		panic("cb: TrackCallbacks called with a nil *loop.Loop")
	}
	wp := weak.Make(l)
	if _, loaded := trackers.LoadOrStore(wp, &tracker{live: map[tracked]struct{}{}}); loaded {
		return
	}
	l.AddReportSource(func() []loop.ReportItem {
		var items []loop.ReportItem
		for _, o := range NeverCalled(l) {
			items = append(items, loop.ReportItem{Kind: "cb.callback of " + o.Func + " " + o.What, Site: o.Site})
		}
		return items
	})
	nTracked.Add(1)
	// The tracker does not keep the loop alive: when the loop is collected,
	// so is its entry.
	runtime.AddCleanup(l, func(wp weak.Pointer[loop.Loop]) {
		trackers.Delete(wp)
		nTracked.Add(-1)
	}, wp)
}

// NeverCalled returns the callbacks that package cb handed out on l and
// that were not called (yet), in the order the combinators were called, or
// nil if there are none or l is not tracked (see TrackCallbacks). Call it on
// the loop goroutine, or while the loop is not running: after Run returns.
func NeverCalled(l *loop.Loop) []Outstanding {
	tr := trackerOf(l)
	if tr == nil {
		return nil
	}
	live := make([]tracked, 0, len(tr.live))
	for t := range tr.live {
		live = append(live, t)
	}
	sort.Slice(live, func(i, j int) bool { return live[i].trackSeq() < live[j].trackSeq() })
	var out []Outstanding
	for _, t := range live {
		out = t.outstanding(out)
	}
	return out
}

// CheckCallbacks returns nil if NeverCalled(l) is empty, or else an error
// wrapping ErrNeverCalled (code ERR_CB_NEVER_CALLED) that lists the
// callbacks, one a line. It is the one-line check for the end of a test:
//
//	cb.TrackCallbacks(l)
//	err := l.Run(main)
//	require.NoError(t, err)
//	require.NoError(t, cb.CheckCallbacks(l))
func CheckCallbacks(l *loop.Loop) error {
	out := NeverCalled(l)
	if len(out) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cb: %d callback(s) never called:", len(out))
	for _, o := range out {
		b.WriteString("\n\t")
		b.WriteString(o.String())
	}
	return loop.WrapError("ERR_CB_NEVER_CALLED", b.String(), ErrNeverCalled)
}

var (
	// nTracked counts the tracked loops in the process: while it is zero,
	// which is the normal case, a combinator pays one atomic load.
	nTracked atomic.Int32
	trackers sync.Map // weak.Pointer[loop.Loop] -> *tracker
)

// tracker holds the combinator runs of one loop that have callbacks out.
// It is used on the loop goroutine only.
type tracker struct {
	live map[tracked]struct{}
	seq  uint64
}

// tracked is a combinator run, or a queue, that can list its outstanding
// callbacks.
type tracked interface {
	trackSeq() uint64
	outstanding(out []Outstanding) []Outstanding
}

// trackerOf returns l's tracker, or nil when l is not tracked.
func trackerOf(l *loop.Loop) *tracker {
	if nTracked.Load() == 0 || l == nil {
		return nil
	}
	if v, ok := trackers.Load(weak.Make(l)); ok {
		return v.(*tracker)
	}
	return nil
}

// trackCurrent returns the tracker of the loop the caller runs on, and that
// loop, or nil and nil when nothing is tracked.
func trackCurrent() (*tracker, *loop.Loop) {
	if nTracked.Load() == 0 {
		return nil, nil
	}
	l := current()
	return trackerOf(l), l
}

func (tr *tracker) add(t tracked) uint64 {
	tr.seq++
	tr.live[t] = struct{}{}
	return tr.seq
}

func (tr *tracker) remove(t tracked) { delete(tr.live, t) }
