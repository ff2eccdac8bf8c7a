package cb_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/cb"
)

// serve runs l in a goroutine, kept alive by an Async until the returned
// stop is called, which waits for Run to return and gives its error.
func serve(t *testing.T, l *loop.Loop) (stop func() error) {
	t.Helper()
	ready := make(chan *loop.Async)
	errc := make(chan error, 1)
	go func() {
		errc <- l.Run(func() { ready <- l.NewAsync() })
	}()
	a := <-ready
	return func() error {
		require.NoError(t, a.Post(func() { a.Handle.Close(nil) }))
		return <-errc
	}
}

func TestAwaitFromManyGoroutines(t *testing.T) {
	l := newLoop(t)
	stop := serve(t, l)
	const n = 100
	var wg sync.WaitGroup
	results := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = cb.Await(l, func(done cb.Callback[int]) {
				// Loop code: a timer, a tick, an immediate or pool work.
				switch i % 4 {
				case 0:
					l.SetTimeout(func() { done(nil, i) }, time.Millisecond)
				case 1:
					l.NextTick(func() { done(nil, i) })
				case 2:
					l.SetImmediate(func() { done(nil, i) })
				case 3:
					cb.Work(nil, loop.KindCPU, func(context.Context) (int, error) { return i, nil })(done)
				}
			})
		}()
	}
	wg.Wait()
	require.NoError(t, stop())
	for i := range n {
		assert.NoError(t, errs[i])
		assert.Equal(t, i, results[i])
	}
}

func TestAwaitOnTheLoopGoroutinePanics(t *testing.T) {
	l := newLoop(t)
	var msg string
	require.NoError(t, l.Run(func() {
		defer func() { msg = recover().(string) }()
		_, _ = cb.Await(l, func(done cb.Callback[int]) { done(nil, 1) })
	}))
	assert.Contains(t, msg, "cb: Await called on the loop goroutine")
	assert.Contains(t, msg, "deadlock")
}

func TestFutureWaitOnTheLoopGoroutinePanics(t *testing.T) {
	l := newLoop(t)
	require.NoError(t, l.Run(func() {
		f := cb.Start(l, func(done cb.Callback[int]) { done(nil, 1) })
		assert.PanicsWithValue(t, "cb: Future.Wait called on the loop goroutine: it would wait for a callback that only this goroutine can run (a deadlock); pass a callback instead", func() { _, _ = f.Wait() })
	}))
}

func TestAwaitWhenTheLoopClosesFirst(t *testing.T) {
	t.Run("before the operation started", func(t *testing.T) {
		l := newLoop(t)
		started := false
		// From a goroutine other than the loop's (the loop is not running),
		// Start hands the operation to the loop's queue, where Close finds it.
		f := cb.Start(l, func(done cb.Callback[int]) { started = true; done(nil, 1) })
		require.NoError(t, l.Close())
		_, err := f.Wait()
		assert.ErrorIs(t, err, loop.ErrClosed)
		assert.Equal(t, "ERR_LOOP_CLOSED", loop.Code(err))
		assert.False(t, started)
	})
	t.Run("on a closed loop", func(t *testing.T) {
		l := newLoop(t)
		require.NoError(t, l.Close())
		_, err := cb.Await(l, func(done cb.Callback[int]) { done(nil, 1) })
		assert.ErrorIs(t, err, loop.ErrClosed)
	})
	t.Run("while its callback was out", func(t *testing.T) {
		l := newLoop(t)
		stop := serve(t, l)
		started := make(chan struct{})
		res := make(chan error, 1)
		go func() {
			_, err := cb.Await(l, func(done cb.Callback[int]) {
				// A timer that the close drops: done is never called.
				l.SetTimeout(func() { done(nil, 1) }, time.Hour).Unref()
				close(started)
			})
			res <- err
		}()
		<-started
		require.NoError(t, l.Close())
		err := <-res
		assert.ErrorIs(t, err, loop.ErrClosed)
		_ = stop // Run has returned with the close
	})
}

func TestAwaitContextGivesUp(t *testing.T) {
	l := newLoop(t)
	stop := serve(t, l)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err := cb.AwaitContext(ctx, l, func(done cb.Callback[int]) {
		l.SetTimeout(func() { done(nil, 1) }, 50*time.Millisecond)
	})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, "ABORT_ERR", loop.Code(err))
	require.NoError(t, stop()) // the operation still ends: its timer fires
}

func TestStartFromTheLoopAndWaitElsewhere(t *testing.T) {
	l := newLoop(t)
	futures := make(chan *cb.Future[string], 1)
	var got string
	var gotErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		f := <-futures
		<-f.Done()
		got, gotErr = f.Wait()
	}()
	require.NoError(t, l.Run(func() {
		futures <- cb.Start(l, func(done cb.Callback[string]) {
			l.SetImmediate(func() { done(nil, "hello") })
		})
	}))
	<-done
	assert.NoError(t, gotErr)
	assert.Equal(t, "hello", got)
}

