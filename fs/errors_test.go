package fs_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/errfirst/loop/internal/nodetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiCase is one call of the table over the whole API: it makes the call on
// f in the fixture directory d and reports what its callback got.
type apiCase struct {
	name string
	call func(f *fs.FS, d string, done func(err error, result string))
}

const bad = 9999 // a descriptor no test opens

func p(d string, elem ...string) string { return filepath.Join(append([]string{d}, elem...)...) }

// e adapts a callback that gets only an error.
func e(done func(error, string)) func(error) { return func(err error) { done(err, "") } }

// The same calls, in the same order, as testdata/errors.js.
var apiCases = []apiCase{
	{"access a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Access(p(d, "missing"), fs.F_OK, e(done)) }},
	{"appendFile to a directory", func(f *fs.FS, d string, done func(error, string)) { f.AppendFile(p(d, "dir"), []byte("x"), e(done)) }},
	{"chmod a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Chmod(p(d, "missing"), 0o644, e(done)) }},
	{"chown a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Chown(p(d, "missing"), 0, 0, e(done)) }},
	{"copyFile a missing source", func(f *fs.FS, d string, done func(error, string)) {
		f.CopyFile(p(d, "missing"), p(d, "copy"), 0, e(done))
	}},
	{"copyFile onto an existing file with COPYFILE_EXCL", func(f *fs.FS, d string, done func(error, string)) {
		f.CopyFile(p(d, "file"), p(d, "full", "x"), fs.COPYFILE_EXCL, e(done))
	}},
	{"cp a missing source", func(f *fs.FS, d string, done func(error, string)) {
		f.Cp(p(d, "missing"), p(d, "copy"), fs.CpOptions{}, e(done))
	}},
	{"cp a directory without recursive", func(f *fs.FS, d string, done func(error, string)) {
		f.Cp(p(d, "dir"), p(d, "copy"), fs.CpOptions{}, e(done))
	}},
	{"cp onto an existing file with errorOnExist", func(f *fs.FS, d string, done func(error, string)) {
		f.Cp(p(d, "file"), p(d, "full", "x"), fs.CpOptions{KeepExisting: true, ErrorOnExist: true}, e(done))
	}},
	{"cp a file onto itself", func(f *fs.FS, d string, done func(error, string)) {
		f.Cp(p(d, "file"), p(d, "file"), fs.CpOptions{}, e(done))
	}},
	{"lchown a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Lchown(p(d, "missing"), 0, 0, e(done)) }},
	{"link a missing file", func(f *fs.FS, d string, done func(error, string)) { f.Link(p(d, "missing"), p(d, "new"), e(done)) }},
	{"link onto an existing file", func(f *fs.FS, d string, done func(error, string)) { f.Link(p(d, "file"), p(d, "full", "x"), e(done)) }},
	{"lstat a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Lstat(p(d, "missing"), stats(done)) }},
	{"lutimes a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Lutimes(p(d, "missing"), sec1, sec1, e(done)) }},
	{"mkdir an existing directory", func(f *fs.FS, d string, done func(error, string)) { f.Mkdir(p(d, "dir"), fs.MkdirOptions{}, done) }},
	{"mkdir in a missing directory", func(f *fs.FS, d string, done func(error, string)) {
		f.Mkdir(p(d, "missing", "x"), fs.MkdirOptions{}, done)
	}},
	{"mkdir recursive through a file", func(f *fs.FS, d string, done func(error, string)) {
		f.Mkdir(p(d, "file", "x", "y"), fs.MkdirOptions{Recursive: true}, done)
	}},
	{"mkdir recursive onto a file", func(f *fs.FS, d string, done func(error, string)) {
		f.Mkdir(p(d, "file"), fs.MkdirOptions{Recursive: true}, done)
	}},
	{"mkdtemp in a missing directory", func(f *fs.FS, d string, done func(error, string)) { f.Mkdtemp(p(d, "missing", "x-"), done) }},
	{"open a missing file", func(f *fs.FS, d string, done func(error, string)) { f.Open(p(d, "missing"), "r", 0, fd(f, done)) }},
	{"open an existing file with wx", func(f *fs.FS, d string, done func(error, string)) { f.Open(p(d, "file"), "wx", 0, fd(f, done)) }},
	{"open a directory for writing", func(f *fs.FS, d string, done func(error, string)) { f.Open(p(d, "dir"), "w", 0, fd(f, done)) }},
	{"open below a file", func(f *fs.FS, d string, done func(error, string)) { f.Open(p(d, "file", "x"), "r", 0, fd(f, done)) }},
	{"open a symlink loop", func(f *fs.FS, d string, done func(error, string)) { f.Open(p(d, "loop"), "r", 0, fd(f, done)) }},
	{"opendir a missing path", func(f *fs.FS, d string, done func(error, string)) {
		f.Opendir(p(d, "missing"), fs.OpendirOptions{}, dir(done))
	}},
	{"opendir a file", func(f *fs.FS, d string, done func(error, string)) {
		f.Opendir(p(d, "file"), fs.OpendirOptions{}, dir(done))
	}},
	{"readdir a missing path", func(f *fs.FS, d string, done func(error, string)) {
		f.Readdir(p(d, "missing"), fs.ReaddirOptions{}, names(done))
	}},
	{"readdir a file", func(f *fs.FS, d string, done func(error, string)) {
		f.Readdir(p(d, "file"), fs.ReaddirOptions{}, names(done))
	}},
	{"readFile a missing file", func(f *fs.FS, d string, done func(error, string)) { f.ReadFile(p(d, "missing"), text(done)) }},
	{"readFile a directory", func(f *fs.FS, d string, done func(error, string)) { f.ReadFile(p(d, "dir"), text(done)) }},
	{"readlink a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Readlink(p(d, "missing"), done) }},
	{"readlink a file", func(f *fs.FS, d string, done func(error, string)) { f.Readlink(p(d, "file"), done) }},
	{"realpath a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Realpath(p(d, "missing"), done) }},
	{"realpath a symlink loop", func(f *fs.FS, d string, done func(error, string)) { f.Realpath(p(d, "loop"), done) }},
	{"realpath.native a missing path", func(f *fs.FS, d string, done func(error, string)) { f.RealpathNative(p(d, "missing"), done) }},
	{"realpath.native a symlink loop", func(f *fs.FS, d string, done func(error, string)) { f.RealpathNative(p(d, "loop"), done) }},
	{"rename a missing file", func(f *fs.FS, d string, done func(error, string)) { f.Rename(p(d, "missing"), p(d, "new"), e(done)) }},
	{"rename a directory onto a non-empty one", func(f *fs.FS, d string, done func(error, string)) { f.Rename(p(d, "dir"), p(d, "full"), e(done)) }},
	{"rename a file onto a directory", func(f *fs.FS, d string, done func(error, string)) { f.Rename(p(d, "file"), p(d, "dir"), e(done)) }},
	{"rm a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Rm(p(d, "missing"), fs.RmOptions{}, e(done)) }},
	{"rm a directory without recursive", func(f *fs.FS, d string, done func(error, string)) { f.Rm(p(d, "dir"), fs.RmOptions{}, e(done)) }},
	{"rmdir a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Rmdir(p(d, "missing"), e(done)) }},
	{"rmdir a non-empty directory", func(f *fs.FS, d string, done func(error, string)) { f.Rmdir(p(d, "full"), e(done)) }},
	{"rmdir a file", func(f *fs.FS, d string, done func(error, string)) { f.Rmdir(p(d, "file"), e(done)) }},
	{"stat a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Stat(p(d, "missing"), stats(done)) }},
	{"stat a symlink loop", func(f *fs.FS, d string, done func(error, string)) { f.Stat(p(d, "loop"), stats(done)) }},
	{"statfs a missing path", func(f *fs.FS, d string, done func(error, string)) {
		f.Statfs(p(d, "missing"), func(err error, _ *fs.StatFs) { done(err, "") })
	}},
	{"symlink onto an existing path", func(f *fs.FS, d string, done func(error, string)) { f.Symlink("x", p(d, "file"), e(done)) }},
	{"truncate a missing file", func(f *fs.FS, d string, done func(error, string)) { f.Truncate(p(d, "missing"), 0, e(done)) }},
	{"truncate a directory", func(f *fs.FS, d string, done func(error, string)) { f.Truncate(p(d, "dir"), 0, e(done)) }},
	{"unlink a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Unlink(p(d, "missing"), e(done)) }},
	{"unlink a directory", func(f *fs.FS, d string, done func(error, string)) { f.Unlink(p(d, "dir"), e(done)) }},
	{"utimes a missing path", func(f *fs.FS, d string, done func(error, string)) { f.Utimes(p(d, "missing"), sec1, sec1, e(done)) }},
	{"writeFile to a directory", func(f *fs.FS, d string, done func(error, string)) { f.WriteFile(p(d, "dir"), []byte("x"), e(done)) }},
	{"writeFile in a missing directory", func(f *fs.FS, d string, done func(error, string)) {
		f.WriteFile(p(d, "missing", "x"), []byte("x"), e(done))
	}},
	{"close a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Close(bad, e(done)) }},
	{"read a bad descriptor", func(f *fs.FS, d string, done func(error, string)) {
		f.Read(bad, make([]byte, 1), fs.CurrentPosition, count(done))
	}},
	{"write a bad descriptor", func(f *fs.FS, d string, done func(error, string)) {
		f.Write(bad, []byte("x"), fs.CurrentPosition, count(done))
	}},
	{"readv a bad descriptor", func(f *fs.FS, d string, done func(error, string)) {
		f.Readv(bad, [][]byte{make([]byte, 1)}, fs.CurrentPosition, count(done))
	}},
	{"writev a bad descriptor", func(f *fs.FS, d string, done func(error, string)) {
		f.Writev(bad, [][]byte{[]byte("x")}, fs.CurrentPosition, count(done))
	}},
	{"fstat a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Fstat(bad, stats(done)) }},
	{"fsync a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Fsync(bad, e(done)) }},
	{"fdatasync a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Fdatasync(bad, e(done)) }},
	{"ftruncate a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Ftruncate(bad, 0, e(done)) }},
	{"fchmod a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Fchmod(bad, 0o644, e(done)) }},
	{"fchown a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Fchown(bad, 0, 0, e(done)) }},
	{"futimes a bad descriptor", func(f *fs.FS, d string, done func(error, string)) { f.Futimes(bad, sec1, sec1, e(done)) }},
	{"read a directory descriptor", func(f *fs.FS, d string, done func(error, string)) {
		f.Open(p(d, "dir"), "r", 0, func(err error, n int) {
			f.Read(n, make([]byte, 1), fs.CurrentPosition, func(err error, _ int) {
				f.Close(n, func(error) { done(err, "") })
			})
		})
	}},
	{"watch a missing path", func(f *fs.FS, d string, done func(error, string)) {
		w, err := f.Watch(p(d, "missing"), fs.WatchOptions{}, nil)
		if w != nil {
			w.Close(nil)
		}
		done(err, "")
	}},
	{"exists a missing path", func(f *fs.FS, d string, done func(error, string)) {
		f.Exists(p(d, "missing"), func(ok bool) { done(nil, strconv.FormatBool(ok)) })
	}},
	{"exists a file", func(f *fs.FS, d string, done func(error, string)) {
		f.Exists(p(d, "file"), func(ok bool) { done(nil, strconv.FormatBool(ok)) })
	}},
	{"access a file", func(f *fs.FS, d string, done func(error, string)) { f.Access(p(d, "file"), fs.R_OK, e(done)) }},
	{"readFile a file", func(f *fs.FS, d string, done func(error, string)) { f.ReadFile(p(d, "file"), text(done)) }},
	{"readFile a file as hex", func(f *fs.FS, d string, done func(error, string)) {
		f.ReadFile(p(d, "file"), text(done), fs.ReadFileOptions{Encoding: "hex"})
	}},
	{"readFile a file as base64", func(f *fs.FS, d string, done func(error, string)) {
		f.ReadFile(p(d, "file"), text(done), fs.ReadFileOptions{Encoding: "base64"})
	}},
	{"stat a file", func(f *fs.FS, d string, done func(error, string)) {
		f.Stat(p(d, "file"), func(err error, st *fs.Stats) {
			if err != nil {
				done(err, "")
				return
			}
			done(nil, strings.Join([]string{strconv.FormatInt(st.Size(), 10), strconv.FormatBool(st.IsFile()), strconv.FormatBool(st.IsDirectory())}, " "))
		})
	}},
	{"lstat a link", func(f *fs.FS, d string, done func(error, string)) {
		f.Lstat(p(d, "link"), func(err error, st *fs.Stats) {
			if err != nil {
				done(err, "")
				return
			}
			done(nil, strconv.FormatBool(st.IsSymbolicLink())+" "+strconv.FormatBool(st.IsFile()))
		})
	}},
	{"readlink a link", func(f *fs.FS, d string, done func(error, string)) { f.Readlink(p(d, "link"), done) }},
	{"realpath a link", func(f *fs.FS, d string, done func(error, string)) { f.Realpath(p(d, "link"), done) }},
	{"realpath.native a link", func(f *fs.FS, d string, done func(error, string)) { f.RealpathNative(p(d, "link"), done) }},
	{"readdir a directory", func(f *fs.FS, d string, done func(error, string)) { f.Readdir(d, fs.ReaddirOptions{}, names(done)) }},
	{"readdir recursive", func(f *fs.FS, d string, done func(error, string)) {
		f.Readdir(d, fs.ReaddirOptions{Recursive: true}, names(done))
	}},
	{"readdir with file types", func(f *fs.FS, d string, done func(error, string)) {
		f.ReaddirWithFileTypes(d, fs.ReaddirOptions{}, func(err error, ents []*fs.Dirent) {
			var s []string
			for _, x := range ents {
				k := "f"
				switch {
				case x.IsDirectory():
					k = "d"
				case x.IsSymbolicLink():
					k = "l"
				}
				s = append(s, x.Name+":"+k)
			}
			done(err, strings.Join(s, ","))
		})
	}},
	{"mkdir recursive", func(f *fs.FS, d string, done func(error, string)) {
		f.Mkdir(p(d, "a", "b", "c"), fs.MkdirOptions{Recursive: true}, done)
	}},
	{"mkdir recursive an existing directory", func(f *fs.FS, d string, done func(error, string)) {
		f.Mkdir(p(d, "dir"), fs.MkdirOptions{Recursive: true}, done)
	}},
	{"rm a missing path with force", func(f *fs.FS, d string, done func(error, string)) {
		f.Rm(p(d, "missing"), fs.RmOptions{Force: true, Recursive: true}, e(done))
	}},
	{"writeFile then readFile", func(f *fs.FS, d string, done func(error, string)) {
		f.WriteFile(p(d, "new"), []byte("6869"), func(err error) {
			if err != nil {
				done(err, "")
				return
			}
			f.ReadFile(p(d, "new"), text(done), fs.ReadFileOptions{Encoding: "utf8"})
		}, fs.WriteFileOptions{Encoding: "hex"})
	}},
	{"appendFile then readFile", func(f *fs.FS, d string, done func(error, string)) {
		f.AppendFile(p(d, "new"), []byte("!"), func(err error) {
			if err != nil {
				done(err, "")
				return
			}
			f.ReadFile(p(d, "new"), text(done))
		})
	}},
}

var sec1 = time.Unix(1, 0)

func stats(done func(error, string)) func(error, *fs.Stats) {
	return func(err error, _ *fs.Stats) { done(err, "") }
}

func text(done func(error, string)) func(error, []byte) {
	return func(err error, b []byte) { done(err, string(b)) }
}

func names(done func(error, string)) func(error, []string) {
	return func(err error, n []string) { done(err, strings.Join(n, ",")) }
}

func count(done func(error, string)) func(error, int) {
	return func(err error, _ int) { done(err, "") }
}

// fd closes a descriptor that an open which should have failed returned.
func fd(f *fs.FS, done func(error, string)) func(error, int) {
	return func(err error, n int) {
		if err == nil {
			f.Close(n, nil)
		}
		done(err, "")
	}
}

func dir(done func(error, string)) func(error, *fs.Dir) {
	return func(err error, d *fs.Dir) {
		if d != nil {
			d.Close(nil)
		}
		done(err, "")
	}
}

var mkdtempSuffix = regexp.MustCompile(`x-[A-Za-z0-9]{6}`)

// render prints a callback's outcome as testdata/errors.js does.
func render(d, name string, err error, result string) string {
	clean := func(s string) string {
		return mkdtempSuffix.ReplaceAllString(strings.ReplaceAll(s, d, "DIR"), "x-XXXXXX")
	}
	if err == nil {
		return strings.Join([]string{name, "ok", clean(result)}, "\t")
	}
	var le *loop.Error
	errno, sys, path, dest := "", "", "", ""
	if errors.As(err, &le) {
		if !strings.HasPrefix(le.Code(), "ERR_") {
			errno = strconv.Itoa(le.Errno())
		}
		sys, path, dest = le.Syscall(), le.Path(), le.Dest()
	}
	var pe *fs.PathError
	if sys == "" && errors.As(err, &pe) { // Node's own SystemErrors (rm, cp)
		sys, path = pe.Op, pe.Path
	}
	return strings.Join([]string{name, clean(err.Error()), loop.Code(err), errno, sys, clean(path), clean(dest)}, "\t")
}

// TestErrorsMatchNode makes every call of the table and compares what its
// callback got, message and fields, with what node printed for the same
// call (testdata/errors.out), and checks the Go side of each error and the
// callback contract: called once, on the loop goroutine, never from inside
// the call.
func TestErrorsMatchNode(t *testing.T) {
	want, err := os.ReadFile("testdata/errors.out")
	require.NoError(t, err)
	rerunNode(t, "errors", want)

	l, f := newFS(t)
	d, err := filepath.EvalSymlinks(tree(t))
	require.NoError(t, err)
	var lines []string
	run(t, l, func() {
		var next func(i int)
		next = func(i int) {
			if i == len(apiCases) {
				return
			}
			c := apiCases[i]
			calls, inCall := 0, true
			c.call(f, d, func(err error, result string) {
				calls++
				require.Equal(t, 1, calls, "%s: callback called twice", c.name)
				assert.True(t, l.InLoop(), "%s: callback off the loop goroutine", c.name)
				if c.name != "watch a missing path" { // Watch fails synchronously, as Node's throws
					assert.False(t, inCall, "%s: callback called from inside the call", c.name)
				}
				lines = append(lines, render(d, c.name, err, result))
				if err != nil {
					checkGoSide(t, c.name, err)
				}
				l.SetImmediate(func() { next(i + 1) })
			})
			inCall = false
		}
		next(0)
	})
	got := strings.Join(lines, "\n") + "\n"
	wantLines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	gotLines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	require.Len(t, gotLines, len(wantLines))
	for i := range wantLines {
		assert.Equal(t, wantLines[i], gotLines[i])
	}
}

// checkGoSide checks that an error is also Go's: errors.Is with io/fs's
// sentinels and syscall's errno, errors.As with PathError or LinkError.
func checkGoSide(t *testing.T, name string, err error) {
	t.Helper()
	var errno syscall.Errno
	require.True(t, errors.As(err, &errno), "%s: no errno under %v", name, err)
	switch errno {
	case syscall.ENOENT:
		assert.ErrorIs(t, err, fs.ErrNotExist, name)
	case syscall.EEXIST, syscall.ENOTEMPTY:
		assert.ErrorIs(t, err, fs.ErrExist, name)
	}
	var pe *fs.PathError
	var le *fs.LinkError
	assert.True(t, errors.As(err, &pe) || errors.As(err, &le), "%s: neither PathError nor LinkError under %v", name, err)
}

// rerunNode runs testdata/NAME.js under node, when node is installed, and
// requires it to print testdata/NAME.out still.
func rerunNode(t *testing.T, name string, _ []byte) { nodetest.Rerun(t, "testdata", name) }
