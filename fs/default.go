package fs

// The package-level functions: the API on the default loop (loop.Default),
// as http.Get uses http.DefaultClient. Each is the method of the same name
// of On(loop.Default()); on an explicit loop, use On(l).

import "time"

// Access is (*FS).Access on the default loop.
func Access(path string, mode int, cb func(err error)) { def().Access(path, mode, cb) }

// AppendFile is (*FS).AppendFile on the default loop.
func AppendFile(path string, data []byte, cb func(err error), opts ...WriteFileOptions) {
	def().AppendFile(path, data, cb, opts...)
}

// Chmod is (*FS).Chmod on the default loop.
func Chmod(path string, mode uint32, cb func(err error)) { def().Chmod(path, mode, cb) }

// Chown is (*FS).Chown on the default loop.
func Chown(path string, uid, gid int, cb func(err error)) { def().Chown(path, uid, gid, cb) }

// Close is (*FS).Close on the default loop.
func Close(fd int, cb func(err error)) { def().Close(fd, cb) }

// CopyFile is (*FS).CopyFile on the default loop.
func CopyFile(src, dest string, mode int, cb func(err error)) { def().CopyFile(src, dest, mode, cb) }

// Cp is (*FS).Cp on the default loop.
func Cp(src, dest string, opts CpOptions, cb func(err error)) { def().Cp(src, dest, opts, cb) }

// CreateReadStream is (*FS).CreateReadStream on the default loop.
func CreateReadStream(path string, opts ReadStreamOptions) *ReadStream {
	return def().CreateReadStream(path, opts)
}

// CreateWriteStream is (*FS).CreateWriteStream on the default loop.
func CreateWriteStream(path string, opts WriteStreamOptions) *WriteStream {
	return def().CreateWriteStream(path, opts)
}

// Exists is (*FS).Exists on the default loop.
func Exists(path string, cb func(exists bool)) { def().Exists(path, cb) }

// Fchmod is (*FS).Fchmod on the default loop.
func Fchmod(fd int, mode uint32, cb func(err error)) { def().Fchmod(fd, mode, cb) }

// Fchown is (*FS).Fchown on the default loop.
func Fchown(fd, uid, gid int, cb func(err error)) { def().Fchown(fd, uid, gid, cb) }

// Fdatasync is (*FS).Fdatasync on the default loop.
func Fdatasync(fd int, cb func(err error)) { def().Fdatasync(fd, cb) }

// Fstat is (*FS).Fstat on the default loop.
func Fstat(fd int, cb func(err error, st *Stats)) { def().Fstat(fd, cb) }

// Fsync is (*FS).Fsync on the default loop.
func Fsync(fd int, cb func(err error)) { def().Fsync(fd, cb) }

// Ftruncate is (*FS).Ftruncate on the default loop.
func Ftruncate(fd int, size int64, cb func(err error)) { def().Ftruncate(fd, size, cb) }

// Futimes is (*FS).Futimes on the default loop.
func Futimes(fd int, atime, mtime time.Time, cb func(err error)) { def().Futimes(fd, atime, mtime, cb) }

// Lchown is (*FS).Lchown on the default loop.
func Lchown(path string, uid, gid int, cb func(err error)) { def().Lchown(path, uid, gid, cb) }

// Link is (*FS).Link on the default loop.
func Link(existingPath, newPath string, cb func(err error)) { def().Link(existingPath, newPath, cb) }

// Lstat is (*FS).Lstat on the default loop.
func Lstat(path string, cb func(err error, st *Stats)) { def().Lstat(path, cb) }

// Lutimes is (*FS).Lutimes on the default loop.
func Lutimes(path string, atime, mtime time.Time, cb func(err error)) {
	def().Lutimes(path, atime, mtime, cb)
}

// Mkdir is (*FS).Mkdir on the default loop.
func Mkdir(path string, opts MkdirOptions, cb func(err error, first string)) {
	def().Mkdir(path, opts, cb)
}

// Mkdtemp is (*FS).Mkdtemp on the default loop.
func Mkdtemp(prefix string, cb func(err error, dir string)) { def().Mkdtemp(prefix, cb) }

// Open is (*FS).Open on the default loop.
func Open(path, flags string, mode uint32, cb func(err error, fd int)) {
	def().Open(path, flags, mode, cb)
}

