package fs_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sparse makes a file of size bytes that takes no disk: reading it is the
// kernel copying zeros, so a gigabyte reads in a fraction of a second.
func sparse(t testing.TB, size int64) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "sparse")
	f, err := os.Create(name)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(size))
	require.NoError(t, f.Close())
	return name
}

// TestReadFileOfAGigabyteLetsSmallRequestsThrough reads a 1 GiB file on a
// loop with a single worker while 1,000 stats run one after the other: the
// read goes in 512 KiB chunks, each queued behind the stat that arrived
// meanwhile, so every stat completes within about one chunk's time, and
// all of them before the read ends. Without the chunks, the first stat
// would wait for the whole gigabyte.
func TestReadFileOfAGigabyteLetsSmallRequestsThrough(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1 GiB")
	}
	const size = 1 << 30
	name := sparse(t, size)
	l, err := loop.New(loop.WithWorkers(1))
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, l.Close()) })
	f := fs.On(l)

	var readDone time.Time
	var readLen int
	stats, worst := 0, time.Duration(0)
	var waits []time.Duration
	var start time.Time
	var statsDone time.Time
	run(t, l, func() {
		start = time.Now()
		f.ReadFile(name, func(err error, data []byte) {
			require.NoError(t, err)
			readDone, readLen = time.Now(), len(data)
		})
		var next func()
		next = func() {
			asked := time.Now()
			f.Stat(name, func(err error, st *fs.Stats) {
				require.NoError(t, err)
				waits = append(waits, time.Since(asked))
				worst = max(worst, time.Since(asked))
				if stats++; stats < 1000 {
					next()
					return
				}
				statsDone = time.Now()
			})
		}
		next()
	})
	require.Equal(t, size, readLen)
	require.Equal(t, 1000, stats)
	assert.True(t, statsDone.Before(readDone), "the stats finished %v after the read", statsDone.Sub(readDone))
	// One chunk is 512 KiB of zeros, about a millisecond; the bounds leave
	// room for a machine shared with other jobs and for the race detector,
	// and are still far below the whole read's time, which an unchunked
	// read would make the first stat wait.
	slices.Sort(waits)
	p50, p99, took := waits[len(waits)/2], waits[len(waits)*99/100], readDone.Sub(start)
	assert.Less(t, p50, 10*time.Millisecond, "median of the stats' waits")
	assert.Less(t, worst, took/4, "a stat waited %v of the read's %v", worst, took)
	t.Logf("read 1 GiB in %v; the stats waited %v at p50, %v at p99, %v at most", took, p50, p99, worst)
}

// TestReadFileTooLarge: a file over MaxReadFileSize fails as in Node, with
// nothing read.
func TestReadFileTooLarge(t *testing.T) {
	name := sparse(t, fs.MaxReadFileSize+1)
	l, f := newFS(t)
	var got error
	run(t, l, func() {
		f.ReadFile(name, func(err error, data []byte) { got = err })
	})
	require.Error(t, got)
	assert.ErrorIs(t, got, fs.ErrFileTooLarge)
	assert.Equal(t, "ERR_FS_FILE_TOO_LARGE", loop.Code(got))
	assert.Equal(t, "File size (2147483648) is greater than 2 GiB", got.Error()) // node's words
}

// TestReadFileOfSizeZeroFilesReadsThemWhole: /proc files report a size of
// 0; they are read to their end.
func TestReadFileOfSizeZeroFilesReadsThemWhole(t *testing.T) {
	st, err := os.Stat("/proc/self/status")
	if err != nil || st.Size() != 0 {
		t.Skip("no /proc, or its files report a size")
	}
	l, f := newFS(t)
	var data []byte
	run(t, l, func() {
		f.ReadFile("/proc/self/status", func(err error, b []byte) {
			require.NoError(t, err)
			data = b
		})
	})
	assert.Contains(t, string(data), "VmHWM:")
	assert.True(t, strings.HasSuffix(string(data), "\n"))
}

// TestReadFileAndWriteFileInManyChunks round-trips a file of several
// chunks, not a multiple of the chunk size.
func TestReadFileAndWriteFileInManyChunks(t *testing.T) {
	data := make([]byte, 3*fs.ReadFileChunk+12345)
	for i := range data {
		data[i] = byte(i * 7)
	}
	name := filepath.Join(t.TempDir(), "f")
	l, f := newFS(t)
	var got []byte
	run(t, l, func() {
		f.WriteFile(name, data, func(err error) {
			require.NoError(t, err)
			f.ReadFile(name, func(err error, b []byte) {
				require.NoError(t, err)
				got = b
			})
		})
	})
	assert.Equal(t, data, got)
}

// TestContextAbortsReadFileAndWriteFile: a context done before the call
// gives Node's AbortError, and a pre-aborted WriteFile creates no file.
func TestContextAbortsReadFileAndWriteFile(t *testing.T) {
	ctx, cancel := contextCanceled()
	defer cancel()
	dir := tree(t)
	l, f := newFS(t)
	var rerr, werr error
	run(t, l, func() {
		f.ReadFile(filepath.Join(dir, "file"), func(err error, _ []byte) { rerr = err }, fs.ReadFileOptions{Context: ctx})
		f.WriteFile(filepath.Join(dir, "new"), []byte("x"), func(err error) { werr = err }, fs.WriteFileOptions{Context: ctx})
	})
	for _, err := range []error{rerr, werr} {
		require.Error(t, err)
		assert.Equal(t, "ABORT_ERR", loop.Code(err))
		assert.Equal(t, "The operation was aborted", err.Error())
	}
	_, err := os.Stat(filepath.Join(dir, "new"))
	assert.True(t, errors.Is(err, os.ErrNotExist), "a pre-aborted WriteFile created the file")
}

// TestReadFileOfAPipeReadsToItsEnd: a FIFO reports no size, so ReadFile
// reads it to its end, in several pieces of work, however much comes.
func TestReadFileOfAPipeReadsToItsEnd(t *testing.T) {
	name := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(name, 0o644))
	data := make([]byte, 3*fs.ReadFileChunk+777)
	for i := range data {
		data[i] = byte(i)
	}
	wrote := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err == nil {
			_, err = w.Write(data)
			w.Close()
		}
		wrote <- err
	}()
	l, f := newFS(t)
	var got []byte
	run(t, l, func() {
		f.ReadFile(name, func(err error, b []byte) {
			require.NoError(t, err)
			got = b
		})
	})
	require.NoError(t, <-wrote)
	assert.Equal(t, data, got)
}