func TestStartCallbackCalledTwicePanics(t *testing.T) {
	l := newLoop(t)
	err := l.Run(func() {
		cb.Start(l, func(done cb.Callback[int]) {
			done(nil, 1)
			done(nil, 2)
		})
	})
	var pe *loop.PanicError
	require.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, cb.ErrMultipleCallback)
	assert.True(t, strings.Contains(pe.Error(), "Start: the callback of the operation was called twice"), pe.Error())
}

func TestWork(t *testing.T) {
	t.Run("runs on the pool and calls back on the loop", func(t *testing.T) {
		l := newLoop(t)
		var got []int
		require.NoError(t, l.Run(func() {
			tasks := []cb.Task[int]{}
			for i := range 5 {
				tasks = append(tasks, cb.Work(context.Background(), loop.KindCPU, func(context.Context) (int, error) {
					assert.False(t, l.InLoop())
					return i * i, nil
				}))
			}
			cb.Parallel(tasks, func(err error, v []int) {
				assert.True(t, l.InLoop())
				require.NoError(t, err)
				got = v
			})
		}))
		assert.Equal(t, []int{0, 1, 4, 9, 16}, got)
	})
	t.Run("a context canceled before it starts", func(t *testing.T) {
		l := newLoop(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		ran := false
		var err error
		require.NoError(t, l.Run(func() {
			cb.Work(ctx, loop.KindFastIO, func(context.Context) (int, error) { ran = true; return 1, nil })(func(e error, _ int) { err = e })
		}))
		assert.False(t, ran)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, "ABORT_ERR", loop.Code(err))
	})
	t.Run("a context canceled while it runs", func(t *testing.T) {
		l := newLoop(t)
		ctx, cancel := context.WithCancel(context.Background())
		var err error
		calls := 0
		require.NoError(t, l.Run(func() {
			cb.Work(ctx, loop.KindSlowIO, func(ctx context.Context) (int, error) {
				cancel()
				<-ctx.Done()
				return 0, ctx.Err()
			})(func(e error, _ int) { calls++; err = e })
		}))
		assert.Equal(t, 1, calls)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, "ABORT_ERR", loop.Code(err))
	})
	t.Run("WorkOn binds its loop", func(t *testing.T) {
		l := newLoop(t)
		var got []int
		task := cb.WorkOn(l, nil, loop.KindFastIO, func(context.Context) (int, error) { return 7, nil })
		require.NoError(t, l.Run(func() {
			cb.Series([]cb.Task[int]{task, task}, func(err error, v []int) {
				require.NoError(t, err)
				got = v
			})
		}))
		assert.Equal(t, []int{7, 7}, got)
		assert.PanicsWithValue(t, "cb: WorkOn called with a nil *loop.Loop", func() {
			cb.WorkOn[int](nil, nil, loop.KindCPU, func(context.Context) (int, error) { return 0, nil })
		})
	})
	t.Run("an error of its own is passed as it is", func(t *testing.T) {
		l := newLoop(t)
		boom := errors.New("boom")
		var err error
		require.NoError(t, l.Run(func() {
			cb.Work(nil, loop.KindCPU, func(context.Context) (int, error) { return 0, boom })(func(e error, _ int) { err = e })
		}))
		assert.Same(t, boom, err)
	})
}

func TestAbortable(t *testing.T) {
	t.Run("a context that ends first wins, once", func(t *testing.T) {
		l := newLoop(t)
		ctx, cancel := context.WithCancel(context.Background())
		var errs []error
		require.NoError(t, l.Run(func() {
			task := cb.Abortable(ctx, func(done cb.Callback[int]) {
				l.SetTimeout(func() { done(nil, 1) }, 20*time.Millisecond)
			})
			task(func(err error, _ int) { errs = append(errs, err) })
			l.SetImmediate(cancel)
		}))
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], context.Canceled)
		assert.Equal(t, "ABORT_ERR", loop.Code(errs[0]))
	})
	t.Run("a task that ends first wins", func(t *testing.T) {
		l := newLoop(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var got []int
		require.NoError(t, l.Run(func() {
			cb.Abortable(ctx, func(done cb.Callback[int]) {
				l.SetImmediate(func() { done(nil, 7) })
			})(func(err error, v int) { assert.NoError(t, err); got = append(got, v) })
		}))
		cancel()
		assert.Equal(t, []int{7}, got)
	})
	t.Run("a context already ended: the task does not run", func(t *testing.T) {
		l := newLoop(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		ran, calls := false, 0
		require.NoError(t, l.Run(func() {
			cb.Abortable(ctx, func(done cb.Callback[int]) { ran = true; done(nil, 1) })(func(err error, _ int) {
				calls++
				assert.ErrorIs(t, err, context.Canceled)
			})
		}))
		assert.False(t, ran)
		assert.Equal(t, 1, calls)
	})
}
