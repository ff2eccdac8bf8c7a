// Package stream is Node's streams on the loop: Readable, Writable,
// Duplex, Transform and PassThrough, with Node's events, modes and
// backpressure; Pipe, Pipeline and Finished; and bridges to Go's io.Reader
// and io.Writer. The fs and net packages hand their data through it.
//
// # Bytes and objects
//
// Every stream type is generic in its chunk type: ReadableOf[T],
// WritableOf[T], DuplexOf[R, W], TransformOf[I, O]. Readable, Writable,
// Duplex, Transform and PassThrough are the byte forms ([]byte chunks), in
// byte mode: high-water marks count bytes, and Read(n) cuts and joins
// chunks. Any other chunk type is object mode, Node's objectMode: each
// chunk counts as one and is never cut (ObjectMode forces it on []byte
// chunks). The mode is fixed when the stream is made, so the byte path does
// not test for objects (BenchmarkPushRead compares the two).
//
//	src := stream.NewReadable(l, stream.ReadableOptions{Read: func(r *stream.Readable, n int) {
//		r.Push(next()) // Push returns false once the buffer is at the mark
//	}})
//	dst := stream.NewWritable(l, stream.WritableOptions{Write: func(chunk []byte, done func(error)) {
//		save(chunk)
//		done(nil)
//	}})
//	stream.Pipeline(func(err error) { fmt.Println("done:", err) }, src, dst)
//
// # Events
//
// Each stream embeds an events.EventEmitter, so ported code can use
// On("data", ...); typed methods (OnData, OnEnd, OnFinish, OnError, ...)
// register on the same lists without boxing. Events come in Node's order;
// those Node emits on a later tick ('readable', 'end', 'finish', 'close',
// 'error' from a destroy) come from a NextTick here, never from inside the
// call that causes them. Everything happens on the loop goroutine: a
// stream must be made and used there.
//
// # Liveness and the loop's close
//
// A stream is a handle of its loop. While it waits for something (a
// readable side that flows or has a 'readable' listener and has not ended,
// a writable side with writes or an end pending), it keeps the loop alive,
// as Node's sockets and files do; once every side is done, it lets go, and
// Report no longer lists it. When the loop closes, every live stream is
// destroyed with an error wrapping loop.ErrClosed: each pending write or
// End callback is called once with it, and 'close' is emitted ('error'
// too, if the stream has an 'error' listener).
//
// # Where streams differ from Node
//
//   - A destroyed stream calls back its buffered writes and its End
//     callbacks on the next tick, even while a write is in flight; Node
//     waits for that write to complete, and never calls them if it does
//     not. Here every callback runs once.
//   - A write that completes inside the implementation's Write has its
//     callback called on a tick of its own; Node joins the ticks of such
//     writes when they share one callback function, which Go cannot
//     compare. (Writes without a callback need no tick, as in Node.)
//   - There are no strings: SetEncoding makes a byte stream deliver the
//     bytes of text in the encoding (UTF-8), with Node's guarantee that no
//     character is split across chunks.
//   - From's 'close' comes as soon as the stream is destroyed; Node's
//     Readable.from waits for the async iterator's return first.
//   - A Readable with no 'data' listener that flows keeps the loop alive,
//     where Node's process would exit; a Readable that waits for nothing
//     (paused, not read) does not.
package stream
