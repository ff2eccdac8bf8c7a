package stream_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/internal/nodetest"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ordering tests hold the streams to Node, as the root package's do
// the loop. Each scenario is a script, testdata/order/NAME.js, with the
// exact output of `node NAME.js` beside it in NAME.out, and a Go twin
// below that does the same with this package and traces the same lines.
// TestStreamOrderMatchesNode runs the twins against the .out files;
// TestStreamOrderScriptsStillPrintTheirOutput reruns node, so anyone can
// see where the .out files come from. To add a scenario, write the
// script, generate its output with `node NAME.js > NAME.out` (never by
// hand), and add its twin to streamOrderScenarios.
//
// Every script logs "exit" from process.on('exit'); the harness logs it
// when Run returns. The scripts use ticks and immediates only, no timers,
// so their order does not rest on real time.

const streamOrderDir = "testdata/order"

// streamScenario is one script of testdata/order and its Go twin.
type streamScenario struct {
	name string // NAME of NAME.js and NAME.out, a sentence
	main func(s *streamScene)
}

// streamScene is what a twin works with: the loop and the trace.
type streamScene struct {
	l     *loop.Loop
	trace []string
}

// log appends a line, as the scripts' console.log: the words joined by
// spaces.
func (s *streamScene) log(words ...string) { s.trace = append(s.trace, strings.Join(words, " ")) }

// fn returns a listener that logs the words.
func (s *streamScene) fn(words ...string) func() { return func() { s.log(words...) } }

// code is how the scripts log an error's code: err.code, or "undefined".
func code(err error) string {
	if c := loop.Code(err); c != "" {
		return c
	}
	return "undefined"
}

// orNone is how the scripts log a callback's error argument: "null" or
// "undefined" for none (which of the two is Node's), or the message.
func orNone(err error, none string) string {
	if err == nil {
		return none
	}
	return err.Error()
}

