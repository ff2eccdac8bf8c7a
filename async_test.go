package loop_test

import (
	"sync"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDispatchRunsOrReportsTheDropEveryTime(t *testing.T) {
	for round := range 20 {
		l := newLoop(t)
		ready := make(chan struct{})
		var ran, dropped, refused int
		var mu sync.Mutex
		var wg sync.WaitGroup
		go func() {
			_ = l.Run(func() {
				l.NewAsync() // keeps Run waiting
				close(ready)
			})
		}()
		<-ready
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				answered := make(chan struct{})
				err := l.Dispatch(func() {
					mu.Lock()
					ran++
					mu.Unlock()
					close(answered)
				}, func() {
					mu.Lock()
					dropped++
					mu.Unlock()
					close(answered)
				})
				if err != nil {
					require.ErrorIs(t, err, loop.ErrClosed)
					mu.Lock()
					refused++
					mu.Unlock()
					return
				}
				select {
				case <-answered:
				case <-time.After(5 * time.Second):
					t.Errorf("round %d, dispatch %d: neither run nor dropped", round, i)
				}
			}()
		}
		require.NoError(t, l.Close()) // races with the dispatches
		wg.Wait()
		assert.Equal(t, 50, ran+dropped+refused)
	}
}

func TestCurrentIsTheLoopRunningTheCallingGoroutine(t *testing.T) {
	l := newLoop(t)
	assert.Nil(t, loop.Current(), "no loop runs the test goroutine")
	var inCallback, inWork *loop.Loop
	require.NoError(t, l.Run(func() {
		inCallback = loop.Current()
		loop.WorkOn(l, loop.KindCPU, func() (*loop.Loop, error) { return loop.Current(), nil },
			func(_ error, c *loop.Loop) { inWork = c })
	}))
	assert.Same(t, l, inCallback)
	assert.Nil(t, inWork, "a worker runs no loop")
	assert.Nil(t, loop.Current(), "Run has returned")
}
