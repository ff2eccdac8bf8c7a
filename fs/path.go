package fs

import (
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The calls on paths. Each runs its system call on the pool as KindFastIO
// work and calls cb once, on the loop goroutine, never from inside the call
// itself: with nil, or with the error in Node's shape (see the package doc).

// Access checks whether the calling process may use path as mode says
// (F_OK, or an OR of R_OK, W_OK and X_OK): Node's fs.access.
func (f *FS) Access(path string, mode int, cb func(err error)) {
	must("Access", cb == nil)
	work0(f.l, func() error {
		return pathErr("access", path, ignoringEINTR(func() error { return unix.Access(path, uint32(mode)) }))
	}, cb)
}

// Exists calls cb with whether path exists: Node's fs.exists, which Node
// deprecates (DEP0034) because its callback is not error-first, as here:
// cb gets a bool and no error. Prefer Access (or Stat), which say why a
// path cannot be used.
func (f *FS) Exists(path string, cb func(exists bool)) {
	must("Exists", cb == nil)
	work(f.l, func() (bool, error) {
		return unix.Access(path, F_OK) == nil, nil
	}, func(err error, ok bool) { cb(ok && err == nil) })
}

// Chmod changes the mode bits of path (mode as Node's: 0o644, with S_ISUID
// and the like): Node's fs.chmod.
func (f *FS) Chmod(path string, mode uint32, cb func(err error)) {
	must("Chmod", cb == nil)
	work0(f.l, func() error {
		return pathErr("chmod", path, ignoringEINTR(func() error { return syscall.Chmod(path, mode) }))
	}, cb)
}

// Chown changes the owner and group of path, following symbolic links
// (-1 leaves one unchanged): Node's fs.chown.
func (f *FS) Chown(path string, uid, gid int, cb func(err error)) {
	must("Chown", cb == nil)
	work0(f.l, func() error {
		return pathErr("chown", path, ignoringEINTR(func() error { return syscall.Chown(path, uid, gid) }))
	}, cb)
}

// Lchown is Chown on a symbolic link itself: Node's fs.lchown.
func (f *FS) Lchown(path string, uid, gid int, cb func(err error)) {
	must("Lchown", cb == nil)
	work0(f.l, func() error {
		return pathErr("lchown", path, ignoringEINTR(func() error { return syscall.Lchown(path, uid, gid) }))
	}, cb)
}

// Link makes newPath a hard link to existingPath: Node's fs.link.
func (f *FS) Link(existingPath, newPath string, cb func(err error)) {
	must("Link", cb == nil)
	work0(f.l, func() error {
		return linkErr("link", existingPath, newPath, ignoringEINTR(func() error { return syscall.Link(existingPath, newPath) }))
	}, cb)
}

// Symlink makes path a symbolic link whose content is target (which is not
// resolved, and need not exist): Node's fs.symlink. Node's type argument is
// for Windows and has no equivalent here.
func (f *FS) Symlink(target, path string, cb func(err error)) {
	must("Symlink", cb == nil)
	work0(f.l, func() error {
		return linkErr("symlink", target, path, ignoringEINTR(func() error { return syscall.Symlink(target, path) }))
	}, cb)
}

// Readlink calls cb with the content of the symbolic link path: Node's
// fs.readlink.
func (f *FS) Readlink(path string, cb func(err error, target string)) {
	must("Readlink", cb == nil)
	work(f.l, func() (string, error) { return readlink(path) }, cb)
}

func readlink(path string) (string, error) {
	for n := 256; ; n *= 2 {
		b := make([]byte, n)
		k, err := ignoringEINTRN(func() (int, error) { return unix.Readlink(path, b) })
		if err != nil {
			return "", pathErr("readlink", path, err)
		}
		if k < n {
			return string(b[:k]), nil
		}
	}
}

// Realpath calls cb with the absolute path of path, with every symbolic
// link, "." and ".." resolved: Node's fs.realpath (its JavaScript form,
// whose errors name the lstat or stat that failed and the prefix of the
// path it failed on).
func (f *FS) Realpath(path string, cb func(err error, resolved string)) {
	must("Realpath", cb == nil)
	work(f.l, func() (string, error) { return realpath(path) }, cb)
}

// RealpathNative is Realpath as Node's fs.realpath.native, which asks the
// system (realpath(3)): the result is the same, and every error names the
// realpath syscall and the path given.
func (f *FS) RealpathNative(path string, cb func(err error, resolved string)) {
	must("RealpathNative", cb == nil)
	work(f.l, func() (string, error) {
		r, err := realpath(path)
		if err != nil {
			return "", pathErr("realpath", path, err)
		}
		return r, nil
	}, cb)
}

func realpath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", pathErr("realpath", path, err)
	}
	rest := splitPath(abs)
	cur := "/"
	var st Stats
	for links := 0; len(rest) > 0; {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case ".":
			continue
		case "..":
			cur = filepath.Dir(cur)
			continue
		}
		next := filepath.Join(cur, c)
		if err := statx(unix.AT_FDCWD, next, unix.AT_SYMLINK_NOFOLLOW, &st); err != nil {
			return "", pathErr("lstat", next, err)
		}
		if !st.IsSymbolicLink() {
			cur = next
			continue
		}
		// As Node's realpath: stat the link first, which fails with
		// ELOOP on a loop and ENOENT on a dangling link.
		if err := statx(unix.AT_FDCWD, next, 0, &st); err != nil {
			return "", pathErr("stat", next, err)
		}
		if links++; links > 255 {
			return "", pathErr("stat", next, syscall.ELOOP)
		}
		target, err := readlink(next)
		if err != nil {
			return "", err
		}
		if filepath.IsAbs(target) {
			cur = "/"
		}
		rest = append(splitPath(target), rest...)
	}
	return cur, nil
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			if i > start {
				out = append(out, p[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// Rename renames oldPath to newPath, replacing newPath if it exists (and
// may be replaced): Node's fs.rename.
func (f *FS) Rename(oldPath, newPath string, cb func(err error)) {
	must("Rename", cb == nil)
	work0(f.l, func() error {
		return linkErr("rename", oldPath, newPath, ignoringEINTR(func() error { return syscall.Rename(oldPath, newPath) }))
	}, cb)
}

// Unlink removes the file (or link) path: Node's fs.unlink.
func (f *FS) Unlink(path string, cb func(err error)) {
	must("Unlink", cb == nil)
	work0(f.l, func() error {
		return pathErr("unlink", path, ignoringEINTR(func() error { return syscall.Unlink(path) }))
	}, cb)
}

// Rmdir removes the empty directory path: Node's fs.rmdir. (Node's
// deprecated recursive option is Rm's.)
func (f *FS) Rmdir(path string, cb func(err error)) {
	must("Rmdir", cb == nil)
	work0(f.l, func() error {
		return pathErr("rmdir", path, ignoringEINTR(func() error { return syscall.Rmdir(path) }))
	}, cb)
}

// Truncate sets the size of the file path to size bytes, cutting it or
// extending it with zeros: Node's fs.truncate, which opens the file (so a
// missing file fails in open) and truncates the descriptor.
func (f *FS) Truncate(path string, size int64, cb func(err error)) {
	must("Truncate", cb == nil)
	work0(f.l, func() error {
		fd, err := openFD(path, O_RDWR|syscall.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		err = ignoringEINTR(func() error { return syscall.Ftruncate(fd, size) })
		syscall.Close(fd)
		return fdErr("ftruncate", path, err)
	}, cb)
}

// Utimes sets the access and modification times of path, following
// symbolic links: Node's fs.utimes.
func (f *FS) Utimes(path string, atime, mtime time.Time, cb func(err error)) {
	must("Utimes", cb == nil)
	work0(f.l, func() error { return utimes("utime", path, atime, mtime, 0) }, cb)
}

// Lutimes is Utimes on a symbolic link itself: Node's fs.lutimes.
func (f *FS) Lutimes(path string, atime, mtime time.Time, cb func(err error)) {
	must("Lutimes", cb == nil)
	work0(f.l, func() error { return utimes("lutime", path, atime, mtime, unix.AT_SYMLINK_NOFOLLOW) }, cb)
}

func utimes(sys, path string, atime, mtime time.Time, flags int) error {
	ts := []unix.Timespec{unix.NsecToTimespec(atime.UnixNano()), unix.NsecToTimespec(mtime.UnixNano())}
	return pathErr(sys, path, ignoringEINTR(func() error { return unix.UtimesNanoAt(unix.AT_FDCWD, path, ts, flags) }))
}

// Stat calls cb with the Stats of path, following symbolic links: Node's
// fs.stat. (Node's bigint option has no use here: the fields are 64-bit.)
func (f *FS) Stat(path string, cb func(err error, st *Stats)) {
	must("Stat", cb == nil)
	work(f.l, func() (*Stats, error) { return stat(path) }, cb)
}

func stat(path string) (*Stats, error) {
	st := new(Stats)
	if err := statx(unix.AT_FDCWD, path, 0, st); err != nil {
		return nil, pathErr("stat", path, err)
	}
	return st, nil
}

// Lstat is Stat on a symbolic link itself: Node's fs.lstat.
func (f *FS) Lstat(path string, cb func(err error, st *Stats)) {
	must("Lstat", cb == nil)
	work(f.l, func() (*Stats, error) { return lstat(path) }, cb)
}

func lstat(path string) (*Stats, error) {
	st := new(Stats)
	if err := statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, st); err != nil {
		return nil, pathErr("lstat", path, err)
	}
	return st, nil
}

// Statfs calls cb with the statistics of the file system holding path:
// Node's fs.statfs.
func (f *FS) Statfs(path string, cb func(err error, st *StatFs)) {
	must("Statfs", cb == nil)
	work(f.l, func() (*StatFs, error) {
		var s unix.Statfs_t
		if err := ignoringEINTR(func() error { return unix.Statfs(path, &s) }); err != nil {
			return nil, pathErr("statfs", path, err)
		}
		return &StatFs{Type: int64(s.Type), Bsize: int64(s.Bsize), Blocks: s.Blocks, Bfree: s.Bfree,
			Bavail: s.Bavail, Files: s.Files, Ffree: s.Ffree}, nil
	}, cb)
}

// CopyFile copies the content and mode of src to dest, replacing dest
// unless mode has COPYFILE_EXCL (then an existing dest fails with EEXIST);
// COPYFILE_FICLONE tries a copy-on-write clone first, and
// COPYFILE_FICLONE_FORCE fails if it cannot clone. It is Node's
// fs.copyFile, and like libuv's one request: a huge copy holds one worker
// for its length.
func (f *FS) CopyFile(src, dest string, mode int, cb func(err error)) {
	must("CopyFile", cb == nil)
	work0(f.l, func() error { return copyFile(src, dest, mode) }, cb)
}

func copyFile(src, dest string, mode int) error {
	fail := func(err error) error { return linkErr("copyfile", src, dest, err) }
	in, err := openFD(src, O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return fail(err)
	}
	defer syscall.Close(in)
	var st Stats
	if err := statx(in, "", unix.AT_EMPTY_PATH, &st); err != nil {
		return fail(err)
	}
	if st.IsDirectory() {
		return fail(syscall.EISDIR)
	}
	oflags := O_WRONLY | O_CREAT | syscall.O_CLOEXEC
	if mode&COPYFILE_EXCL != 0 {
		oflags |= O_EXCL
	}
	out, err := openFD(dest, oflags, st.mode&0o7777)
	if err != nil {
		return fail(err)
	}
	var dst Stats
	if err := statx(out, "", unix.AT_EMPTY_PATH, &dst); err != nil {
		syscall.Close(out)
		return fail(err)
	}
	if dst.Dev == st.Dev && dst.Ino == st.Ino { // copying a file onto itself
		syscall.Close(out)
		return nil
	}
	err = copyFD(in, out, mode)
	if err == nil {
		err = ignoringEINTR(func() error { return syscall.Fchmod(out, st.mode&0o7777) })
	}
	if cerr := syscall.Close(out); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	return nil
}

// copyFD copies in to out, which it first truncates: a clone if asked
// (FICLONE), else copy_file_range, else read and write.
func copyFD(in, out int, mode int) error {
	if err := syscall.Ftruncate(out, 0); err != nil {
		return err
	}
	if mode&(COPYFILE_FICLONE|COPYFILE_FICLONE_FORCE) != 0 {
		err := unix.IoctlFileClone(out, in)
		if err == nil || mode&COPYFILE_FICLONE_FORCE != 0 {
			return err
		}
	}
	for copied := false; ; copied = true {
		n, err := ignoringEINTRN(func() (int, error) { return unix.CopyFileRange(in, nil, out, nil, 1<<30, 0) })
		if err != nil {
			if copied {
				return err
			}
			break // EXDEV on old kernels, ENOSYS, EINVAL: copy by hand
		}
		if n == 0 {
			return nil
		}
	}
	if _, err := syscall.Seek(in, 0, 0); err != nil {
		return err
	}
	if err := syscall.Ftruncate(out, 0); err != nil {
		return err
	}
	if _, err := syscall.Seek(out, 0, 0); err != nil {
		return err
	}
	buf := make([]byte, 256<<10)
	for {
		n, err := ignoringEINTRN(func() (int, error) { return syscall.Read(in, buf) })
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if err := writeAll(out, buf[:n], -1); err != nil {
			return err
		}
	}
}

// openFD opens path with flags (which must include O_CLOEXEC) and mode,
// giving open's error in Node's shape.
func openFD(path string, flags int, mode uint32) (int, error) {
	fd, err := ignoringEINTRN(func() (int, error) { return syscall.Open(path, flags, mode) })
	if err != nil {
		return -1, pathErr("open", path, err)
	}
	return fd, nil
}
