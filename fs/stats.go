package fs

import (
	iofs "io/fs"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Stats is what Stat, Lstat and Fstat give: Node's fs.Stats, with Node's
// fields under Go's names, its Is* methods, and the methods of io/fs's
// FileInfo, so a *Stats goes wherever Go expects one (Name is the last
// element of the path given, "" for Fstat).
//
// Two of Node's fields are methods here, because FileInfo takes their
// names: Size() is Node's stats.size, and UnixMode() is Node's stats.mode,
// the st_mode bits (S_IFREG|0o644); Mode() is Go's FileMode of the same
// file. The times are Go times, at the file system's precision, and Node's
// millisecond numbers (AtimeMs, ...).
type Stats struct {
	Dev, Ino, Nlink, Rdev                  uint64
	Uid, Gid                               uint32
	Blksize, Blocks                        int64
	AtimeMs, MtimeMs, CtimeMs, BirthtimeMs float64
	Atime, Mtime, Ctime, Birthtime         time.Time

	size int64
	mode uint32
	name string
}

// Size returns the size in bytes: Node's stats.size.
func (s *Stats) Size() int64 { return s.size }

// UnixMode returns the file type and mode bits as the system gives them
// (st_mode): Node's stats.mode, such as 0o100644 for a regular file.
func (s *Stats) UnixMode() uint32 { return s.mode }

// Mode returns the file's mode as Go's io/fs.FileMode (for FileInfo).
func (s *Stats) Mode() iofs.FileMode {
	m := iofs.FileMode(s.mode & 0o777)
	switch s.mode & S_IFMT {
	case S_IFDIR:
		m |= iofs.ModeDir
	case S_IFLNK:
		m |= iofs.ModeSymlink
	case S_IFIFO:
		m |= iofs.ModeNamedPipe
	case S_IFSOCK:
		m |= iofs.ModeSocket
	case S_IFBLK:
		m |= iofs.ModeDevice
	case S_IFCHR:
		m |= iofs.ModeDevice | iofs.ModeCharDevice
	}
	if s.mode&syscall.S_ISUID != 0 {
		m |= iofs.ModeSetuid
	}
	if s.mode&syscall.S_ISGID != 0 {
		m |= iofs.ModeSetgid
	}
	if s.mode&syscall.S_ISVTX != 0 {
		m |= iofs.ModeSticky
	}
	return m
}

// Name returns the last element of the path that was stated (FileInfo).
func (s *Stats) Name() string { return s.name }

// ModTime returns Mtime (FileInfo).
func (s *Stats) ModTime() time.Time { return s.Mtime }

// IsDir reports whether the file is a directory (FileInfo), as IsDirectory.
func (s *Stats) IsDir() bool { return s.IsDirectory() }

// Sys returns nil: the fields of Stats are the system's.
func (s *Stats) Sys() any { return nil }

// IsFile reports whether the file is a regular file.
func (s *Stats) IsFile() bool { return s.mode&S_IFMT == S_IFREG }

// IsDirectory reports whether the file is a directory.
func (s *Stats) IsDirectory() bool { return s.mode&S_IFMT == S_IFDIR }

// IsSymbolicLink reports whether the file is a symbolic link (only Lstat
// sees one).
func (s *Stats) IsSymbolicLink() bool { return s.mode&S_IFMT == S_IFLNK }

// IsBlockDevice reports whether the file is a block device.
func (s *Stats) IsBlockDevice() bool { return s.mode&S_IFMT == S_IFBLK }

// IsCharacterDevice reports whether the file is a character device.
func (s *Stats) IsCharacterDevice() bool { return s.mode&S_IFMT == S_IFCHR }

// IsFIFO reports whether the file is a named pipe.
func (s *Stats) IsFIFO() bool { return s.mode&S_IFMT == S_IFIFO }

// IsSocket reports whether the file is a socket.
func (s *Stats) IsSocket() bool { return s.mode&S_IFMT == S_IFSOCK }

var _ iofs.FileInfo = (*Stats)(nil)

// statxMask is what Node asks statx for (libuv's uv__fs_statx).
const statxMask = unix.STATX_BASIC_STATS | unix.STATX_BTIME

// statx fills s from statx(2) on path (dirfd AT_FDCWD) or on a descriptor
// (path "", AT_EMPTY_PATH). libuv uses statx too, so the fields, the
// birth time among them, are those Node reports.
func statx(dirfd int, path string, flags int, s *Stats) error {
	var x unix.Statx_t
	for { // (a loop, not ignoringEINTR's closure, which would move x to the heap)
		err := unix.Statx(dirfd, path, flags|unix.AT_STATX_SYNC_AS_STAT, statxMask, &x)
		if err == nil {
			break
		}
		if err != syscall.EINTR {
			return err
		}
	}
	s.Dev = unix.Mkdev(x.Dev_major, x.Dev_minor)
	s.Rdev = unix.Mkdev(x.Rdev_major, x.Rdev_minor)
	s.Ino, s.Nlink = x.Ino, uint64(x.Nlink)
	s.Uid, s.Gid = x.Uid, x.Gid
	s.Blksize, s.Blocks = int64(x.Blksize), int64(x.Blocks)
	s.size, s.mode = int64(x.Size), uint32(x.Mode)
	s.Atime, s.AtimeMs = stamp(x.Atime)
	s.Mtime, s.MtimeMs = stamp(x.Mtime)
	s.Ctime, s.CtimeMs = stamp(x.Ctime)
	s.Birthtime, s.BirthtimeMs = stamp(x.Btime)
	if path != "" {
		s.name = filepath.Base(path)
	}
	return nil
}

func stamp(t unix.StatxTimestamp) (time.Time, float64) {
	return time.Unix(t.Sec, int64(t.Nsec)), float64(t.Sec)*1e3 + float64(t.Nsec)/1e6
}

// StatFs is what Statfs gives: Node's fs.StatFs.
type StatFs struct {
	Type   int64  // the file system's magic number
	Bsize  int64  // the optimal transfer block size
	Blocks uint64 // data blocks in the file system
	Bfree  uint64 // free blocks
	Bavail uint64 // free blocks available to unprivileged users
	Files  uint64 // file nodes
	Ffree  uint64 // free file nodes
}

// Dirent is an entry of a directory, as Readdir's WithFileTypes form and
// Dir.Read give it: Node's fs.Dirent.
type Dirent struct {
	Name       string // the entry's name (for a recursive Readdir, its path below the directory read)
	ParentPath string // the directory the entry is in
	Path       string // ParentPath, under the name Node 20 also has (deprecated there)
	typ        uint32 // S_IF* of the entry, 0 if unknown
}

// IsFile reports whether the entry is a regular file.
func (d *Dirent) IsFile() bool { return d.typ == S_IFREG }

// IsDirectory reports whether the entry is a directory.
func (d *Dirent) IsDirectory() bool { return d.typ == S_IFDIR }

// IsSymbolicLink reports whether the entry is a symbolic link.
func (d *Dirent) IsSymbolicLink() bool { return d.typ == S_IFLNK }

// IsBlockDevice reports whether the entry is a block device.
func (d *Dirent) IsBlockDevice() bool { return d.typ == S_IFBLK }

// IsCharacterDevice reports whether the entry is a character device.
func (d *Dirent) IsCharacterDevice() bool { return d.typ == S_IFCHR }

// IsFIFO reports whether the entry is a named pipe.
func (d *Dirent) IsFIFO() bool { return d.typ == S_IFIFO }

// IsSocket reports whether the entry is a socket.
func (d *Dirent) IsSocket() bool { return d.typ == S_IFSOCK }

// direntType turns a Go directory entry's type into S_IF* bits.
func direntType(m iofs.FileMode) uint32 {
	switch {
	case m.IsRegular():
		return S_IFREG
	case m&iofs.ModeDir != 0:
		return S_IFDIR
	case m&iofs.ModeSymlink != 0:
		return S_IFLNK
	case m&iofs.ModeNamedPipe != 0:
		return S_IFIFO
	case m&iofs.ModeSocket != 0:
		return S_IFSOCK
	case m&iofs.ModeCharDevice != 0:
		return S_IFCHR
	case m&iofs.ModeDevice != 0:
		return S_IFBLK
	}
	return 0
}
