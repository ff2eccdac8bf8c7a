package stream_test

import (
	"errors"
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// From test-stream-pipe-await-drain.js: with two destinations, the slow
// one governs: the source pauses until every destination that said stop
// has drained, so the fast one gets nothing more meanwhile.
func TestPipeWaitsForTheSlowestDestination(t *testing.T) {
	l := newLoop(t)
	w1, w2 := 0, 0
	var reader *stream.Readable
	var secondPush bool
	run(t, l, func() {
		buf := make([]byte, 560000) // over the default mark
		reader = stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		var writer2 *stream.Writable
		writer1 := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
			w1++
			if w1 == 1 {
				l.SetImmediate(func() {
					secondPush = reader.Push(buf)
					l.SetImmediate(func() {
						assert.Equal(t, 1, w1, "the fast destination waits for the slow one")
						assert.True(t, reader.IsPaused())
						assert.Equal(t, 560000, reader.ReadableLength())
						reader.Destroy(nil)
						writer2.Destroy(nil)
					})
				})
			}
			done(nil)
		}})
		writer2 = stream.NewWritable(l, stream.WritableOptions{Write: func([]byte, func(error)) {
			w2++ // never done: a slow consumer
		}})
		reader.Pipe(writer1)
		reader.Pipe(writer2)
		reader.Push(buf)
	})
	assert.Equal(t, 1, w1)
	assert.Equal(t, 1, w2)
	assert.False(t, secondPush)
}

// From test-stream-pipe-await-drain-manual-resume.js: a source resumed by
// hand while its destination still buffers pauses again on the next full
// write, and once the destination completes its writes everything flows
// to 'finish'.
func TestPipeSurvivesAManualResumeWhileTheDestinationIsFull(t *testing.T) {
	l := newLoop(t)
	var log recorder
	run(t, l, func() {
		buffering := true
		var queue []func(error)
		w := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 5, Write: func(_ []byte, done func(error)) {
			if buffering {
				queue = append(queue, done)
			} else {
				done(nil)
			}
		}})
		r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		r.Pipe(w)
		r.Once("pause", func(...any) {
			log.add("pause1")
			l.NextTick(r.Resume)
			r.Once("pause", func(...any) {
				log.add("pause2 with " + itoa(len(queue)) + " queued")
				buffering = false
				for _, done := range queue {
					done(nil)
				}
			})
		})
		for range 3 {
			r.Push(make([]byte, 100))
		}
		r.PushEnd()
		w.OnFinish(log.fn("finish"))
	})
	assert.Equal(t, []string{"pause1", "pause2 with 1 queued", "finish"}, log.lines, "what node 20 does")
}

// From test-stream-pipe-await-drain-push-while-write.js: a chunk pushed
// from inside the destination's Write, over the mark, reaches the
// destination after the chunks before it, and the pipe does not stall.
func TestPipeWithAPushFromInsideTheDestinationsWrite(t *testing.T) {
	l := newLoop(t)
	var writes []int
	run(t, l, func() {
		bufs := [][]byte{make([]byte, 32<<10), make([]byte, 33<<10)}
		var r *stream.Readable
		r = stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			for len(bufs) > 0 {
				r.Push(bufs[0])
				bufs = bufs[1:]
			}
		}})
		w := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
			writes = append(writes, len(chunk))
			if len(chunk) == 32<<10 {
				r.Push(make([]byte, 34<<10))
			}
			done(nil)
		}})
		r.Pipe(w)
		l.SetImmediate(func() {
			assert.False(t, r.IsPaused())
			r.Destroy(nil)
		})
	})
	assert.Equal(t, []int{32 << 10, 33 << 10, 34 << 10}, writes)
}

// From test-stream-pipe-cleanup-pause.js: unpiping the destination that
// asked for a pause, inside its write, and piping another leaves the
// source flowing into the new one.
func TestPipeToANewDestinationAfterUnpipingTheFullOne(t *testing.T) {
	l := newLoop(t)
	w1, w2 := 0, 0
	run(t, l, func() {
		buf := make([]byte, 560000)
		reader := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		var writer1 *stream.Writable
		writer2 := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { w2++; done(nil) }})
		writer1 = stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
			w1++
			reader.Unpipe(writer1)
			reader.Pipe(writer2)
			reader.Push(buf)
			l.SetImmediate(func() {
				reader.Push(buf)
				l.SetImmediate(func() {
					reader.Push(buf)
					l.SetImmediate(func() { reader.Destroy(nil) })
				})
			})
			done(nil)
		}})
		reader.Pipe(writer1)
		reader.Push(buf)
	})
	assert.Equal(t, 1, w1)
	assert.Equal(t, 3, w2)
}

