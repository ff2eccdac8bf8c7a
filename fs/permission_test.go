package fs_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/errfirst/loop/fs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The calls of testdata/permission.js, in its order.
var permissionCases = []apiCase{
	{"readFile a file without read permission", func(f *fs.FS, d string, done func(error, string)) { f.ReadFile(p(d, "secret"), text(done)) }},
	{"writeFile in a read-only directory", func(f *fs.FS, d string, done func(error, string)) {
		f.WriteFile(p(d, "locked", "new"), []byte("x"), e(done))
	}},
	{"mkdir in a read-only directory", func(f *fs.FS, d string, done func(error, string)) {
		f.Mkdir(p(d, "locked", "d"), fs.MkdirOptions{}, done)
	}},
	{"unlink in a read-only directory", func(f *fs.FS, d string, done func(error, string)) { f.Unlink(p(d, "locked", "f"), e(done)) }},
	{"rm in a read-only directory", func(f *fs.FS, d string, done func(error, string)) { f.Rm(p(d, "locked", "f"), fs.RmOptions{}, e(done)) }},
	{"rename out of a read-only directory", func(f *fs.FS, d string, done func(error, string)) { f.Rename(p(d, "locked", "f"), p(d, "g"), e(done)) }},
	{"copyFile into a read-only directory", func(f *fs.FS, d string, done func(error, string)) {
		f.CopyFile(p(d, "locked", "f"), p(d, "locked", "c"), 0, e(done))
	}},
	{"chmod a file of another user", func(f *fs.FS, d string, done func(error, string)) { f.Chmod(p(d, "secret"), 0o644, e(done)) }},
	{"chown a file of another user", func(f *fs.FS, d string, done func(error, string)) { f.Chown(p(d, "secret"), 65534, 65534, e(done)) }},
	{"utimes a file of another user", func(f *fs.FS, d string, done func(error, string)) { f.Utimes(p(d, "secret"), sec1, sec1, e(done)) }},
	{"access a file without read permission", func(f *fs.FS, d string, done func(error, string)) { f.Access(p(d, "secret"), fs.R_OK, e(done)) }},
	{"opendir a private directory", func(f *fs.FS, d string, done func(error, string)) {
		f.Opendir(p(d, "private"), fs.OpendirOptions{}, dir(done))
	}},
	{"readdir a private directory", func(f *fs.FS, d string, done func(error, string)) {
		f.Readdir(p(d, "private"), fs.ReaddirOptions{}, names(done))
	}},
	{"stat below a private directory", func(f *fs.FS, d string, done func(error, string)) { f.Stat(p(d, "private", "x"), stats(done)) }},
	{"open a file without write permission", func(f *fs.FS, d string, done func(error, string)) { f.Open(p(d, "locked", "f"), "r+", 0, fd(f, done)) }},
}

const permDirEnv = "LOOP_FS_TEST_PERM_DIR"

// TestPermissionDenied makes calls that the fixture's modes deny, and
// compares what they get with node's testdata/permission.out. Root is
// denied nothing, so as root (CI) the calls run in a child process, the
// test binary again, as the user nobody (65534), which root may become;
// as another user they run here.
func TestPermissionDenied(t *testing.T) {
	if d := os.Getenv(permDirEnv); os.Getenv(childEnv) == "perm" {
		for _, line := range runCases(t, d, permissionCases) {
			os.Stdout.WriteString("PERM\t" + line + "\n")
		}
		return
	}
	want, err := os.ReadFile("testdata/permission.out")
	require.NoError(t, err)
	root := os.Geteuid() == 0
	if root {
		rerunNode(t, "permission", want)
	}
	d, err := os.MkdirTemp("", "fs-perm-")
	require.NoError(t, err)
	d, err = filepath.EvalSymlinks(d)
	require.NoError(t, err)
	t.Cleanup(func() {
		os.Chmod(filepath.Join(d, "locked"), 0o755)
		os.RemoveAll(d)
	})
	require.NoError(t, os.Chmod(d, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(d, "secret"), []byte("s"), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(d, "locked"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(d, "locked", "f"), []byte("f"), 0o644))
	require.NoError(t, os.Chmod(filepath.Join(d, "locked"), 0o555))
	require.NoError(t, os.Mkdir(filepath.Join(d, "private"), 0o700))

	var got []string
	if !root {
		got = runCases(t, d, permissionCases)
	} else {
		// The test binary sits in a directory only root may enter: run a
		// copy from one that nobody can.
		exe := filepath.Join(d, "fs.test")
		copyFile(t, os.Args[0], exe)
		out := runChild(t, "TestPermissionDenied", "perm", []string{permDirEnv + "=" + d}, exe,
			&syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}})
		for _, line := range strings.Split(out, "\n") {
			if rest, ok := strings.CutPrefix(line, "PERM\t"); ok {
				got = append(got, rest)
			}
		}
	}
	assert.Equal(t, strings.Split(strings.TrimSuffix(string(want), "\n"), "\n"), got)
}

// runCases makes each call in turn on a fresh loop and renders what its
// callback got, as TestErrorsMatchNode does.
func runCases(t *testing.T, d string, cases []apiCase) []string {
	l, f := newFS(t)
	var lines []string
	run(t, l, func() {
		var next func(i int)
		next = func(i int) {
			if i < len(cases) {
				cases[i].call(f, d, func(err error, result string) {
					lines = append(lines, render(d, cases[i].name, err, result))
					l.SetImmediate(func() { next(i + 1) })
				})
			}
		}
		next(0)
	})
	return lines
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	require.NoError(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	require.NoError(t, err)
	_, err = io.Copy(out, in)
	require.NoError(t, err)
	require.NoError(t, out.Close())
}
