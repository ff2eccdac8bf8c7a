package fs

import (
	"context"
	"slices"
	"strconv"
	"syscall"

	"github.com/errfirst/loop"
	"golang.org/x/sys/unix"
)

// MaxReadFileSize is the largest file ReadFile reads: Node's kIoMaxLength,
// 2 GiB less one byte. A larger file fails with an error wrapping
// ErrFileTooLarge (ERR_FS_FILE_TOO_LARGE), as in Node, before anything is
// read, or, for a file whose size is not known in advance (a /proc file),
// once that much has been read.
const MaxReadFileSize = 1<<31 - 1

// ReadFileChunk is how much one piece of ReadFile or WriteFile work reads
// or writes: Node's kReadFileBufferLength and kWriteFileMaxChunkSize,
// 512 KiB. A file up to this size is read in one piece of pool work (open,
// fstat, read and close together); a larger one in one piece per chunk,
// each queued behind the work that arrived meanwhile, so a huge file holds
// a worker for one chunk at a time and small requests keep moving.
const ReadFileChunk = 512 << 10

// readUnknownChunk is how much each read asks for when the size is not
// known (Node's kReadFileUnknownBufferLength).
const readUnknownChunk = 64 << 10

// ReadFileOptions are the options of ReadFile, Node's.
type ReadFileOptions struct {
	// Encoding makes data text in this encoding ("utf8", "hex",
	// "base64", ...; see the package doc). "" gives the bytes.
	Encoding string
	// Flag is the open flag ("r" if ""), as Open's.
	Flag string
	// Context is Node's signal: once it is done, the read stops between
	// two chunks and cb receives an AbortError (code ABORT_ERR) wrapping
	// its cause. A read already in the kernel finishes first, as in Node.
	Context context.Context
}

// ReadFile reads the whole file path and calls cb with its content: Node's
// fs.readFile. It opens the file, reads its size, reads it (in chunks of
// ReadFileChunk, each its own pool work), and closes it; a file that
// reports a size of 0, such as those of /proc, is read until its end. A
// directory fails with EISDIR in read, a file larger than MaxReadFileSize
// with ERR_FS_FILE_TOO_LARGE. cb is called once, on the loop goroutine,
// never from inside ReadFile; the descriptor is closed before it runs,
// whatever happened, the loop's close included.
//
// opts, if given, are one ReadFileOptions.
func (f *FS) ReadFile(path string, cb func(err error, data []byte), opts ...ReadFileOptions) {
	must("ReadFile", cb == nil)
	var o ReadFileOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	s := &readFile{l: f.l, path: path, ctx: o.Context, cb: cb, fd: -1,
		enc: encoding("ReadFile", o.Encoding), flags: flags("ReadFile", o.Flag)}
	s.submit()
}

// readFile is one ReadFile: its state moves between the loop (which
// submits each chunk) and one worker at a time.
type readFile struct {
	l     *loop.Loop
	path  string
	ctx   context.Context
	cb    func(error, []byte)
	enc   string
	flags int
	fd    int
	size  int // 0 when not known: read to the end
	buf   []byte
	ran   bool // the last piece of work submitted has started
	done  bool // everything is read and the descriptor closed
}

func (s *readFile) submit() {
	s.ran = false
	loop.WorkOn(s.l, loop.KindFastIO, s.step, s.after)
}

// step runs on a worker: the open and first chunk, or the next chunk.
func (s *readFile) step() (none, error) {
	s.ran = true
	if s.ctx != nil && s.ctx.Err() != nil {
		return none{}, s.fail(loop.AbortError(context.Cause(s.ctx)))
	}
	if s.fd < 0 {
		fd, err := openFD(s.path, s.flags, 0o666)
		if err != nil {
			return none{}, err
		}
		s.fd = fd
		var st Stats
		if err := statx(fd, "", unix.AT_EMPTY_PATH, &st); err != nil {
			return none{}, s.fail(fdErr("fstat", s.path, err))
		}
		if st.IsFile() {
			s.size = int(st.size)
		}
		if int64(s.size) > MaxReadFileSize || st.size > MaxReadFileSize {
			return none{}, s.fail(tooLarge(st.size))
		}
		s.buf = make([]byte, 0, s.size)
	}
	// Read one chunk, or, for a small file, all of it in this same work.
	for now := 0; ; {
		want := ReadFileChunk
		if s.size == 0 {
			want = readUnknownChunk
			s.buf = slices.Grow(s.buf, want)
		} else {
			want = min(want, s.size-len(s.buf))
		}
		n, err := readAt(s.fd, s.buf[len(s.buf):len(s.buf)+want], -1)
		if err != nil {
			return none{}, s.fail(fdErr("read", s.path, err))
		}
		s.buf = s.buf[:len(s.buf)+n]
		now += n
		if n == 0 || (s.size > 0 && len(s.buf) == s.size) {
			err := syscall.Close(s.fd)
			s.fd, s.done = -1, true
			return none{}, fdErr("close", s.path, err)
		}
		if s.size == 0 && len(s.buf) > MaxReadFileSize {
			return none{}, s.fail(tooLarge(int64(len(s.buf))))
		}
		if s.size > 0 || now >= ReadFileChunk {
			return none{}, nil // the next chunk is another piece of work
		}
	}
}