// From test-stream-pipe-flow.js: an object stream piped into an
// unbuffered destination that completes on immediates, and a stream piped
// through two object PassThroughs with small marks read by a wrapper, both
// flow to the end.
func TestPipeFlowsToTheEnd(t *testing.T) {
	t.Run("into an unbuffered destination", func(t *testing.T) {
		l := newLoop(t)
		ends, finishes := 0, 0
		run(t, l, func() {
			ticks := 17
			var rs *stream.ReadableOf[struct{}]
			rs = stream.NewReadable(l, stream.ReadableOptionsOf[struct{}]{Read: func(*stream.ReadableOf[struct{}], int) {
				if ticks > 0 {
					ticks--
					l.NextTick(func() { rs.Push(struct{}{}) })
					return
				}
				rs.Push(struct{}{})
				rs.PushEnd()
			}})
			ws := stream.NewWritable(l, stream.WritableOptionsOf[struct{}]{HighWaterMark: stream.Unbuffered,
				Write: func(_ struct{}, done func(error)) { l.SetImmediate(func() { done(nil) }) }})
			rs.OnEnd(func() { ends++ })
			ws.OnFinish(func() { finishes++ })
			rs.Pipe(ws)
		})
		assert.Equal(t, 1, ends)
		assert.Equal(t, 1, finishes)
	})
	t.Run("through two PassThroughs to a reader", func(t *testing.T) {
		l := newLoop(t)
		ends, got := 0, 0
		run(t, l, func() {
			missing := 8
			rs := stream.NewReadable(l, stream.ReadableOptionsOf[struct{}]{Read: func(rs *stream.ReadableOf[struct{}], _ int) {
				if missing > 0 {
					missing--
					rs.Push(struct{}{})
				} else {
					rs.PushEnd()
				}
			}})
			pt1 := stream.NewPassThrough(l, stream.TransformOptionsOf[struct{}, struct{}]{HighWaterMark: 2})
			pt2 := stream.NewPassThrough(l, stream.TransformOptionsOf[struct{}, struct{}]{HighWaterMark: 2})
			rs.Pipe(pt1)
			pt1.Pipe(pt2)
			var wrapper *stream.ReadableOf[struct{}]
			pt2.OnEnd(func() { wrapper.PushEnd() })
			wrapper = stream.NewReadable(l, stream.ReadableOptionsOf[struct{}]{Read: func(*stream.ReadableOf[struct{}], int) {
				l.NextTick(func() {
					if v, ok := pt2.Read(-1); ok {
						wrapper.Push(v)
						return
					}
					pt2.Once("readable", func(...any) {
						if v, ok := pt2.Read(-1); ok {
							wrapper.Push(v)
						}
					})
				})
			}})
			wrapper.OnData(func(struct{}) { got++ })
			wrapper.OnEnd(func() { ends++ })
		})
		assert.Equal(t, 1, ends)
		assert.Equal(t, 8, got)
	})
}

// From test-stream-pipe-flow-after-unpipe.js: unpiping a destination
// whose write never completes lets the source flow again to its other
// 'data' listener.
func TestUnpipeReleasesASourceWaitingForDrain(t *testing.T) {
	l := newLoop(t)
	reads, writes, chunks := 0, 0, 0
	run(t, l, func() {
		var rs *stream.Readable
		rs = stream.NewReadable(l, stream.ReadableOptions{HighWaterMark: 1, Read: func(*stream.Readable, int) {
			reads++
			rs.Push([]byte("foo"))
		}})
		var ws *stream.Writable
		ws = stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 1, Write: func([]byte, func(error)) {
			writes++ // never completes
			l.SetImmediate(func() { rs.Unpipe(ws) })
		}})
		rs.OnData(func([]byte) {
			chunks++
			if chunks == 20 {
				rs.Pause()
				ws.Destroy(nil) // its write would keep the loop alive
			}
		})
		rs.Pipe(ws)
	})
	assert.Equal(t, 20, chunks)
	assert.Equal(t, 1, writes)
	assert.Equal(t, 21, reads, "what node 20 reads")
}

