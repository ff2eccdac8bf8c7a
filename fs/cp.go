package fs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/errfirst/loop"
)

// CpOptions are the options of Cp, Node's (fs.cp is experimental in Node
// 20). The zero value is Node's defaults.
type CpOptions struct {
	// Recursive copies directories and what they hold.
	Recursive bool
	// KeepExisting leaves an existing destination file as it is (Node's
	// force: false); ErrorOnExist then makes it an error
	// (ERR_FS_CP_EEXIST).
	KeepExisting bool
	ErrorOnExist bool
	// Filter, if not nil, is called on the loop goroutine for each source
	// path and its destination before it is copied; false skips it (and,
	// for a directory, what it holds).
	Filter func(src, dest string) bool
	// PreserveTimestamps gives the copies the access and modification
	// times of their sources.
	PreserveTimestamps bool
	// Dereference copies what symbolic links point to instead of the links.
	Dereference bool
	// VerbatimSymlinks copies link targets as they are; otherwise a
	// relative target is made absolute against the source link's
	// directory, as Node does.
	VerbatimSymlinks bool
	// Mode is CopyFile's mode for each file (COPYFILE_EXCL, ...).
	Mode int
}

// Cp copies src to dest and calls cb: Node's fs.cp. A file is copied as
// CopyFile copies it; a directory, with opts.Recursive, entry by entry,
// each entry its own pool work (with Filter called on the loop between
// them), and its mode (and times, with PreserveTimestamps) set once its
// entries are copied. Node's checks come first, with Node's codes:
// ERR_FS_CP_EINVAL for a copy onto itself or into its own subdirectory,
// ERR_FS_EISDIR for a directory without Recursive, ERR_FS_CP_DIR_TO_NON_DIR
// and ERR_FS_CP_NON_DIR_TO_DIR, ERR_FS_CP_EEXIST. cb is called once, after
// every piece of work started has finished, with the first error.
func (f *FS) Cp(src, dest string, opts CpOptions, cb func(err error)) {
	must("Cp", cb == nil)
	c := &cpRun{l: f.l, opts: opts, cb: cb}
	c.pending = 1
	c.l.NextTick(func() { c.entry(src, dest, nil, true) })
}

// cpRun is one Cp: a driver on the loop goroutine that submits one piece
// of work per entry and tracks the directories still being filled.
type cpRun struct {
	l       *loop.Loop
	opts    CpOptions
	cb      func(error)
	err     error
	pending int // entries submitted or about to be, and directories not finished
}

// cpDir is a directory being copied: once its entries are done, its mode
// and times are set.
type cpDir struct {
	src, dest string
	parent    *cpDir
	names     []string // its entries
	left      int      // entries not finished
	st        *Stats
}

// entry copies one source path (on the loop: the filter, then the work).
func (c *cpRun) entry(src, dest string, parent *cpDir, top bool) {
	if c.err != nil || (c.opts.Filter != nil && !c.opts.Filter(src, dest)) {
		c.done(parent, nil)
		return
	}
	work(c.l, func() (*cpDir, error) { return c.copyOne(src, dest, top) }, func(err error, d *cpDir) {
		if err != nil || d == nil {
			c.done(parent, err)
			return
		}
		d.parent = parent
		d.left = len(d.names)
		if d.left == 0 {
			c.finishDir(d)
			return
		}
		c.pending += d.left
		for _, name := range d.names {
			c.entry(filepath.Join(d.src, name), filepath.Join(d.dest, name), d, false)
		}
	})
}

// done records that an entry is finished, and finishes its parent
// directory when it was the last.
func (c *cpRun) done(parent *cpDir, err error) {
	if err != nil && c.err == nil {
		c.err = err
	}
	c.pending--
	if parent != nil {
		parent.left--
		if parent.left == 0 {
			c.finishDir(parent)
		}
	}
	if c.pending == 0 {
		c.cb(c.err)
	}
}

// finishDir sets a copied directory's mode and times, then counts it done.
func (c *cpRun) finishDir(d *cpDir) {
	work0(c.l, func() error {
		if err := ignoringEINTR(func() error { return syscall.Chmod(d.dest, d.st.mode&0o7777) }); err != nil {
			return pathErr("chmod", d.dest, err)
		}
		if c.opts.PreserveTimestamps {
			return utimes("utime", d.dest, d.st.Atime, d.st.Mtime, 0)
		}
		return nil
	}, func(err error) { c.done(d.parent, err) })
}

