package stream

import "github.com/errfirst/loop/events"

// writeSide is the writable half of a stream, Node's WritableState and the
// functions of lib/internal/streams/writable.js that drive it: the write
// queue, cork, drain, final and finish. Writable, Duplex and Transform embed
// one.
type writeSide[T any] struct {
	c          *core
	ops        chunkOps[T]
	writeImpl  func(chunk T, done func(error))
	writevImpl func(chunks []T, done func(error))
	finalImpl  func(done func(error))
	onwrite    func(error) // made once: the done function every write gets
	hwm        int
	length     int // bytes, or chunks, written and not called back
	corked     int
	writelen   int
	writecb    func(error)
	buffered   []bufferedWrite[T]
	bufIdx     int
	pendingcb  int
	onFinished []func(error)
	// afterTicks queues the ticks that call back writes completed inside
	// their Write, one entry per tick queued (runAfterTick pops one).
	afterTicks   []afterWriteTick
	afterHead    int
	runAfterTick func()

	disabled         bool // a Duplex made with DisableWritable
	ending           bool // End has been called
	ended            bool // End has returned
	finished         bool
	finalCalled      bool
	prefinished      bool
	needDrain        bool
	writing          bool
	sync             bool
	bufferProcessing bool
	expectWriteCb    bool
	allNoop          bool
	// afterWritePending: an after-write tick is queued and has not run
	// (Node's kAfterWritePending); writes without a callback that complete
	// meanwhile need no tick of their own.
	afterWritePending bool
}

type afterWriteTick struct {
	count int
	cb    func(error)
}

type bufferedWrite[T any] struct {
	chunk T
	cb    func(error)
}

func (ws *writeSide[T]) init(c *core, hwm int, objectMode bool) {
	ws.c, ws.hwm = c, hwm
	ws.ops = opsFor[T](objectMode)
	ws.sync, ws.allNoop = true, true
	ws.onwrite = ws.afterImplWrite
	ws.runAfterTick = ws.afterWriteNT
}

// afterWriteNT is the tick of the first queued after-write entry.
func (ws *writeSide[T]) afterWriteNT() {
	e := ws.afterTicks[ws.afterHead]
	ws.afterTicks[ws.afterHead] = afterWriteTick{}
	ws.afterHead++
	if ws.afterHead == len(ws.afterTicks) {
		ws.afterTicks, ws.afterHead = ws.afterTicks[:0], 0
	}
	ws.afterWrite(e.count, e.cb)
}

// write is Node's _write: it queues or starts the write of chunk and
// reports whether the caller may write more before 'drain'.
func (ws *writeSide[T]) write(chunk T, cb func(error)) (bool, error) {
	c := ws.c
	var err error
	switch {
	case ws.ending:
		err = ErrWriteAfterEnd
	case c.destroyed:
		err = ErrDestroyed
	}
	if err != nil {
		if cb != nil {
			c.tick(func() { cb(err) })
		}
		c.errorOrDestroy(err, true)
		return false, err
	}
	ws.pendingcb++
	ok := ws.writeOrBuffer(chunk, cb)
	c.updateActive()
	return ok, nil
}

func (ws *writeSide[T]) writeOrBuffer(chunk T, cb func(error)) bool {
	c := ws.c
	n := ws.ops.size(chunk)
	ws.length += n
	if ws.writing || c.errored != nil || ws.corked > 0 || !c.constructed {
		ws.buffered = append(ws.buffered, bufferedWrite[T]{chunk, cb})
		if cb != nil {
			ws.allNoop = false
		}
	} else {
		ws.writelen, ws.writecb = n, cb
		ws.writing, ws.sync, ws.expectWriteCb = true, true, true
		ws.callWrite(chunk)
		ws.sync = false
	}
	// Nothing left buffered is never over the mark: an unbuffered stream
	// whose write completed at once needs no drain (as Node 20's
	// writeOrBuffer).
	ok := ws.length < ws.hwm || ws.length == 0
	if !ok {
		ws.needDrain = true
	}
	// False once errored or destroyed, to break while-write loops.
	return ok && !c.destroyed && c.errored == nil
}

