package stream_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
)

// example is what each example does around its body: a loop, run, closed.
func example(main func(l *loop.Loop)) {
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := l.Run(func() { main(l) }); err != nil {
		fmt.Println("Run:", err)
	}
	if err := l.Close(); err != nil {
		fmt.Println("Close:", err)
	}
}

func ExampleNewReadable() {
	example(func(l *loop.Loop) {
		words := []string{"one", "two", "three"}
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, n int) {
			if len(words) == 0 {
				r.PushEnd()
				return
			}
			r.Push([]byte(words[0]))
			words = words[1:]
		}})
		r.OnData(func(b []byte) { fmt.Printf("data %q\n", b) })
		r.OnEnd(func() { fmt.Println("end") })
		r.OnClose(func() { fmt.Println("close") })
	})
	// Output:
	// data "one"
	// data "two"
	// data "three"
	// end
	// close
}

// In paused mode a 'readable' listener reads what it wants.
func ExampleReadableOf_Read() {
	example(func(l *loop.Loop) {
		r := stream.FromReader(l, strings.NewReader("hello, world"), stream.ReadableOptions{})
		r.OnReadable(func() {
			for {
				b, ok := r.Read(5)
				if !ok {
					return
				}
				fmt.Printf("%q\n", b)
			}
		})
		r.OnEnd(func() { fmt.Println("end") })
	})
	// Output:
	// "hello"
	// ", wor"
	// "ld"
	// end
}

func ExampleReadableOf_Push() {
	example(func(l *loop.Loop) {
		r := stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: 4, Read: func(*stream.Readable, int) {}})
		fmt.Println(r.Push([]byte("ab")), r.ReadableLength())   // below the mark
		fmt.Println(r.Push([]byte("cdef")), r.ReadableLength()) // over it: stop pushing
		r.PushEnd()
		r.OnData(func(b []byte) { fmt.Printf("%q\n", b) })
	})
	// Output:
	// true 2
	// false 6
	// "ab"
	// "cdef"
}

func ExampleReadableOf_Unshift() {
	example(func(l *loop.Loop) {
		r := stream.FromReader(l, strings.NewReader("HEADER|body"), stream.ReadableOptions{})
		r.OnReadable(func() {
			b, ok := r.Read(-1)
			if !ok {
				return
			}
			head, rest, _ := bytes.Cut(b, []byte("|"))
			fmt.Printf("header %q\n", head)
			r.Unshift(rest) // put back what is not the header
			r.Off("readable", r.RawListeners("readable")[0])
			r.OnData(func(b []byte) { fmt.Printf("body %q\n", b) })
		})
	})
	// Output:
	// header "HEADER"
	// body "body"
}

func ExampleReadableOf_Pause() {
	example(func(l *loop.Loop) {
		r := stream.FromSlice(l, []int{1, 2, 3})
		r.OnData(func(n int) {
			fmt.Println("data", n)
			if n == 1 {
				r.Pause()
				fmt.Println("paused:", r.IsPaused())
				l.SetImmediate(r.Resume)
			}
		})
		r.OnPause(func() { fmt.Println("pause") })
		r.OnResume(func() { fmt.Println("resume") })
	})
	// Output:
	// resume
	// data 1
	// pause
	// paused: true
	// resume
	// data 2
	// data 3
}

// SetEncoding never splits a character across chunks.
func ExampleReadableOf_SetEncoding() {
	example(func(l *loop.Loop) {
		euro := []byte("€") // three bytes
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		r.SetEncoding("utf8")
		r.OnData(func(b []byte) { fmt.Printf("%q\n", b) })
		r.Push(euro[:1]) // half a character: held back
		r.Push(euro[1:])
		r.Push([]byte("!"))
		r.PushEnd()
	})
	// Output:
	// "€"
	// "!"
}

func ExampleNewWritable() {
	example(func(l *loop.Loop) {
		var got bytes.Buffer
		w := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 4, Write: func(b []byte, done func(error)) {
			got.Write(b)
			l.SetImmediate(func() { done(nil) }) // a write that takes a while
		}})
		fmt.Println("write:", w.Write([]byte("abcdef"), nil)) // over the mark
		w.OnDrain(func() {
			fmt.Println("drain")
			w.EndWith([]byte("!"), func(err error) { fmt.Println("end:", err, got.String()) })
		})
		w.OnFinish(func() { fmt.Println("finish") })
		w.OnClose(func() { fmt.Println("close") })
	})
	// Output:
	// write: false
	// drain
	// end: <nil> abcdef!
	// finish
	// close
}

