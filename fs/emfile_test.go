package fs_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// runChild runs the test binary again, running only the test named test,
// with childEnv set to role and extra in its environment, as the user
// attr (nil: as this one), and returns its output. It fails the test if
// the child fails or takes over a minute.
func runChild(t *testing.T, test, role string, extra []string, exe string, attr *syscall.SysProcAttr) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if exe == "" {
		exe = os.Args[0]
	}
	cmd := exec.CommandContext(ctx, exe, "-test.run=^"+test+"$", "-test.v", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+role), extra...)
	cmd.Dir = "/"
	cmd.SysProcAttr = attr
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "child %s (%s):\n%s", test, role, out)
	return string(out)
}

// TestRunningOutOfDescriptors runs, in a child process whose
// RLIMIT_NOFILE is a few descriptors above what it has open, more opens
// than fit: those past the limit get EMFILE (so do a ReadFile, a Readdir
// and a read stream), nothing hangs, and once the files are closed the
// same calls work again.
func TestRunningOutOfDescriptors(t *testing.T) {
	if os.Getenv(childEnv) != "emfile" {
		out := runChild(t, "TestRunningOutOfDescriptors", "emfile", nil, "", nil)
		assert.Contains(t, out, "--- PASS: TestRunningOutOfDescriptors")
		return
	}
	dir := tree(t)
	file := filepath.Join(dir, "file")
	limit := uint64(openFDs(t) + 8)
	require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &unix.Rlimit{Cur: limit, Max: limit}))

	l, err := loop.New()
	require.NoError(t, err)
	defer l.Close()
	f := fs.On(l)
	var fds []int
	emfile := map[string]int{}
	other := []error{}
	note := func(what string, err error) {
		switch {
		case err == nil:
		case loop.Code(err) == "EMFILE":
			emfile[what]++
			assert.Contains(t, err.Error(), "EMFILE: too many open files")
		default:
			other = append(other, err)
		}
	}
	require.NoError(t, l.Run(func() {
		for range 32 {
			f.Open(file, "r", 0, func(err error, fd int) {
				note("open", err)
				if err == nil {
					fds = append(fds, fd)
				}
			})
		}
	}))
	require.NotEmpty(t, fds, "no open succeeded")
	require.NotZero(t, emfile["open"], "no open failed")
	require.NoError(t, l.Run(func() {
		f.ReadFile(file, func(err error, _ []byte) { note("readFile", err) })
		f.Readdir(dir, fs.ReaddirOptions{}, func(err error, _ []string) { note("readdir", err) })
		rs := f.CreateReadStream(file, fs.ReadStreamOptions{})
		rs.OnError(func(err error) { note("read stream", err) })
		rs.OnData(func([]byte) {})
	}))
	assert.Equal(t, map[string]int{"open": emfile["open"], "readFile": 1, "readdir": 1, "read stream": 1}, emfile)
	assert.Empty(t, other)

	// Once the files are closed, everything works again.
	var data []byte
	var names []string
	streamed := 0
	require.NoError(t, l.Run(func() {
		left := len(fds)
		again := func() {
			f.ReadFile(file, func(err error, b []byte) { require.NoError(t, err); data = b })
			f.Readdir(dir, fs.ReaddirOptions{}, func(err error, n []string) { require.NoError(t, err); names = n })
			rs := f.CreateReadStream(file, fs.ReadStreamOptions{})
			rs.OnData(func(b []byte) { streamed += len(b) })
		}
		for _, fd := range fds {
			f.Close(fd, func(err error) {
				require.NoError(t, err)
				if left--; left == 0 {
					again()
				}
			})
		}
	}))
	assert.Equal(t, "hello", string(data))
	assert.NotEmpty(t, names)
	assert.Equal(t, 5, streamed)
}