func (ws *writeSide[T]) callWrite(chunk T) {
	if ws.writeImpl != nil {
		ws.writeImpl(chunk, ws.onwrite)
		return
	}
	if ws.writevImpl != nil {
		ws.writevImpl([]T{chunk}, ws.onwrite)
		return
	}
	ws.onwrite(notImplemented("_write()"))
}

// afterImplWrite is the done function of every write: Node's onwrite.
func (ws *writeSide[T]) afterImplWrite(er error) {
	c := ws.c
	if !ws.expectWriteCb {
		if ws.writecb == nil && c.destroyed {
			return // a write the stream's teardown already called back
		}
		c.errorOrDestroy(ErrMultipleCallback, false)
		return
	}
	sync, cb := ws.sync, ws.writecb
	ws.writing, ws.expectWriteCb, ws.writecb = false, false, nil
	ws.length -= ws.writelen
	ws.writelen = 0
	if er != nil {
		c.setErrored(er)
		if sync {
			c.tick(func() { ws.onwriteError(er, cb) })
		} else {
			ws.onwriteError(er, cb)
		}
		return
	}
	if len(ws.buffered) > ws.bufIdx {
		ws.clearBuffer()
	}
	if !sync {
		ws.afterWrite(1, cb)
		return
	}
	// Node 20 defers the callback of a write that completed inside Write
	// to a tick. A write without a callback needs none, unless 'drain' is
	// due or a tick is queued already, or the stream is in object mode:
	// Node's test for a destroyed stream there, `state[kState] &
	// kDestroyed !== 0`, reads bit 0 of the state, which is object mode.
	// Node also joins the ticks of writes that share one callback; Go
	// cannot compare funcs, so each write with a callback has its own.
	needTick := (ws.needDrain && ws.length == 0) || ws.ops.objectMode || cb != nil
	if cb == nil && (ws.afterWritePending || !needTick) {
		ws.pendingcb--
		if ws.ending {
			ws.finishMaybe(true)
		}
		c.updateActive()
		return
	}
	ws.afterWritePending = true
	ws.afterTicks = append(ws.afterTicks, afterWriteTick{count: 1, cb: cb})
	c.tick(ws.runAfterTick)
}

func (ws *writeSide[T]) afterWrite(count int, cb func(error)) {
	c := ws.c
	ws.afterWritePending = false
	if !ws.ending && !c.destroyed && ws.length == 0 && ws.needDrain {
		ws.needDrain = false
		events.EventOf[struct{}](&c.EventEmitter, evDrain).Emit(struct{}{})
	}
	for ; count > 0; count-- {
		ws.pendingcb--
		if cb != nil {
			cb(nil)
		}
	}
	if c.destroyed {
		ws.errorBuffer()
	}
	if ws.ending {
		// 'finish' comes on a later tick, as in Node 20.
		ws.finishMaybe(true)
	}
	c.updateActive()
}

func (ws *writeSide[T]) onwriteError(er error, cb func(error)) {
	ws.pendingcb--
	if cb != nil {
		cb(er)
	}
	// The buffered writes' callbacks too, even without autoDestroy; er is
	// not theirs, so they get the stream's error or ErrDestroyed.
	ws.errorBuffer()
	ws.c.errorOrDestroy(er, false)
	ws.c.updateActive()
}

// errorBuffer calls back every buffered write and End with the stream's
// error, or ErrDestroyed.
func (ws *writeSide[T]) errorBuffer() {
	c := ws.c
	werr, eerr := error(ErrDestroyed), error(errEndDestroyed)
	if c.errored != nil {
		werr, eerr = c.errored, c.errored
	}
	buffered := ws.buffered[ws.bufIdx:]
	ws.resetBuffer()
	for _, b := range buffered {
		ws.length -= ws.ops.size(b.chunk)
		ws.pendingcb--
		if b.cb != nil {
			b.cb(werr)
		}
	}
	fins := ws.onFinished
	ws.onFinished = nil
	for _, f := range fins {
		f(eerr)
	}
}