// fail closes the descriptor after an error; the error is the first one.
func (s *readFile) fail(err error) error {
	if s.fd >= 0 {
		syscall.Close(s.fd)
		s.fd = -1
	}
	s.buf = nil
	return err
}

// after runs on the loop: deliver, or submit the next chunk.
func (s *readFile) after(err error, _ none) {
	if err != nil {
		if s.fd >= 0 && !s.ran {
			// The loop is closing and the chunk never ran: the descriptor
			// is still open, and nothing else will close it.
			syscall.Close(s.fd)
			s.fd = -1
		}
		s.cb(err, nil)
		return
	}
	if !s.done {
		s.submit()
		return
	}
	s.cb(nil, encode(s.enc, s.buf))
}

func tooLarge(size int64) error {
	return loop.WrapError("ERR_FS_FILE_TOO_LARGE", "File size ("+strconv.FormatInt(size, 10)+") is greater than 2 GiB", ErrFileTooLarge)
}

// WriteFileOptions are the options of WriteFile and AppendFile, Node's.
type WriteFileOptions struct {
	// Encoding says data is text in this encoding ("hex", "base64",
	// ...; see the package doc): the file gets the bytes it stands for.
	// "" and "utf8" write data as it is.
	Encoding string
	// Mode is the mode of a file the call creates (0 means 0o666, before
	// the umask).
	Mode uint32
	// Flag is the open flag: "w" for WriteFile and "a" for AppendFile if "".
	Flag string
	// Flush makes the call fsync the file before closing it.
	Flush bool
	// Context is Node's signal: once it is done, the write stops between
	// two chunks and cb receives an AbortError; one done before the call
	// starts means the file is not even opened (nor created).
	Context context.Context
}

// WriteFile writes data to the file path, which it creates (with
// opts.Mode) or truncates, and calls cb: Node's fs.writeFile. The data goes
// in chunks of ReadFileChunk, each its own pool work, so a huge write holds
// a worker for one chunk at a time. data must not be changed until cb runs.
// cb is called once, on the loop goroutine; the descriptor is closed before
// it runs.
//
// opts, if given, are one WriteFileOptions.
func (f *FS) WriteFile(path string, data []byte, cb func(err error), opts ...WriteFileOptions) {
	must("WriteFile", cb == nil)
	f.writeFile("WriteFile", "w", path, data, cb, opts)
}

// AppendFile appends data to the file path, which it creates if needed:
// Node's fs.appendFile, WriteFile with the flag "a".
func (f *FS) AppendFile(path string, data []byte, cb func(err error), opts ...WriteFileOptions) {
	must("AppendFile", cb == nil)
	f.writeFile("AppendFile", "a", path, data, cb, opts)
}

func (f *FS) writeFile(fn, flag, path string, data []byte, cb func(error), opts []WriteFileOptions) {
	var o WriteFileOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Flag == "" {
		o.Flag = flag
	}
	s := &writeFile{l: f.l, path: path, ctx: o.Context, cb: cb, fd: -1, flush: o.Flush,
		flags: flags(fn, o.Flag), mode: fileMode(o.Mode)}
	s.data = decode(encoding(fn, o.Encoding), data)
	s.submit()
}

// writeFile is one WriteFile or AppendFile, as readFile is one ReadFile.
type writeFile struct {
	l     *loop.Loop
	path  string
	ctx   context.Context
	cb    func(error)
	data  []byte // what is left to write
	flags int
	mode  uint32
	fd    int
	flush bool
	ran   bool
	done  bool
}

func (s *writeFile) submit() {
	s.ran = false
	loop.WorkOn(s.l, loop.KindFastIO, s.step, s.after)
}

func (s *writeFile) step() (none, error) {
	s.ran = true
	if s.ctx != nil && s.ctx.Err() != nil {
		return none{}, s.fail(loop.AbortError(context.Cause(s.ctx)))
	}
	if s.fd < 0 {
		fd, err := openFD(s.path, s.flags, s.mode)
		if err != nil {
			return none{}, err
		}
		s.fd = fd
	}
	n := min(len(s.data), ReadFileChunk)
	if err := writeAll(s.fd, s.data[:n], -1); err != nil {
		return none{}, s.fail(fdErr("write", s.path, err))
	}
	s.data = s.data[n:]
	if len(s.data) > 0 {
		return none{}, nil
	}
	if s.flush {
		if err := ignoringEINTR(func() error { return syscall.Fsync(s.fd) }); err != nil {
			return none{}, s.fail(fdErr("fsync", s.path, err))
		}
	}
	err := syscall.Close(s.fd)
	s.fd, s.done = -1, true
	return none{}, fdErr("close", s.path, err)
}

func (s *writeFile) fail(err error) error {
	if s.fd >= 0 {
		syscall.Close(s.fd)
		s.fd = -1
	}
	return err
}

func (s *writeFile) after(err error, _ none) {
	if err != nil {
		if s.fd >= 0 && !s.ran {
			syscall.Close(s.fd)
			s.fd = -1
		}
		s.cb(err)
		return
	}
	if !s.done {
		s.submit()
		return
	}
	s.cb(nil)
}
