package fs_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openFDs counts the process's open descriptors.
func openFDs(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(ents) - 1 // the listing's own
}

// TestCloseWithFileWorkQueuedAndRunning closes a loop from the first
// callback of many file requests, some running on its two workers and the
// rest queued: every callback runs exactly once, and once Close has
// returned, no descriptor any of them opened is left open.
func TestCloseWithFileWorkQueuedAndRunning(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	require.NoError(t, os.WriteFile(big, bytes.Repeat([]byte("0123456789abcdef"), 3*fs.ReadFileChunk/16), 0o644))
	before := openFDs(t)

	l, err := loop.New(loop.WithWorkers(2))
	require.NoError(t, err)
	f := fs.On(l)
	calls := map[string]int{}
	call := func(name string) { calls[name]++ }
	closed := false
	closeLoop := func() {
		if !closed {
			closed = true
			require.NoError(t, l.Close()) // from a callback: Run closes the loop
		}
	}
	err = l.Run(func() {
		for i := range 40 {
			name := fmt.Sprint("open ", i)
			f.Open(big, "r", 0, func(err error, fd int) {
				call(name)
				if err == nil {
					f.Close(fd, func(error) { call("close of " + name) })
				}
				closeLoop()
			})
		}
		for i := range 8 {
			name := fmt.Sprint("readFile ", i)
			f.ReadFile(big, func(error, []byte) { call(name) })
			wname := fmt.Sprint("writeFile ", i)
			f.WriteFile(filepath.Join(dir, wname), bytes.Repeat([]byte("x"), 2*fs.ReadFileChunk), func(error) { call(wname) })
		}
		f.Opendir(dir, fs.OpendirOptions{}, func(err error, d *fs.Dir) {
			call("opendir")
			if err == nil {
				d.Read(func(error, *fs.Dirent) {
					call("dir read")
					d.Close(func(error) { call("dir close") })
				})
			}
		})
		rs := f.CreateReadStream(big, fs.ReadStreamOptions{})
		rs.OnData(func([]byte) {})
		rs.OnError(func(error) {})
		rs.OnClose(func() { call("read stream close") })
		ws := f.CreateWriteStream(filepath.Join(dir, "ws"), fs.WriteStreamOptions{})
		ws.OnError(func(error) {})
		ws.OnClose(func() { call("write stream close") })
		ws.Write(bytes.Repeat([]byte("y"), 1<<20), func(error) { call("write stream write") })
	})
	require.NoError(t, err)
	require.True(t, closed)
	for name, n := range calls {
		assert.Equal(t, 1, n, "%s called %d times", name, n)
	}
	for i := range 40 {
		assert.Contains(t, calls, fmt.Sprint("open ", i))
	}
	for i := range 8 {
		assert.Contains(t, calls, fmt.Sprint("readFile ", i))
		assert.Contains(t, calls, fmt.Sprint("writeFile ", i))
	}
	for _, name := range []string{"opendir", "read stream close", "write stream close", "write stream write"} {
		assert.Contains(t, calls, name)
	}
	assert.Equal(t, before, openFDs(t), "descriptors left open")
}
