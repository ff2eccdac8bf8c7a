package fs

import (
	"context"
	"errors"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
	"github.com/errfirst/loop/stream"
)

// DefaultReadStreamHighWaterMark is a ReadStream's high-water mark, and
// the size of each of its reads, unless its options give one: 64 KiB, as
// Node's fs.ReadStream.
const DefaultReadStreamHighWaterMark = 64 << 10

// ReadStreamOptions are the options of CreateReadStream, Node's. The zero
// value is Node's defaults.
type ReadStreamOptions struct {
	// Flags opens the file ("r" if ""), as Open's; Mode is for a file the
	// open creates (0 means 0o666).
	Flags string
	Mode  uint32
	// Fd, if not nil, is an open descriptor to read instead of opening
	// the path (which then only names the stream): no 'open' is emitted.
	Fd *int
	// Start is the offset of the first byte read (0, the beginning, by
	// default); CurrentPosition reads from the descriptor's current
	// position on, as Node does for an Fd without start.
	Start int64
	// End, if not nil, is the offset of the last byte read, inclusive, as
	// Node's end: Start 10 and End new(int64(19)) read 10 bytes.
	End *int64
	// HighWaterMark is the stream's mark and the size of each read
	// (DefaultReadStreamHighWaterMark if 0).
	HighWaterMark int
	// Encoding makes the stream deliver text, as stream.SetEncoding.
	Encoding string
	// DisableAutoClose keeps the descriptor open when the stream ends or
	// is destroyed (Node's autoClose: false).
	DisableAutoClose bool
	// DisableEmitClose keeps the stream from emitting 'close'.
	DisableEmitClose bool
	// Context is Node's signal: once it is done, the stream is destroyed
	// with an AbortError.
	Context context.Context
	// ReuseBuffers makes the stream read into the memory of chunks its
	// 'data' listeners have already been given, once they have returned:
	// a chunk is then valid only during the listener call, as a socket's
	// static read buffer in Node's onread option. It saves allocating
	// (and the garbage collector freeing) one chunk per read, which is
	// most of the cost of streaming a file from the page cache. Do not
	// use it with Pipe, Pipeline, or any listener that keeps a chunk (a
	// chunk the stream buffers, while paused, is never reused).
	ReuseBuffers bool
}

// ReadStream is Node's fs.ReadStream: a stream.Readable of a file's
// bytes, read on the pool in chunks of its high-water mark, one read at a
// time and only while the stream wants data, so a file is never held in
// memory whole and a slow consumer stops the reads. It emits Node's
// 'open' (with the descriptor) and 'ready' once the file is open, then the
// events of a Readable. It is made and used on the loop goroutine.
type ReadStream struct {
	*stream.Readable
	path      string
	fd        int
	pos       int64 // Start: where reading began, or CurrentPosition
	end       int64 // the last offset to read, or -1
	bytesRead int64
	autoClose bool
	flags     int
	mode      uint32
	pending   bool
	next      int64       // the offset of the next read to start
	chunk     int         // the size of each read: what Read asks for
	slots     []*readSlot // the reads started, in file order
	inflight  int         // reads on the pool
	want      bool        // the stream asked for data and has not been refused since
	eof       bool        // a read found the end
	reuse     bool        // ReuseBuffers
	free      [][]byte    // (with reuse) chunks whose listeners have returned
	closeWait func(error) // a destroy waiting for the reads in flight
	l         *loop.Loop
}

