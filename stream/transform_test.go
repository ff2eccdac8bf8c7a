package stream_test

import (
	"strings"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// From test-stream-transform-flush-data.js: what Flush pushes is the
// output when the transform pushes nothing.
func TestFlushPushesTheOutput(t *testing.T) {
	l := newLoop(t)
	var got []string
	ends := 0
	run(t, l, func() {
		tr := stream.NewTransform(l, stream.TransformOptions{
			Transform: func(_ []byte, _ func([]byte), done func(error)) { done(nil) },
			Flush:     func(push func([]byte), done func(error)) { push([]byte("asdf")); done(nil) },
		})
		tr.EndWith([]byte("blerg"), nil)
		tr.OnData(func(b []byte) { got = append(got, string(b)) })
		tr.OnEnd(func() { ends++ })
	})
	assert.Equal(t, []string{"asdf"}, got)
	assert.Equal(t, 1, ends)
}

// From test-stream-transform-final.js: the order of a transform's calls
// and events, with transforms and Flush that call back on later ticks (the
// port has no Final of its own for a Transform, so this is Node's test
// without one, checked against node 20).
func TestTransformAndFlushOrder(t *testing.T) {
	l := newLoop(t)
	var log recorder
	run(t, l, func() {
		tr := stream.NewTransform(l, stream.TransformOptionsOf[int, int]{
			Transform: func(chunk int, push func(int), done func(error)) {
				log.add("transform " + itoa(chunk))
				push(chunk)
				log.add("pushed " + itoa(chunk))
				l.NextTick(func() { done(nil) })
			},
			Flush: func(_ func(int), done func(error)) {
				log.add("flush")
				l.NextTick(func() { log.add("flush done"); done(nil) })
			},
		})
		tr.OnFinish(log.fn("finish"))
		tr.OnEnd(log.fn("end"))
		tr.OnClose(log.fn("close"))
		tr.OnData(func(d int) { log.add("data " + itoa(d)) })
		tr.Write(1, nil)
		tr.Write(4, nil)
		tr.EndWith(7, func(error) { log.add("end cb") })
	})
	assert.Equal(t, "transform 1, data 1, pushed 1, transform 4, data 4, pushed 4, transform 7, data 7, pushed 7, "+
		"flush, flush done, end, end cb, finish, close", strings.Join(log.lines, ", "))
}

// From test-stream-transform-callback-twice.js: a transform that calls its
// done twice fails with ERR_MULTIPLE_CALLBACK.
func TestTransformDoneCalledTwiceIsAnError(t *testing.T) {
	l := newLoop(t)
	var log recorder
	run(t, l, func() {
		tr := stream.NewTransform(l, stream.TransformOptions{Transform: func(_ []byte, _ func([]byte), done func(error)) {
			done(nil)
			done(nil)
		}})
		tr.OnError(func(err error) { log.add("error " + loop.Code(err)) })
		tr.OnClose(log.fn("close"))
		tr.Write([]byte("foo"), nil)
	})
	assert.Equal(t, []string{"error ERR_MULTIPLE_CALLBACK", "close"}, log.lines)
}

// From test-stream-transform-split-objectmode.js: a transform with objects
// on one side only: a parser from bytes to objects, a serializer from
// objects to bytes, each side with its own default mark.
func TestTransformWithObjectsOnOneSide(t *testing.T) {
	type val struct{ v byte }
	l := newLoop(t)
	var parsed val
	var serialized []byte
	run(t, l, func() {
		parser := stream.NewTransform(l, stream.TransformOptionsOf[[]byte, val]{
			Transform: func(chunk []byte, push func(val), done func(error)) { push(val{chunk[0]}); done(nil) },
		})
		assert.True(t, parser.ReadableObjectMode())
		assert.False(t, parser.WritableObjectMode())
		assert.Equal(t, 16, parser.ReadableHighWaterMark())
		assert.Equal(t, 16<<10, parser.WritableHighWaterMark())
		parser.OnData(func(v val) { parsed = v })
		parser.EndWith([]byte{42}, nil)

		serializer := stream.NewTransform(l, stream.TransformOptionsOf[val, []byte]{
			Transform: func(v val, push func([]byte), done func(error)) { push([]byte{v.v}); done(nil) },
		})
		assert.False(t, serializer.ReadableObjectMode())
		assert.True(t, serializer.WritableObjectMode())
		assert.Equal(t, 16<<10, serializer.ReadableHighWaterMark())
		assert.Equal(t, 16, serializer.WritableHighWaterMark())
		serializer.OnData(func(b []byte) { serialized = b })
		serializer.EndWith(val{42}, nil)
	})
	assert.Equal(t, byte(42), parsed.v)
	assert.Equal(t, []byte{42}, serialized)
}

// From test-stream-transform-split-highwatermark.js: each side's mark may
// be set alone; with both the common mark and one side's given, the side's
// wins in the port (its options say so), where Node lets the common one
// win.
// As in Node (checked with node 20): the common mark wins over a side's.
func TestTransformMarksPerSide(t *testing.T) {
	const def = stream.DefaultHighWaterMark
	cases := []struct {
		name        string
		hwm, rh, wh int
		wantR       int
		wantW       int
	}{
		{"the readable side's alone", 0, 666, 0, 666, def},
		{"the writable side's alone", 0, 0, 777, def, 777},
		{"both sides'", 0, 666, 777, 666, 777},
		{"the common one", 555, 0, 0, 555, 555},
		{"the common one wins over the readable side's", 555, 666, 0, 555, 555},
		{"the common one wins over the writable side's", 555, 0, 777, 555, 555},
		{"an unbuffered readable side makes the writable side unbuffered", 0, stream.Unbuffered, 0, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			run(t, l, func() {
				tr := stream.NewPassThrough(l, stream.TransformOptions{HighWaterMark: tc.hwm,
					ReadableHighWaterMark: tc.rh, WritableHighWaterMark: tc.wh})
				assert.Equal(t, tc.wantR, tr.ReadableHighWaterMark())
				assert.Equal(t, tc.wantW, tr.WritableHighWaterMark())
			})
		})
	}
}