var streamOrderScenarios = []streamScenario{
	{"a_flowing_readable_emits_resume_data_end_close", func(s *streamScene) {
		l := s.l
		n := 0
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			n++
			s.log("read", strconv.Itoa(n))
			if n <= 2 {
				r.Push([]byte("chunk" + strconv.Itoa(n)))
			} else {
				r.PushEnd()
			}
		}})
		r.OnResume(s.fn("resume"))
		r.OnData(func(b []byte) { s.log("data", string(b)) })
		r.OnEnd(s.fn("end"))
		r.OnClose(s.fn("close"))
		l.NextTick(s.fn("tick"))
		l.SetImmediate(s.fn("immediate"))
		s.log("main")
	}},
	{"a_paused_readable_signals_readable_and_is_read", func(s *streamScene) {
		l := s.l
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) { s.log("read") }})
		r.OnReadable(func() {
			s.log("readable")
			for {
				b, ok := r.Read(-1)
				if !ok {
					return
				}
				s.log("got", string(b))
			}
		})
		r.OnEnd(s.fn("end"))
		r.OnClose(s.fn("close"))
		l.NextTick(func() {
			s.log("push a, b")
			r.Push([]byte("a"))
			r.Push([]byte("b"))
		})
		l.SetImmediate(func() {
			s.log("push c and the end")
			r.Push([]byte("c"))
			r.PushEnd()
		})
		s.log("main")
	}},
	{"a_writable_emits_drain_then_finish_then_close", func(s *streamScene) {
		l := s.l
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 4, Write: func(chunk []byte, done func(error)) {
			s.log("write", string(chunk))
			l.SetImmediate(func() { done(nil) })
		}})
		w.OnDrain(func() {
			s.log("drain")
			w.End(func(error) { s.log("end callback") })
		})
		w.OnPrefinish(s.fn("prefinish"))
		w.OnFinish(s.fn("finish"))
		w.OnClose(s.fn("close"))
		for _, c := range []string{"ab", "cd", "ef"} {
			ok := w.Write([]byte(c), func(error) { s.log(c, "written") })
			s.log("write", c, "->", strconv.FormatBool(ok))
		}
	}},
	{"end_while_over_the_mark_emits_no_drain", func(s *streamScene) {
		l := s.l
		w := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 2, Write: func(chunk []byte, done func(error)) {
			s.log("write", string(chunk))
			l.NextTick(func() { done(nil) })
		}})
		w.OnDrain(s.fn("drain"))
		w.OnPrefinish(s.fn("prefinish"))
		w.OnFinish(s.fn("finish"))
		w.OnClose(s.fn("close"))
		s.log("write ->", strconv.FormatBool(w.Write([]byte("abc"), nil)))
		w.End(func(error) { s.log("end callback") })
		s.log("main")
	}},
	{"destroy_without_an_error_emits_only_close", func(s *streamScene) {
		l := s.l
		w := stream.NewWritable(l, stream.WritableOptions{
			Write: func(chunk []byte, done func(error)) { s.log("write", string(chunk)); done(nil) },
			Destroy: func(err error, cb func(error)) {
				s.log("destroy", orNone(err, "null"))
				cb(err)
			},
		})
		w.OnFinish(s.fn("finish"))
		w.OnError(func(err error) { s.log("error", err.Error()) })
		w.OnClose(s.fn("close"))
		w.Cork()
		w.Write([]byte("a"), func(err error) { s.log("a callback", code(err)) })
		w.Write([]byte("b"), func(err error) { s.log("b callback", code(err)) })
		w.Destroy(nil)
		s.log("destroyed", strconv.FormatBool(w.Destroyed()))
		l.NextTick(s.fn("tick"))
	}},
	{"destroy_with_an_error_emits_error_then_close", func(s *streamScene) {
		l := s.l
		r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		r.OnData(func(b []byte) {
			s.log("data", string(b))
			r.Destroy(errorString("kaboom"))
			r.Push([]byte("lost"))
			s.log("destroyed in data")
		})
		r.OnEnd(s.fn("end"))
		r.OnError(func(err error) { s.log("error", err.Error()) })
		r.OnClose(s.fn("close"))
		r.Push([]byte("a"))
		r.Push([]byte("b"))
		l.NextTick(s.fn("tick"))
		s.log("main")
	}},
	{"write_after_end_fails_the_write_and_the_stream", func(s *streamScene) {
		l := s.l
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
			s.log("write", string(chunk))
			done(nil)
		}})
		w.OnFinish(s.fn("finish"))
		w.OnError(func(err error) { s.log("error", code(err)) })
		w.OnClose(s.fn("close"))
		w.EndWith([]byte("last"), func(err error) { s.log("end callback", code(err)) })
		ok := w.Write([]byte("late"), func(err error) { s.log("late callback", code(err)) })
		s.log("write ->", strconv.FormatBool(ok))
		s.log("main")
	}},
	{"pipe_with_backpressure_pauses_and_resumes_the_source", func(s *streamScene) {
		l := s.l
		n := 0
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			n++
			if n <= 3 {
				r.Push([]byte("xxx"))
			} else {
				r.PushEnd()
			}
		}})
		dst := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 4, Write: func(chunk []byte, done func(error)) {
			s.log("write", strconv.Itoa(len(chunk)))
			l.SetImmediate(func() { done(nil) })
		}})
		src.OnPause(s.fn("pause"))
		src.OnResume(s.fn("resume"))
		src.OnEnd(s.fn("src end"))
		dst.OnPipe(func(stream.Stream) { s.log("pipe") })
		dst.OnUnpipe(func(stream.Stream) { s.log("unpipe") })
		dst.OnDrain(s.fn("drain"))
		dst.OnFinish(s.fn("dst finish"))
		dst.OnClose(s.fn("dst close"))
		src.Pipe(dst)
	}},
	{"pipeline_success_calls_back_after_finish", func(s *streamScene) {
		l := s.l
		data := []string{"a", "b"}
		src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			if len(data) == 0 {
				r.PushEnd()
				return
			}
			r.Push([]byte(data[0]))
			data = data[1:]
		}})
		upper := stream.NewTransform(l, stream.TransformOptions{Transform: func(chunk []byte, push func([]byte), done func(error)) {
			push(bytes.ToUpper(chunk))
			done(nil)
		}})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
			s.log("write", string(chunk))
			done(nil)
		}})
		src.OnEnd(s.fn("src end"))
		src.OnClose(s.fn("src close"))
		upper.OnFinish(s.fn("upper finish"))
		upper.OnEnd(s.fn("upper end"))
		upper.OnClose(s.fn("upper close"))
		dst.OnFinish(s.fn("dst finish"))
		dst.OnClose(s.fn("dst close"))
		stream.Pipeline(func(err error) { s.log("callback", orNone(err, "undefined")) }, src, upper, dst)
	}},
	{"pipeline_failure_destroys_every_stream", func(s *streamScene) {
		l := s.l
		src := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		bad := stream.NewTransform(l, stream.TransformOptions{Transform: func(chunk []byte, _ func([]byte), done func(error)) {
			s.log("transform", string(chunk))
			done(errorString("kaboom"))
		}})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		for _, e := range []struct {
			name string
			s    destroyable
		}{{"src", src}, {"bad", bad}, {"dst", dst}} {
			e.s.On("error", func(args ...any) { s.log(e.name, "error", args[0].(error).Error()) })
			e.s.On("close", func(...any) { s.log(e.name, "close") })
		}
		stream.Pipeline(func(err error) { s.log("callback", err.Error()) }, src, bad, dst)
		src.Push([]byte("hello"))
		s.log("main")
	}},
	{"a_transform_flushes_before_its_end", func(s *streamScene) {
		l := s.l
		tr := stream.NewTransform(l, stream.TransformOptions{
			Transform: func(chunk []byte, push func([]byte), done func(error)) {
				s.log("transform", string(chunk))
				push([]byte(string(chunk) + "!"))
				done(nil)
			},
			Flush: func(push func([]byte), done func(error)) {
				s.log("flush")
				l.NextTick(func() { push([]byte("tail")); done(nil) })
			},
		})
		tr.OnData(func(b []byte) { s.log("data", string(b)) })
		tr.OnPrefinish(s.fn("prefinish"))
		tr.OnFinish(s.fn("finish"))
		tr.OnEnd(s.fn("end"))
		tr.OnClose(s.fn("close"))
		tr.Write([]byte("a"), nil)
		tr.EndWith([]byte("b"), func(error) { s.log("end callback") })
		s.log("main")
	}},
	{"a_half_open_duplex_keeps_its_writable_side", func(s *streamScene) {
		l := s.l
		var d *stream.Duplex
		d = stream.NewDuplex(l, stream.DuplexOptions{
			Read:  func(*stream.Duplex, int) {},
			Write: func(chunk []byte, done func(error)) { s.log("write", string(chunk)); done(nil) },
		})
		d.OnData(func(b []byte) { s.log("data", string(b)) })
		d.OnEnd(func() {
			s.log("end, writable", strconv.FormatBool(d.IsWritable()))
			d.Write([]byte("after end"), nil)
			l.SetImmediate(func() { d.End(nil) })
		})
		d.OnFinish(s.fn("finish"))
		d.OnClose(s.fn("close"))
		d.Push([]byte("in"))
		d.PushEnd()
	}},
	{"a_duplex_without_half_open_ends_its_writable_side", func(s *streamScene) {
		l := s.l
		var d *stream.Duplex
		d = stream.NewDuplex(l, stream.DuplexOptions{
			DisallowHalfOpen: true,
			Read:             func(*stream.Duplex, int) {},
			Write:            func(chunk []byte, done func(error)) { s.log("write", string(chunk)); done(nil) },
		})
		d.OnData(func(b []byte) { s.log("data", string(b)) })
		d.OnEnd(func() {
			s.log("end, writable", strconv.FormatBool(d.IsWritable()))
			l.NextTick(func() { s.log("tick after end, writable", strconv.FormatBool(d.IsWritable())) })
		})
		d.OnPrefinish(s.fn("prefinish"))
		d.OnFinish(s.fn("finish"))
		d.OnClose(s.fn("close"))
		d.Write([]byte("out"), nil)
		d.Push([]byte("in"))
		d.PushEnd()
	}},
	{"finished_reports_a_premature_close", func(s *streamScene) {
		l := s.l
		early := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		early.OnClose(s.fn("early close"))
		stream.Finished(early, func(err error) { s.log("early finished", code(err)) })
		early.Push([]byte("a"))
		early.Destroy(nil)

		whole := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		whole.OnEnd(s.fn("whole end"))
		whole.OnClose(s.fn("whole close"))
		stream.Finished(whole, func(err error) { s.log("whole finished", orNone(err, "undefined")) })
		whole.Push([]byte("a"))
		whole.PushEnd()
		whole.Resume()
		s.log("main")
	}},
	{"corked_writes_reach_writev_together", func(s *streamScene) {
		l := s.l
		w := stream.NewWritable(l, stream.WritableOptions{
			Write: func(chunk []byte, done func(error)) { s.log("write", string(chunk)); done(nil) },
			Writev: func(cs [][]byte, done func(error)) {
				var names []string
				for _, c := range cs {
					names = append(names, string(c))
				}
				s.log("writev", strings.Join(names, ","))
				done(nil)
			},
		})
		w.OnFinish(s.fn("finish"))
		w.OnClose(s.fn("close"))
		w.Write([]byte("first"), func(error) { s.log("first written") })
		w.Cork()
		for _, c := range []string{"a", "b", "c"} {
			w.Write([]byte(c), func(error) { s.log(c, "written") })
		}
		l.NextTick(func() {
			s.log("uncork")
			w.Uncork()
			w.End(func(error) { s.log("end callback") })
		})
		s.log("main")
	}},
	{"writes_completed_at_once_interleave_with_ticks", func(s *streamScene) {
		l := s.l
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
		w.Write([]byte("a"), nil)
		l.NextTick(s.fn("tick A"))
		w.Write([]byte("b"), func(error) { s.log("b written") })
		l.NextTick(s.fn("tick B"))
		w.Write([]byte("c"), nil)
		w.End(func(error) { s.log("end callback") })
		w.OnFinish(s.fn("finish"))
		w.OnClose(s.fn("close"))
		l.NextTick(s.fn("tick C"))
	}},
	{"unpipe_stops_the_flow_into_one_destination", func(s *streamScene) {
		l := s.l
		src := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		mk := func(name string, onWrite func()) *stream.Writable {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
				s.log(name, "write", string(chunk))
				onWrite()
				done(nil)
			}})
			w.OnUnpipe(func(stream.Stream) { s.log(name, "unpipe") })
			w.OnFinish(s.fn(name, "finish"))
			return w
		}
		var one *stream.Writable
		one = mk("one", func() { src.Unpipe(one) })
		two := mk("two", func() {})
		src.OnPause(s.fn("pause"))
		src.OnEnd(s.fn("src end"))
		src.Pipe(one)
		src.Pipe(two)
		src.Push([]byte("a"))
		l.SetImmediate(func() {
			src.Push([]byte("b"))
			src.Unpipe(two)
			src.PushEnd()
			src.Resume()
		})
	}},
}

