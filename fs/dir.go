package fs

import (
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/errfirst/loop"
)

// MkdirOptions are the options of Mkdir, Node's.
type MkdirOptions struct {
	// Recursive creates the missing parents too, and makes an existing
	// directory a success (Node's mkdir -p).
	Recursive bool
	// Mode is the mode of the directories created (0 means 0o777, before
	// the umask).
	Mode uint32
}

// Mkdir creates the directory path and calls cb: Node's fs.mkdir. With
// opts.Recursive, cb's first is the first directory it created, as given
// (path, or one of its parents), or "" if path existed already as a
// directory; without, first is always "".
func (f *FS) Mkdir(path string, opts MkdirOptions, cb func(err error, first string)) {
	must("Mkdir", cb == nil)
	mode := dirMode(opts.Mode)
	work(f.l, func() (string, error) {
		if !opts.Recursive {
			return "", pathErr("mkdir", path, ignoringEINTR(func() error { return syscall.Mkdir(path, mode) }))
		}
		first, err := mkdirAll(path, mode)
		return first, pathErr("mkdir", path, err) // Node names the path given
	}, cb)
}

// mkdirAll is Node's MKDirpAsync: it returns the first directory created.
func mkdirAll(path string, mode uint32) (string, error) {
	err := ignoringEINTR(func() error { return syscall.Mkdir(path, mode) })
	switch {
	case err == nil:
		return path, nil
	case err == syscall.EEXIST:
		if st, serr := stat(path); serr == nil && st.IsDirectory() {
			return "", nil
		}
		return "", err
	case err != syscall.ENOENT:
		return "", err
	}
	parent := filepath.Dir(path)
	if parent == path {
		return "", err
	}
	first, err := mkdirAll(parent, mode)
	if err != nil {
		return "", err
	}
	if err := ignoringEINTR(func() error { return syscall.Mkdir(path, mode) }); err != nil {
		if st, serr := stat(path); err != syscall.EEXIST || serr != nil || !st.IsDirectory() {
			return "", err
		}
	}
	if first == "" {
		first = path
	}
	return first, nil
}

// Mkdtemp creates a new directory, mode 0o700, named prefix followed by
// six random characters, and calls cb with its path: Node's fs.mkdtemp.
func (f *FS) Mkdtemp(prefix string, cb func(err error, dir string)) {
	must("Mkdtemp", cb == nil)
	work(f.l, func() (string, error) {
		const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		for {
			var r [6]byte
			rand.Read(r[:])
			for i := range r {
				r[i] = chars[int(r[i])%len(chars)]
			}
			dir := prefix + string(r[:])
			err := ignoringEINTR(func() error { return syscall.Mkdir(dir, 0o700) })
			if err != syscall.EEXIST {
				return dir, pathErr("mkdtemp", dir, err)
			}
		}
	}, func(err error, dir string) {
		if err != nil {
			dir = ""
		}
		cb(err, dir)
	})
}

// ReaddirOptions are the options of Readdir and ReaddirWithFileTypes.
type ReaddirOptions struct {
	// Recursive lists the subdirectories too, breadth first, each
	// directory's entries in order (Node 20's recursive).
	Recursive bool
}

// Readdir calls cb with the names of the entries of the directory path,
// sorted (libuv sorts them), without "." and "..": Node's fs.readdir.
// With opts.Recursive, the entries of subdirectories follow, as paths
// relative to path ("a/b"). Errors name the scandir syscall, as Node's.
func (f *FS) Readdir(path string, opts ReaddirOptions, cb func(err error, names []string)) {
	must("Readdir", cb == nil)
	work(f.l, func() ([]string, error) {
		ents, err := readdir(path, opts.Recursive)
		if err != nil {
			return nil, err
		}
		names := make([]string, len(ents))
		for i, e := range ents {
			names[i] = e.Name
		}
		return names, nil
	}, cb)
}

// ReaddirWithFileTypes is Readdir with Node's withFileTypes: cb gets a
// Dirent per entry, whose Name is the entry's name and ParentPath the
// directory it is in.
func (f *FS) ReaddirWithFileTypes(path string, opts ReaddirOptions, cb func(err error, entries []*Dirent)) {
	must("ReaddirWithFileTypes", cb == nil)
	work(f.l, func() ([]*Dirent, error) {
		ents, err := readdir(path, opts.Recursive)
		if err != nil {
			return nil, err
		}
		out := make([]*Dirent, len(ents))
		for i := range ents {
			e := &ents[i]
			if opts.Recursive {
				e.Name = filepath.Base(e.Name)
			}
			out[i] = e
		}
		return out, nil
	}, cb)
}

// readdir lists path (and, recursively, its subdirectories, breadth
// first), with each entry's Name relative to path.
func readdir(root string, recursive bool) ([]Dirent, error) {
	var out []Dirent
	queue := []string{""}
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		dir := filepath.Join(root, rel)
		if rel == "" {
			dir = root
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			if rel != "" && errors.Is(err, ErrNotExist) {
				continue // removed while we walked
			}
			return nil, pathErr("scandir", dir, err)
		}
		for _, e := range ents {
			name := e.Name()
			if rel != "" {
				name = rel + "/" + name
			}
			d := Dirent{Name: name, ParentPath: dir, Path: dir, typ: direntType(e.Type())}
			out = append(out, d)
			if recursive && d.typ == S_IFDIR {
				queue = append(queue, name)
			}
		}
	}
	return out, nil
}

