package cb

import (
	"strconv"

	"github.com/errfirst/loop"
)

// run is the state of one collection combinator call: n items, at most
// limit of them in flight. It is the engine of Each, Map, Filter, Detect,
// Series, Parallel and the rest, after async.js's eachOfLimit, and it keeps
// that function's two defences, plus one:
//
//   - replenish starts items in a loop, and a callback that arrives while
//     that loop runs (a task that called back synchronously) only updates
//     the counts: it never starts the next item itself, so a million
//     synchronous tasks use no more stack than one.
//   - after the final callback, late callbacks are ignored.
//   - the final callback never runs inside the combinator call (async.js
//     calls it synchronously for an empty input or synchronous tasks): it
//     is deferred with NextTick, which costs a closure, only in that case.
//
// Each item's callback is a closure over (run, index); a bitset of called
// items catches a second call. That closure is the one allocation per
// item: a callback must be a distinct func value for a second call to be
// told apart from the next item's first.
type run struct {
	impl    runner
	name    string // the exported function, for messages
	n       int
	limit   int
	next    int // items started
	running int // items started whose callback has not been called
	left    int // items whose callback has not been called
	looping bool
	inCall  bool
	over    bool // the final callback has run, or is scheduled
	called  []uint64
	small   [1]uint64 // called, for up to 64 items
	l       *loop.Loop

	// TrackCallbacks only.
	tr    *tracker
	seq   uint64
	site  string
	calls int
}

// runner is what a typed combinator adds to run.
type runner interface {
	start(i int)      // call the user's function for item i, with its callback
	finish(err error) // call the final callback
	fnOf(i int) any   // the user's function for item i, for messages
	what() string     // what an item is called in messages: "item", "task"
}

// begin starts the run: impl is the typed combinator that embeds r.
func (r *run) begin(impl runner, name string, n, limit int) {
	r.impl, r.name, r.n, r.limit, r.left = impl, name, n, limit, n
	if n <= 64 {
		r.called = r.small[:]
	} else {
		r.called = make([]uint64, (n+63)/64)
	}
	if tr, l := trackCurrent(); tr != nil {
		r.l, r.tr, r.site = l, tr, callerSite()
		r.seq = tr.add(r)
	}
	r.inCall = true
	if n == 0 {
		r.end(nil)
	} else {
		r.replenish()
	}
	r.inCall = false
}

func (r *run) replenish() {
	r.looping = true
	for r.running < r.limit && r.next < r.n && !r.over {
		i := r.next
		r.next++
		r.running++
		r.impl.start(i)
	}
	r.looping = false
}

// mark records that item i's callback was called, panicking if it had
// been, and reports whether the run still wants the result.
func (r *run) mark(i int) bool {
	w, b := i>>6, uint64(1)<<(uint(i)&63)
	if r.called[w]&b != 0 {
		calledTwice(r.name, r.impl.what()+" "+strconv.Itoa(i), r.impl.fnOf(i), r.site)
	}
	r.called[w] |= b
	if r.tr != nil {
		r.calls++
		r.untrackIfDone()
	}
	return !r.over
}

// complete counts item's completion, after mark returned true.
func (r *run) complete(err error) {
	r.running--
	r.left--
	switch {
	case err != nil:
		r.end(err)
	case r.left == 0:
		r.end(nil)
	case !r.looping:
		r.replenish()
	}
}

// stop ends the run early with success, as async.js's breakLoop (Detect,
// Some, Every), after mark returned true.
func (r *run) stop() {
	r.running--
	r.left--
	r.end(nil)
}

func (r *run) end(err error) {
	r.over = true
	if r.tr != nil {
		r.untrackIfDone()
	}
	if r.inCall {
		r.loop().NextTick(func() { r.impl.finish(err) })
		return
	}
	r.impl.finish(err)
}

func (r *run) loop() *loop.Loop {
	if r.l == nil {
		r.l = current()
	}
	return r.l
}

func (r *run) untrackIfDone() {
	if r.over && r.calls == r.next {
		r.tr.remove(r)
	}
}

func (r *run) trackSeq() uint64 { return r.seq }

func (r *run) outstanding(out []Outstanding) []Outstanding {
	for i := 0; i < r.next; i++ {
		if r.called[i>>6]&(uint64(1)<<(uint(i)&63)) == 0 {
			out = append(out, Outstanding{
				Func: r.name,
				What: r.impl.what() + " " + strconv.Itoa(i),
				Site: r.site,
				Fn:   funcSite(r.impl.fnOf(i)),
			})
		}
	}
	return out
}

// defer1 calls fn(err, v) now, or in a NextTick when inCall says the
// combinator call has not returned yet: the rule that a final callback
// never runs inside the call that registered it, for the combinators that
// are not a run.
func defer1[T any](l **loop.Loop, inCall bool, fn Callback[T], err error, v T) {
	if !inCall {
		fn(err, v)
		return
	}
	if *l == nil {
		*l = current()
	}
	(*l).NextTick(func() { fn(err, v) })
}
