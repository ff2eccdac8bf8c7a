package stream_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// From test-stream-writable-write-cb-twice.js: an implementation that
// calls a write's done twice, at once or later, makes the stream fail with
// ERR_MULTIPLE_CALLBACK.
func TestWriteDoneCalledTwiceIsAnError(t *testing.T) {
	cases := []struct {
		name  string
		write func(l *loop.Loop, done func(error))
	}{
		{"at once and at once", func(_ *loop.Loop, done func(error)) { done(nil); done(nil) }},
		{"at once and later", func(l *loop.Loop, done func(error)) { done(nil); l.NextTick(func() { done(nil) }) }},
		{"later and later", func(l *loop.Loop, done func(error)) {
			l.NextTick(func() { done(nil) })
			l.NextTick(func() { done(nil) })
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			var errs []error
			writes := 0
			run(t, l, func() {
				w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
					writes++
					tc.write(l, done)
				}})
				w.Write([]byte("hi"), nil)
				w.OnError(func(err error) { errs = append(errs, err) })
			})
			assert.Equal(t, 1, writes)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], stream.ErrMultipleCallback)
			assert.Equal(t, "ERR_MULTIPLE_CALLBACK", loop.Code(errs[0]))
		})
	}
}

// From test-stream-writable-ended-state.js and
// test-stream-writable-finished-state.js and test-stream-writable-finished.js:
// WritableEnded turns true as End is called, IsWritable false;
// WritableFinished turns true with 'finish', before End's callback runs,
// and 'finish' is emitted on a later tick than End.
func TestEndedAndFinishedStates(t *testing.T) {
	l := newLoop(t)
	finishes, endCbs := 0, 0
	run(t, l, func() {
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
			assert.False(t, w.WritableEnded())
			assert.False(t, w.WritableFinished())
			done(nil)
		}})
		assert.True(t, w.IsWritable())
		assert.False(t, w.WritableEnded())
		w.OnFinish(func() {
			finishes++
			assert.True(t, w.WritableFinished())
		})
		w.EndWith([]byte("testing ended state"), func(err error) {
			endCbs++
			assert.NoError(t, err)
			assert.True(t, w.WritableEnded())
			assert.True(t, w.WritableFinished())
			assert.False(t, w.IsWritable())
		})
		assert.True(t, w.WritableEnded())
		assert.False(t, w.IsWritable())
		assert.False(t, w.WritableFinished())
		assert.Zero(t, finishes, "'finish' comes on a later tick")
	})
	assert.Equal(t, 1, finishes)
	assert.Equal(t, 1, endCbs)
}

// From test-stream-writable-needdrain-state.js: a write over the mark sets
// WritableNeedDrain unless it completed inside Write; its callback sees it
// cleared. An unbuffered stream whose write completes at once needs no
// drain either, as node 20 says.
func TestNeedDrainFollowsTheBufferedLength(t *testing.T) {
	cases := []struct {
		name      string
		hwm       int
		later     bool // the write completes on a later tick
		wantOK    bool
		wantDrain bool
	}{
		{"over the mark, written at once", 1, false, true, false},
		{"over the mark, written later", 1, true, false, true},
		{"unbuffered, written at once", stream.Unbuffered, false, true, false},
		{"unbuffered, written later", stream.Unbuffered, true, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			drains := 0
			run(t, l, func() {
				var w *stream.Writable
				w = stream.NewWritable(l, stream.WritableOptions{HighWaterMark: tc.hwm, Write: func(_ []byte, done func(error)) {
					if tc.later {
						l.NextTick(func() { done(nil) })
					} else {
						done(nil)
					}
				}})
				w.OnDrain(func() { drains++ })
				assert.False(t, w.WritableNeedDrain())
				ok := w.Write([]byte("asdasd"), func(err error) {
					assert.NoError(t, err)
					assert.False(t, w.WritableNeedDrain(), "cleared by the time the callback runs")
				})
				assert.Equal(t, tc.wantOK, ok)
				assert.Equal(t, tc.wantDrain, w.WritableNeedDrain())
			})
			if tc.wantDrain {
				assert.Equal(t, 1, drains)
			} else {
				assert.Zero(t, drains)
			}
		})
	}
}

