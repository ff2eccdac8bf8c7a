package stream_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowReader hands out data in small pieces and counts the reads, so a
// test can see that reads wait for the consumer.
type slowReader struct {
	mu    sync.Mutex
	data  []byte
	piece int
	reads int
}

func (r *slowReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	r.reads++
	n := copy(p[:min(len(p), r.piece)], r.data)
	r.data = r.data[n:]
	return n, nil
}

func (r *slowReader) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reads
}

func TestFromReaderDeliversEverythingAndEnds(t *testing.T) {
	l := newLoop(t)
	data := bytes.Repeat([]byte("0123456789"), 10_000)
	var got []byte
	var events []string
	require.NoError(t, l.Run(func() {
		r := stream.FromReader(l, bytes.NewReader(data), stream.ReadableOptions{HighWaterMark: 4096})
		r.OnData(func(b []byte) {
			assert.True(t, l.InLoop(), "data arrives on the loop goroutine")
			got = append(got, b...)
		})
		r.OnEnd(func() { events = append(events, "end") })
		r.OnClose(func() { events = append(events, "close") })
	}))
	assert.Equal(t, data, got)
	assert.Equal(t, []string{"end", "close"}, events)
}

func TestFromReaderReadsNoFurtherThanTheHighWaterMark(t *testing.T) {
	l := newLoop(t)
	src := &slowReader{data: bytes.Repeat([]byte{'x'}, 1<<20), piece: 1024}
	var r *stream.Readable
	_, err := l.RunNoWait(func() {
		// Paused: nobody consumes, so the stream fills up to its mark and
		// then stops asking.
		r = stream.FromReader(l, src, stream.ReadableOptions{HighWaterMark: 8 << 10})
		r.Read(0)
	})
	require.NoError(t, err)
	deadline := time.Now().Add(5 * time.Second)
	for r.ReadableLength() < 8<<10 && time.Now().Before(deadline) {
		_, err := l.RunOnce(nil)
		require.NoError(t, err)
	}
	reads := src.count()
	assert.Equal(t, 8, reads, "eight reads of 1 KiB fill the 8 KiB mark")
	for range 3 {
		_, err := l.RunNoWait(nil)
		require.NoError(t, err)
	}
	time.Sleep(10 * time.Millisecond) // would a read run ahead?
	assert.Equal(t, reads, src.count(), "no read runs while the buffer is at the mark")
	assert.Equal(t, 8<<10, r.ReadableLength())
}

func TestFromReaderErrorDestroysTheStream(t *testing.T) {
	l := newLoop(t)
	boom := errors.New("disk failed")
	var got error
	require.NoError(t, l.Run(func() {
		r := stream.FromReader(l, io.MultiReader(bytes.NewReader([]byte("ab")), iotestErrReader{boom}), stream.ReadableOptions{})
		r.OnData(func([]byte) {})
		r.OnError(func(err error) { got = err })
	}))
	assert.ErrorIs(t, got, boom)
}

type iotestErrReader struct{ err error }

func (r iotestErrReader) Read([]byte) (int, error) { return 0, r.err }

func TestFromWriterWritesInOrderAndClosesAtTheEnd(t *testing.T) {
	l := newLoop(t)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	var order []string
	require.NoError(t, l.Run(func() {
		w := stream.FromWriter(l, gz, stream.WritableOptions{HighWaterMark: 64})
		for i := range 100 {
			w.Write([]byte{byte('a' + i%26)}, func(err error) {
				assert.NoError(t, err)
				if i == 99 {
					order = append(order, "last write")
				}
			})
		}
		w.End(func(err error) {
			assert.NoError(t, err)
			order = append(order, "end")
		})
	}))
	assert.Equal(t, []string{"last write", "end"}, order)
	zr, err := gzip.NewReader(&buf)
	require.NoError(t, err, "the gzip footer was written: Close ran at the end")
	plain, err := io.ReadAll(zr)
	require.NoError(t, err)
	require.Len(t, plain, 100)
	assert.Equal(t, byte('a'), plain[0])
	assert.Equal(t, byte('a'+99%26), plain[99])
}

