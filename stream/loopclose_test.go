package stream_test

import (
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/stream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Closing the loop under a live pipe destroys both streams; the pipe's own
// 'error' listener on the destination does not count as someone listening,
// so nothing is thrown, and a user's listener hears the closed-loop error
// once.
func TestClosingTheLoopUnderALivePipe(t *testing.T) {
	for _, userListens := range []bool{false, true} {
		name := "with no error listener"
		if userListens {
			name = "with the user's error listener on the destination"
		}
		t.Run(name, func(t *testing.T) {
			l, err := loop.New()
			require.NoError(t, err)
			var log recorder
			var errs []error
			err = l.Run(func() {
				r := stream.NewReadable(l, stream.ReadableOptions{Read: noPush})
				w := stream.NewWritable(l, stream.WritableOptions{Write: func(_ []byte, done func(error)) { done(nil) }})
				if userListens {
					w.OnError(func(err error) { errs = append(errs, err) })
				}
				r.OnClose(log.fn("source close"))
				w.OnClose(log.fn("destination close"))
				r.Pipe(w)
				r.Push([]byte("x"))
				l.SetImmediate(func() { assert.NoError(t, l.Close()) }) // the source waits for ever
			})
			require.NoError(t, err, "nothing is thrown")
			assert.ElementsMatch(t, []string{"source close", "destination close"}, log.lines)
			if userListens {
				require.Len(t, errs, 1)
				assert.ErrorIs(t, errs[0], loop.ErrClosed)
			}
		})
	}
}