// From test-stream-writable-write-writev-finish.js: a failed write or
// writev, at once or later, or a write made in 'prefinish' or 'finish',
// fails the stream: 'error' with that error, and no 'prefinish' or
// 'finish' for the failed writes.
func TestFailedWritesNeverFinish(t *testing.T) {
	writeErr, writevErr := errors.New("write test error"), errors.New("writev test error")
	complete := func(l *loop.Loop, later bool, done func(error), err error) {
		if later {
			l.SetImmediate(func() { done(err) })
		} else {
			done(err)
		}
	}
	for _, later := range []bool{false, true} {
		when := "at once"
		if later {
			when = "later"
		}
		t.Run("a write that fails "+when, func(t *testing.T) {
			l := newLoop(t)
			var log recorder
			run(t, l, func() {
				w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
					complete(l, later, done, writeErr)
				}})
				w.OnFinish(log.fn("finish"))
				w.OnPrefinish(log.fn("prefinish"))
				w.OnError(func(err error) { log.add("error " + err.Error()) })
				w.EndWith([]byte("test"), nil)
			})
			assert.Equal(t, []string{"error write test error"}, log.lines)
		})
		t.Run("a writev of corked writes that fails "+when, func(t *testing.T) {
			l := newLoop(t)
			var log recorder
			run(t, l, func() {
				w := stream.NewWritable(l, stream.WritableOptions{
					Write:  func(_ []byte, done func(error)) { complete(l, later, done, writeErr) },
					Writev: func(_ [][]byte, done func(error)) { complete(l, later, done, writevErr) },
				})
				w.OnFinish(log.fn("finish"))
				w.OnPrefinish(log.fn("prefinish"))
				w.OnError(func(err error) { log.add("error " + err.Error()) })
				w.Cork()
				w.Write([]byte("test"), nil)
				l.SetImmediate(func() { w.EndWith([]byte("test"), nil) })
			})
			assert.Equal(t, []string{"error writev test error"}, log.lines)
		})
		t.Run("a piped destination whose write fails "+when, func(t *testing.T) {
			l := newLoop(t)
			var log recorder
			run(t, l, func() {
				rs := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
				rs.Push([]byte("ok"))
				rs.PushEnd()
				ws := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
					complete(l, later, done, errors.New("fail"))
				}})
				ws.OnFinish(log.fn("finish"))
				ws.OnError(func(error) { log.add("error") })
				rs.Pipe(ws)
			})
			assert.Equal(t, []string{"error"}, log.lines)
		})
	}
	for _, event := range []string{"prefinish", "finish"} {
		t.Run("a write in '"+event+"'", func(t *testing.T) {
			l := newLoop(t)
			var errs []error
			run(t, l, func() {
				w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
					l.NextTick(func() { done(nil) })
				}})
				w.OnError(func(err error) { errs = append(errs, err) })
				w.On(event, func(...any) { w.Write([]byte("should not write in "+event), nil) })
				w.End(nil)
			})
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], stream.ErrWriteAfterEnd)
		})
	}
}

// From test-stream-writev.js: corked writes, with nested corks, reach
// Writev together (Write is never called), each callback runs once in the
// order written, then End's, then 'finish'.
func TestCorkedWritesReachWritevInOrder(t *testing.T) {
	for _, uncork := range []bool{false, true} {
		for _, multi := range []bool{false, true} {
			name := "ended while corked"
			if uncork {
				name = "uncorked before End"
			}
			if multi {
				name += ", with a nested cork"
			}
			t.Run(name, func(t *testing.T) {
				l := newLoop(t)
				var order []string
				var batches [][]string
				run(t, l, func() {
					w := stream.NewWritable(l, stream.WritableOptions{
						Write: func([]byte, func(error)) { t.Error("Write called") },
						Writev: func(chunks [][]byte, done func(error)) {
							var batch []string
							for _, c := range chunks {
								batch = append(batch, string(c))
							}
							batches = append(batches, batch)
							done(nil)
						},
					})
					cb := func(name string) func(error) {
						return func(err error) { assert.NoError(t, err); order = append(order, name) }
					}
					w.Cork()
					w.Write([]byte("hello, "), cb("hello"))
					w.Write([]byte("world"), cb("world"))
					if multi {
						w.Cork()
					}
					w.Write([]byte("!"), cb("!"))
					w.Write([]byte("\nand then..."), cb("and then"))
					if multi {
						w.Uncork()
					}
					w.Write([]byte{0xfa, 0xce, 0xbe, 0xa7}, cb("hex"))
					if uncork {
						w.Uncork()
					}
					w.End(cb("end"))
					w.OnFinish(func() { order = append(order, "finish") })
				})
				assert.Equal(t, []string{"hello", "world", "!", "and then", "hex", "end", "finish"}, order)
				assert.Equal(t, [][]string{{"hello, ", "world", "!", "\nand then...", "\xfa\xce\xbe\xa7"}}, batches)
			})
		}
	}
	t.Run("a write after the uncork waits for the batch and goes alone", func(t *testing.T) {
		l := newLoop(t)
		var order []string
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Writev: func(chunks [][]byte, done func(error)) {
				var batch []string
				for _, c := range chunks {
					batch = append(batch, string(c))
				}
				order = append(order, "writev "+strings.Join(batch, "|"))
				done(nil)
			}})
			cb := func(name string) func(error) { return func(error) { order = append(order, name) } }
			w.Cork()
			w.Write([]byte("hello, "), cb("hello"))
			w.Write([]byte("world"), cb("world"))
			w.Write([]byte("!"), cb("!"))
			w.Uncork()
			w.Write([]byte("x"), cb("x"))
			w.End(cb("end"))
			w.OnFinish(func() { order = append(order, "finish") })
		})
		assert.Equal(t, []string{"writev hello, |world|!", "writev x", "hello", "world", "!", "x", "end", "finish"}, order,
			"what node 20 does")
	})
}