func TestNewReaderAndNewWriterServePlainGoroutines(t *testing.T) {
	l := newLoop(t)
	type record struct {
		N    int
		Name string
	}
	want := make([]record, 200)
	for i := range want {
		want[i] = record{i, "item"}
	}
	var got []record
	var decodeErr, encodeErr error
	var wg sync.WaitGroup
	require.NoError(t, l.Run(func() {
		// Go code writes JSON into one end of a pass-through, other Go code
		// decodes it from the other end; the loop sits between.
		pt := stream.NewPassThrough(l, stream.TransformOptions{HighWaterMark: 256})
		w := stream.NewWriter(pt)
		r := stream.NewReader(pt)
		wg.Add(2)
		go func() {
			defer wg.Done()
			bw := bufio.NewWriterSize(w, 100)
			enc := json.NewEncoder(bw)
			for _, rec := range want {
				if encodeErr = enc.Encode(rec); encodeErr != nil {
					return
				}
			}
			if encodeErr = bw.Flush(); encodeErr == nil {
				encodeErr = w.Close()
			}
		}()
		go func() {
			defer wg.Done()
			dec := json.NewDecoder(bufio.NewReader(r))
			for {
				var rec record
				if err := dec.Decode(&rec); err != nil {
					if err != io.EOF {
						decodeErr = err
					}
					return
				}
				got = append(got, rec)
			}
		}()
	}))
	wg.Wait()
	require.NoError(t, encodeErr)
	require.NoError(t, decodeErr)
	assert.Equal(t, want, got)
}

func TestIOBridgesCopyManyConcurrentStreams(t *testing.T) {
	l := newLoop(t)
	const streams = 8
	data := bytes.Repeat([]byte("stream me "), 20_000)
	sum := sha256.Sum256(data)
	sums := make([][32]byte, streams)
	errs := make([]error, streams)
	var wg sync.WaitGroup
	require.NoError(t, l.Run(func() {
		for i := range streams {
			pt := stream.NewPassThrough(l, stream.TransformOptions{HighWaterMark: 1024})
			w, r := stream.NewWriter(pt), stream.NewReader(pt)
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := io.Copy(w, bytes.NewReader(data))
				if err == nil {
					err = w.Close()
				}
				errs[i] = err
			}()
			go func() {
				defer wg.Done()
				h := sha256.New()
				_, err := io.Copy(h, r)
				if err != nil {
					errs[i] = err
				}
				copy(sums[i][:], h.Sum(nil))
			}()
		}
	}))
	wg.Wait()
	for i := range streams {
		require.NoError(t, errs[i])
		assert.Equal(t, sum, sums[i], "stream %d", i)
	}
}

func TestAReaderGoroutineBlockedWhenTheLoopClosesGetsAnErrorAndExits(t *testing.T) {
	l, err := loop.New()
	require.NoError(t, err)
	var r io.ReadCloser
	_, err = l.RunNoWait(func() {
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}}) // never pushes
		r = stream.NewReader(src)
	})
	require.NoError(t, err)
	readErr := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 10))
		readErr <- err
	}()
	// Run the loop until the Read's request arrived and waits.
	go func() {
		time.Sleep(20 * time.Millisecond)
		_ = l.Close()
	}()
	_ = l.Run(nil)
	select {
	case err := <-readErr:
		assert.Error(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the blocked Read never returned")
	}
	_, err = r.Read(make([]byte, 10))
	assert.Error(t, err, "a Read after the close fails at once")
}

func TestBridgesPanicOnTheLoopGoroutine(t *testing.T) {
	l := newLoop(t)
	require.NoError(t, l.Run(func() {
		pt := stream.NewPassThrough(l, stream.TransformOptions{})
		r, w := stream.NewReader(pt), stream.NewWriter(pt)
		assert.PanicsWithValue(t, "stream: Read of a NewReader called on the loop goroutine; it would block the loop", func() { r.Read(make([]byte, 1)) })
		assert.PanicsWithValue(t, "stream: Write of a NewWriter called on the loop goroutine; it would block the loop", func() { w.Write([]byte("x")) })
		pt.Destroy(nil)
	}))
}

func TestFromWriterOverAFileIsByteIdentical(t *testing.T) {
	l := newLoop(t)
	path := t.TempDir() + "/out"
	f, err := os.Create(path)
	require.NoError(t, err)
	data := bytes.Repeat([]byte("file data "), 50_000)
	require.NoError(t, l.Run(func() {
		src := stream.FromReader(l, bytes.NewReader(data), stream.ReadableOptions{HighWaterMark: 64 << 10})
		dst := stream.FromWriter(l, f, stream.WritableOptions{})
		stream.Pipeline(func(err error) { assert.NoError(t, err) }, src, dst)
	}))
	written, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, written)
	assert.ErrorIs(t, f.Close(), os.ErrClosed, "the end closed the file")
}
