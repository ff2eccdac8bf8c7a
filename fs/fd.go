package fs

import (
	"errors"
	"syscall"
	"time"
	"unsafe"

	"github.com/errfirst/loop"
	"golang.org/x/sys/unix"
)

// The calls on descriptors. A descriptor is Node's: a plain int, owned by
// the caller from Open's callback until Close's. Each call runs on the pool
// as KindFastIO work and calls cb once on the loop goroutine, never from
// inside the call. Errors name the syscall and no path, as Node's do.

// Open opens path with Node's flags ("r", "r+", "rs+", "w", "wx", "w+",
// "wx+", "a", "ax", "a+", "ax+"; "" is "r") and, for a file it creates,
// mode (0 means Node's 0o666, before the umask), and calls cb with the new
// descriptor: Node's fs.open. The descriptor is close-on-exec. Unknown
// flags panic, as Node throws ERR_INVALID_ARG_VALUE.
//
// If the loop closes while the open runs, cb still receives the
// descriptor, as Close promises for work that ran; close it there, with
// Close, which then closes it on the loop goroutine.
func (f *FS) Open(path, flags string, mode uint32, cb func(err error, fd int)) {
	must("Open", cb == nil)
	fl := flagsFor("Open", flags)
	mode = fileMode(mode)
	work(f.l, func() (int, error) { return openFD(path, fl, mode) }, cb)
}

// flagsFor is flags, for a function whose parameter shadows its name.
func flagsFor(fn, s string) int { return flags(fn, s) }

// fileMode and dirMode give Node's default modes for a zero mode.
func fileMode(m uint32) uint32 {
	if m == 0 {
		return 0o666
	}
	return m
}

func dirMode(m uint32) uint32 {
	if m == 0 {
		return 0o777
	}
	return m
}

// Close closes fd: Node's fs.close. cb may be nil, as Node's is optional.
// A Close that the loop's own close keeps from running on the pool closes
// fd on the loop goroutine instead (close(2) of a file does not block), so
// that no descriptor outlives a closed loop; cb then still receives the
// error wrapping loop.ErrClosed that says the request did not run.
func (f *FS) Close(fd int, cb func(err error)) {
	closeFD(f.l, fd, "", cb)
}

// closeFD closes fd on the pool, or on the loop goroutine when the loop is
// closing and the work cannot run, then calls cb (if not nil).
func closeFD(l *loop.Loop, fd int, path string, cb func(err error)) {
	ran := false
	loop.WorkOn(l, loop.KindFastIO, func() (none, error) {
		ran = true
		return none{}, fdErr("close", path, syscall.Close(fd))
	}, func(err error, _ none) {
		if !ran && errors.Is(err, loop.ErrClosed) {
			syscall.Close(fd)
		}
		if cb != nil {
			cb(err)
		}
	})
}

// Read reads up to len(buf) bytes from fd into buf, at position, or at the
// current position (which it advances) if position is CurrentPosition, and
// calls cb with the count: Node's fs.read(fd, buffer, offset, length,
// position), where Go's slicing is Node's offset and length. A count of 0
// with a nil error is the end of the file. buf must not be touched until
// cb runs.
func (f *FS) Read(fd int, buf []byte, position int64, cb func(err error, n int)) {
	must("Read", cb == nil)
	work(f.l, func() (int, error) {
		n, err := readAt(fd, buf, position)
		return n, fdErr("read", "", err)
	}, cb)
}

func readAt(fd int, buf []byte, pos int64) (int, error) {
	n, err := ignoringEINTRN(func() (int, error) {
		if pos < 0 {
			return syscall.Read(fd, buf)
		}
		return syscall.Pread(fd, buf, pos)
	})
	if n < 0 {
		n = 0
	}
	return n, err
}

// Write writes buf to fd at position, or at the current position if
// position is CurrentPosition, and calls cb with the count written, which,
// as in Node, may be less than len(buf) on a device or pipe (never on a
// regular file short of an error): Node's fs.write. On a descriptor opened
// for appending, the data goes at the end whatever the position (Linux).
// buf must not be touched until cb runs.
func (f *FS) Write(fd int, buf []byte, position int64, cb func(err error, n int)) {
	must("Write", cb == nil)
	work(f.l, func() (int, error) {
		n, err := ignoringEINTRN(func() (int, error) {
			if position < 0 {
				return syscall.Write(fd, buf)
			}
			return syscall.Pwrite(fd, buf, position)
		})
		if n < 0 {
			n = 0
		}
		return n, fdErr("write", "", err)
	}, cb)
}