// From test-stream-pipe-manual-resume.js: a pipe does not stall when the
// source is also read or resumed by hand in between.
func TestPipeDoesNotStallOnAManualReadOrResume(t *testing.T) {
	const n = 1000
	cases := []struct {
		name  string
		touch func(rs *stream.ReadableOf[int])
	}{
		{"a read", func(rs *stream.ReadableOf[int]) { rs.Read(-1) }},
		{"a resume", func(rs *stream.ReadableOf[int]) { rs.Resume() }},
		{"nothing", func(*stream.ReadableOf[int]) {}},
	}
	for _, tc := range cases {
		t.Run("with "+tc.name+" in between", func(t *testing.T) {
			l := newLoop(t)
			reads, writes, finishes := 0, 0, 0
			run(t, l, func() {
				counter := n
				rs := stream.NewReadable(l, stream.ReadableOptionsOf[int]{Read: func(rs *stream.ReadableOf[int], _ int) {
					reads++
					counter--
					if counter >= 0 {
						rs.Push(counter)
					} else {
						rs.PushEnd()
					}
				}})
				ws := stream.NewWritable(l, stream.WritableOptionsOf[int]{Write: func(_ int, done func(error)) {
					writes++
					l.SetImmediate(func() { done(nil) })
				}})
				ws.OnFinish(func() { finishes++ })
				l.SetImmediate(func() { tc.touch(rs) })
				rs.Pipe(ws)
			})
			assert.GreaterOrEqual(t, reads, n)
			assert.Equal(t, n, writes, "a chunk read by hand is emitted as 'data', so written too")
			assert.Equal(t, 1, finishes)
		})
	}
}

// From test-stream-pipe-multiple-pipes.js: five destinations each get the
// chunk; unpiped, they get nothing more, and each hears 'pipe' and
// 'unpipe' once.
func TestPipeToFiveDestinationsThenUnpipeThem(t *testing.T) {
	l := newLoop(t)
	const n = 5
	outputs := make([][]string, n)
	pipes, unpipes := make([]int, n), make([]int, n)
	ended := false
	run(t, l, func() {
		readable := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
		targets := make([]*stream.Writable, n)
		for i := range targets {
			targets[i] = stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
				outputs[i] = append(outputs[i], string(chunk))
				done(nil)
			}})
			targets[i].OnPipe(func(src stream.Stream) { pipes[i]++; assert.Same(t, readable, src) })
			readable.Pipe(targets[i])
		}
		readable.Push([]byte{1, 2, 3, 4, 5})
		l.NextTick(func() {
			for i, target := range targets {
				assert.Equal(t, []string{"\x01\x02\x03\x04\x05"}, outputs[i])
				target.OnUnpipe(func(stream.Stream) { unpipes[i]++ })
				readable.Unpipe(target)
			}
			readable.Push([]byte("something else"))
			readable.PushEnd()
			readable.Resume()
		})
		readable.OnEnd(func() { ended = true })
	})
	assert.True(t, ended)
	for i := range n {
		assert.Equal(t, []string{"\x01\x02\x03\x04\x05"}, outputs[i])
		assert.Equal(t, 1, pipes[i])
		assert.Equal(t, 1, unpipes[i])
	}
}

// From test-stream-pipe-needDrain.js: piping into a destination that
// already needs a drain pauses the source at once, and it still ends
// (pausing once more on the way, as in node 20).
func TestPipeIntoAFullDestinationPausesFirst(t *testing.T) {
	l := newLoop(t)
	pauses, ends := 0, 0
	run(t, l, func() {
		w := stream.NewWritable(l, stream.WritableOptions{HighWaterMark: 1, Write: func(_ []byte, done func(error)) {
			l.NextTick(func() { done(nil) })
		}})
		for w.Write([]byte("asd"), nil) {
		}
		require.True(t, w.WritableNeedDrain())
		r := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
			r.Push([]byte("asd"))
			r.PushEnd()
		}})
		r.OnPause(func() { pauses++ })
		r.OnEnd(func() { ends++ })
		r.Pipe(w)
	})
	assert.Equal(t, 2, pauses)
	assert.Equal(t, 1, ends)
}