func (ws *writeSide[T]) resetBuffer() {
	ws.buffered, ws.bufIdx = nil, 0
	ws.allNoop = true
}

// clearBuffer starts the buffered writes: all at once through Writev if
// the implementation has one and several are waiting, else one by one as
// each completes.
func (ws *writeSide[T]) clearBuffer() {
	c := ws.c
	if ws.corked > 0 || ws.bufferProcessing || c.destroyed || !c.constructed {
		return
	}
	n := len(ws.buffered) - ws.bufIdx
	if n == 0 {
		return
	}
	ws.bufferProcessing = true
	if n > 1 && ws.writevImpl != nil {
		ws.pendingcb -= n - 1
		batch := ws.buffered[ws.bufIdx:]
		chunks := make([]T, len(batch))
		for i, b := range batch {
			chunks[i] = b.chunk
		}
		var cb func(error)
		if !ws.allNoop {
			cb = func(err error) {
				for _, b := range batch {
					if b.cb != nil {
						b.cb(err)
					}
				}
			}
		}
		ws.resetBuffer()
		ws.doWrite(true, ws.length, chunks, cb)
	} else {
		i := ws.bufIdx
		for {
			b := ws.buffered[i]
			ws.buffered[i] = bufferedWrite[T]{}
			i++
			ws.doWrite(false, ws.ops.size(b.chunk), []T{b.chunk}, b.cb)
			if i >= len(ws.buffered) || ws.writing {
				break
			}
		}
		switch {
		case i >= len(ws.buffered):
			ws.resetBuffer()
		case i > 256:
			ws.buffered = append(ws.buffered[:0], ws.buffered[i:]...)
			ws.bufIdx = 0
		default:
			ws.bufIdx = i
		}
	}
	ws.bufferProcessing = false
}

func (ws *writeSide[T]) doWrite(writev bool, n int, chunks []T, cb func(error)) {
	ws.writelen, ws.writecb = n, cb
	ws.writing, ws.sync, ws.expectWriteCb = true, true, true
	switch {
	case ws.c.destroyed:
		ws.onwrite(ErrDestroyed)
	case writev:
		ws.writevImpl(chunks, ws.onwrite)
	default:
		ws.callWrite(chunks[0])
	}
	ws.sync = false
}

func (ws *writeSide[T]) cork() { ws.corked++ }

func (ws *writeSide[T]) uncork() {
	if ws.corked > 0 {
		ws.corked--
		if !ws.writing {
			ws.clearBuffer()
		}
	}
}

// end is Node's end: it writes chunk if there is one, uncorks, and starts
// finishing; cb runs once the stream finished, or with the error that kept
// it from finishing.
func (ws *writeSide[T]) end(cb func(error)) { ws.endWith(nil, cb) }

func (ws *writeSide[T]) endWith(chunk *T, cb func(error)) {
	c := ws.c
	var err error
	if chunk != nil {
		_, err = ws.write(*chunk, nil)
	}
	if ws.corked > 0 {
		ws.corked = 1
		ws.uncork()
	}
	switch {
	case err != nil:
	case c.errored == nil && !ws.ending:
		ws.ending = true
		ws.finishMaybe(true)
		ws.ended = true
	case ws.finished:
		err = ErrAlreadyFinished
	case c.destroyed:
		err = errEndDestroyed
	}
	if cb != nil {
		switch {
		case err == nil && c.errored != nil:
			// A failed stream never finishes: cb gets its error, as in
			// Node 20's end.
			err = c.errored
			fallthrough
		case err != nil || ws.finished:
			c.tick(func() { cb(err) })
		default:
			ws.onFinished = append(ws.onFinished, cb)
		}
	}
	c.updateActive()
}

func (ws *writeSide[T]) needFinish() bool {
	c := ws.c
	return ws.ending && !c.destroyed && c.constructed && ws.length == 0 && c.errored == nil &&
		len(ws.buffered) == ws.bufIdx && !ws.finished && !ws.writing && !c.errorEmitted && !c.closeEmitted
}

