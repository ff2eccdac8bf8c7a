package stream

import (
	"fmt"

	"github.com/errfirst/loop/events"
)

// readSide is the readable half of a stream, Node's ReadableState and the
// functions of lib/internal/streams/readable.js that drive it: the buffer,
// paused and flowing modes, 'readable' and 'data', the end. Readable,
// Duplex and Transform embed one.
type readSide[T any] struct {
	c        *core
	ops      chunkOps[T]
	readImpl func(n int) // calls the implementation's Read; nil if none
	hwm      int
	buf      []T
	head     int // buf[head:] is buffered
	length   int // bytes, or chunks in object mode
	pipes    []*pipe[T]
	// awaitDrain holds the pipe destinations whose write returned false;
	// the source resumes once all of them drained (Node's
	// awaitDrainWriters, a writer or a set of them).
	awaitDrain []*pipe[T]
	dec        *decoder

	disabled          bool // a Duplex made with DisableReadable
	ended             bool // the end was pushed
	endEmitted        bool
	reading           bool // a Read call has not pushed yet
	sync              bool // inside Read, or not read yet
	needReadable      bool
	emittedReadable   bool
	readableListening bool
	resumeScheduled   bool
	multiAwaitDrain   bool
	readingMore       bool
	dataEmitted       bool
	hasFlowing        bool // flowing is set: Node's flowing is null until then
	flowing           bool
	hasPaused         bool
	paused            bool
	dataListening     bool
	unpiping          bool // an 'unpipe' is being emitted: the first listener of its pipe cleans up

	// The functions queued as ticks, made once so that queueing them
	// allocates nothing.
	emitReadableFn  func()
	maybeReadMoreFn func()
	resumeFn        func()
	endReadableFn   func()
}

func (rs *readSide[T]) init(c *core, hwm int, objectMode bool, encoding string, read func(n int)) {
	rs.c, rs.hwm, rs.readImpl = c, hwm, read
	rs.ops = opsFor[T](objectMode)
	rs.sync = true
	rs.emitReadableFn, rs.maybeReadMoreFn = rs.emitReadableNT, rs.maybeReadMoreNT
	rs.resumeFn, rs.endReadableFn = rs.resumeNT, rs.endReadableNT
	if encoding != "" {
		rs.setEncoding("NewReadable", encoding)
	}
}

// push is Node's readableAddChunkPush: it adds a chunk at the end of the
// buffer, or hands it straight to 'data' listeners, and reports whether
// more may be pushed.
func (rs *readSide[T]) push(chunk T) bool {
	c := rs.c
	if rs.ops.isNil(chunk) {
		return rs.pushEOF()
	}
	if !rs.ops.objectMode && rs.ops.size(chunk) == 0 {
		rs.reading = false
		rs.maybeReadMore()
		return rs.canPushMore()
	}
	if rs.ended {
		c.errorOrDestroy(ErrPushAfterEOF, false)
		return false
	}
	if c.destroyed || c.errored != nil {
		return false
	}
	rs.reading = false
	if rs.dec != nil {
		chunk = rs.ops.from(rs.dec.write(rs.ops.bytes(chunk)))
		if !rs.ops.objectMode && rs.ops.size(chunk) == 0 {
			rs.maybeReadMore()
			return rs.canPushMore()
		}
	}
	rs.addChunk(chunk, false)
	return rs.canPushMore()
}

// pushEOF ends the stream: Node's push(null).
func (rs *readSide[T]) pushEOF() bool {
	rs.reading = false
	rs.onEOFChunk()
	return false
}

// unshift puts a chunk back at the front of the buffer.
func (rs *readSide[T]) unshift(chunk T) bool {
	c := rs.c
	if rs.ops.isNil(chunk) {
		return rs.pushEOF()
	}
	if !rs.ops.objectMode && rs.ops.size(chunk) == 0 {
		return rs.canPushMore()
	}
	switch {
	case rs.endEmitted:
		c.errorOrDestroy(ErrUnshiftAfterEnd, false)
	case c.destroyed || c.errored != nil:
		return false
	default:
		rs.addChunk(chunk, true)
	}
	return rs.canPushMore()
}

// canPushMore: below the high-water mark, or nothing buffered at all (for
// a high-water mark of 0).
func (rs *readSide[T]) canPushMore() bool {
	return !rs.ended && (rs.length < rs.hwm || rs.length == 0)
}

