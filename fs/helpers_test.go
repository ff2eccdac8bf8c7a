package fs_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// childEnv names the test a re-executed test binary runs (runChild).
const childEnv = "LOOP_FS_TEST_CHILD"

// newFS returns the fs API on a fresh loop, closed when the test ends.
func newFS(t testing.TB) (*loop.Loop, *fs.FS) {
	t.Helper()
	l, err := loop.New()
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, l.Close()) })
	return l, fs.On(l)
}

// run runs main on l and fails the test if Run fails.
func run(t testing.TB, l *loop.Loop, main func()) {
	t.Helper()
	require.NoError(t, l.Run(main))
}

// tree makes the fixture the error table uses, in a fresh directory:
//
//	file     "hello"
//	dir/     empty
//	full/x   a directory that is not empty
//	loop     a symbolic link to itself
//	link     a symbolic link to file
func tree(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) { require.NoError(t, err) }
	must(os.WriteFile(filepath.Join(dir, "file"), []byte("hello"), 0o644))
	must(os.Mkdir(filepath.Join(dir, "dir"), 0o755))
	must(os.Mkdir(filepath.Join(dir, "full"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "full", "x"), []byte("x"), 0o644))
	must(os.Symlink("loop", filepath.Join(dir, "loop")))
	must(os.Symlink("file", filepath.Join(dir, "link")))
	return dir
}

// contextCanceled returns a context that is done already.
func contextCanceled() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx, cancel
}
