package loop_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCancelStopsRunningContextWork(t *testing.T) {
	l := newLoop(t)
	started := make(chan struct{})
	var got error
	var returnedEarly bool
	require.NoError(t, l.Run(func() {
		r := loop.WorkOnContext(context.Background(), l, loop.KindCPU, func(ctx context.Context) (int, error) {
			close(started)
			select {
			case <-ctx.Done():
				returnedEarly = true
				return 0, ctx.Err()
			case <-time.After(10 * time.Second):
				return 1, nil
			}
		}, func(err error, _ int) { got = err })
		<-started
		assert.False(t, r.Cancel(), "a running request is not canceled before it starts")
	}))
	assert.True(t, returnedEarly, "the work saw its context canceled")
	assert.Same(t, loop.ErrCanceled, got)
}

func TestCloseStopsRunningContextWork(t *testing.T) {
	l := newLoop(t)
	started := make(chan struct{})
	var got error
	_, err := l.RunNoWait(func() {
		loop.WorkOnContext(context.Background(), l, loop.KindCPU, func(ctx context.Context) (int, error) {
			close(started)
			<-ctx.Done()
			return 0, context.Cause(ctx)
		}, func(err error, _ int) { got = err })
	})
	require.NoError(t, err)
	<-started
	within(t, 5*time.Second, "Close", func() { assert.NoError(t, l.Close()) })
	assert.ErrorIs(t, got, loop.ErrClosed)
	assert.Contains(t, got.Error(), "stopped early")
}

func TestContextWorkThatFinishesAnywayReportsItsOutcome(t *testing.T) {
	l := newLoop(t)
	started := make(chan struct{})
	var got error
	var v int
	require.NoError(t, l.Run(func() {
		r := loop.WorkOnContext(context.Background(), l, loop.KindCPU, func(ctx context.Context) (int, error) {
			close(started)
			<-ctx.Done()
			return 42, nil // ignores the cancellation: its result is real
		}, func(err error, n int) { got, v = err, n })
		<-started
		r.Cancel()
	}))
	assert.NoError(t, got)
	assert.Equal(t, 42, v)
}

func TestWorkWhoseContextIsDoneBeforeItStartsDoesNotRun(t *testing.T) {
	l := newLoop(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("user gave up")
	cancel(cause)
	var got error
	require.NoError(t, l.Run(func() {
		loop.WorkOnContext(ctx, l, loop.KindFastIO, func(ctx context.Context) (int, error) {
			t.Error("work ran with a done context")
			return 0, nil
		}, func(err error, _ int) { got = err })
	}))
	assert.Equal(t, "ABORT_ERR", loop.Code(got))
	assert.EqualError(t, got, "The operation was aborted")
	assert.ErrorIs(t, got, cause)
}

func TestWorkWhoseContextEndsWhileItRunsGetsAnAbortError(t *testing.T) {
	l := newLoop(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("user gave up")
	started := make(chan struct{})
	var got error
	require.NoError(t, l.Run(func() {
		loop.WorkOnContext(ctx, l, loop.KindCPU, func(ctx context.Context) (int, error) {
			close(started)
			<-ctx.Done()
			return 0, ctx.Err()
		}, func(err error, _ int) { got = err })
		<-started
		cancel(cause)
	}))
	assert.Equal(t, "ABORT_ERR", loop.Code(got))
	assert.EqualError(t, got, "The operation was aborted")
	assert.ErrorIs(t, got, cause)
}

func TestWorkContextOnTheDefaultLoop(t *testing.T) {
	var got int
	require.NoError(t, loop.Run(func() {
		loop.WorkContext(context.Background(), func(ctx context.Context) (int, error) { return 5, ctx.Err() },
			func(err error, v int) { require.NoError(t, err); got = v })
	}))
	assert.Equal(t, 5, got)
	require.NoError(t, loop.Default().Close())
}

func TestALoopTiedToAContextClosesWhenItIsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newLoop(t, loop.WithContext(ctx))
	var wg sync.WaitGroup
	wg.Add(1)
	ready := make(chan struct{})
	var runErr error = errors.New("Run did not return")
	var closed bool
	go func() {
		defer wg.Done()
		runErr = l.Run(func() {
			l.NewAsync().Handle.Close(func() { closed = true })
			l.NewAsync() // keeps Run waiting, as a server would
			close(ready)
		})
	}()
	<-ready
	within(t, 5*time.Second, "Run after the context was canceled", func() {
		cancel()
		wg.Wait()
	})
	assert.NoError(t, runErr, "a close by the context is clean")
	assert.True(t, closed)
	assert.ErrorIs(t, l.Post(func() {}), loop.ErrClosed)
}

func TestALoopWhoseContextEndedWhileIdleClosesAtItsNextRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	l := newLoop(t, loop.WithContext(ctx))
	cancel()
	ran := false
	within(t, 5*time.Second, "Run", func() { assert.NoError(t, l.Run(func() { ran = true })) })
	assert.False(t, ran, "main does not run on a loop whose context ended")
	assert.Panics(t, func() { l.NextTick(func() {}) }, "the loop is closed")
}

func TestOptionsAreValidatedAtNewToo(t *testing.T) {
	_, err := loop.New(loop.WithCloseTimeout(0))
	assert.EqualError(t, err, "loop: WithCloseTimeout(0s): the timeout must be positive")
	_, err = loop.New(loop.WithContext(nil)) //nolint:staticcheck // the nil is the point
	assert.EqualError(t, err, "loop: WithContext(nil): pass a context, or omit the option")
}