// CreateReadStream returns a ReadStream of the file path: Node's
// fs.createReadStream. The file is opened on the pool before the first
// read (the stream's Construct); a failure destroys the stream with the
// error, emitted as 'error', then 'close'. When the stream ends or is
// destroyed, the descriptor is closed (unless DisableAutoClose), after any
// read in progress.
func (f *FS) CreateReadStream(path string, opts ReadStreamOptions) *ReadStream {
	l := f.l
	hwm := opts.HighWaterMark
	if hwm == 0 {
		hwm = DefaultReadStreamHighWaterMark
	}
	if opts.Start < 0 && opts.Start != CurrentPosition {
		panic("fs: CreateReadStream called with a negative Start")
	}
	rs := &ReadStream{l: l, path: path, fd: -1, pos: opts.Start, next: opts.Start, end: -1, autoClose: !opts.DisableAutoClose,
		reuse: opts.ReuseBuffers && opts.Encoding == "", flags: flags("CreateReadStream", opts.Flags), mode: fileMode(opts.Mode), pending: true}
	if opts.End != nil {
		rs.end = *opts.End
		if rs.end < 0 || rs.end < opts.Start {
			panic("fs: CreateReadStream called with End before Start")
		}
	}
	ro := stream.ReadableOptions{
		HighWaterMark: hwm, Encoding: opts.Encoding, Context: opts.Context,
		DisableEmitClose: opts.DisableEmitClose,
		Read:             func(r *stream.Readable, n int) { rs.read(n) },
		Destroy:          rs.destroy,
	}
	if opts.Fd != nil {
		rs.fd, rs.pending = *opts.Fd, false
	} else {
		ro.Construct = rs.open
	}
	rs.Readable = stream.NewReadable(l, ro)
	rs.SetTypeName("ReadStream")
	return rs
}

// Path returns the path the stream reads (as given).
func (rs *ReadStream) Path() string { return rs.path }

// BytesRead returns how many bytes the stream has read so far.
func (rs *ReadStream) BytesRead() int64 { return rs.bytesRead }

// Pending reports whether the file is not open yet (Node's pending).
func (rs *ReadStream) Pending() bool { return rs.pending }

// Fd returns the stream's descriptor, or -1 before it is open and after it
// is closed.
func (rs *ReadStream) Fd() int { return rs.fd }

// OnOpen adds fn to the 'open' listeners: the file is open, with this
// descriptor.
func (rs *ReadStream) OnOpen(fn func(fd int)) events.Listener {
	return events.EventOf[int](&rs.EventEmitter, "open").On(fn)
}

// OnReady adds fn to the 'ready' listeners: the stream can be read (just
// after 'open').
func (rs *ReadStream) OnReady(fn func()) events.Listener {
	return events.EventOf[struct{}](&rs.EventEmitter, "ready").On(func(struct{}) { fn() })
}

// Close destroys the stream and calls cb, if not nil, once it has closed:
// Node's readStream.close(cb).
func (rs *ReadStream) Close(cb func(err error)) {
	closeStream(rs.Readable, cb)
}

// closeStream destroys s and calls cb once the destroy has completed.
func closeStream(s interface{ DestroyThen(error, func(error)) }, cb func(error)) {
	if cb == nil {
		cb = func(error) {}
	}
	s.DestroyThen(nil, cb)
}

// open is the stream's Construct: the open on the pool.
func (rs *ReadStream) open(cb func(error)) {
	work(rs.l, func() (int, error) { return openFD(rs.path, rs.flags, rs.mode) }, func(err error, fd int) {
		if err != nil {
			cb(err)
			return
		}
		rs.fd, rs.pending = fd, false
		events.EventOf[int](&rs.EventEmitter, "open").Emit(fd)
		events.EventOf[struct{}](&rs.EventEmitter, "ready").Emit(struct{}{})
		cb(nil)
	})
}

// readAhead is how many reads of a ReadStream at explicit offsets may be
// on the pool at once, so that the next chunk is read while the loop hands
// out the one before. Measured with bench/fs (256 MiB from the page cache
// in 64 KiB chunks, 2 shared cores, 4 rounds each): one read at a time gave
// 1.4-1.7 GB/s (3.3-3.8 with ReuseBuffers), two 1.7-1.8 (3.8-4.0), four no
// steadier gain (1.3-2.4) while it takes every FastIO worker of a default
// pool. Fresh chunks cost more than the round trips: allocating and
// faulting in 64 KiB per read bounds a single goroutine near 1.8 GB/s.
const readAhead = 2

// readSlot is one read on the pool, in file order.
type readSlot struct {
	buf  []byte
	err  error
	done bool
}

// read is the stream's Read: push what has been read, and keep up to
// readAhead reads of n bytes (the high-water mark) on the pool.
func (rs *ReadStream) read(n int) {
	rs.want, rs.chunk = true, n
	rs.deliver()
	rs.fill()
}

