// Command fs measures the fs package on whole workloads, each against its
// Node twin (node.js) and, where it says so, against plain Go:
//
//	-mode=readfile    -files files of 4 KiB read with fs.ReadFile, -inflight
//	                  outstanding, each callback starting the next; then, in the
//	                  same process, -inflight goroutines calling os.ReadFile
//	                  (raw_rate)
//	-mode=stat        -n fs.Stat calls of one file, -inflight outstanding
//	-mode=readstream  one -mb MiB file, in the page cache, through
//	                  fs.CreateReadStream in 64 KiB chunks to an OnData
//	                  listener; then a plain os.File.Read loop with one 64 KiB
//	                  buffer (raw_mb_per_s); and the stream again with
//	                  ReuseBuffers (reuse_mb_per_s)
//	-mode=pipe        the same file through a read stream piped (Pipe) to
//	                  fs.CreateWriteStream, into a file beside it
//
// The data lives in -dir (the system's temporary directory by default),
// made on the first run and reused, so Go and Node read the same files.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/bench/internal/report"
	"github.com/errfirst/loop/fs"
)

var (
	mode     = flag.String("mode", "readfile", "readfile, stat, readstream or pipe")
	dir      = flag.String("dir", filepath.Join(os.TempDir(), "loopbench-fs"), "where the data lives")
	files    = flag.Int("files", 10_000, "readfile: how many files of 4 KiB")
	n        = flag.Int("n", 200_000, "stat: how many calls")
	inflight = flag.Int("inflight", 64, "readfile, stat: calls outstanding")
	mb       = flag.Int("mb", 256, "readstream, pipe: the file's size in MiB")
)

func main() {
	flag.Parse()
	stop := report.StartProfile()
	r := report.Result{"mode": *mode}
	switch *mode {
	case "readfile":
		names := smallFiles()
		m0 := report.Mallocs()
		secs := onLoop(func(f *fs.FS, l *loop.Loop, done func(error)) {
			fanIn(len(names), func(i int, cb func(error)) {
				f.ReadFile(names[i], func(err error, data []byte) {
					if err == nil && len(data) != 4096 {
						err = fmt.Errorf("%s: %d bytes", names[i], len(data))
					}
					cb(err)
				})
			}, done)
		})
		r["allocs_per_op"] = float64(report.Mallocs()-m0) / float64(len(names))
		r["rate"] = float64(len(names)) / secs
		r["raw_rate"] = float64(len(names)) / rawReadFiles(names)
	case "stat":
		name := smallFiles()[0]
		m0 := report.Mallocs()
		secs := onLoop(func(f *fs.FS, l *loop.Loop, done func(error)) {
			fanIn(*n, func(i int, cb func(error)) {
				f.Stat(name, func(err error, _ *fs.Stats) { cb(err) })
			}, done)
		})
		r["allocs_per_op"] = float64(report.Mallocs()-m0) / float64(*n)
		r["rate"] = float64(*n) / secs
	case "readstream":
		name := bigFile()
		size := float64(int64(*mb) << 20)
		secs := onLoop(func(f *fs.FS, l *loop.Loop, done func(error)) {
			rs := f.CreateReadStream(name, fs.ReadStreamOptions{})
			got := 0
			rs.OnData(func(b []byte) { got += len(b) })
			rs.OnError(done)
			rs.OnEnd(func() { done(sizeErr(got)) })
		})
		r["mb_per_s"] = size / secs / 1e6
		secs = onLoop(func(f *fs.FS, l *loop.Loop, done func(error)) {
			rs := f.CreateReadStream(name, fs.ReadStreamOptions{ReuseBuffers: true})
			got := 0
			rs.OnData(func(b []byte) { got += len(b) })
			rs.OnError(done)
			rs.OnEnd(func() { done(sizeErr(got)) })
		})
		r["reuse_mb_per_s"] = size / secs / 1e6
		r["raw_mb_per_s"] = size / rawRead(name) / 1e6
	case "pipe":
		name := bigFile()
		out := filepath.Join(*dir, "pipe.out")
		size := float64(int64(*mb) << 20)
		secs := onLoop(func(f *fs.FS, l *loop.Loop, done func(error)) {
			rs := f.CreateReadStream(name, fs.ReadStreamOptions{})
			ws := f.CreateWriteStream(out, fs.WriteStreamOptions{})
			rs.OnError(done)
			ws.OnError(done)
			ws.OnFinish(func() { done(nil) })
			rs.Pipe(ws)
		})
		st, err := os.Stat(out)
		if err == nil && st.Size() != int64(*mb)<<20 {
			err = fmt.Errorf("pipe wrote %d bytes", st.Size())
		}
		check(err)
		os.Remove(out)
		r["mb_per_s"] = size / secs / 1e6
	default:
		check(fmt.Errorf("unknown -mode=%s", *mode))
	}
	stop()
	report.Print(r)
}