func (rs *readSide[T]) addChunk(chunk T, front bool) {
	if rs.flowing && !rs.sync && rs.dataListening && rs.length == 0 {
		rs.clearAwaitDrain()
		rs.dataEmitted = true
		rs.emitData(chunk)
	} else {
		rs.length += rs.ops.size(chunk)
		if front {
			if rs.head > 0 {
				rs.head--
				rs.buf[rs.head] = chunk
			} else {
				rs.buf = append([]T{chunk}, rs.buf...)
			}
		} else {
			rs.buf = append(rs.buf, chunk)
		}
		if rs.needReadable {
			rs.emitReadable()
		}
	}
	rs.maybeReadMore()
}

func (rs *readSide[T]) emitData(chunk T) {
	events.EventOf[T](&rs.c.EventEmitter, evData).Emit(chunk)
}

func (rs *readSide[T]) clearAwaitDrain() {
	clear(rs.awaitDrain)
	rs.awaitDrain = rs.awaitDrain[:0]
}

// readNoSize is the n of Node's read() with no argument.
const readNoSize = -1

// maxHighWaterMark is Node's MAX_HWM: read(n) raises the high-water mark to
// at most 1 GiB.
const maxHighWaterMark = 1 << 30

// read is Node's Readable.prototype.read: it returns up to n buffered bytes
// (one chunk in object mode; with n == readNoSize, everything, or one chunk
// when flowing), calls the implementation's Read to refill the buffer, and
// emits 'data' for what it returns.
func (rs *readSide[T]) read(n int) (T, bool) {
	c := rs.c
	var zero T
	if n > rs.hwm {
		rs.hwm = newHighWaterMark(n)
	}
	if n != 0 {
		rs.emittedReadable = false
	}
	// read(0) with enough buffered just triggers 'readable'.
	if n == 0 && rs.needReadable &&
		((rs.hwm != 0 && rs.length >= rs.hwm) || (rs.hwm == 0 && rs.length > 0) || rs.ended) {
		if rs.length == 0 && rs.ended {
			rs.endReadable()
		} else {
			rs.emitReadable()
		}
		return zero, false
	}
	nOrig := n
	n = rs.howMuchToRead(n)
	if n == 0 && rs.ended {
		if rs.length == 0 {
			rs.endReadable()
		}
		return zero, false
	}

	// Call Read if what is left after this read would be below the mark.
	doRead := rs.needReadable
	if rs.length == 0 || rs.length-n < rs.hwm {
		doRead = true
	}
	if rs.reading || rs.ended || c.destroyed || c.errored != nil || !c.constructed {
		doRead = false
	} else if doRead {
		rs.reading, rs.sync = true, true
		if rs.length == 0 {
			rs.needReadable = true
		}
		rs.callRead()
		rs.sync = false
		// A Read that pushed at once changes what can be returned.
		if !rs.reading {
			n = rs.howMuchToRead(nOrig)
		}
	}

	var ret T
	got := false
	if n > 0 {
		ret, got = rs.fromList(n)
	}
	if !got {
		if rs.length <= rs.hwm {
			rs.needReadable = true
		}
		n = 0
	} else {
		rs.length -= n
		rs.clearAwaitDrain()
	}
	if rs.length == 0 {
		if !rs.ended {
			rs.needReadable = true
		}
		if nOrig != n && rs.ended {
			rs.endReadable()
		}
	}
	if got && !c.errorEmitted && !c.closeEmitted {
		rs.dataEmitted = true
		rs.emitData(ret)
	}
	c.updateActive()
	return ret, got
}

// callRead calls the implementation's Read; a panic in it destroys the
// stream with the panic, as Node's try/catch around _read does.
func (rs *readSide[T]) callRead() {
	c := rs.c
	if rs.readImpl == nil {
		c.errorOrDestroy(notImplemented("_read()"), false)
		return
	}
	c.callImpl(func() { rs.readImpl(rs.hwm) }, func(err error) { c.errorOrDestroy(err, false) })
}

func newHighWaterMark(n int) int {
	if n > maxHighWaterMark {
		panic(fmt.Sprintf("stream: Read(%d) asks for more than 1 GiB", n))
	}
	// The next power of two, so that the mark does not creep up.
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}

func (rs *readSide[T]) howMuchToRead(n int) int {
	if (n != readNoSize && n <= 0) || (rs.length == 0 && rs.ended) {
		return 0
	}
	if rs.ops.objectMode {
		return 1
	}
	if n == readNoSize {
		if rs.flowing && rs.length > 0 {
			return rs.ops.size(rs.buf[rs.head])
		}
		return rs.length
	}
	if n <= rs.length {
		return n
	}
	if rs.ended {
		return rs.length
	}
	return 0
}

