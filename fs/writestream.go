package fs

import (
	"context"
	"syscall"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
	"github.com/errfirst/loop/stream"
	"golang.org/x/sys/unix"
)

// WriteStreamOptions are the options of CreateWriteStream, Node's. The
// zero value is Node's defaults.
type WriteStreamOptions struct {
	// Flags opens the file ("w" if ""), as Open's; Mode is for a file the
	// open creates (0 means 0o666).
	Flags string
	Mode  uint32
	// Fd, if not nil, is an open descriptor to write instead of opening
	// the path: no 'open' is emitted.
	Fd *int
	// Start is the offset the first byte is written at (0 by default);
	// CurrentPosition writes at the descriptor's position (the end, for
	// an "a" flag, whatever the offset).
	Start int64
	// HighWaterMark is the stream's mark (stream.DefaultHighWaterMark,
	// 16 KiB, if 0).
	HighWaterMark int
	// DisableAutoClose keeps the descriptor open when the stream finishes
	// or is destroyed (Node's autoClose: false).
	DisableAutoClose bool
	// DisableEmitClose keeps the stream from emitting 'close'.
	DisableEmitClose bool
	// Flush makes the stream fsync the file before it finishes.
	Flush bool
	// Context is Node's signal: once it is done, the stream is destroyed
	// with an AbortError.
	Context context.Context
}

// WriteStream is Node's fs.WriteStream: a stream.Writable whose chunks go
// to a file on the pool, one write at a time; chunks written meanwhile are
// buffered by the stream and go out together in one writev. It emits
// Node's 'open' and 'ready' once the file is open, then the events of a
// Writable. It is made and used on the loop goroutine.
type WriteStream struct {
	*stream.Writable
	l            *loop.Loop
	path         string
	fd           int
	pos          int64
	bytesWritten int64
	autoClose    bool
	flush        bool
	flags        int
	mode         uint32
	pending      bool
	writing      bool
	closeWait    func(error)
}

// CreateWriteStream returns a WriteStream to the file path: Node's
// fs.createWriteStream. The file is opened (created or truncated, by
// default) on the pool before the first write; a failure destroys the
// stream with the error. When the stream finishes or is destroyed, the
// descriptor is closed (unless DisableAutoClose), after any write in
// progress.
func (f *FS) CreateWriteStream(path string, opts WriteStreamOptions) *WriteStream {
	if opts.Flags == "" {
		opts.Flags = "w"
	}
	if opts.Start < 0 && opts.Start != CurrentPosition {
		panic("fs: CreateWriteStream called with a negative Start")
	}
	ws := &WriteStream{l: f.l, path: path, fd: -1, pos: opts.Start, autoClose: !opts.DisableAutoClose,
		flush: opts.Flush, flags: flags("CreateWriteStream", opts.Flags), mode: fileMode(opts.Mode), pending: true}
	wo := stream.WritableOptions{
		HighWaterMark: opts.HighWaterMark, Context: opts.Context, DisableEmitClose: opts.DisableEmitClose,
		Write:   ws.write,
		Writev:  ws.writev,
		Final:   ws.final,
		Destroy: ws.destroy,
	}
	if opts.Fd != nil {
		ws.fd, ws.pending = *opts.Fd, false
	} else {
		wo.Construct = ws.open
	}
	ws.Writable = stream.NewWritable(f.l, wo)
	ws.SetTypeName("WriteStream")
	return ws
}

// Path returns the path the stream writes (as given).
func (ws *WriteStream) Path() string { return ws.path }

// BytesWritten returns how many bytes have been written to the file so far.
func (ws *WriteStream) BytesWritten() int64 { return ws.bytesWritten }

// Pending reports whether the file is not open yet (Node's pending).
func (ws *WriteStream) Pending() bool { return ws.pending }

// Fd returns the stream's descriptor, or -1 before it is open and after it
// is closed.
func (ws *WriteStream) Fd() int { return ws.fd }

