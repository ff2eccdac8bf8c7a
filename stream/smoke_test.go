package stream_test

import (
	"strings"
	"testing"

	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSmokeFromSliceFlows(t *testing.T) {
	l := newLoop(t)
	var log []string
	require.NoError(t, l.Run(func() {
		r := stream.FromSlice(l, []string{"a", "b", "c"})
		r.OnData(func(s string) { log = append(log, "data "+s) })
		r.OnEnd(func() { log = append(log, "end") })
		r.OnClose(func() { log = append(log, "close") })
		r.OnResume(func() { log = append(log, "resume") })
	}))
	assert.Equal(t, []string{"resume", "data a", "data b", "data c", "end", "close"}, log)
}

func TestSmokePipelineThroughTransform(t *testing.T) {
	l := newLoop(t)
	var out strings.Builder
	var result error = assert.AnError
	require.NoError(t, l.Run(func() {
		src := stream.FromSlice(l, [][]byte{[]byte("hello "), []byte("world")}, stream.ReadableOptions{ObjectMode: false})
		up := stream.NewTransform(l, stream.TransformOptions{Transform: func(chunk []byte, push func([]byte), done func(error)) {
			push([]byte(strings.ToUpper(string(chunk))))
			done(nil)
		}})
		dst := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
			out.Write(chunk)
			done(nil)
		}})
		stream.Pipeline(func(err error) { result = err }, src, up, dst)
	}))
	assert.NoError(t, result)
	assert.Equal(t, "HELLO WORLD", out.String())
}