// fromList takes n bytes (one chunk in object mode) from the buffer.
func (rs *readSide[T]) fromList(n int) (T, bool) {
	var ret T
	if rs.length == 0 {
		return ret, false
	}
	b := rs.buf[rs.head:]
	switch {
	case rs.ops.objectMode:
		ret = b[0]
		rs.drop(1)
	case n >= rs.length && len(b) == 1, n == rs.ops.size(b[0]):
		ret = b[0]
		rs.drop(1)
	case n < rs.ops.size(b[0]):
		ret, b[0] = rs.ops.cut(b[0], n)
	default: // n spans several chunks
		ret = rs.ops.join(b, n)
		k, left := 0, n
		for left > 0 && left >= rs.ops.size(b[k]) {
			left -= rs.ops.size(b[k])
			k++
		}
		if left > 0 {
			_, b[k] = rs.ops.cut(b[k], left)
		}
		rs.drop(k)
	}
	return ret, true
}

// drop removes the first k buffered chunks.
func (rs *readSide[T]) drop(k int) {
	var zero T
	for i := range k {
		rs.buf[rs.head+i] = zero
	}
	rs.head += k
	switch {
	case rs.head == len(rs.buf):
		rs.buf, rs.head = rs.buf[:0], 0
	case rs.head > 1024:
		n := copy(rs.buf, rs.buf[rs.head:])
		clear(rs.buf[n:])
		rs.buf, rs.head = rs.buf[:n], 0
	}
}

func (rs *readSide[T]) onEOFChunk() {
	if rs.ended {
		return
	}
	if rs.dec != nil {
		if tail := rs.dec.end(); len(tail) > 0 {
			chunk := rs.ops.from(tail)
			rs.buf = append(rs.buf, chunk)
			rs.length += rs.ops.size(chunk)
		}
	}
	rs.ended = true
	if rs.sync {
		// Inside Read: emit on the next tick, not in this read's flow.
		rs.emitReadable()
	} else {
		rs.needReadable = false
		rs.emittedReadable = true
		rs.emitReadableNT()
	}
	rs.c.updateActive()
}

// emitReadable schedules one 'readable' event.
func (rs *readSide[T]) emitReadable() {
	rs.needReadable = false
	if !rs.emittedReadable {
		rs.emittedReadable = true
		rs.c.tick(rs.emitReadableFn)
	}
}

func (rs *readSide[T]) emitReadableNT() {
	c := rs.c
	if !c.destroyed && c.errored == nil && (rs.length > 0 || rs.ended) {
		events.EventOf[struct{}](&c.EventEmitter, evReadable).Emit(struct{}{})
		rs.emittedReadable = false
	}
	// Another 'readable' is needed unless flowing (flow takes care of it)
	// or ended, and while below the mark.
	if !rs.flowing && !rs.ended && rs.length <= rs.hwm {
		rs.needReadable = true
	}
	rs.flow()
}

// maybeReadMore schedules reads to fill the buffer up to the mark.
func (rs *readSide[T]) maybeReadMore() {
	if !rs.readingMore && rs.c.constructed {
		rs.readingMore = true
		rs.c.tick(rs.maybeReadMoreFn)
	}
}

func (rs *readSide[T]) maybeReadMoreNT() {
	for !rs.reading && !rs.ended &&
		(rs.length < rs.hwm || (rs.flowing && rs.length == 0)) {
		n := rs.length
		rs.read(0)
		if n == rs.length {
			break // nothing came: stop spinning
		}
	}
	rs.readingMore = false
}

// onListener is Node's Readable on and removeListener: a 'data' listener
// starts the flow, a 'readable' listener takes precedence over it.
func (rs *readSide[T]) onListener(event string, change events.ListenerChange) {
	c := rs.c
	switch {
	case event == evData && change == events.ListenerAdded:
		rs.dataListening = true
		if c.ListenerCount(evReadable) > 0 {
			rs.readableListening = true
		}
		if !(rs.hasFlowing && !rs.flowing) {
			rs.resume()
		}
	case event == evReadable && change == events.ListenerAdded:
		if !rs.endEmitted && !rs.readableListening {
			rs.readableListening, rs.needReadable, rs.hasFlowing = true, true, true
			rs.flowing, rs.emittedReadable = false, false
			if rs.length > 0 {
				rs.emitReadable()
			} else if !rs.reading {
				c.tick(func() { rs.read(0) })
			}
			c.updateActive()
		}
	case event == evReadable && change == events.ListenerRemoved:
		// Later, so that a once('readable') that re-adds itself in the same
		// tick keeps the stream in paused mode, as in Node.
		c.tick(rs.updateReadableListening)
	case event == evData && change == events.ListenerRemoved:
		if c.ListenerCount(evData) == 0 {
			rs.dataListening = false
		}
	}
}

