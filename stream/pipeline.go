package stream

import (
	"context"
	"errors"
	"fmt"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// Pipeline pipes each stream into the next, as Node's stream.pipeline: the
// first must be readable, the last writable, and those between both, with
// the chunk types matching from one to the next. On the first error, or
// when a stream closes before it is done, every stream is destroyed; cb is
// called once, on the loop goroutine and never from inside Pipeline, with
// the first error (nil once the last stream has finished). It returns the
// last stream.
//
// It panics, naming the stream, if fewer than two streams are given, if one
// is nil, if one cannot take its place (a Writable first), or if the chunk
// types of neighbours differ.
func Pipeline(cb func(err error), streams ...Stream) Stream {
	return PipelineContext(nil, cb, streams...)
}

// PipelineContext is Pipeline with a context (Node's signal option): when
// ctx is done, every stream is destroyed and cb receives an AbortError. A
// nil ctx never ends.
func PipelineContext(ctx context.Context, cb func(err error), streams ...Stream) Stream {
	const fn = "Pipeline"
	if cb == nil {
		panic("stream: " + fn + " called with nil callback")
	}
	if len(streams) < 2 {
		panic(fmt.Sprintf("stream: %s called with %d streams; it needs at least two", fn, len(streams)))
	}
	for i, s := range streams {
		if s == nil {
			panic(fmt.Sprintf("stream: %s called with a nil stream at position %d", fn, i))
		}
		c := s.base()
		if i < len(streams)-1 && c.rd == nil {
			panic(fmt.Sprintf("stream: %s: the stream at position %d is not readable, but another follows it", fn, i))
		}
		if i > 0 && c.wr == nil {
			panic(fmt.Sprintf("stream: %s: the stream at position %d is not writable, but it follows another", fn, i))
		}
	}
	for i := 1; i < len(streams); i++ {
		if !canPipe(streams[i-1].base().rd, streams[i]) {
			panic(fmt.Sprintf("stream: %s: the stream at position %d cannot take the chunks of the stream before it (%T into %T)",
				fn, i, streams[i-1], streams[i]))
		}
	}
	p := &pipeline{cb: cb, l: streams[0].base().l}
	p.run(ctx, streams)
	return streams[len(streams)-1]
}

// canPipe reports whether the readable side rd can be piped into s.
func canPipe(rd readHalf, s Stream) bool {
	pp, ok := rd.(piper)
	return ok && pp.canPipeInto(s)
}

// piper is a readable side that can pipe into a stream it only knows as a
// Stream: it checks the chunk types itself.
type piper interface {
	canPipeInto(s Stream) bool
	pipeInto(s Stream, end bool)
}

func (rs *readSide[T]) canPipeInto(s Stream) bool {
	_, ok := s.(Writer[T])
	return ok
}

func (rs *readSide[T]) pipeInto(s Stream, end bool) {
	pipeTo(rs, s.(Writer[T]), "Pipeline", []PipeOptions{{NoEnd: !end}})
}

// pipeline is the state of one Pipeline call: Node's pipelineImpl.
type pipeline struct {
	l        *loop.Loop
	cb       func(error)
	err      error
	destroys []func(error)
	pending  int // the watches still running
	done     bool
	stopCtx  func()
	// lastCleanup takes the pipeline's listeners off a last stream that
	// is readable once the pipeline succeeds, so that the stream's later
	// errors are not swallowed (Node's lastStreamCleanup).
	lastCleanup []func()
	handle      loop.Handle // the context watch's, with a context
}

// finish records the end of one watch; the callback runs when all ended.
func (p *pipeline) finish(err error) {
	p.settle(err, func() bool { p.pending--; return p.pending == 0 })
}

func (p *pipeline) settle(err error, final func() bool) {
	if err != nil && (p.err == nil || errors.Is(p.err, ErrPrematureClose)) {
		p.err = err
	}
	last := final()
	if p.err == nil && !last {
		return
	}
	destroys := p.destroys
	p.destroys = nil
	for _, d := range destroys {
		d(p.err)
	}
	if last && !p.done {
		p.done = true
		if p.stopCtx != nil {
			p.stopCtx()
		}
		if p.err == nil {
			for _, f := range p.lastCleanup {
				f()
			}
		}
		err := p.err
		p.l.NextTick(func() { p.cb(err) })
	}
}

func (p *pipeline) run(ctx context.Context, streams []Stream) {
	for i, s := range streams {
		c := s.base()
		reading, writing := i < len(streams)-1, i > 0
		lastReadable := i == len(streams)-1 && c.readableNow()
		destroy, cleanup := p.destroyer(c, reading, writing)
		p.destroys = append(p.destroys, destroy)
		// Errors after the pipes are done still count.
		onError := events.EventOf[error](&c.EventEmitter, evError).On(func(err error) {
			if err != nil && loop.Code(err) != "ABORT_ERR" && !errors.Is(err, ErrPrematureClose) {
				p.finish(err)
			}
		})
		if lastReadable {
			p.lastCleanup = append(p.lastCleanup, cleanup, func() { onError.Remove() })
		}
		if i > 0 {
			p.pending += 2
			stop := p.pipe(streams[i-1].base(), c)
			if lastReadable {
				p.lastCleanup = append(p.lastCleanup, stop)
			}
		}
	}
	if ctx != nil {
		c := streams[0].base()
		abort := func() { p.settle(loop.AbortError(context.Cause(ctx)), func() bool { return false }) }
		if ctx.Err() != nil {
			c.tick(abort)
		} else {
			// The watch has a handle of its own, open until the pipeline
			// is done: a stream's handle closes with the stream, which may
			// be long before the pipeline ends. It stays inactive, so it
			// keeps nothing alive; the streams do.
			ctl := p.l.OpenHandle(&p.handle, "pipeline", nil)
			stop := onContextDone(ctl, ctx, abort)
			p.stopCtx = func() {
				stop()
				p.handle.Close(nil)
			}
		}
	}
}

// destroyer returns the function that destroys c if the pipeline fails
// before c is done, and the one that stops watching c.
func (p *pipeline) destroyer(c *core, reading, writing bool) (destroy func(error), cleanup func()) {
	finished := false
	events.EventOf[struct{}](&c.EventEmitter, evClose).On(func(struct{}) { finished = true })
	cleanup = eos(c, reading, writing, true, nil, func(err error) { finished = err == nil })
	return func(err error) {
		if finished {
			return
		}
		finished = true
		if err == nil {
			err = errPipeDestroyed
		}
		c.destroy(err, nil)
	}, cleanup
}

// pipe connects src to dst as Node's pipeline does: a Pipe that does not
// end dst itself, dst ended at src's end, and a watch on each. It returns
// the function that stops watching dst.
func (p *pipeline) pipe(src, dst *core) (stop func()) {
	ended := false
	events.EventOf[struct{}](&dst.EventEmitter, evClose).On(func(struct{}) {
		if !ended {
			p.finish(ErrPrematureClose)
		}
	})
	src.rd.(piper).pipeInto(dst.self, false)
	endFn := func() {
		ended = true
		dst.wr.end(nil)
	}
	if src.readableFinished() {
		src.tick(endFn)
	} else {
		events.EventOf[struct{}](&src.EventEmitter, evEnd).Once(func(struct{}) { endFn() })
	}
	eos(src, true, false, true, nil, func(err error) {
		r := src.rd.status()
		if errors.Is(err, ErrPrematureClose) && r.ended && src.errored == nil && !src.errorEmitted {
			// Ended, but closed before 'end' came out: wait for it.
			events.EventOf[struct{}](&src.EventEmitter, evEnd).Once(func(struct{}) { p.finish(nil) })
			events.EventOf[error](&src.EventEmitter, evError).Once(p.finish)
			return
		}
		p.finish(err)
	})
	return eos(dst, false, true, true, nil, p.finish)
}
