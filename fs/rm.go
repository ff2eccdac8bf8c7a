package fs

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// RmOptions are the options of Rm, Node's.
type RmOptions struct {
	// Recursive removes a directory and everything in it.
	Recursive bool
	// Force makes a missing path a success.
	Force bool
	// MaxRetries is how many times a removal that failed with EBUSY,
	// EMFILE, ENFILE, ENOTEMPTY or EPERM is tried again (0: never).
	MaxRetries int
	// RetryDelay is the wait before the first retry (100 ms if 0); each
	// retry waits that much longer than the one before, as in Node. The
	// wait is a timer on the loop: no worker sleeps.
	RetryDelay time.Duration
}

// Rm removes the file, link or (with opts.Recursive) directory tree path
// and calls cb: Node's fs.rm. A missing path fails with ENOENT in lstat
// unless opts.Force; a directory without opts.Recursive fails with Node's
// ERR_FS_EISDIR. A tree is removed by one piece of pool work per try.
func (f *FS) Rm(path string, opts RmOptions, cb func(err error)) {
	must("Rm", cb == nil)
	if opts.RetryDelay <= 0 {
		opts.RetryDelay = 100 * time.Millisecond
	}
	l := f.l
	tries := 0
	var try func()
	try = func() {
		work0(l, func() error { return rm(path, opts) }, func(err error) {
			if err != nil && tries < opts.MaxRetries && retryable(err) {
				tries++
				l.SetTimeout(try, time.Duration(tries)*opts.RetryDelay)
				return
			}
			cb(err)
		})
	}
	try()
}

func retryable(err error) bool {
	var e syscall.Errno
	if !errors.As(err, &e) {
		return false
	}
	switch e {
	case syscall.EBUSY, syscall.EMFILE, syscall.ENFILE, syscall.ENOTEMPTY, syscall.EPERM:
		return true
	}
	return false
}

func rm(path string, opts RmOptions) error {
	st, err := lstat(path)
	if err != nil {
		if opts.Force && errors.Is(err, ErrNotExist) {
			return nil
		}
		return err
	}
	if !st.IsDirectory() {
		err := ignoringEINTR(func() error { return syscall.Unlink(path) })
		if opts.Force && err == syscall.ENOENT {
			return nil
		}
		return pathErr("unlink", path, err)
	}
	if !opts.Recursive {
		return nodeSystemError("ERR_FS_EISDIR", "Path is a directory", "rm", syscall.EISDIR, "is a directory", path)
	}
	return removeTree(path)
}

// removeTree removes the directory path and what it holds, as Node's
// rimraf: rmdir first, and only if that fails because it is not empty, the
// entries, then rmdir again.
func removeTree(path string) error {
	err := ignoringEINTR(func() error { return syscall.Rmdir(path) })
	switch err {
	case nil, syscall.ENOENT:
		return nil
	case syscall.ENOTEMPTY, syscall.EEXIST, syscall.EPERM:
	default:
		return pathErr("rmdir", path, err)
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		if errors.Is(err, ErrNotExist) {
			return nil
		}
		return pathErr("scandir", path, err)
	}
	for _, e := range ents {
		child := filepath.Join(path, e.Name())
		if e.IsDir() {
			if err := removeTree(child); err != nil {
				return err
			}
			continue
		}
		if err := ignoringEINTR(func() error { return syscall.Unlink(child) }); err != nil && err != syscall.ENOENT {
			if err == syscall.EISDIR { // became a directory meanwhile
				if err := removeTree(child); err != nil {
					return err
				}
				continue
			}
			return pathErr("unlink", child, err)
		}
	}
	err = ignoringEINTR(func() error { return syscall.Rmdir(path) })
	if err == syscall.ENOENT {
		return nil
	}
	return pathErr("rmdir", path, err)
}