func (ws *writeSide[T]) callFinal() {
	c := ws.c
	called := false
	onFinal := func(err error) {
		if called {
			if err == nil {
				err = ErrMultipleCallback
			}
			c.errorOrDestroy(err, false)
			return
		}
		called = true
		ws.pendingcb--
		if err != nil {
			fins := ws.onFinished
			ws.onFinished = nil
			for _, f := range fins {
				f(err)
			}
			c.errorOrDestroy(err, ws.sync)
		} else if ws.needFinish() {
			ws.prefinished = true
			events.EventOf[struct{}](&c.EventEmitter, evPrefinish).Emit(struct{}{})
			ws.pendingcb++
			c.tick(ws.finish)
		}
		c.updateActive()
	}
	ws.sync = true
	ws.pendingcb++
	c.callImpl(func() { ws.finalImpl(onFinal) }, onFinal)
	ws.sync = false
}

func (ws *writeSide[T]) prefinish() {
	if ws.prefinished || ws.finalCalled {
		return
	}
	if ws.finalImpl != nil && !ws.c.destroyed {
		ws.finalCalled = true
		ws.callFinal()
		return
	}
	ws.prefinished = true
	events.EventOf[struct{}](&ws.c.EventEmitter, evPrefinish).Emit(struct{}{})
}

func (ws *writeSide[T]) finishMaybe(sync bool) {
	if !ws.needFinish() {
		return
	}
	ws.prefinish()
	if ws.pendingcb != 0 {
		return
	}
	ws.pendingcb++
	if sync {
		ws.c.tick(func() {
			if ws.needFinish() {
				ws.finish()
			} else {
				ws.pendingcb--
			}
		})
		return
	}
	if ws.needFinish() {
		ws.finish()
	} else {
		ws.pendingcb--
	}
}

func (ws *writeSide[T]) finish() {
	c := ws.c
	ws.pendingcb--
	ws.finished = true
	c.updateActive()
	fins := ws.onFinished
	ws.onFinished = nil
	for _, f := range fins {
		f(nil)
	}
	events.EventOf[struct{}](&c.EventEmitter, evFinish).Emit(struct{}{})
	if c.autoDestroy {
		// A Duplex is destroyed once its readable side is done too.
		if c.rd == nil || c.rd.status().endEmitted || c.rd.status().disabled {
			c.destroy(nil, nil)
		}
	}
	c.maybeRelease()
}

// onDestroy runs as the stream is destroyed: the buffered writes and the
// End callbacks are called back on the next tick. Unlike Node, which skips
// them while a write is in flight, they are always called back, so that
// every callback runs once.
func (ws *writeSide[T]) onDestroy() {
	if len(ws.buffered) > ws.bufIdx || len(ws.onFinished) > 0 {
		ws.c.tick(ws.errorBuffer)
	}
}

// failInFlight calls back the write in flight, if any, with cause, when
// the loop closes under the stream: its implementation may never call it.
func (ws *writeSide[T]) failInFlight(cause error) {
	if !ws.expectWriteCb {
		return
	}
	cb := ws.writecb
	ws.writing, ws.expectWriteCb, ws.writecb = false, false, nil
	ws.length -= ws.writelen
	ws.writelen = 0
	ws.pendingcb--
	if cb != nil {
		ws.c.tick(func() { cb(cause) })
	}
}

func (ws *writeSide[T]) pending() bool {
	return !ws.disabled && (ws.pendingcb > 0 || (ws.ending && !ws.finished))
}

func (ws *writeSide[T]) done() bool { return ws.disabled || ws.finished }

func (ws *writeSide[T]) status() writeStatus {
	c := ws.c
	return writeStatus{
		disabled: ws.disabled, ending: ws.ending, finished: ws.finished, length: ws.length,
		writable: !ws.disabled && c.errored == nil && !ws.ending && !ws.ended && !c.destroyed,
	}
}

func (ws *writeSide[T]) needsDrain() bool { return !ws.c.destroyed && !ws.ending && ws.needDrain }
