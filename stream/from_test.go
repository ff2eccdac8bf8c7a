package stream_test

import (
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// From test-readable-from.js: From and FromSlice emit each value of a
// sequence in order, then end, in object mode with a mark of 1; a buffer
// given whole is one chunk; a sequence that panics destroys the stream
// with the panic as its error. (Node's async iterators and promises have
// no Go counterpart: a sequence is pulled on the loop goroutine.)
func TestFromEmitsTheSequenceThenEnds(t *testing.T) {
	t.Run("a sequence", func(t *testing.T) {
		l := newLoop(t)
		var got []string
		ends := 0
		run(t, l, func() {
			s := stream.From(l, func(yield func(string) bool) {
				for _, v := range []string{"a", "b", "c"} {
					if !yield(v) {
						return
					}
				}
			})
			assert.True(t, s.ReadableObjectMode())
			assert.Equal(t, 1, s.ReadableHighWaterMark())
			s.OnData(func(v string) { got = append(got, v) })
			s.OnEnd(func() { ends++ })
		})
		assert.Equal(t, []string{"a", "b", "c"}, got)
		assert.Equal(t, 1, ends)
	})
	t.Run("a slice, read in 'readable'", func(t *testing.T) {
		l := newLoop(t)
		var got []string
		run(t, l, func() {
			s := stream.FromSlice(l, []string{"a", "b", "c"})
			s.OnReadable(func() {
				for {
					v, ok := s.Read(-1)
					if !ok {
						return
					}
					got = append(got, v)
				}
			})
		})
		assert.Equal(t, []string{"a", "b", "c"}, got)
	})
	t.Run("a buffer as one chunk", func(t *testing.T) {
		l := newLoop(t)
		var got []string
		run(t, l, func() {
			s := stream.FromSlice(l, [][]byte{[]byte("abc")})
			s.OnData(func(b []byte) { got = append(got, string(b)) })
		})
		assert.Equal(t, []string{"abc"}, got)
	})
	t.Run("a sequence that panics", func(t *testing.T) {
		l := newLoop(t)
		var got error
		var s *stream.ReadableOf[string]
		run(t, l, func() {
			s = stream.From(l, func(yield func(string) bool) { panic("kaboom") })
			s.Read(-1)
			s.OnError(func(err error) { got = err })
		})
		var p *loop.PanicError
		require.ErrorAs(t, got, &p)
		assert.Equal(t, "kaboom", p.Value)
		assert.True(t, s.Destroyed())
	})
	t.Run("a sequence over another stream, as a transform", func(t *testing.T) {
		l := newLoop(t)
		var got []string
		run(t, l, func() {
			source := stream.FromSlice(l, []string{"a", "b", "c"})
			upper := stream.NewTransform(l, stream.TransformOptionsOf[string, string]{
				Transform: func(s string, push func(string), done func(error)) {
					push(string(rune(s[0]) - 'a' + 'A'))
					done(nil)
				}})
			source.Pipe(upper)
			upper.OnData(func(s string) { got = append(got, s) })
		})
		assert.Equal(t, []string{"A", "B", "C"}, got)
	})
}