// errorString is an error whose message is the string, as the scripts'
// new Error(message).
type errorString string

func (e errorString) Error() string { return string(e) }

// runStreamTwin runs a twin on a fresh loop and returns its trace, ending
// with "exit" when Run returned.
func runStreamTwin(t *testing.T, sc streamScenario) []string {
	t.Helper()
	l, err := loop.New()
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, l.Close()) })
	s := &streamScene{l: l}
	watchdog := time.AfterFunc(10*time.Second, func() {
		_ = l.Post(func() {
			s.log("watchdog: Run did not return within 10s")
			l.Stop()
		})
	})
	defer watchdog.Stop()
	require.NoError(t, l.Run(func() { sc.main(s) }))
	s.log("exit")
	return s.trace
}

// readStreamOut returns the lines node printed for scenario name.
func readStreamOut(t *testing.T, name string) []string {
	return nodetest.Lines(t, streamOrderDir, name)
}

// TestStreamOrderMatchesNode runs each scenario's twin and requires its
// trace to be what node printed for the script.
func TestStreamOrderMatchesNode(t *testing.T) {
	for _, sc := range streamOrderScenarios {
		t.Run(sc.name, func(t *testing.T) {
			assert.Equal(t, readStreamOut(t, sc.name), runStreamTwin(t, sc))
		})
	}
}

// TestStreamOrderEveryScriptHasATwin keeps testdata/order and
// streamOrderScenarios in step.
func TestStreamOrderEveryScriptHasATwin(t *testing.T) {
	var twins []string
	for _, sc := range streamOrderScenarios {
		twins = append(twins, sc.name)
	}
	nodetest.CheckTwins(t, streamOrderDir, twins)
}

// TestStreamOrderScriptsStillPrintTheirOutput reruns node on every script
// and checks that it still prints the .out beside it.
func TestStreamOrderScriptsStillPrintTheirOutput(t *testing.T) {
	nodetest.RerunAll(t, streamOrderDir)
}