// writeAll writes all of b to fd, at pos and on (or at the current
// position when pos < 0).
func writeAll(fd int, b []byte, pos int64) error {
	for len(b) > 0 {
		n, err := ignoringEINTRN(func() (int, error) {
			if pos < 0 {
				return syscall.Write(fd, b)
			}
			return syscall.Pwrite(fd, b, pos)
		})
		if err != nil {
			return err
		}
		b = b[n:]
		if pos >= 0 {
			pos += int64(n)
		}
	}
	return nil
}

// Readv reads from fd into bufs in order, at position or the current one
// (CurrentPosition), and calls cb with the total count: Node's fs.readv.
func (f *FS) Readv(fd int, bufs [][]byte, position int64, cb func(err error, n int)) {
	must("Readv", cb == nil)
	work(f.l, func() (int, error) {
		n, err := ignoringEINTRN(func() (int, error) {
			if position < 0 {
				return unix.Readv(fd, bufs)
			}
			return unix.Preadv(fd, bufs, position)
		})
		return max(n, 0), fdErr("read", "", err)
	}, cb)
}

// Writev writes bufs to fd in order, at position or the current one
// (CurrentPosition), and calls cb with the total count: Node's fs.writev.
func (f *FS) Writev(fd int, bufs [][]byte, position int64, cb func(err error, n int)) {
	must("Writev", cb == nil)
	work(f.l, func() (int, error) {
		n, err := ignoringEINTRN(func() (int, error) {
			if position < 0 {
				return unix.Writev(fd, bufs)
			}
			return unix.Pwritev(fd, bufs, position)
		})
		return max(n, 0), fdErr("write", "", err)
	}, cb)
}

// Fstat calls cb with the Stats of fd: Node's fs.fstat.
func (f *FS) Fstat(fd int, cb func(err error, st *Stats)) {
	must("Fstat", cb == nil)
	work(f.l, func() (*Stats, error) {
		st := new(Stats)
		if err := statx(fd, "", unix.AT_EMPTY_PATH, st); err != nil {
			return nil, fdErr("fstat", "", err)
		}
		return st, nil
	}, cb)
}

// Fsync flushes fd's data and metadata to storage: Node's fs.fsync.
func (f *FS) Fsync(fd int, cb func(err error)) {
	must("Fsync", cb == nil)
	work0(f.l, func() error {
		return fdErr("fsync", "", ignoringEINTR(func() error { return syscall.Fsync(fd) }))
	}, cb)
}

// Fdatasync flushes fd's data (and the metadata needed to read it back):
// Node's fs.fdatasync.
func (f *FS) Fdatasync(fd int, cb func(err error)) {
	must("Fdatasync", cb == nil)
	work0(f.l, func() error {
		return fdErr("fdatasync", "", ignoringEINTR(func() error { return syscall.Fdatasync(fd) }))
	}, cb)
}

// Ftruncate sets the size of fd's file to size: Node's fs.ftruncate.
func (f *FS) Ftruncate(fd int, size int64, cb func(err error)) {
	must("Ftruncate", cb == nil)
	work0(f.l, func() error {
		return fdErr("ftruncate", "", ignoringEINTR(func() error { return syscall.Ftruncate(fd, size) }))
	}, cb)
}

// Fchmod changes the mode bits of fd's file: Node's fs.fchmod.
func (f *FS) Fchmod(fd int, mode uint32, cb func(err error)) {
	must("Fchmod", cb == nil)
	work0(f.l, func() error {
		return fdErr("fchmod", "", ignoringEINTR(func() error { return syscall.Fchmod(fd, mode) }))
	}, cb)
}

// Fchown changes the owner and group of fd's file (-1 leaves one
// unchanged): Node's fs.fchown.
func (f *FS) Fchown(fd, uid, gid int, cb func(err error)) {
	must("Fchown", cb == nil)
	work0(f.l, func() error {
		return fdErr("fchown", "", ignoringEINTR(func() error { return syscall.Fchown(fd, uid, gid) }))
	}, cb)
}

// Futimes sets the access and modification times of fd's file: Node's
// fs.futimes.
func (f *FS) Futimes(fd int, atime, mtime time.Time, cb func(err error)) {
	must("Futimes", cb == nil)
	work0(f.l, func() error {
		ts := [2]unix.Timespec{unix.NsecToTimespec(atime.UnixNano()), unix.NsecToTimespec(mtime.UnixNano())}
		return fdErr("futime", "", ignoringEINTR(func() error { return futimens(fd, &ts) }))
	}, cb)
}

// futimens is utimensat(fd, NULL, ts, 0), which x/sys/unix does not offer
// (its UtimesNanoAt needs a path).
func futimens(fd int, ts *[2]unix.Timespec) error {
	_, _, e := unix.Syscall6(unix.SYS_UTIMENSAT, uintptr(fd), 0, uintptr(unsafe.Pointer(ts)), 0, 0, 0)
	if e != 0 {
		return e
	}
	return nil
}
