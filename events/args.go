package events

import (
	"runtime"
	"unsafe"
)

// This file holds the copies of Emit's arguments that listeners receive.
//
// Why copy: passing args itself to the listeners (unknown funcs) makes every
// caller allocate the variadic slice on the heap, and on this project's
// machines that allocation cost more than the rest of an Emit (28 ns of 32).
// Copying into slots carved from a slab lets the caller's slice stay on its
// stack, and costs one allocation per slab. Slots are never reused, so a
// listener may keep its args (a capped slice: appending to it copies); the
// price is that a slab keeps the earlier arguments it holds reachable as long
// as the emitter holds the slab.
//
// Why the emitter drops its slab at each garbage collection: that bounds the
// price by time rather than by slab size. The first version kept slabs of 16
// until full, so a socket that emitted 64 KiB chunks to an untyped listener
// and then went quiet held up to 15 of them for good; slabs of 255 kept until
// full would hold up to 254 (16 MiB). Now a slab is dropped by the cleanup of
// a marker object allocated with it (see newArgSlab), which runs after the
// next collection, so an argument that no listener kept is collected a cycle
// or two after its Emit, whatever the slab size; and the size could grow to
// 255. Measured on the 2-core development VM, a pointer-argument Emit to one
// untyped listener (BenchmarkEmit, best of 7 alternating runs): 12.7 ns with
// slabs of 16, 10.8 with 255 kept until full, 11.3 with 255 dropped at each
// collection. In bench/emit against Node (medians of 5 alternating rounds):
// -arg=pointer 0.69x, 0.75x, 0.75x; a []byte argument 0.27x, 0.30x, 0.29x.
// The gain is ~10%, not the 16-fold cut in allocations, because a slab costs
// mostly per byte (zeroing it, collecting it), not per allocation.

// The slab sizes, in arguments. A slab doubles (plus one) each time one
// fills, up to argSlabMax, and starts again from argSlabMin once dropped, so
// that an emitter that emits rarely takes little. 2^k-1 slots of 16 bytes fill
// a size class exactly: an object over 512 bytes that holds pointers takes an
// 8-byte header, which would push 256 slots into the 4864-byte class.
const (
	argSlabMin = 7
	argSlabMax = 255
)

// copyArgs returns a copy of Emit's arguments that listeners may keep.
func (e *EventEmitter) copyArgs(args []any) []any {
	n := len(args)
	if n == 0 {
		return nil
	}
	// The cleanup may clear e.slab at any time; what was loaded stays valid.
	p := e.slab.Load()
	if p == nil || e.slabCap-e.slabUsed < n {
		p = e.newArgSlab(n, p != nil)
	}
	i := e.slabUsed
	e.slabUsed = i + n
	cp := unsafe.Slice(p, e.slabCap)[i : i+n : i+n]
	for j, a := range args { // cheaper than append's typedslicecopy for one or two
		cp[j] = a
	}
	return cp
}

// newArgSlab starts a slab with room for n arguments at least, bigger than
// the last if grow (the last one filled), and makes sure a cleanup will drop
// it after the next garbage collection.
func (e *EventEmitter) newArgSlab(n int, grow bool) *any {
	size := argSlabMin
	if grow {
		size = min(2*e.slabCap+1, argSlabMax)
	}
	slab := make([]any, max(n, size))
	e.slab.Store(&slab[0])
	e.slabCap, e.slabUsed = len(slab), 0
	// One cleanup at a time per emitter: it drops whichever slab is current
	// when it runs. The marker is unreachable at once, so the first
	// collection that starts after this finds it dead (one already marking
	// may spare it) and queues the cleanup.
	if !e.slabArmed.Load() {
		e.slabArmed.Store(true)
		runtime.AddCleanup(&slabMark{}, dropArgSlab, e)
	}
	return &slab[0]
}

// slabMark is the object whose collection tells an emitter that a garbage
// collection has passed. It holds a pointer so that it is not a tiny
// allocation, which may share its memory with a live object and never die.
type slabMark struct{ _ *byte }

// dropArgSlab makes e drop its slab; it runs on the runtime's cleanup
// goroutine. The order of the two stores matters: a newArgSlab running
// meanwhile either stores its slab before the second, which then drops it,
// or finds slabArmed false and arms the next cleanup. Either way no slab is
// left without a cleanup to drop it.
func dropArgSlab(e *EventEmitter) {
	e.slabArmed.Store(false)
	e.slab.Store(nil)
}