// From test-stream-pipe-same-destination-twice.js: a destination piped
// twice gets each chunk twice; Unpipe removes one pipe at a time.
func TestPipeToTheSameDestinationTwice(t *testing.T) {
	cases := []struct {
		name       string
		unpipes    int
		writeFirst bool // write before piping again (the first case)
		wantWrites int
	}{
		{"unpiped once, then piped again", 1, true, 1},
		{"never unpiped", 0, false, 2},
		{"unpiped twice", 2, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			var got []string
			run(t, l, func() {
				pt := stream.NewPassThrough(l, stream.TransformOptions{})
				dest := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
					got = append(got, string(chunk))
					done(nil)
				}})
				pt.Pipe(dest)
				pt.Pipe(dest)
				assert.Equal(t, 2, pt.ListenerCount("data"))
				for range tc.unpipes {
					pt.Unpipe(dest)
				}
				assert.Equal(t, 2-tc.unpipes, pt.ListenerCount("data"))
				pt.Write([]byte("foobar"), nil)
				if tc.writeFirst {
					pt.Pipe(dest)
				}
				pt.End(nil)
			})
			assert.Equal(t, tc.wantWrites, len(got))
			for _, s := range got {
				assert.Equal(t, "foobar", s)
			}
		})
	}
}

// From test-stream-pipe-unpipe-streams.js and test-stream-pipe-cleanup.js:
// Unpipe works in any order, a second Unpipe of the same destination does
// nothing, and an unpiped or ended pipe leaves no listener behind on
// either stream.
func TestUnpipeLeavesNoListenersBehind(t *testing.T) {
	srcEvents := []string{"end", "data"}
	dstEvents := []string{"close", "finish", "drain", "error", "unpipe"}
	counts := func(s interface{ ListenerCount(string) int }, names []string) map[string]int {
		m := map[string]int{}
		for _, n := range names {
			m[n] = s.ListenerCount(n)
		}
		return m
	}
	zero := func(names []string) map[string]int {
		m := map[string]int{}
		for _, n := range names {
			m[n] = 0
		}
		return m
	}
	t.Run("unpiped in reverse order", func(t *testing.T) {
		l := newLoop(t)
		unpipes := [2]int{}
		run(t, l, func() {
			source := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			dest1 := stream.NewWritable(l, stream.WritableOptions{Write: func([]byte, func(error)) {}})
			dest2 := stream.NewWritable(l, stream.WritableOptions{Write: func([]byte, func(error)) {}})
			source.Pipe(dest1)
			source.Pipe(dest2)
			dest1.OnUnpipe(func(stream.Stream) { unpipes[0]++ })
			dest2.OnUnpipe(func(stream.Stream) { unpipes[1]++ })
			source.Unpipe(dest2)
			source.Unpipe(dest2)
			source.Unpipe(dest1)
			assert.Equal(t, zero(srcEvents), counts(source, srcEvents))
			assert.Equal(t, map[string]int{"close": 0, "finish": 0, "drain": 0, "error": 0, "unpipe": 1}, counts(dest1, dstEvents),
				"only the test's own 'unpipe' listener")
			source.Destroy(nil)
		})
		assert.Equal(t, [2]int{1, 1}, unpipes)
	})
	t.Run("every destination unpiped at once", func(t *testing.T) {
		l := newLoop(t)
		checked := 0
		run(t, l, func() {
			source := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			for range 2 {
				dest := stream.NewWritable(l, stream.WritableOptions{Write: func([]byte, func(error)) {}})
				source.Pipe(dest)
				var lst interface{ Remove() bool }
				lst = dest.OnUnpipe(func(stream.Stream) {
					assert.Equal(t, 1, dest.ListenerCount("unpipe"), "only this one")
					lst.Remove()
					assert.Equal(t, zero(dstEvents), counts(dest, dstEvents))
					checked++
				})
			}
			source.Unpipe(nil)
			assert.Equal(t, zero(srcEvents), counts(source, srcEvents))
			flowing, _ := source.ReadableFlowing()
			assert.False(t, flowing)
			source.Destroy(nil)
		})
		assert.Equal(t, 2, checked)
	})
	t.Run("a pipe broken by the source's end or the destination's close", func(t *testing.T) {
		l := newLoop(t)
		run(t, l, func() {
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			w.SetMaxListeners(0) // a hundred pipes at once, on purpose
			for range 100 {
				r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
				r.Pipe(w, stream.PipeOptions{NoEnd: true})
				r.PushEnd()
				r.OnEnd(func() {
					assert.Equal(t, 1, r.ListenerCount("end"), "only the test's")
					assert.Equal(t, zero([]string{"data"}), counts(r, []string{"data"}))
				})
			}
			r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			r.SetMaxListeners(0)
			var ws []*stream.Writable
			for range 100 {
				w := stream.NewWritable(l, stream.WritableOptions{})
				r.Pipe(w)
				w.Destroy(nil)
				ws = append(ws, w)
			}
			l.SetImmediate(func() {
				assert.Equal(t, zero(srcEvents), counts(r, srcEvents))
				for _, w := range ws {
					assert.Equal(t, zero(dstEvents), counts(w, dstEvents))
				}
				r.Destroy(nil)
			})
		})
	})
}