// OnOpen adds fn to the 'open' listeners: the file is open, with this
// descriptor.
func (ws *WriteStream) OnOpen(fn func(fd int)) events.Listener {
	return events.EventOf[int](&ws.EventEmitter, "open").On(fn)
}

// OnReady adds fn to the 'ready' listeners: the stream can be written to
// the file (just after 'open').
func (ws *WriteStream) OnReady(fn func()) events.Listener {
	return events.EventOf[struct{}](&ws.EventEmitter, "ready").On(func(struct{}) { fn() })
}

// Close ends the stream, as Node's writeStream.close(cb): what was written
// is flushed, the file closed, and cb, if not nil, called once it has
// closed (with the error that kept it from finishing, if any).
func (ws *WriteStream) Close(cb func(err error)) {
	if ws.Closed() || ws.Destroyed() {
		closeStream(ws.Writable, cb)
		return
	}
	// End, then destroy, and call back once the destroy is complete: not on
	// 'close', which a stream made with DisableEmitClose never emits.
	ws.End(func(err error) {
		ws.DestroyThen(nil, func(derr error) {
			if err == nil {
				err = derr
			}
			if cb != nil {
				cb(err)
			}
		})
	})
}

func (ws *WriteStream) open(cb func(error)) {
	work(ws.l, func() (int, error) { return openFD(ws.path, ws.flags, ws.mode) }, func(err error, fd int) {
		if err != nil {
			cb(err)
			return
		}
		ws.fd, ws.pending = fd, false
		events.EventOf[int](&ws.EventEmitter, "open").Emit(fd)
		events.EventOf[struct{}](&ws.EventEmitter, "ready").Emit(struct{}{})
		cb(nil)
	})
}

func (ws *WriteStream) write(chunk []byte, done func(error)) {
	ws.writev([][]byte{chunk}, done)
}

// writev writes chunks in one pwritev (more if it is short), on the pool.
func (ws *WriteStream) writev(chunks [][]byte, done func(error)) {
	fd, pos := ws.fd, ws.pos
	ws.writing = true
	work(ws.l, func() (int64, error) {
		n, err := writevAll(fd, chunks, pos)
		return n, fdErr("write", "", err)
	}, func(err error, n int64) {
		ws.writing = false
		ws.bytesWritten += n
		if ws.pos >= 0 {
			ws.pos += n
		}
		if w := ws.closeWait; w != nil {
			ws.closeWait = nil
			w(nil)
		}
		done(err)
	})
}

// writevAll writes every byte of bufs at pos on (or at the current
// position), and returns how many it wrote.
func writevAll(fd int, bufs [][]byte, pos int64) (int64, error) {
	var total int64
	if len(bufs) == 1 {
		err := writeAll(fd, bufs[0], pos)
		if err == nil {
			total = int64(len(bufs[0]))
		}
		return total, err
	}
	for len(bufs) > 0 {
		n, err := ignoringEINTRN(func() (int, error) {
			if pos < 0 {
				return unix.Writev(fd, bufs)
			}
			return unix.Pwritev(fd, bufs, pos)
		})
		if err != nil {
			return total, err
		}
		total += int64(n)
		if pos >= 0 {
			pos += int64(n)
		}
		for n > 0 && len(bufs) > 0 { // drop what was written
			if n >= len(bufs[0]) {
				n -= len(bufs[0])
				bufs = bufs[1:]
				continue
			}
			bufs = append([][]byte{bufs[0][n:]}, bufs[1:]...)
			n = 0
		}
	}
	return total, nil
}

// final is the stream's Final: an fsync, if Flush was asked.
func (ws *WriteStream) final(done func(error)) {
	if !ws.flush || ws.fd < 0 {
		done(nil)
		return
	}
	fd := ws.fd
	work0(ws.l, func() error {
		return fdErr("fsync", "", ignoringEINTR(func() error { return syscall.Fsync(fd) }))
	}, done)
}

func (ws *WriteStream) destroy(err error, cb func(error)) {
	closeDestroyed(ws.l, &ws.fd, ws.autoClose, ws.writing, &ws.closeWait, err, cb)
}
