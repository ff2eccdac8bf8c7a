package loop

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/errfirst/loop/internal/timerheap"
)

// Report lists what the loop holds: each timer, immediate, handle, pending
// request and pending operation of a handle, whether it keeps the loop
// alive, and where it was created when the loop records creation sites
// (WithCreationSites). A Run that never returns is explained by the items
// whose Ref is true.
type Report struct {
	Items []ReportItem
}

// ReportItem is one thing a loop holds.
type ReportItem struct {
	Kind string        // "timeout", "interval", "immediate", "work(CPU)", a handle's kind ("tcp"), or an op's ("tcp:read")
	Ref  bool          // it keeps the loop alive
	Due  time.Duration // for timers: how long until it is due, from the loop's time
	Site string        // "file:line" where it was created, or ""
}

// Alive reports whether anything in the report keeps the loop alive.
func (r Report) Alive() bool {
	for _, it := range r.Items {
		if it.Ref {
			return true
		}
	}
	return false
}

// String formats the report, one item a line, those keeping the loop
// alive first.
func (r Report) String() string {
	var b strings.Builder
	n := 0
	for _, it := range r.Items {
		if it.Ref {
			n++
		}
	}
	fmt.Fprintf(&b, "%d item(s) keep the loop alive", n)
	for _, ref := range []bool{true, false} {
		for _, it := range r.Items {
			if it.Ref != ref {
				continue
			}
			b.WriteString("\n  ")
			b.WriteString(it.Kind)
			if it.Kind == "timeout" || it.Kind == "interval" {
				fmt.Fprintf(&b, " due in %v", it.Due.Round(time.Millisecond))
			}
			if !it.Ref {
				b.WriteString(" (unref'd)")
			}
			if it.Site != "" {
				b.WriteString(" created at ")
				b.WriteString(it.Site)
			}
		}
	}
	return b.String()
}

// Report returns what the loop holds now. Call it on the loop goroutine,
// or while the loop is not running.
func (l *Loop) Report() Report {
	var r Report
	site := func(k any) string {
		if l.sites == nil {
			return ""
		}
		return l.sites[k]
	}
	l.timers.Each(func(n *timerheap.Node[*Timer], due int64) {
		t := n.Value
		kind := "timeout"
		if t.repeat {
			kind = "interval"
		}
		r.Items = append(r.Items, ReportItem{Kind: kind, Ref: t.refd, Due: time.Duration(due - l.now), Site: site(t)})
	})
	if t := l.firing; t != nil && t.state == timerRunning {
		r.Items = append(r.Items, ReportItem{Kind: "interval", Ref: t.refd, Due: t.dur, Site: site(t)})
	}
	slices.SortStableFunc(r.Items, func(a, b ReportItem) int { return cmp.Compare(a.Due, b.Due) })
	for _, im := range l.immediates {
		if im.fn != nil {
			r.Items = append(r.Items, ReportItem{Kind: "immediate", Ref: im.refd, Site: site(im)})
		}
	}
	for q := l.requests.head; q != nil; q = q.ln.next {
		r.Items = append(r.Items, ReportItem{Kind: "work(" + q.kind.String() + ")", Ref: true, Site: site(q)})
	}
	for _, src := range l.sources {
		r.Items = append(r.Items, src()...)
	}
	for h := l.handles.head; h != nil; h = h.ln.next {
		if h.active || h.closing {
			r.Items = append(r.Items, ReportItem{Kind: h.kind, Ref: h.closing || h.refd, Site: site(h)})
		}
		for o := h.ops.head; o != nil; o = o.ln.next {
			ref := o.live == KeepAlive || (o.live == FollowHandle && h.refd && !h.closing)
			r.Items = append(r.Items, ReportItem{Kind: h.kind + ":" + o.name, Ref: ref, Site: site(o)})
		}
	}
	return r
}

// recordSite remembers where obj was created: the first caller outside the
// library's own packages.
func (l *Loop) recordSite(obj any) {
	pcs := make([]uintptr, 16)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !isLibraryFrame(f) {
			l.sites[obj] = fmt.Sprintf("%s:%d", f.File, f.Line)
			return
		}
		if !more {
			return
		}
	}
}

const modulePath = "github.com/errfirst/loop"

// isLibraryFrame reports whether f is in one of the library's packages
// (not a test, example or user package).
func isLibraryFrame(f runtime.Frame) bool {
	if strings.HasSuffix(f.File, "_test.go") {
		return false
	}
	fn := f.Function
	if !strings.HasPrefix(fn, modulePath) {
		return false
	}
	rest := fn[len(modulePath):]
	// rest is ".Func" for the root package, or "/pkg.Func".
	if strings.HasPrefix(rest, ".") {
		return true
	}
	for _, p := range []string{"/timer.", "/fs.", "/net.", "/stream.", "/cb.", "/internal/"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// AddReportSource adds fn's items to every Report of l: a package built on
// the loop lists there what it holds that the loop cannot see, such as the
// callbacks package cb handed out and that were never called. The items
// only inform: they do not change whether the loop is alive. fn runs on
// the goroutine that calls Report. Call it on the loop goroutine, or before
// Run.
func (l *Loop) AddReportSource(fn func() []ReportItem) {
	if fn == nil {
		panic("loop: AddReportSource called with nil func")
	}
	l.sources = append(l.sources, fn)
}

// reportOnReturn calls the WithReportOnReturn function with the loop's
// report, if anything is left in it, as Run returns.
func (l *Loop) reportOnReturn(fn func(Report)) {
	if r := l.Report(); len(r.Items) > 0 {
		fn(r)
	}
}