// Corked writes reach the implementation together, through Writev.
func ExampleWritableOf_Cork() {
	example(func(l *loop.Loop) {
		w := stream.NewWritable(l, stream.WritableOptions{
			Write: func(b []byte, done func(error)) { fmt.Printf("write %q\n", b); done(nil) },
			Writev: func(bs [][]byte, done func(error)) {
				fmt.Printf("writev of %d chunks\n", len(bs))
				done(nil)
			},
		})
		w.Cork()
		w.Write([]byte("a"), nil)
		w.Write([]byte("b"), nil)
		w.Write([]byte("c"), nil)
		w.Uncork()
		w.End(nil)
	})
	// Output:
	// writev of 3 chunks
}

func ExampleWritableOf_End() {
	example(func(l *loop.Loop) {
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		w.OnError(func(err error) { fmt.Println("error:", loop.Code(err)) })
		w.End(func(err error) { fmt.Println("end:", err) })
		w.Write([]byte("late"), func(err error) { fmt.Println("write:", errors.Is(err, stream.ErrWriteAfterEnd)) })
	})
	// Output:
	// write: true
	// end: write after end
	// error: ERR_STREAM_WRITE_AFTER_END
}

func ExampleNewDuplex() {
	example(func(l *loop.Loop) {
		// An echo: what is written comes out of the readable side.
		var d *stream.Duplex
		d = stream.NewDuplex(l, stream.DuplexOptions{
			Read:  func(*stream.Duplex, int) {},
			Write: func(b []byte, done func(error)) { d.Push(bytes.ToUpper(b)); done(nil) },
			Final: func(done func(error)) { d.PushEnd(); done(nil) },
		})
		d.OnData(func(b []byte) { fmt.Printf("echo %q\n", b) })
		d.OnEnd(func() { fmt.Println("end") })
		d.Write([]byte("ping"), nil)
		d.End(nil)
	})
	// Output:
	// echo "PING"
	// end
}

func ExampleNewTransform() {
	example(func(l *loop.Loop) {
		// Lines in, line lengths out: a transform from bytes to objects.
		var rest []byte
		t := stream.NewTransform(l, stream.TransformOptionsOf[[]byte, int]{
			Transform: func(b []byte, push func(int), done func(error)) {
				rest = append(rest, b...)
				for {
					line, after, ok := bytes.Cut(rest, []byte("\n"))
					if !ok {
						break
					}
					push(len(line))
					rest = after
				}
				done(nil)
			},
			Flush: func(push func(int), done func(error)) {
				if len(rest) > 0 {
					push(len(rest))
				}
				done(nil)
			},
		})
		t.OnData(func(n int) { fmt.Println("line of", n) })
		t.Write([]byte("ab\nc"), nil)
		t.EndWith([]byte("def"), nil)
	})
	// Output:
	// line of 2
	// line of 4
}

func ExampleNewPassThrough() {
	example(func(l *loop.Loop) {
		p := stream.NewPassThrough(l, stream.TransformOptions{})
		p.OnData(func(b []byte) { fmt.Printf("%q\n", b) })
		p.EndWith([]byte("unchanged"), nil)
	})
	// Output:
	// "unchanged"
}

func ExamplePipeline() {
	example(func(l *loop.Loop) {
		src := stream.FromReader(l, strings.NewReader("streams all the way down"), stream.ReadableOptions{})
		upper := stream.NewTransform(l, stream.TransformOptions{Transform: func(b []byte, push func([]byte), done func(error)) {
			push(bytes.ToUpper(b))
			done(nil)
		}})
		var out bytes.Buffer
		dst := stream.FromWriter(l, &out, stream.WritableOptions{})
		stream.Pipeline(func(err error) { fmt.Println(err, out.String()) }, src, upper, dst)
	})
	// Output:
	// <nil> STREAMS ALL THE WAY DOWN
}

// The first error destroys every stream of the pipeline.
func ExamplePipeline_error() {
	example(func(l *loop.Loop) {
		src := stream.FromSlice(l, [][]byte{[]byte("a"), []byte("b")})
		bad := stream.NewTransform(l, stream.TransformOptions{Transform: func(b []byte, push func([]byte), done func(error)) {
			done(errors.New("bad input"))
		}})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		stream.Pipeline(func(err error) {
			fmt.Println("pipeline:", err)
			fmt.Println("destroyed:", src.Destroyed(), bad.Destroyed(), dst.Destroyed())
		}, src, bad, dst)
	})
	// Output:
	// pipeline: bad input
	// destroyed: true true true
}