// From test-stream-pipe-after-end.js: piping a source that has already
// ended ends the destination; a source whose end was pushed but not read
// emits 'end' only once read.
func TestPipeFromAnEndedSource(t *testing.T) {
	l := newTimedLoop(t)
	var log recorder
	run(t, l, func() {
		ended := func(name string) *stream.Readable {
			reads := 0
			return stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
				reads++
				if reads > 1 {
					t.Errorf("%s: Read called twice", name)
				}
				r.PushEnd()
			}})
		}
		ender := ended("ender")
		piper := ended("piper")
		piper.Read(-1) // pushes the end: 'end' follows
		l.SetTimeout(func() {
			ender.OnEnd(log.fn("ender end"))
			_, ok := ender.Read(-1)
			assert.False(t, ok)
			w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
			w.OnFinish(log.fn("finish"))
			piper.Pipe(w)
		}, 1)
	})
	assert.ElementsMatch(t, []string{"ender end", "finish"}, log.lines)
}

// From test-stream-unpipe-event.js: 'unpipe' comes when the source ends
// (with or without ending the destination) or is unpiped, and not while
// it never ends.
func TestUnpipeEventComesWithTheEndOrUnpipe(t *testing.T) {
	cases := []struct {
		name        string
		quickEnd    bool
		noEnd       bool
		unpipe      bool
		wantUnpipes int
	}{
		{"a source that ends", true, false, false, 1},
		{"a source that never ends", false, false, false, 0},
		{"a source that never ends, unpiped", false, false, true, 1},
		{"a source that ends, piped without ending", true, true, false, 1},
		{"a source that never ends, piped without ending", false, true, false, 0},
		{"a source that never ends, piped without ending, unpiped", false, true, true, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			pipes, unpipes := 0, 0
			run(t, l, func() {
				dest := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
				src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, _ int) {
					if tc.quickEnd {
						r.PushEnd()
					}
				}})
				dest.OnPipe(func(stream.Stream) { pipes++ })
				dest.OnUnpipe(func(stream.Stream) { unpipes++ })
				src.Pipe(dest, stream.PipeOptions{NoEnd: tc.noEnd})
				if tc.unpipe {
					src.Unpipe(dest)
				}
				l.SetImmediate(func() {
					if !tc.quickEnd {
						src.Destroy(nil)
					}
				})
			})
			assert.Equal(t, 1, pipes)
			assert.Equal(t, tc.wantUnpipes, unpipes)
		})
	}
}