// fill starts reads until readAhead are in flight, the end is reached, or
// (reading at the current position, which only one read at a time can
// do) one is.
func (rs *ReadStream) fill() {
	ahead := readAhead
	if rs.pos < 0 {
		ahead = 1
	}
	for len(rs.slots) < ahead && !rs.eof && !rs.Destroyed() {
		n := rs.chunk
		if rs.end >= 0 {
			left := rs.end - rs.next + 1
			if rs.pos < 0 {
				left = rs.end - rs.bytesRead + 1
			}
			if left <= 0 {
				rs.eof = true
				rs.slots = append(rs.slots, &readSlot{done: true})
				break
			}
			n = int(min(int64(n), left))
		}
		slot := &readSlot{}
		rs.slots = append(rs.slots, slot)
		var buf []byte
		if k := len(rs.free); k > 0 && cap(rs.free[k-1]) >= n {
			buf, rs.free = rs.free[k-1][:n], rs.free[:k-1]
		}
		fd, at := rs.fd, rs.next
		if at >= 0 {
			rs.next += int64(n)
		}
		rs.inflight++
		work(rs.l, func() ([]byte, error) {
			if buf == nil {
				buf = make([]byte, n) // a fresh one: the consumer may keep the chunk
			}
			k, err := readAt(fd, buf, at)
			return buf[:k], fdErr("read", "", err)
		}, func(err error, buf []byte) {
			rs.inflight--
			slot.buf, slot.err, slot.done = buf, err, true
			if len(buf) == 0 || err != nil { // the end of the file: read no further
				rs.eof = true
			}
			rs.delivered()
		})
	}
}

func (rs *ReadStream) delivered() {
	if rs.closeWait != nil { // destroyed: close once no read is in flight
		if rs.inflight == 0 {
			w := rs.closeWait
			rs.closeWait = nil
			w(nil)
		}
		return
	}
	if rs.Destroyed() {
		return
	}
	rs.deliver()
	rs.fill()
}

// deliver pushes the reads that are done, in order, while the stream
// wants data.
func (rs *ReadStream) deliver() {
	for rs.want && len(rs.slots) > 0 && rs.slots[0].done && !rs.Destroyed() {
		slot := rs.slots[0]
		rs.slots = rs.slots[1:]
		switch {
		case slot.err != nil:
			rs.want = false
			rs.Destroy(slot.err)
			return
		case len(slot.buf) == 0:
			rs.want = false
			rs.slots = nil
			rs.PushEnd()
			return
		}
		rs.bytesRead += int64(len(slot.buf))
		rs.want = rs.Push(slot.buf)
		if rs.reuse && rs.ReadableLength() == 0 {
			// The chunk went straight to the 'data' listeners, which
			// have returned: its memory is free again.
			rs.free = append(rs.free, slot.buf[:cap(slot.buf)])
		}
	}
}

// destroy is the stream's Destroy: close the descriptor (after a read in
// progress), unless DisableAutoClose.
func (rs *ReadStream) destroy(err error, cb func(error)) {
	closeDestroyed(rs.l, &rs.fd, rs.autoClose, rs.inflight > 0, &rs.closeWait, err, cb)
}

// closeDestroyed closes *fd for a destroyed file stream, now or, if an
// operation is in progress (busy), once it is done (through *wait), then
// calls cb with err, or the close's error if err is nil.
func closeDestroyed(l *loop.Loop, fd *int, autoClose, busy bool, wait *func(error), err error, cb func(error)) {
	closeNow := func(error) {
		if !autoClose || *fd < 0 {
			cb(err)
			return
		}
		n := *fd
		*fd = -1
		closeFD(l, n, "", func(cerr error) {
			if err == nil && cerr != nil && !isClosedErr(cerr) {
				err = cerr
			}
			cb(err)
		})
	}
	if busy {
		*wait = closeNow
		return
	}
	closeNow(nil)
}

func isClosedErr(err error) bool { return errors.Is(err, loop.ErrClosed) }
