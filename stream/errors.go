package stream

import "github.com/errfirst/loop"

// The errors of the stream package. Each carries Node's code (read it with
// loop.Code) and Node's message; compare with errors.Is.
var (
	// ErrWriteAfterEnd is given to a write made after End: Node's
	// ERR_STREAM_WRITE_AFTER_END, through the write's callback and as the
	// stream's 'error'.
	ErrWriteAfterEnd = loop.NewError("ERR_STREAM_WRITE_AFTER_END", "write after end")

	// ErrPrematureClose is what Finished and Pipeline report for a stream
	// that closed before it ended or finished: ERR_STREAM_PREMATURE_CLOSE.
	ErrPrematureClose = loop.NewError("ERR_STREAM_PREMATURE_CLOSE", "Premature close")

	// ErrDestroyed is given to writes on a destroyed stream, and to the
	// writes still buffered when a stream is destroyed without an error:
	// ERR_STREAM_DESTROYED.
	ErrDestroyed = loop.NewError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed")

	// ErrMultipleCallback is the stream's 'error' when an implementation
	// calls a write's or final's done function twice: ERR_MULTIPLE_CALLBACK.
	ErrMultipleCallback = loop.NewError("ERR_MULTIPLE_CALLBACK", "Callback called multiple times")

	// ErrPushAfterEOF is the stream's 'error' when data is pushed after the
	// end was pushed: ERR_STREAM_PUSH_AFTER_EOF.
	ErrPushAfterEOF = loop.NewError("ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF")

	// ErrUnshiftAfterEnd is the stream's 'error' when data is unshifted
	// after 'end': ERR_STREAM_UNSHIFT_AFTER_END_EVENT.
	ErrUnshiftAfterEnd = loop.NewError("ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event")

	// ErrAlreadyFinished is given to the callback of an End called after
	// the stream finished: ERR_STREAM_ALREADY_FINISHED.
	ErrAlreadyFinished = loop.NewError("ERR_STREAM_ALREADY_FINISHED", "Cannot call end after a stream was finished")

	// ErrNotImplemented is the stream's 'error' when it needs a function its
	// options did not give (Read, Write, Transform): Node's
	// ERR_METHOD_NOT_IMPLEMENTED.
	ErrNotImplemented = loop.NewError("ERR_METHOD_NOT_IMPLEMENTED", "The method is not implemented")

	errEndDestroyed  = loop.WrapError("ERR_STREAM_DESTROYED", "Cannot call end after a stream was destroyed", ErrDestroyed)
	errPipeDestroyed = loop.WrapError("ERR_STREAM_DESTROYED", "Cannot call pipe after a stream was destroyed", ErrDestroyed)
)

func notImplemented(method string) error {
	return loop.WrapError(ErrNotImplemented.Code(), "The "+method+" method is not implemented", ErrNotImplemented)
}