// From test-stream3-cork-end.js: writes made while corked, over several
// immediates, reach the implementation only at End, all of them inside
// End, and 'finish' follows on a later tick.
func TestEndFlushesCorkedWrites(t *testing.T) {
	l := newLoop(t)
	var seen []string
	seenEnd := false
	run(t, l, func() {
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
			assert.False(t, seenEnd, "'finish' before the last write")
			seen = append(seen, string(chunk))
			done(nil)
		}})
		w.OnFinish(func() { seenEnd = true })
		w.Write([]byte("stuff"), nil)
		require.Equal(t, []string{"stuff"}, seen, "the first write is immediate")
		seen = nil
		w.Cork()
		inputs := []string{"please", "buffer", "me", "kindly"}
		var writeChunks func()
		writeChunks = func() {
			if len(inputs) == 0 {
				assert.Empty(t, seen)
				w.End(nil)
				assert.False(t, seenEnd)
				assert.Equal(t, []string{"please", "buffer", "me", "kindly"}, seen)
				l.SetImmediate(func() { assert.True(t, seenEnd) })
				return
			}
			next := inputs[0]
			inputs = inputs[1:]
			l.SetImmediate(func() {
				assert.True(t, w.Write([]byte(next), nil))
				writeChunks()
			})
		}
		writeChunks()
	})
	assert.True(t, seenEnd)
}

// From test-stream-writable-end-cb-error.js: End's callbacks get the
// stream's error when a write fails (node 20 passes the write's error;
// later versions ERR_STREAM_DESTROYED); an 'error' emitted after 'finish'
// does not call End's callback again; End with a chunk after End fails with
// ERR_STREAM_WRITE_AFTER_END, which every pending End callback receives.
func TestEndCallbacksOnFailure(t *testing.T) {
	t.Run("a write fails later", func(t *testing.T) {
		l := newLoop(t)
		kaboom := errors.New("kaboom")
		var log recorder
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
				l.NextTick(func() { done(kaboom) })
			}})
			w.OnError(func(err error) { log.add("error " + err.Error()) })
			w.Write([]byte("asd"), nil)
			w.End(func(err error) { log.add("end1 " + err.Error()) })
			w.End(func(err error) { log.add("end2 " + err.Error()) })
		})
		assert.Equal(t, []string{"end1 kaboom", "end2 kaboom", "error kaboom"}, log.lines)
	})
	t.Run("an error emitted after 'finish'", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
				l.NextTick(func() { done(nil) })
			}})
			w.EndWith([]byte("asd"), func(err error) { log.add("end " + errString(err)) })
			w.OnError(func(err error) { log.add("error " + err.Error()) })
			w.OnFinish(func() {
				log.add("finish")
				w.Emit("error", errors.New("kaboom"))
			})
		})
		assert.Equal(t, []string{"end <nil>", "finish", "error kaboom"}, log.lines)
	})
	t.Run("End with a chunk after End", func(t *testing.T) {
		l := newLoop(t)
		var log recorder
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
				l.SetImmediate(func() { done(nil) })
			}})
			code := func(name string) func(error) { return func(err error) { log.add(name + " " + loop.Code(err)) } }
			w.EndWith([]byte("testing ended state"), code("end1"))
			assert.False(t, w.Destroyed())
			assert.True(t, w.WritableEnded())
			w.End(code("end2"))
			assert.False(t, w.Destroyed())
			w.EndWith([]byte("end"), code("end3"))
			assert.True(t, w.Destroyed())
			w.OnError(func(err error) { log.add("error " + loop.Code(err)) })
			w.OnFinish(log.fn("finish"))
		})
		// Node 20 calls end1 and end2 back once the write in flight
		// completes, after end3; the port at once (see the package doc).
		assert.Equal(t, []string{
			"end1 ERR_STREAM_WRITE_AFTER_END", "end2 ERR_STREAM_WRITE_AFTER_END",
			"error ERR_STREAM_WRITE_AFTER_END", "end3 ERR_STREAM_WRITE_AFTER_END",
		}, log.lines)
	})
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// From test-stream-write-final.js and test-stream-writable-final-async.js:
// Final runs after the writes completed (an empty chunk given to EndWith is
// written too, as in Node), and 'finish' (and End's callback) waits for it,
// even when it calls back on a timer.
func TestFinalRunsBeforeFinish(t *testing.T) {
	l := newTimedLoop(t)
	var log recorder
	run(t, l, func() {
		h := new(loop.Handle)
		w := stream.NewWritable(l, stream.WritableOptions{
			Handle: h,
			Write: func(chunk []byte, done func(error)) {
				log.add("write " + strconv.Itoa(len(chunk)))
				l.NextTick(func() { done(nil) })
			},
			Final: func(done func(error)) {
				log.add("final")
				l.SetTimeout(func() { log.add("shutdown"); done(nil) }, 100*time.Millisecond)
			},
		})
		h.Unref() // the timer keeps the loop alive, as in Node
		w.OnFinish(log.fn("finish"))
		w.Write([]byte{0}, nil)
		w.EndWith([]byte{}, func(err error) { assert.NoError(t, err); log.add("end") })
	})
	assert.Equal(t, []string{"write 1", "write 0", "final", "shutdown", "end", "finish"}, log.lines)
}

