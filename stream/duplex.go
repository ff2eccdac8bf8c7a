package stream

import (
	"context"

	"github.com/errfirst/loop"
)

// DuplexOf is Node's stream.Duplex: a stream that is both readable, with
// chunks of type R, and writable, with chunks of type W, as a socket is.
// The two sides are independent but share the stream's events, its
// destroy and its end: with half-open disallowed, the end of the readable
// side ends the writable side too; by default (Node's allowHalfOpen), it
// does not. Duplex, its byte form, is DuplexOf[[]byte, []byte].
//
// It has the methods of ReadableOf and of WritableOf.
type DuplexOf[R, W any] struct {
	core
	readSide[R]
	writeSide[W]
}

// Duplex is a duplex stream of bytes.
type Duplex = DuplexOf[[]byte, []byte]

// DuplexOptionsOf configures a DuplexOf[R, W].
type DuplexOptionsOf[R, W any] struct {
	// HighWaterMark applies to both sides; ReadableHighWaterMark and
	// WritableHighWaterMark set one side's when HighWaterMark is 0. (As in
	// Node, the common one wins when both are set.) Each is as in
	// ReadableOptionsOf.
	HighWaterMark         int
	ReadableHighWaterMark int
	WritableHighWaterMark int
	// ObjectMode applies to both sides; ReadableObjectMode and
	// WritableObjectMode to one.
	ObjectMode         bool
	ReadableObjectMode bool
	WritableObjectMode bool
	// Encoding is the readable side's, as SetEncoding.
	Encoding string
	// Read is the readable side's, as in ReadableOptionsOf.
	Read func(d *DuplexOf[R, W], n int)
	// Write, Writev and Final are the writable side's, as in
	// WritableOptionsOf.
	Write  func(chunk W, done func(error))
	Writev func(chunks []W, done func(error))
	Final  func(done func(error))
	// Destroy and Construct are as in ReadableOptionsOf.
	Destroy   func(err error, cb func(error))
	Construct func(cb func(error))
	// DisallowHalfOpen ends the writable side when the readable side ends
	// (Node's allowHalfOpen: false, as net.Socket's default).
	DisallowHalfOpen bool
	// DisableReadable and DisableWritable make a side that is done from the
	// start (Node's readable: false, writable: false).
	DisableReadable bool
	DisableWritable bool
	// DisableAutoDestroy, DisableEmitClose, Context and Handle are as in
	// ReadableOptionsOf.
	DisableAutoDestroy bool
	DisableEmitClose   bool
	Context            context.Context
	Handle             *loop.Handle
}

// DuplexOptions configures a Duplex (of bytes).
type DuplexOptions = DuplexOptionsOf[[]byte, []byte]

// NewDuplex returns a duplex stream on l (the default loop if nil),
// configured by opts. It must be called on the loop goroutine.
func NewDuplex[R, W any](l *loop.Loop, opts DuplexOptionsOf[R, W]) *DuplexOf[R, W] {
	d := &DuplexOf[R, W]{}
	var read func(int)
	if opts.Read != nil {
		read = func(n int) { opts.Read(d, n) }
	}
	d.initDuplex("NewDuplex", l, d, "duplex", opts, read)
	return d
}

// initDuplex sets up both sides, for NewDuplex and NewTransform.
func (d *DuplexOf[R, W]) initDuplex(fn string, l *loop.Loop, self Stream, kind string, opts DuplexOptionsOf[R, W], read func(int)) {
	rObj := opts.ObjectMode || opts.ReadableObjectMode
	wObj := opts.ObjectMode || opts.WritableObjectMode
	rh, wh := opts.HighWaterMark, opts.HighWaterMark
	if rh == 0 {
		rh, wh = opts.ReadableHighWaterMark, opts.WritableHighWaterMark
	}
	d.readSide.init(&d.core, highWaterMark(fn, rh, objectModeOf[R](rObj)), rObj, opts.Encoding, read)
	d.writeSide.init(&d.core, highWaterMark(fn, wh, objectModeOf[W](wObj)), wObj)
	d.writeImpl, d.writevImpl, d.finalImpl = opts.Write, opts.Writev, opts.Final
	d.readSide.disabled, d.writeSide.disabled = opts.DisableReadable, opts.DisableWritable
	if opts.DisableReadable {
		d.readSide.ended, d.endEmitted = true, true
	}
	if opts.DisableWritable {
		d.writeSide.ending, d.writeSide.ended, d.finished = true, true, true
	}
	d.rd, d.wr = &d.readSide, &d.writeSide
	d.allowHalfOpen = !opts.DisallowHalfOpen
	d.destroyImpl = opts.Destroy
	d.core.init(fn, l, self, coreOptions{
		kind: kind, handle: opts.Handle, ctx: opts.Context,
		disableAutoDestroy: opts.DisableAutoDestroy, disableEmitClose: opts.DisableEmitClose,
	})
	if opts.Construct != nil {
		d.construct(opts.Construct, func() {
			if d.needReadable {
				d.maybeReadMore()
			}
			d.onConstructed()
		})
	}
}

// AllowHalfOpen reports whether the writable side stays open after the
// readable side ends.
func (d *DuplexOf[R, W]) AllowHalfOpen() bool { return d.allowHalfOpen }