func (rs *readSide[T]) updateReadableListening() {
	rs.readableListening = rs.c.ListenerCount(evReadable) > 0
	switch {
	case rs.hasPaused && !rs.paused && rs.resumeScheduled:
		// The upcoming resume must flow.
		rs.hasFlowing, rs.flowing = true, true
	case rs.dataListening:
		rs.resume()
	case !rs.readableListening:
		rs.hasFlowing, rs.flowing = false, false
	}
	rs.c.updateActive()
}

// resume is Node's resume: it switches the stream to flowing mode (unless
// a 'readable' listener holds it in paused mode) on the next tick.
func (rs *readSide[T]) resume() {
	if !rs.flowing {
		rs.hasFlowing = true
		rs.flowing = !rs.readableListening
		if !rs.resumeScheduled {
			rs.resumeScheduled = true
			rs.c.tick(rs.resumeFn)
		}
	}
	rs.hasPaused, rs.paused = true, false
	rs.c.updateActive()
}

func (rs *readSide[T]) resumeNT() {
	if !rs.reading {
		rs.read(0)
	}
	rs.resumeScheduled = false
	events.EventOf[struct{}](&rs.c.EventEmitter, evResume).Emit(struct{}{})
	rs.flow()
	if rs.flowing && !rs.reading {
		rs.read(0)
	}
}

// pause is Node's pause: it stops 'data' events (data stays buffered).
func (rs *readSide[T]) pause() {
	if !(rs.hasFlowing && !rs.flowing) {
		rs.hasFlowing, rs.flowing = true, false
		events.EventOf[struct{}](&rs.c.EventEmitter, evPause).Emit(struct{}{})
	}
	rs.hasPaused, rs.paused = true, true
	rs.c.updateActive()
}

func (rs *readSide[T]) isPaused() bool { return rs.paused || (rs.hasFlowing && !rs.flowing) }

func (rs *readSide[T]) flow() {
	for rs.flowing {
		if _, ok := rs.read(readNoSize); !ok {
			return
		}
	}
}

// endReadable schedules 'end', once everything buffered was consumed.
func (rs *readSide[T]) endReadable() {
	if !rs.endEmitted {
		rs.ended = true
		rs.c.tick(rs.endReadableFn)
	}
}

func (rs *readSide[T]) endReadableNT() {
	c := rs.c
	if c.errored != nil || c.closeEmitted || rs.endEmitted || rs.length != 0 {
		return
	}
	rs.endEmitted = true
	c.updateActive()
	events.EventOf[struct{}](&c.EventEmitter, evEnd).Emit(struct{}{})
	switch {
	case c.wr != nil && c.wr.status().writable && !c.allowHalfOpen:
		c.tick(func() {
			if w := c.wr.status(); w.writable && !w.ending && !c.destroyed {
				c.wr.end(nil)
			}
		})
	case c.autoDestroy:
		// A Duplex is destroyed once its writable side is done too.
		if c.wr == nil || c.wr.status().finished || c.wr.status().disabled {
			c.destroy(nil, nil)
		}
	}
	c.maybeRelease()
}

// setEncoding makes the stream deliver text in the encoding (see
// ReadableOf.SetEncoding) and converts what is already buffered.
func (rs *readSide[T]) setEncoding(fn, enc string) {
	if rs.ops.bytes == nil {
		panic("stream: " + fn + " on a stream of objects: an encoding needs []byte chunks")
	}
	d, err := newDecoder(enc)
	if err != nil {
		panic("stream: " + fn + ": " + err.Error())
	}
	rs.dec = d
	var content []byte
	for _, c := range rs.buf[rs.head:] {
		content = append(content, d.write(rs.ops.bytes(c))...)
	}
	var zero T
	for i := range rs.buf {
		rs.buf[i] = zero
	}
	rs.buf, rs.head, rs.length = rs.buf[:0], 0, 0
	if len(content) > 0 {
		chunk := rs.ops.from(content)
		rs.buf = append(rs.buf, chunk)
		rs.length = rs.ops.size(chunk)
	}
}

// waiting reports whether the side waits for data: it flows, or has a
// 'readable' listener, and has not ended.
func (rs *readSide[T]) waiting() bool {
	return !rs.disabled && !rs.ended && !rs.endEmitted && (rs.flowing || rs.readableListening)
}

func (rs *readSide[T]) done() bool { return rs.disabled || rs.endEmitted }

func (rs *readSide[T]) status() readStatus {
	c := rs.c
	return readStatus{
		disabled: rs.disabled, ended: rs.ended, endEmitted: rs.endEmitted, length: rs.length,
		readable: !rs.disabled && !c.destroyed && !c.errorEmitted && !rs.endEmitted,
	}
}
