package loop_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/errfirst/loop"
)

// pipeReader wraps a blocking reader, the read end of an os.Pipe, as a
// handle whose data arrives on the loop, the way a socket or a file stream
// is built: a Serial makes one read at a time in a goroutine of the handle,
// only while the reader flows (the pull model of uv_read_start), and the
// handle's teardown closes the file, which ends a read in progress.
type pipeReader struct {
	loop.Handle // Ref, Unref, HasRef, Close, Closing: all a user sees
	ctl         *loop.HandleControl
	reads       *loop.Serial[int, []byte]
	onData      func([]byte)
	onEnd       func(error)
	flowing     bool
}

func newPipeReader(l *loop.Loop, f *os.File, onData func([]byte), onEnd func(error)) *pipeReader {
	p := &pipeReader{onData: onData, onEnd: onEnd}
	p.ctl = l.OpenHandle(&p.Handle, "pipe", func(error) { f.Close() })
	p.reads = loop.NewSerial(p.ctl, "read", loop.FollowHandle,
		func(ctx context.Context, n int) ([]byte, error) {
			buf := make([]byte, n) // the listener may keep it: a fresh one per read
			k, err := f.Read(buf)
			return buf[:k], err
		}, p.delivered)
	return p
}

// Resume starts the data flowing; Pause stops further reads.
func (p *pipeReader) Resume() {
	p.flowing = true
	if !p.reads.Pending() {
		p.reads.Call(64 << 10)
	}
}

func (p *pipeReader) Pause() { p.flowing = false }

func (p *pipeReader) delivered(err error, b []byte) {
	if len(b) > 0 {
		p.onData(b)
	}
	switch {
	case errors.Is(err, loop.ErrCanceled): // closed by its user: no more data
	case err != nil:
		p.onEnd(err)
		p.Close(nil)
	case p.flowing && !p.Closing():
		p.reads.Call(64 << 10)
	}
}

// Reading a pipe through a handle: the data arrives on the loop goroutine,
// and EOF ends the stream.
func ExampleSerial() {
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	err = l.Run(func() {
		p := newPipeReader(l, r,
			func(b []byte) { fmt.Printf("data: %q\n", b) },
			func(err error) { fmt.Println("end:", err == io.EOF) })
		p.Resume()
		go func() { // a writer that knows nothing of the loop
			w.Write([]byte("hello"))
			w.Close()
		}()
	})
	fmt.Println("Run returned:", err)
	// Output:
	// data: "hello"
	// end: true
	// Run returned: <nil>
}

// An unreferenced reader does not keep Run from returning; closing it in
// the middle of a read ends its goroutine, and no data arrives after its
// close callback.
func ExampleHandleControl() {
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Close()
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	var p *pipeReader
	closed := false
	err = l.Run(func() {
		p = newPipeReader(l, r,
			func(b []byte) {
				if closed {
					fmt.Println("data after the close callback!")
				}
			},
			func(err error) { fmt.Println("end:", err) })
		p.Resume() // a read is now blocked in the handle's goroutine
		p.Unref()
	})
	fmt.Println("Run returned with the read pending:", err, l.Metrics().Ops)
	err = l.Run(func() {
		p.Close(func() {
			closed = true
			fmt.Println("closed")
		})
		l.SetTimeout(func() { w.Write([]byte("too late")) }, time.Millisecond)
	})
	fmt.Println("Run returned:", err)
	// Close waits for the handles' goroutines.
	fmt.Println("Close:", l.Close(), "goroutines left:", l.Metrics().Goroutines)
	// Output:
	// Run returned with the read pending: <nil> 1
	// closed
	// Run returned: <nil>
	// Close: <nil> goroutines left: 0
}