// onLoop runs start on a fresh loop and returns the seconds from its call
// to done.
func onLoop(start func(f *fs.FS, l *loop.Loop, done func(error))) float64 {
	l, err := loop.New()
	check(err)
	var t0 time.Time
	var secs float64
	var result error
	err = l.Run(func() {
		t0 = time.Now()
		start(fs.On(l), l, func(err error) {
			if secs == 0 {
				secs, result = time.Since(t0).Seconds(), err
			}
		})
	})
	if err == nil {
		err = result
	}
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	check(err)
	return secs
}

// fanIn makes count calls, -inflight at a time, each callback starting the
// next, and calls done after the last.
func fanIn(count int, call func(i int, cb func(error)), done func(error)) {
	started, finished := 0, 0
	var next func()
	cb := func(err error) {
		if err != nil {
			done(err)
			return
		}
		if finished++; finished == count {
			done(nil)
			return
		}
		next()
	}
	next = func() {
		if started < count {
			started++
			call(started-1, cb)
		}
	}
	for range *inflight {
		next()
	}
}

func rawReadFiles(names []string) float64 {
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	t0 := time.Now()
	for range *inflight {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(names)); i = next.Add(1) - 1 {
				if _, err := os.ReadFile(names[i]); err != nil {
					failed.Store(&err)
				}
			}
		})
	}
	wg.Wait()
	secs := time.Since(t0).Seconds()
	if p := failed.Load(); p != nil {
		check(*p)
	}
	return secs
}

func rawRead(name string) float64 {
	f, err := os.Open(name)
	check(err)
	defer f.Close()
	buf := make([]byte, 64<<10)
	got := 0
	t0 := time.Now()
	for {
		k, err := f.Read(buf)
		got += k
		if err == io.EOF {
			break
		}
		check(err)
	}
	secs := time.Since(t0).Seconds()
	check(sizeErr(got))
	return secs
}

func sizeErr(got int) error {
	if got != *mb<<20 {
		return fmt.Errorf("read %d bytes, want %d", got, *mb<<20)
	}
	return nil
}

// smallFiles makes (once) and returns -files files of 4 KiB.
func smallFiles() []string {
	d := filepath.Join(*dir, "small")
	check(os.MkdirAll(d, 0o755))
	names := make([]string, *files)
	data := bytes.Repeat([]byte("loop bench 4KiB\n"), 256)
	for i := range names {
		names[i] = filepath.Join(d, fmt.Sprintf("f%05d", i))
		if st, err := os.Stat(names[i]); err != nil || st.Size() != 4096 {
			check(os.WriteFile(names[i], data, 0o644))
		}
	}
	return names
}

// bigFile makes (once) the -mb MiB file and reads it, so it is in the page
// cache.
func bigFile() string {
	check(os.MkdirAll(*dir, 0o755))
	name := filepath.Join(*dir, fmt.Sprintf("big-%dm", *mb))
	if st, err := os.Stat(name); err != nil || st.Size() != int64(*mb)<<20 {
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
		f, err := os.Create(name)
		check(err)
		for range *mb {
			_, err := f.Write(chunk)
			check(err)
		}
		check(f.Close())
	}
	rawRead(name)
	return name
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "fs:", err)
		os.Exit(1)
	}
}
