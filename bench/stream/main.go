// Command stream moves bytes through a pipeline of streams on a loop:
// -mode=transform sends -mib MiB in 64 KiB chunks from a Readable through
// one identity Transform to a Writable that discards, with Pipeline;
// -mode=passthrough sends them through three PassThroughs joined by Pipe.
// Every stream has a 64 KiB high-water mark. Its Node twin is node.js.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/bench/internal/report"
	"github.com/errfirst/loop/stream"
)

func main() {
	mode := flag.String("mode", "transform", "transform or passthrough")
	mib := flag.Int("mib", 256, "MiB to move")
	flag.Parse()
	const chunk = 64 << 10
	total := *mib << 20

	l, err := loop.New()
	if err != nil {
		fail(err)
	}
	var start time.Time
	var elapsed time.Duration
	received := 0
	var result error
	m0 := report.Mallocs()
	stop := report.StartProfile()
	err = l.Run(func() {
		start = time.Now()
		buf := make([]byte, chunk)
		sent := 0
		src := stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: chunk, Read: func(r *stream.Readable, n int) {
			for sent < total {
				sent += len(buf)
				if !r.Push(buf) {
					return
				}
			}
			r.PushEnd()
		}})
		dst := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: chunk, Write: func(b []byte, done func(error)) {
			received += len(b)
			done(nil)
		}})
		finish := func(err error) {
			result = err
			elapsed = time.Since(start)
		}
		switch *mode {
		case "transform":
			t := stream.NewTransform(l, stream.TransformOptions{HighWaterMark: chunk, Transform: func(b []byte, push func([]byte), done func(error)) {
				push(b)
				done(nil)
			}})
			stream.Pipeline(finish, src, t, dst)
		case "passthrough":
			var prev stream.Reader[[]byte] = src
			pipeFrom := src.Pipe
			for range 3 {
				p := stream.NewPassThrough(l, stream.TransformOptions{HighWaterMark: chunk})
				pipeFrom(p)
				pipeFrom, prev = p.Pipe, p
			}
			_ = prev
			pipeFrom(dst)
			stream.Finished(dst, finish)
		default:
			fail(fmt.Errorf("unknown -mode=%s", *mode))
		}
	})
	stop()
	mallocs := report.Mallocs() - m0
	if err == nil {
		err = result
	}
	if err == nil {
		err = l.Close()
	}
	if err != nil {
		fail(err)
	}
	if received != total {
		fail(fmt.Errorf("received %d bytes, want %d", received, total))
	}
	report.Print(report.Result{
		"mib":              *mib,
		"secs":             elapsed.Seconds(),
		"rate":             float64(total) / (1 << 20) / elapsed.Seconds(), // MiB/s
		"allocs_per_chunk": float64(mallocs) / float64(total/chunk),
	})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "stream:", err)
	os.Exit(1)
}
