package loop_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/errfirst/loop"
)

// BenchmarkSerialRoundTrip is the goroutine-backed operation's trip: a
// Serial call granted on the loop, made by the handle's goroutine, and its
// result delivered back on the loop, each callback granting the next (one
// at a time, as a socket's reads are). Compare with BenchmarkWorkRoundTrip
// at inflight=1, the pool's trip; the op itself is reused, so a trip
// allocates nothing.
func BenchmarkSerialRoundTrip(b *testing.B) {
	l := benchLoop(b)
	n := 0
	b.ReportAllocs()
	b.ResetTimer()
	benchRun(b, l, func() {
		d := openDevice(l, "bench", nil)
		var s *loop.Serial[int, int]
		s = loop.NewSerial(d.ctl, "echo", loop.KeepAlive, func(ctx context.Context, v int) (int, error) { return v, nil },
			func(err error, v int) {
				if err != nil {
					b.Error(err)
				}
				if n++; n < b.N {
					s.Call(n)
				} else {
					d.Close(nil)
				}
			})
		s.Call(0)
	})
}

// BenchmarkOpComplete is the completion path alone: many ops of one handle
// completed from another goroutine, as a reader goroutine delivering data
// would, inflight at a time.
func BenchmarkOpComplete(b *testing.B) {
	for _, inflight := range []int{1, 64} {
		b.Run(fmt.Sprintf("inflight=%d", inflight), func(b *testing.B) {
			l := benchLoop(b)
			work := make(chan *loop.Op[int], inflight)
			done := 0
			started := 0
			b.ReportAllocs()
			b.ResetTimer()
			benchRun(b, l, func() {
				d := openDevice(l, "bench", nil)
				d.ctl.Go(func(ctx context.Context) {
					for {
						select {
						case op := <-work:
							op.Complete(1, nil)
						case <-ctx.Done():
							return
						}
					}
				})
				var ops []*loop.Op[int]
				for i := 0; i < min(inflight, b.N); i++ {
					var op *loop.Op[int]
					op = loop.NewOp(d.ctl, "op", loop.KeepAlive, func(err error, _ int) {
						done++
						if started < b.N {
							started++
							op.Start()
							work <- op
						} else if done == b.N {
							d.Close(nil)
						}
					})
					ops = append(ops, op)
				}
				for _, op := range ops {
					started++
					op.Start()
					work <- op
				}
			})
		})
	}
}
