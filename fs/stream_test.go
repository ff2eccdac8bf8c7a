package fs_test

import (
	"bytes"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadStreamEventsAndChunks: Node's order (open, ready, data..., end,
// close) and Node's chunks for a 200,000-byte file ([65536 65536 65536
// 3392], as node printed), with BytesRead, Path and Pending.
func TestReadStreamEventsAndChunks(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(name, bytes.Repeat([]byte("z"), 200000), 0o644))
	l, f := newFS(t)
	var log []string
	var sizes []int
	var rs *fs.ReadStream
	run(t, l, func() {
		rs = f.CreateReadStream(name, fs.ReadStreamOptions{})
		assert.True(t, rs.Pending())
		assert.Equal(t, name, rs.Path())
		rs.OnOpen(func(fd int) { log = append(log, "open") })
		rs.OnReady(func() { log = append(log, "ready") })
		rs.OnData(func(b []byte) { sizes = append(sizes, len(b)) })
		rs.OnEnd(func() { log = append(log, "end") })
		rs.OnClose(func() { log = append(log, "close") })
	})
	assert.Equal(t, []string{"open", "ready", "end", "close"}, log)
	assert.Equal(t, []int{65536, 65536, 65536, 3392}, sizes)
	assert.Equal(t, int64(200000), rs.BytesRead())
	assert.False(t, rs.Pending())
	assert.Equal(t, -1, rs.Fd(), "closed after the end")
}

// TestReadStreamRanges: Start and End are inclusive offsets, as in Node
// ({start: 10, end: 19} reads 10 bytes), and a given Fd is read without
// an 'open', from the position asked.
func TestReadStreamRanges(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(name, []byte("0123456789abcdefghijklmnop"), 0o644))
	file, err := os.Open(name)
	require.NoError(t, err)
	defer file.Close()
	l, f := newFS(t)
	tests := []struct {
		name string
		opts fs.ReadStreamOptions
		want string
	}{
		{"start and end are inclusive", fs.ReadStreamOptions{Start: 10, End: new(int64(19))}, "abcdefghij"},
		{"end alone stops there", fs.ReadStreamOptions{End: new(int64(0))}, "0"},
		{"start alone reads to the end", fs.ReadStreamOptions{Start: 20}, "klmnop"},
		{"a small high-water mark makes small reads", fs.ReadStreamOptions{HighWaterMark: 3, End: new(int64(6))}, "0123456"},
		{"an encoding gives text", fs.ReadStreamOptions{Encoding: "hex", End: new(int64(1))}, "3031"},
		{"a given descriptor is read and left open", fs.ReadStreamOptions{Fd: new(int(file.Fd())), DisableAutoClose: true, Start: 24}, "op"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []byte
			opened := false
			run(t, l, func() {
				rs := f.CreateReadStream(name, tt.opts)
				rs.OnOpen(func(int) { opened = true })
				rs.OnData(func(b []byte) { got = append(got, b...) })
			})
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, tt.opts.Fd == nil, opened, "'open' emitted")
		})
	}
	_, err = file.Stat()
	assert.NoError(t, err, "the given descriptor was closed")
}

// TestReadStreamOfAMissingFile: 'error' (ENOENT in open), then 'close'.
func TestReadStreamOfAMissingFile(t *testing.T) {
	l, f := newFS(t)
	var log []string
	run(t, l, func() {
		rs := f.CreateReadStream(filepath.Join(t.TempDir(), "missing"), fs.ReadStreamOptions{})
		rs.OnError(func(err error) { log = append(log, "error "+err.Error()[:6]) })
		rs.OnClose(func() { log = append(log, "close") })
		rs.OnData(func([]byte) {})
	})
	assert.Equal(t, []string{"error ENOENT", "close"}, log)
}

// TestWriteStreamEventsAndBackpressure: open, ready, finish, close; Write
// reports the 16 KiB mark as Node's does (16383 bytes: true; one more:
// false); BytesWritten and Start.
func TestWriteStreamEventsAndBackpressure(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out")
	require.NoError(t, os.WriteFile(name, []byte("0123456789"), 0o644))
	l, f := newFS(t)
	var log []string
	var ws *fs.WriteStream
	run(t, l, func() {
		ws = f.CreateWriteStream(name, fs.WriteStreamOptions{Flags: "r+", Start: 4})
		ws.OnOpen(func(int) { log = append(log, "open") })
		ws.OnReady(func() { log = append(log, "ready") })
		ws.OnFinish(func() { log = append(log, "finish") })
		ws.OnClose(func() { log = append(log, "close") })
		assert.True(t, ws.Write([]byte("ab"), nil))
		assert.True(t, ws.Write(make([]byte, 16381), nil))
		assert.False(t, ws.Write([]byte("!"), nil))
		ws.End(nil)
	})
	assert.Equal(t, []string{"open", "ready", "finish", "close"}, log)
	assert.Equal(t, int64(16384), ws.BytesWritten())
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "0123ab", string(data[:6]))
	assert.Len(t, data, 4+16384)
}