// From test-stream-writable-samecb-singletick.js: writes that complete
// inside Write cost no tick of their own unless they have a callback (or,
// as in Node, the stream is in object mode); the ticks of the writes, of
// End and of 'finish' interleave with the caller's as they do in node 20,
// which printed the lines below for the same writes.
func TestWriteCompletionTicksInterleaveAsInNode(t *testing.T) {
	cases := []struct {
		name       string
		objectMode bool
		later      bool // the implementation calls done on a later tick
		withCb     bool
		want       string
	}{
		{"bytes written at once without callbacks", false, false, false, "A B end finish C close"},
		{"bytes written at once with callbacks", false, false, true, "w1 A w2 B C end finish close"},
		{"bytes written later without callbacks", false, true, false, "A B C end finish close"},
		{"bytes written later with callbacks", false, true, true, "w1 A B C w2 end finish close"},
		{"objects written at once without callbacks", true, false, false, "A B C end finish close"},
		{"objects written at once with callbacks", true, false, true, "w1 A w2 B C end finish close"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			var log recorder
			run(t, l, func() {
				w := stream.NewWritable(l, stream.WritableOptions{ObjectMode: tc.objectMode, Write: func(_ []byte, done func(error)) {
					if tc.later {
						l.NextTick(func() { done(nil) })
					} else {
						done(nil)
					}
				}})
				cb := func(name string) func(error) {
					if !tc.withCb {
						return nil
					}
					return func(error) { log.add(name) }
				}
				w.Write([]byte("a"), cb("w1"))
				l.NextTick(log.fn("A"))
				w.Write([]byte("b"), cb("w2"))
				l.NextTick(log.fn("B"))
				w.End(func(error) { log.add("end") })
				w.OnFinish(log.fn("finish"))
				l.NextTick(log.fn("C"))
				w.OnClose(log.fn("close"))
			})
			assert.Equal(t, tc.want, strings.Join(log.lines, " "))
		})
	}
}

// From test-stream-writable-end-cb-error.js (its intent, on a stream that
// does not destroy itself): End on a stream that failed calls back, on a
// later tick, with the stream's error, as node 20 does.
func TestEndOnAFailedStreamCallsBackWithItsError(t *testing.T) {
	l := newLoop(t)
	boom := errors.New("boom")
	var log recorder
	run(t, l, func() {
		var w *stream.Writable
		w = stream.NewWritable(l, stream.WritableOptions{DisableAutoDestroy: true,
			Write: func(_ []byte, done func(error)) { done(boom) }})
		w.OnError(func(err error) {
			log.add("error " + err.Error())
			w.End(func(err error) { log.add("end " + errString(err)) })
			log.add("after End")
		})
		w.Write([]byte("x"), nil)
	})
	assert.Equal(t, []string{"error boom", "after End", "end boom"}, log.lines)
}