// copyOne copies one entry on a worker. For a directory it creates the
// destination and returns the directory with its entries' names, for the
// loop to copy.
func (c *cpRun) copyOne(src, dest string, top bool) (*cpDir, error) {
	statSrc := lstat
	if c.opts.Dereference {
		statSrc = stat
	}
	ss, err := statSrc(src)
	if err != nil {
		return nil, err
	}
	ds, err := statSrc(dest)
	if err != nil && !errors.Is(err, ErrNotExist) {
		return nil, err
	}
	if top {
		if ds != nil && ss.Dev == ds.Dev && ss.Ino == ds.Ino {
			return nil, nodeSystemError("ERR_FS_CP_EINVAL", "Invalid src or dest", "cp", syscall.EINVAL, "src and dest cannot be the same", dest)
		}
		if ss.IsDirectory() && isSubdir(src, dest) {
			return nil, nodeSystemError("ERR_FS_CP_EINVAL", "Invalid src or dest", "cp", syscall.EINVAL,
				"cannot copy "+src+" to a subdirectory of self "+dest, dest)
		}
	}
	if ds != nil {
		switch {
		case ss.IsDirectory() && !ds.IsDirectory():
			return nil, nodeSystemError("ERR_FS_CP_DIR_TO_NON_DIR", "Cannot overwrite non-directory with directory", "cp", syscall.EISDIR,
				"cannot overwrite non-directory "+dest+" with directory "+src, dest)
		case !ss.IsDirectory() && ds.IsDirectory():
			return nil, nodeSystemError("ERR_FS_CP_NON_DIR_TO_DIR", "Cannot overwrite directory with non-directory", "cp", syscall.ENOTDIR,
				"cannot overwrite directory "+dest+" with non-directory "+src, dest)
		}
	}
	switch {
	case ss.IsDirectory():
		if !c.opts.Recursive {
			return nil, nodeSystemError("ERR_FS_EISDIR", "Path is a directory", "cp", syscall.EISDIR,
				src+" is a directory (not copied)", src)
		}
		if ds == nil {
			if err := ignoringEINTR(func() error { return syscall.Mkdir(dest, 0o700|ss.mode&0o777) }); err != nil {
				return nil, pathErr("mkdir", dest, err)
			}
		}
		ents, err := os.ReadDir(src)
		if err != nil {
			return nil, pathErr("scandir", src, err)
		}
		d := &cpDir{src: src, dest: dest, st: ss, names: make([]string, len(ents))}
		for i, e := range ents {
			d.names[i] = e.Name()
		}
		return d, nil
	case ds != nil && c.opts.KeepExisting:
		if c.opts.ErrorOnExist {
			return nil, nodeSystemError("ERR_FS_CP_EEXIST", "Target already exists", "cp", syscall.EEXIST, dest+" already exists", dest)
		}
		return nil, nil
	case ss.IsSymbolicLink():
		target, err := readlink(src)
		if err != nil {
			return nil, err
		}
		if !c.opts.VerbatimSymlinks && !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(src), target)
		}
		if ds != nil {
			syscall.Unlink(dest)
		}
		return nil, linkErr("symlink", target, dest, ignoringEINTR(func() error { return syscall.Symlink(target, dest) }))
	case ss.IsFile():
		if ds != nil {
			if err := ignoringEINTR(func() error { return syscall.Unlink(dest) }); err != nil {
				return nil, pathErr("unlink", dest, err)
			}
		}
		if err := copyFile(src, dest, c.opts.Mode); err != nil {
			return nil, err
		}
		if c.opts.PreserveTimestamps {
			return nil, utimes("utime", dest, ss.Atime, ss.Mtime, 0)
		}
		return nil, nil
	}
	return nil, nodeSystemError("ERR_FS_CP_UNKNOWN", "Cannot copy an unknown file type", "cp", syscall.EINVAL,
		"cannot copy an unknown file type: "+dest, dest)
}

// isSubdir reports whether dest is inside src, by their absolute paths.
func isSubdir(src, dest string) bool {
	s, err1 := filepath.Abs(src)
	d, err2 := filepath.Abs(dest)
	if err1 != nil || err2 != nil || s == d {
		return false
	}
	return strings.HasPrefix(d, s+string(filepath.Separator))
}