// TestCopyOfAGigabyteThroughStreams pipes a 1 GiB file from
// CreateReadStream to CreateWriteStream: the copy is byte for byte the
// source, and the heap stays bounded all along (a few chunks, never the
// file). The source is sparse with a marker every 64 MiB, so making it
// costs nothing and the comparison still sees misplaced bytes.
func TestCopyOfAGigabyteThroughStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("copies 1 GiB")
	}
	const size = 1 << 30
	src := sparse(t, size)
	out, err := os.OpenFile(src, os.O_WRONLY, 0)
	require.NoError(t, err)
	for off := int64(0); off < size; off += 64 << 20 {
		_, err := out.WriteAt([]byte("marker at "+string(rune('A'+off>>26))), off+12345)
		require.NoError(t, err)
	}
	require.NoError(t, out.Close())
	dst := filepath.Join(t.TempDir(), "copy")

	l, f := newFS(t)
	runtime.GC() // what earlier tests left (a 1 GiB ReadFile) does not count
	began := time.Now()
	var peak uint64
	var ms runtime.MemStats
	chunks := 0
	var result error = io.ErrUnexpectedEOF
	run(t, l, func() {
		rs := f.CreateReadStream(src, fs.ReadStreamOptions{})
		ws := f.CreateWriteStream(dst, fs.WriteStreamOptions{})
		rs.OnData(func([]byte) {
			if chunks++; chunks%512 == 0 { // every 32 MiB
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		})
		stream.Pipeline(func(err error) { result = err }, rs, ws)
	})
	require.NoError(t, result)
	assert.Equal(t, size/(64<<10), chunks)
	assert.Less(t, peak, uint64(64<<20), "heap in use reached %d MiB", peak>>20)
	t.Logf("copied in %v; peak heap in use %.1f MiB over %d chunks", time.Since(began), float64(peak)/(1<<20), chunks)
	assert.Equal(t, sum(t, src), sum(t, dst), "the copy differs")
}

func sum(t *testing.T, name string) [32]byte {
	t.Helper()
	file, err := os.Open(name)
	require.NoError(t, err)
	defer file.Close()
	h := sha256.New()
	_, err = io.Copy(h, file)
	require.NoError(t, err)
	return [32]byte(h.Sum(nil))
}

// TestWriteStreamOptions: Flags, a given Fd (no 'open'), DisableAutoClose
// and Context, as Node's flags, fd, autoClose and signal.
func TestWriteStreamOptions(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "log")
	require.NoError(t, os.WriteFile(name, []byte("old;"), 0o644))
	l, f := newFS(t)

	t.Run("an append flag writes at the end", func(t *testing.T) {
		run(t, l, func() {
			ws := f.CreateWriteStream(name, fs.WriteStreamOptions{Flags: "a", Start: fs.CurrentPosition})
			ws.Write([]byte("new;"), nil)
			ws.End(nil)
		})
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, "old;new;", string(data))
	})
	t.Run("a given descriptor is written, not opened, and left open", func(t *testing.T) {
		file, err := os.OpenFile(name, os.O_WRONLY, 0)
		require.NoError(t, err)
		defer file.Close()
		opened := false
		run(t, l, func() {
			ws := f.CreateWriteStream("ignored", fs.WriteStreamOptions{Fd: new(int(file.Fd())), DisableAutoClose: true})
			ws.OnOpen(func(int) { opened = true })
			ws.EndWith([]byte("NEW"), nil)
		})
		assert.False(t, opened)
		_, err = file.Stat()
		assert.NoError(t, err, "the descriptor was closed")
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, "NEW;new;", string(data))
	})
	t.Run("a context done before the write aborts the stream", func(t *testing.T) {
		ctx, cancel := contextCanceled()
		defer cancel()
		var got error
		run(t, l, func() {
			ws := f.CreateWriteStream(filepath.Join(dir, "aborted"), fs.WriteStreamOptions{Context: ctx})
			ws.OnError(func(err error) { got = err })
			ws.Write([]byte("x"), nil)
		})
		require.Error(t, got)
		assert.Equal(t, "ABORT_ERR", loop.Code(got))
	})
}