// Opendir is (*FS).Opendir on the default loop.
func Opendir(path string, opts OpendirOptions, cb func(err error, d *Dir)) {
	def().Opendir(path, opts, cb)
}

// Read is (*FS).Read on the default loop.
func Read(fd int, buf []byte, position int64, cb func(err error, n int)) {
	def().Read(fd, buf, position, cb)
}

// ReadFile is (*FS).ReadFile on the default loop.
func ReadFile(path string, cb func(err error, data []byte), opts ...ReadFileOptions) {
	def().ReadFile(path, cb, opts...)
}

// Readdir is (*FS).Readdir on the default loop.
func Readdir(path string, opts ReaddirOptions, cb func(err error, names []string)) {
	def().Readdir(path, opts, cb)
}

// ReaddirWithFileTypes is (*FS).ReaddirWithFileTypes on the default loop.
func ReaddirWithFileTypes(path string, opts ReaddirOptions, cb func(err error, entries []*Dirent)) {
	def().ReaddirWithFileTypes(path, opts, cb)
}

// Readlink is (*FS).Readlink on the default loop.
func Readlink(path string, cb func(err error, target string)) { def().Readlink(path, cb) }

// Readv is (*FS).Readv on the default loop.
func Readv(fd int, bufs [][]byte, position int64, cb func(err error, n int)) {
	def().Readv(fd, bufs, position, cb)
}

// Realpath is (*FS).Realpath on the default loop.
func Realpath(path string, cb func(err error, resolved string)) { def().Realpath(path, cb) }

// RealpathNative is (*FS).RealpathNative on the default loop.
func RealpathNative(path string, cb func(err error, resolved string)) { def().RealpathNative(path, cb) }

// Rename is (*FS).Rename on the default loop.
func Rename(oldPath, newPath string, cb func(err error)) { def().Rename(oldPath, newPath, cb) }

// Rm is (*FS).Rm on the default loop.
func Rm(path string, opts RmOptions, cb func(err error)) { def().Rm(path, opts, cb) }

// Rmdir is (*FS).Rmdir on the default loop.
func Rmdir(path string, cb func(err error)) { def().Rmdir(path, cb) }

// Stat is (*FS).Stat on the default loop.
func Stat(path string, cb func(err error, st *Stats)) { def().Stat(path, cb) }

// Statfs is (*FS).Statfs on the default loop.
func Statfs(path string, cb func(err error, st *StatFs)) { def().Statfs(path, cb) }

// Symlink is (*FS).Symlink on the default loop.
func Symlink(target, path string, cb func(err error)) { def().Symlink(target, path, cb) }

// Truncate is (*FS).Truncate on the default loop.
func Truncate(path string, size int64, cb func(err error)) { def().Truncate(path, size, cb) }

// Unlink is (*FS).Unlink on the default loop.
func Unlink(path string, cb func(err error)) { def().Unlink(path, cb) }

// UnwatchFile is (*FS).UnwatchFile on the default loop.
func UnwatchFile(path string) { def().UnwatchFile(path) }

// Utimes is (*FS).Utimes on the default loop.
func Utimes(path string, atime, mtime time.Time, cb func(err error)) {
	def().Utimes(path, atime, mtime, cb)
}

// Watch is (*FS).Watch on the default loop.
func Watch(path string, opts WatchOptions, listener func(eventType, filename string)) (*FSWatcher, error) {
	return def().Watch(path, opts, listener)
}

// WatchFile is (*FS).WatchFile on the default loop.
func WatchFile(path string, opts WatchFileOptions, listener func(curr, prev *Stats)) *StatWatcher {
	return def().WatchFile(path, opts, listener)
}

// Write is (*FS).Write on the default loop.
func Write(fd int, buf []byte, position int64, cb func(err error, n int)) {
	def().Write(fd, buf, position, cb)
}

// WriteFile is (*FS).WriteFile on the default loop.
func WriteFile(path string, data []byte, cb func(err error), opts ...WriteFileOptions) {
	def().WriteFile(path, data, cb, opts...)
}

// Writev is (*FS).Writev on the default loop.
func Writev(fd int, bufs [][]byte, position int64, cb func(err error, n int)) {
	def().Writev(fd, bufs, position, cb)
}
