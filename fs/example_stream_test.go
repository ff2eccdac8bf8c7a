package fs_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/errfirst/loop/stream"
)

// A read stream emits Node's events; Start and End are inclusive.
func ExampleCreateReadStream() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		rs := fs.CreateReadStream(filepath.Join(dir, "hello.txt"), fs.ReadStreamOptions{Start: 1, End: new(int64(3))})
		rs.OnOpen(func(fd int) { fmt.Println("open") })
		rs.OnReady(func() { fmt.Println("ready") })
		rs.OnData(func(b []byte) { fmt.Printf("data %q\n", b) })
		rs.OnError(func(err error) { fmt.Println(err) })
		rs.OnEnd(func() { fmt.Println("end, read", rs.BytesRead()) })
		rs.OnClose(func() { fmt.Println("close") })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// open
	// ready
	// data "ell"
	// end, read 3
	// close
}

// Compressing a file through a pipeline: nothing is held whole in memory.
func ExampleCreateWriteStream() {
	dir, cleanup := sandbox()
	defer cleanup()
	in, out := filepath.Join(dir, "hello.txt"), filepath.Join(dir, "hello.txt.gz")
	err := loop.Run(func() {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		gz := stream.NewTransform(nil, stream.TransformOptions{
			Transform: func(chunk []byte, push func([]byte), done func(error)) {
				_, err := zw.Write(chunk)
				push(buf.Bytes())
				buf = bytes.Buffer{}
				done(err)
			},
			Flush: func(push func([]byte), done func(error)) {
				err := zw.Close()
				push(buf.Bytes())
				done(err)
			},
		})
		ws := fs.CreateWriteStream(out, fs.WriteStreamOptions{})
		stream.Pipeline(func(err error) {
			fmt.Println("pipeline:", err, "wrote", ws.BytesWritten() > 0)
		}, fs.CreateReadStream(in, fs.ReadStreamOptions{}), gz, ws)
	})
	if err != nil {
		fmt.Println(err)
	}
	file, err := os.Open(out)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer file.Close()
	zr, err := gzip.NewReader(file)
	if err != nil {
		fmt.Println(err)
		return
	}
	data, err := io.ReadAll(zr)
	fmt.Printf("%s %v\n", data, err)
	// Output:
	// pipeline: <nil> wrote true
	// hello <nil>
}

// Watching a directory: Node's (eventType, filename). Closing the watcher
// lets Run return.
func ExampleWatch() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		var w *fs.FSWatcher
		w, err := fs.Watch(dir, fs.WatchOptions{Recursive: true}, func(eventType, filename string) {
			fmt.Println(eventType, filename)
			w.Close(nil)
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		w.OnClose(func() { fmt.Println("closed") })
		fs.Unlink(filepath.Join(dir, "hello.txt"), func(err error) {
			if err != nil {
				fmt.Println(err)
			}
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// rename hello.txt
	// closed
}

// Polling a file's Stats; UnwatchFile stops it. A write updates the file's
// mtime before its size, so a poll can land between the two and report a
// change of mtime alone: the listener waits for the size.
func ExampleWatchFile() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "hello.txt")
	err := loop.Run(func() {
		fs.WatchFile(name, fs.WatchFileOptions{Interval: 10 * time.Millisecond}, func(curr, prev *fs.Stats) {
			if curr.Size() == prev.Size() {
				return
			}
			fmt.Println("size", prev.Size(), "->", curr.Size())
			fs.UnwatchFile(name)
		})
		loop.Default().SetTimeout(func() {
			fs.AppendFile(name, []byte(", world"), func(err error) {
				if err != nil {
					fmt.Println(err)
				}
			})
		}, 30*time.Millisecond)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: size 5 -> 12
}

func ExampleUnwatchFile() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "hello.txt")
	err := loop.Run(func() {
		sw := fs.WatchFile(name, fs.WatchFileOptions{}, nil)
		fs.UnwatchFile(name) // the loop has nothing left to wait for
		fmt.Println(sw.Closing())
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: true
}
