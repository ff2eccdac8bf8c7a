package fs

import "syscall"

// Node's fs.constants, under Node's names: fs.constants.F_OK is fs.F_OK.
// The O_ and S_ values are Linux's, as Node reports them on Linux.
const (
	F_OK = 0 // Access: the file exists
	R_OK = 4 // Access: it can be read
	W_OK = 2 // Access: it can be written
	X_OK = 1 // Access: it can be executed (searched, for a directory)

	COPYFILE_EXCL          = 1 // CopyFile: fail with EEXIST if the destination exists
	COPYFILE_FICLONE       = 2 // CopyFile: try a copy-on-write clone, else copy
	COPYFILE_FICLONE_FORCE = 4 // CopyFile: clone, or fail

	O_RDONLY    = syscall.O_RDONLY
	O_WRONLY    = syscall.O_WRONLY
	O_RDWR      = syscall.O_RDWR
	O_CREAT     = syscall.O_CREAT
	O_EXCL      = syscall.O_EXCL
	O_NOCTTY    = syscall.O_NOCTTY
	O_TRUNC     = syscall.O_TRUNC
	O_APPEND    = syscall.O_APPEND
	O_DIRECTORY = syscall.O_DIRECTORY
	O_NOATIME   = syscall.O_NOATIME
	O_NOFOLLOW  = syscall.O_NOFOLLOW
	O_SYNC      = syscall.O_SYNC
	O_DSYNC     = syscall.O_DSYNC
	O_DIRECT    = syscall.O_DIRECT
	O_NONBLOCK  = syscall.O_NONBLOCK

	S_IFMT   = syscall.S_IFMT
	S_IFREG  = syscall.S_IFREG
	S_IFDIR  = syscall.S_IFDIR
	S_IFCHR  = syscall.S_IFCHR
	S_IFBLK  = syscall.S_IFBLK
	S_IFIFO  = syscall.S_IFIFO
	S_IFLNK  = syscall.S_IFLNK
	S_IFSOCK = syscall.S_IFSOCK
)

// Constants holds the same values as the constants above, for code ported
// from Node that reads fs.constants as an object: fs.Constants.COPYFILE_EXCL.
// It is a copy: the package uses the constants, so changing it changes
// nothing.
var Constants = struct {
	F_OK, R_OK, W_OK, X_OK                                  int
	COPYFILE_EXCL, COPYFILE_FICLONE, COPYFILE_FICLONE_FORCE int
	O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_NOCTTY   int
	O_TRUNC, O_APPEND, O_DIRECTORY, O_NOATIME, O_NOFOLLOW   int
	O_SYNC, O_DSYNC, O_DIRECT, O_NONBLOCK                   int
	S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO     int
	S_IFLNK, S_IFSOCK                                       int
}{
	F_OK, R_OK, W_OK, X_OK,
	COPYFILE_EXCL, COPYFILE_FICLONE, COPYFILE_FICLONE_FORCE,
	O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_NOCTTY,
	O_TRUNC, O_APPEND, O_DIRECTORY, O_NOATIME, O_NOFOLLOW,
	O_SYNC, O_DSYNC, O_DIRECT, O_NONBLOCK,
	S_IFMT, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO,
	S_IFLNK, S_IFSOCK,
}

// CurrentPosition, as the position of Read, Write, Readv and Writev, means
// the descriptor's current file position, which the call then advances:
// Node's null (or -1). Every negative position means the same.
const CurrentPosition int64 = -1

// flags turns Node's flag string into open(2) flags. The strings are
// Node's (lib/internal/fs/utils.js stringToFlags): r, rs+ (sr+), r+, w, wx
// (xw), w+, wx+ (xw+), a, ax (xa), as (sa), a+, ax+ (xa+), as+ (sa+).
func flags(fn, s string) int {
	var f int
	switch s {
	case "", "r":
		f = O_RDONLY
	case "rs", "sr": // Node accepts these for r with O_SYNC
		f = O_RDONLY | O_SYNC
	case "r+":
		f = O_RDWR
	case "rs+", "sr+":
		f = O_RDWR | O_SYNC
	case "w":
		f = O_TRUNC | O_CREAT | O_WRONLY
	case "wx", "xw":
		f = O_TRUNC | O_CREAT | O_WRONLY | O_EXCL
	case "w+":
		f = O_TRUNC | O_CREAT | O_RDWR
	case "wx+", "xw+":
		f = O_TRUNC | O_CREAT | O_RDWR | O_EXCL
	case "a":
		f = O_APPEND | O_CREAT | O_WRONLY
	case "ax", "xa":
		f = O_APPEND | O_CREAT | O_WRONLY | O_EXCL
	case "as", "sa":
		f = O_APPEND | O_CREAT | O_WRONLY | O_SYNC
	case "a+":
		f = O_APPEND | O_CREAT | O_RDWR
	case "ax+", "xa+":
		f = O_APPEND | O_CREAT | O_RDWR | O_EXCL
	case "as+", "sa+":
		f = O_APPEND | O_CREAT | O_RDWR | O_SYNC
	default:
		// Node throws ERR_INVALID_ARG_VALUE synchronously: a bad flag
		// string is a bug in the caller, not an outcome of the call.
		panic("fs: " + fn + " called with invalid flags " + quote(s) + "; Node's are r, r+, rs+, w, wx, w+, wx+, a, ax, a+, ax+ (and as, as+)")
	}
	return f | syscall.O_CLOEXEC
}

func quote(s string) string { return "'" + s + "'" }