// From test-stream-transform-hwm0.js: an unbuffered object transform says
// stop at each write, drains once its output is read, and emits 'drain' in
// the middle of the Read that asks for more, as node 20 does.
func TestUnbufferedTransformDrainsAsItIsRead(t *testing.T) {
	l := newLoop(t)
	var log recorder
	run(t, l, func() {
		tr := stream.NewTransform(l, stream.TransformOptionsOf[int, int]{HighWaterMark: stream.Unbuffered,
			Transform: func(chunk int, push func(int), done func(error)) {
				l.NextTick(func() { push(chunk); done(nil) })
			}})
		read := func() {
			if v, ok := tr.Read(-1); ok {
				log.add("read " + itoa(v))
			} else {
				log.add("read nothing")
			}
		}
		log.add("write1 " + boolString(tr.Write(1, nil)))
		tr.OnDrain(func() {
			log.add("drain")
			log.add("write2 " + boolString(tr.Write(2, nil)))
			tr.End(nil)
		})
		tr.Once("readable", func(...any) {
			read()
			read()
			tr.Once("readable", func(...any) { read(); tr.Resume() })
		})
	})
	assert.Equal(t, "write1 false, read 1, drain, write2 false, read nothing, read 2", strings.Join(log.lines, ", "))
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// From test-stream-transform-objectmode-falsey-value.js: zero values pass
// through a chain of object PassThroughs like any other, in order.
func TestZeroValuesPassThroughObjectStreams(t *testing.T) {
	l := newTimedLoop(t)
	var results []int
	run(t, l, func() {
		// The interval keeps the loop alive, as in Node: the streams'
		// handles are unreferenced (see unrefNote).
		newPT := func() *stream.TransformOf[int, int] {
			h := new(loop.Handle)
			pt := stream.NewPassThrough(l, stream.TransformOptionsOf[int, int]{Handle: h})
			h.Unref()
			return pt
		}
		src, tx, dest := newPT(), newPT(), newPT()
		dest.OnData(func(x int) { results = append(results, x) })
		src.Pipe(tx)
		tx.Pipe(dest)
		i := -1
		var iv *loop.Timer
		iv = l.SetInterval(func() {
			if i > 10 {
				src.End(nil)
				l.ClearInterval(iv)
				return
			}
			src.Write(i, nil)
			i++
		}, time.Millisecond)
	})
	require.Len(t, results, 12)
	assert.Equal(t, []int{-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, results)
}
