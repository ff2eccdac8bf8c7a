package stream

// chunkOps are the operations a stream's buffer needs on its chunks. A
// stream of []byte is in byte mode: its high-water mark counts bytes, and
// Read(n) cuts and joins chunks. Any other chunk type, or ObjectMode, is
// object mode: each chunk counts as one, and is never cut. The functions
// are picked once, when the stream is made, so the byte path pays one
// indirect call per chunk and no type test.
type chunkOps[T any] struct {
	objectMode bool
	size       func(T) int
	// The byte mode's: join the first n bytes of chunks into one, cut a
	// chunk after n bytes, and tell a nil chunk (Push(nil), the end).
	join  func(chunks []T, n int) T
	cut   func(chunk T, n int) (head, tail T)
	isNil func(T) bool
	bytes func(T) []byte // T is []byte: the same slice
	from  func([]byte) T
}

func opsFor[T any](objectMode bool) chunkOps[T] {
	var zero T
	if _, ok := any(zero).([]byte); ok && !objectMode {
		return any(byteOps).(chunkOps[T])
	}
	ops := chunkOps[T]{objectMode: true, size: func(T) int { return 1 }, isNil: func(T) bool { return false }}
	if _, ok := any(zero).([]byte); ok { // []byte chunks counted one by one
		b := any(byteOps).(chunkOps[T])
		ops.isNil, ops.bytes, ops.from = b.isNil, b.bytes, b.from
	}
	return ops
}

var byteOps = chunkOps[[]byte]{
	size:  func(b []byte) int { return len(b) },
	join:  joinBytes,
	cut:   func(b []byte, n int) ([]byte, []byte) { return b[:n:n], b[n:] },
	isNil: func(b []byte) bool { return b == nil },
	bytes: func(b []byte) []byte { return b },
	from:  func(b []byte) []byte { return b },
}

// joinBytes copies the first n bytes of chunks into a new slice.
func joinBytes(chunks [][]byte, n int) []byte {
	out := make([]byte, 0, n)
	for _, c := range chunks {
		if len(out)+len(c) >= n {
			return append(out, c[:n-len(out)]...)
		}
		out = append(out, c...)
	}
	return out
}