func ExamplePipelineContext() {
	example(func(l *loop.Loop) {
		ctx, cancel := context.WithCancel(context.Background())
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}}) // never ends
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		stream.PipelineContext(ctx, func(err error) { fmt.Println(loop.Code(err)) }, src, dst)
		l.SetImmediate(cancel)
	})
	// Output:
	// ABORT_ERR
}

func ExampleFinished() {
	example(func(l *loop.Loop) {
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		stream.Finished(r, func(err error) { fmt.Println(err, errors.Is(err, stream.ErrPrematureClose)) })
		r.Destroy(nil) // before its end
	})
	// Output:
	// Premature close true
}

func ExampleReadableOf_Pipe() {
	example(func(l *loop.Loop) {
		src := stream.FromSlice(l, [][]byte{[]byte("to "), []byte("both")})
		var a, b bytes.Buffer
		wa := stream.FromWriter(l, &a, stream.WritableOptions{})
		wb := stream.FromWriter(l, &b, stream.WritableOptions{})
		src.Pipe(wa)
		src.Pipe(wb)
		// Each destination is ended at the source's end, and finishes once
		// its writes are done.
		stream.Finished(wa, func(error) {
			stream.Finished(wb, func(error) { fmt.Println(a.String(), "|", b.String()) })
		})
	})
	// Output:
	// to both | to both
}

func ExampleReadableOf_Unpipe() {
	example(func(l *loop.Loop) {
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {}})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		dst.OnPipe(func(s stream.Stream) { fmt.Println("pipe from the source:", s == stream.Stream(src)) })
		dst.OnUnpipe(func(stream.Stream) { fmt.Println("unpipe") })
		src.Pipe(dst)
		src.Unpipe(dst)
		src.Destroy(nil)
		dst.Destroy(nil)
	})
	// Output:
	// pipe from the source: true
	// unpipe
}

func ExampleFromSlice() {
	example(func(l *loop.Loop) {
		stream.FromSlice(l, []string{"x", "y"}).OnData(func(s string) { fmt.Println(s) })
	})
	// Output:
	// x
	// y
}

func ExampleFrom() {
	example(func(l *loop.Loop) {
		squares := func(yield func(int) bool) {
			for i := 1; i <= 3; i++ {
				if !yield(i * i) {
					return
				}
			}
		}
		stream.From(l, squares).OnData(func(n int) { fmt.Println(n) })
	})
	// Output:
	// 1
	// 4
	// 9
}

func ExampleFromReader() {
	f, err := os.Open("doc.go")
	if err != nil {
		fmt.Println(err)
		return
	}
	example(func(l *loop.Loop) {
		n := 0
		r := stream.FromReader(l, f, stream.ReadableOptions{}) // closed when the stream ends
		r.OnData(func(b []byte) { n += len(b) })
		r.OnEnd(func() { fmt.Println("read doc.go whole:", n > 1000) })
	})
	// Output:
	// read doc.go whole: true
}

func ExampleFromWriter() {
	example(func(l *loop.Loop) {
		var out bytes.Buffer
		w := stream.FromWriter(l, &out, stream.WritableOptions{})
		w.Write([]byte("written "), nil)
		w.EndWith([]byte("off the loop"), func(err error) { fmt.Println(out.String(), err) })
	})
	// Output:
	// written off the loop <nil>
}

// A goroutine reads a stream as an io.Reader.
func ExampleNewReader() {
	example(func(l *loop.Loop) {
		r := stream.NewReader(stream.FromSlice(l, [][]byte{[]byte("plain "), []byte("Go")}))
		done := l.NewAsync()
		go func() {
			b, err := io.ReadAll(r)
			done.Post(func() {
				fmt.Printf("%q %v\n", b, err)
				done.Close(nil)
			})
		}()
	})
	// Output:
	// "plain Go" <nil>
}

// A goroutine writes a stream as an io.Writer.
func ExampleNewWriter() {
	example(func(l *loop.Loop) {
		var got bytes.Buffer
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(b []byte, done func(error)) {
			got.Write(b)
			done(nil)
		}})
		dst.OnFinish(func() { fmt.Println(got.String()) })
		w := stream.NewWriter(dst)
		go func() {
			fmt.Fprintf(w, "from a goroutine, %d", 42)
			w.Close()
		}()
	})
	// Output:
	// from a goroutine, 42
}
