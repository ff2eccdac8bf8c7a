package fs

import (
	"errors"
	iofs "io/fs"
	"os"
	"strconv"
	"syscall"

	"github.com/errfirst/loop"
)

// The io/fs sentinels, so that callers test errors the Go way without a
// second import: errors.Is(err, fs.ErrNotExist) holds for every error of
// this package whose errno is ENOENT, as it does for the os package's.
var (
	ErrInvalid    = iofs.ErrInvalid    // "invalid argument"
	ErrPermission = iofs.ErrPermission // "permission denied"
	ErrExist      = iofs.ErrExist      // "file already exists"
	ErrNotExist   = iofs.ErrNotExist   // "file does not exist"
	ErrClosed     = iofs.ErrClosed     // "file already closed"
)

// The errors of this package that are not system errors. Each carries
// Node's code (read it with loop.Code) and Node's message; compare with
// errors.Is.
var (
	// ErrFileTooLarge is wrapped by the error ReadFile gives for a file
	// larger than MaxReadFileSize: Node's ERR_FS_FILE_TOO_LARGE.
	ErrFileTooLarge = loop.NewError("ERR_FS_FILE_TOO_LARGE", "File size is greater than 2 GiB")

	// ErrDirClosed is the error of a Read or Close of a Dir already
	// closed: Node's ERR_DIR_CLOSED.
	ErrDirClosed = loop.NewError("ERR_DIR_CLOSED", "Directory handle was closed")
)

// PathError is io/fs's *PathError, which errors.As finds under every
// error of a failed call on a path or a descriptor (Op is Node's syscall
// name; Path is "" for a descriptor); LinkError is os's, for calls on two
// paths (rename, link, symlink, copyfile).
type (
	PathError = iofs.PathError
	LinkError = os.LinkError
)

// The system errors are built the one way the library has
// (loop.NewSystemError), so their message, code, errno, syscall, path and
// dest are Node's, and they wrap Go's own error value for the same failure.

// errno returns the syscall.Errno underneath err, or err itself.
func errno(err error) error {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return err
}

// pathErr is the error of syscall on path.
func pathErr(sys, path string, err error) error {
	if err == nil {
		return nil
	}
	return loop.NewSystemError(&iofs.PathError{Op: sys, Path: path, Err: errno(err)},
		loop.SystemErrorInfo{Form: loop.FormFS, Syscall: sys, Path: path})
}

// fdErr is the error of syscall on a descriptor: Node names no path; the
// PathError underneath has the path when the package knows it (a ReadFile
// of a directory fails in read, after its open).
func fdErr(sys, path string, err error) error {
	if err == nil {
		return nil
	}
	return loop.NewSystemError(&iofs.PathError{Op: sys, Path: path, Err: errno(err)},
		loop.SystemErrorInfo{Form: loop.FormFS, Syscall: sys})
}

// linkErr is the error of syscall on two paths.
func linkErr(sys, from, to string, err error) error {
	if err == nil {
		return nil
	}
	return loop.NewSystemError(&os.LinkError{Op: sys, Old: from, New: to, Err: errno(err)},
		loop.SystemErrorInfo{Form: loop.FormFS, Syscall: sys, Path: from, Dest: to})
}

// nodeSystemError is one of Node's SystemErrors raised by its JavaScript
// (rm, cp): "Path is a directory: rm returned EISDIR (is a directory) /x".
// The code is Node's (ERR_FS_EISDIR); the error wraps a PathError with the
// errno, so errors.Is(err, syscall.EISDIR) holds.
func nodeSystemError(code, what, sys string, e syscall.Errno, detail, path string) error {
	msg := what + ": " + sys + " returned " + errnoName(e) + " (" + detail + ") " + path
	return loop.WrapError(code, msg, &iofs.PathError{Op: sys, Path: path, Err: e})
}

// errnoName is libuv's name for e ("EISDIR").
func errnoName(e syscall.Errno) string {
	if c := loop.Code(e); c != "" {
		return c
	}
	return "E" + strconv.Itoa(int(e))
}
