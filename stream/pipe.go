package stream

import (
	"slices"

	"github.com/errfirst/loop/events"
)

// PipeOptions modify a Pipe.
type PipeOptions struct {
	// NoEnd leaves the destination open when the source ends (Node's
	// {end: false}).
	NoEnd bool
}

// pipe is one Pipe: the listeners it put on the source and the
// destination, removed together when the pipe breaks.
type pipe[T any] struct {
	src       *readSide[T]
	dst       *writeSide[T]
	dstStream Stream
	listeners []events.Listener
	onError   events.Listener // on dst, listed in its pipeErrors
	drainL    events.Listener
	drainSet  bool
	cleanedUp bool
}

// pipeTo is Node's Readable.prototype.pipe.
func pipeTo[T any](rs *readSide[T], dst Writer[T], fn string, opts []PipeOptions) {
	if dst == nil {
		panic("stream: " + fn + " called with a nil destination")
	}
	c := rs.c
	ws := dst.writer()
	p := &pipe[T]{src: rs, dst: ws, dstStream: dst}
	rs.pipes = append(rs.pipes, p)
	if len(rs.pipes) > 1 {
		rs.multiAwaitDrain = true
	}
	doEnd := len(opts) == 0 || !opts[0].NoEnd
	endFn := p.unpipe
	if doEnd {
		endFn = func() { ws.end(nil) }
	}
	if rs.endEmitted {
		c.tick(endFn)
	} else {
		p.listen(events.EventOf[struct{}](&c.EventEmitter, evEnd).Once(func(struct{}) { endFn() }))
	}

	d := &ws.c.EventEmitter
	p.listen(events.EventOf[Stream](d, evUnpipe).On(func(src Stream) {
		if src == c.self && rs.unpiping {
			rs.unpiping = false // one unpipe, one cleanup (Node's hasUnpiped)
			p.cleanup()
		}
	}))
	// The destination's error breaks the pipe; it is not forwarded. The
	// listener goes first, so that it runs before the user's.
	p.onError = events.EventOf[error](d, evError).PrependListener(func(err error) {
		p.unpipe()
		p.removeOnError()
		if ws.c.ListenerCount(evError) == 0 {
			if !ws.c.errorEmitted {
				ws.c.errorOrDestroy(err, false) // emitted directly by someone: route it
			} else {
				events.EventOf[error](d, evError).Emit(err) // nobody handles it: throw it
			}
		}
	})
	ws.c.pipeErrors = append(ws.c.pipeErrors, p.onError)
	var onClose, onFinish events.Listener
	onClose = events.EventOf[struct{}](d, evClose).Once(func(struct{}) {
		onFinish.Remove()
		p.unpipe()
	})
	onFinish = events.EventOf[struct{}](d, evFinish).Once(func(struct{}) {
		onClose.Remove()
		p.unpipe()
	})
	p.listen(onClose)
	p.listen(onFinish)

	p.listen(events.EventOf[T](&c.EventEmitter, evData).On(func(chunk T) {
		if ok, _ := ws.write(chunk, nil); !ok {
			p.pause()
		}
	}))

	events.EventOf[Stream](d, evPipe).Emit(c.self)
	if ws.needsDrain() {
		p.pause()
	} else if !rs.flowing {
		rs.resume()
	}
}

func (p *pipe[T]) listen(l events.Listener) { p.listeners = append(p.listeners, l) }

func (p *pipe[T]) removeOnError() {
	p.onError.Remove()
	c := p.dst.c
	if i := slices.Index(c.pipeErrors, p.onError); i >= 0 {
		c.pipeErrors = slices.Delete(c.pipeErrors, i, i+1)
	}
}

func (p *pipe[T]) unpipe() { p.src.unpipeOne(p) }

// pause stops the source until this destination drains.
func (p *pipe[T]) pause() {
	rs := p.src
	if !p.cleanedUp && slices.Contains(rs.pipes, p) && !slices.Contains(rs.awaitDrain, p) {
		rs.awaitDrain = append(rs.awaitDrain, p)
	}
	rs.pause()
	if !p.drainSet {
		p.drainSet = true
		p.drainL = events.EventOf[struct{}](&p.dst.c.EventEmitter, evDrain).On(func(struct{}) { p.onDrain() })
	}
}

// onDrain resumes the source once every destination it waits for drained.
func (p *pipe[T]) onDrain() {
	rs := p.src
	if i := slices.Index(rs.awaitDrain, p); i >= 0 {
		rs.awaitDrain = slices.Delete(rs.awaitDrain, i, i+1)
	}
	if len(rs.awaitDrain) == 0 && rs.dataListening {
		rs.resume()
	}
}

// cleanup removes the pipe's listeners once it is broken.
func (p *pipe[T]) cleanup() {
	for _, l := range p.listeners {
		l.Remove()
	}
	p.listeners = nil
	p.removeOnError()
	if p.drainSet {
		p.drainL.Remove()
	}
	p.cleanedUp = true
	// A source waiting for this destination's drain would wait for ever:
	// count it as drained.
	if p.drainSet && len(p.src.awaitDrain) > 0 && p.dst.needDrain {
		p.onDrain()
	}
}

// unpipe is Node's Readable.prototype.unpipe.
func (rs *readSide[T]) unpipe(dst Writer[T]) {
	if len(rs.pipes) == 0 {
		return
	}
	if dst == nil {
		pipes := rs.pipes
		rs.pipes = nil
		rs.pause()
		for _, p := range pipes {
			rs.emitUnpipe(p)
		}
		return
	}
	ws := dst.writer()
	for _, p := range rs.pipes {
		if p.dst == ws {
			rs.unpipeOne(p)
			return
		}
	}
}

func (rs *readSide[T]) unpipeOne(p *pipe[T]) {
	i := slices.Index(rs.pipes, p)
	if i < 0 {
		return
	}
	rs.pipes = slices.Delete(rs.pipes, i, i+1)
	if len(rs.pipes) == 0 {
		rs.pause()
	}
	rs.emitUnpipe(p)
}

func (rs *readSide[T]) emitUnpipe(p *pipe[T]) {
	rs.unpiping = true
	events.EventOf[Stream](&p.dst.c.EventEmitter, evUnpipe).Emit(rs.c.self)
	rs.unpiping = false
}