// From test-stream-backpressure.js: a source that pushes far over its
// mark from each Read is read only as the piped destination keeps up:
// eleven reads, every chunk written once.
func TestPipeBackpressureBoundsTheReads(t *testing.T) {
	l := newLoop(t)
	const total = 65500 + 40*1024
	reads, writes, maxLen := 0, 0, 0
	run(t, l, func() {
		pushes := 0
		rs := stream.NewReadable(l, stream.ReadableOptions{Read: func(rs *stream.Readable, _ int) {
			reads++
			pushes++
			if pushes == 11 {
				rs.PushEnd()
				return
			}
			maxLen = max(maxLen, rs.ReadableLength())
			rs.Push(make([]byte, 65500))
			for range 40 {
				rs.Push(make([]byte, 1024))
			}
		}})
		ws := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) {
			writes++
			l.SetImmediate(func() { done(nil) })
		}})
		rs.Pipe(ws)
	})
	assert.Equal(t, 11, reads)
	assert.Equal(t, 41*10, writes)
	assert.LessOrEqual(t, maxLen, total)
	assert.Equal(t, 16384, maxLen, "what node 20 sees")
}

// From test-stream-passthrough-drain.js: an unbuffered PassThrough says
// stop at the first write, and drains as it is read.
func TestUnbufferedPassThroughDrainsAsItIsRead(t *testing.T) {
	l := newLoop(t)
	var log recorder
	run(t, l, func() {
		pt := stream.NewPassThrough(l, stream.TransformOptions{HighWaterMark: stream.Unbuffered})
		pt.OnDrain(log.fn("drain"))
		assert.False(t, pt.Write([]byte("hello1"), nil))
		b, ok := pt.Read(-1)
		log.add("read " + string(b))
		assert.True(t, ok)
		_, ok = pt.Read(-1)
		log.add("read nothing")
		assert.False(t, ok)
		pt.End(nil)
		pt.Resume()
	})
	assert.Equal(t, []string{"read hello1", "drain", "read nothing"}, log.lines, "as node 20")
}

// From test-stream-once-readable-pipe.js: a once('readable') listener, added
// before or after the pipe, does not disturb it.
func TestOnceReadableDoesNotDisturbAPipe(t *testing.T) {
	for _, before := range []bool{true, false} {
		name := "added after the pipe"
		if before {
			name = "added before the pipe"
		}
		t.Run(name, func(t *testing.T) {
			l := newLoop(t)
			var received []byte
			readables, finishes := 0, 0
			run(t, l, func() {
				w := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
					received = append(received, chunk...)
					done(nil)
				}})
				r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
				if before {
					r.Once("readable", func(...any) { readables++ })
				}
				r.Pipe(w)
				for _, s := range []string{"foo", "bar", "baz"} {
					r.Push([]byte(s))
				}
				r.PushEnd()
				if !before {
					r.Once("readable", func(...any) { readables++ })
				}
				w.OnFinish(func() { finishes++ })
			})
			assert.Equal(t, "foobarbaz", string(received))
			assert.Equal(t, 1, readables)
			assert.Equal(t, 1, finishes)
		})
	}
}

// From test-stream-pipe-error-handling.js: a destination's 'error' is not
// forwarded to the source; with the user's listener removed, it is
// thrown (here, Run returns it as a panic); removing some other listener
// leaves the user's in place.
func TestPipeDoesNotSwallowTheDestinationsErrors(t *testing.T) {
	fail := errors.New("fail")
	t.Run("the user's listener removed", func(t *testing.T) {
		l := newLoop(t)
		err := l.Run(func() {
			r := stream.NewReadable(l, stream.ReadableOptions{Read: func(*stream.Readable, int) {
				l.SetImmediate(func() {})
			}})
			w := stream.NewWritable(l, stream.WritableOptions{})
			lst := w.OnError(func(error) { t.Error("the removed listener ran") })
			r.Pipe(w)
			lst.Remove()
			l.SetImmediate(func() { w.Emit("error", fail) })
		})
		var p *loop.PanicError
		require.ErrorAs(t, err, &p)
		assert.Equal(t, fail, p.Value)
	})
	t.Run("another listener removed", func(t *testing.T) {
		l := newLoop(t)
		caught := 0
		run(t, l, func() {
			r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
			w := stream.NewWritable(l, stream.WritableOptions{Write: func([]byte, func(error)) {}})
			w.OnError(func(error) { caught++ })
			r.Pipe(w)
			w.OnError(func(error) {}).Remove()
			l.SetImmediate(func() { w.Emit("error", fail) })
		})
		assert.Equal(t, 1, caught)
	})
}