// OpendirOptions are the options of Opendir, Node's.
type OpendirOptions struct {
	// BufferSize is how many entries one read of the directory fetches
	// from the system (32 if 0), as Node's bufferSize.
	BufferSize int
	// Recursive makes the Dir list subdirectories too, breadth first.
	Recursive bool
}

// Opendir opens the directory path and calls cb with a Dir that reads its
// entries one at a time: Node's fs.opendir. Close the Dir when done: it
// holds a descriptor. Errors name the opendir syscall.
func (f *FS) Opendir(path string, opts OpendirOptions, cb func(err error, d *Dir)) {
	must("Opendir", cb == nil)
	if opts.BufferSize <= 0 {
		opts.BufferSize = 32
	}
	l := f.l
	work(l, func() (*Dir, error) {
		file, err := openDir(path)
		if err != nil {
			return nil, err
		}
		return &Dir{l: l, path: path, root: file, cur: file, dir: path, size: opts.BufferSize, recursive: opts.Recursive}, nil
	}, cb)
}

func openDir(path string) (*os.File, error) {
	fd, err := ignoringEINTRN(func() (int, error) {
		return syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, pathErr("opendir", path, err)
	}
	return os.NewFile(uintptr(fd), path), nil
}

// Dir is an open directory, Node's fs.Dir: Read gives its entries one at
// a time, in the order the system lists them (unsorted, unlike Readdir),
// and Close releases it. Its methods must be called on the loop goroutine;
// calls made while another is in progress wait for it, in order, as in
// Node.
type Dir struct {
	l         *loop.Loop
	path      string
	root      *os.File // the directory opened
	cur       *os.File // the directory being read: root, a subdirectory (Recursive), or nil
	dir       string   // cur's path
	pending   []string // subdirectories still to read (Recursive)
	buf       []*Dirent
	size      int
	recursive bool
	busy      bool
	closed    bool
	queue     []func()
}

// Path returns the path the Dir was opened with.
func (d *Dir) Path() string { return d.path }

// Read calls cb with the next entry, or with a nil entry once there are no
// more: Node's dir.read. cb runs once, on the loop goroutine, never from
// inside Read. After Close, cb receives ErrDirClosed.
func (d *Dir) Read(cb func(err error, entry *Dirent)) {
	must("Dir.Read", cb == nil)
	d.do(func() {
		if d.closed {
			d.l.NextTick(func() { d.next(); cb(ErrDirClosed, nil) })
			return
		}
		if len(d.buf) > 0 {
			e := d.buf[0]
			d.buf = d.buf[1:]
			d.l.NextTick(func() { d.next(); cb(nil, e) })
			return
		}
		work(d.l, d.fill, func(err error, ents []*Dirent) {
			d.next()
			if err != nil || len(ents) == 0 {
				cb(err, nil)
				return
			}
			d.buf = ents[1:]
			cb(nil, ents[0])
		})
	})
}

// fill reads the next batch of entries, on a worker.
func (d *Dir) fill() ([]*Dirent, error) {
	for {
		if d.cur == nil {
			if len(d.pending) == 0 {
				return nil, nil // the end, for this Read and the next ones
			}
			d.dir, d.pending = d.pending[0], d.pending[1:]
			f, err := openDir(d.dir)
			if errors.Is(err, ErrNotExist) {
				continue // removed while we walked
			}
			if err != nil {
				return nil, err
			}
			d.cur = f
		}
		ents, err := d.cur.ReadDir(d.size)
		if len(ents) == 0 {
			if err != nil && err != io.EOF {
				return nil, fdErr("scandir", d.dir, err)
			}
			if d.cur != d.root {
				d.cur.Close()
			}
			d.cur = nil
			continue
		}
		out := make([]*Dirent, len(ents))
		for i, e := range ents {
			de := &Dirent{Name: e.Name(), ParentPath: d.dir, Path: d.dir, typ: direntType(e.Type())}
			out[i] = de
			if d.recursive && de.typ == S_IFDIR {
				d.pending = append(d.pending, filepath.Join(d.dir, e.Name()))
			}
		}
		return out, nil
	}
}

// Close closes the directory and calls cb (which may be nil): Node's
// dir.close. Closing it again gives cb ErrDirClosed.
func (d *Dir) Close(cb func(err error)) {
	d.do(func() {
		if d.closed {
			d.l.NextTick(func() {
				d.next()
				if cb != nil {
					cb(ErrDirClosed)
				}
			})
			return
		}
		d.closed = true
		root, cur := d.root, d.cur
		d.root, d.cur, d.buf, d.pending = nil, nil, nil, nil
		closeAll := func() error {
			if cur != nil && cur != root {
				cur.Close()
			}
			return fdErr("closedir", d.path, root.Close())
		}
		ran := false
		work0(d.l, func() error { ran = true; return closeAll() }, func(err error) {
			if !ran && errors.Is(err, loop.ErrClosed) {
				closeAll() // as Close does for a descriptor: none outlives the loop
			}
			d.next()
			if cb != nil {
				cb(err)
			}
		})
	})
}

// do runs op now, or after the operations before it.
func (d *Dir) do(op func()) {
	if d.busy {
		d.queue = append(d.queue, op)
		return
	}
	d.busy = true
	op()
}

// next starts the next queued operation, if any.
func (d *Dir) next() {
	d.busy = false
	if len(d.queue) > 0 {
		op := d.queue[0]
		d.queue = d.queue[1:]
		d.busy = true
		op()
	}
}
