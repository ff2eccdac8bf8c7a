// Package fs is Node 20's callback file-system API on the loop: every
// callback function of Node's fs under its name in Go's case (fs.readFile
// is ReadFile), file streams on package stream, and watchers.
//
//	fs.ReadFile("config.json", func(err error, data []byte) {
//		if errors.Is(err, fs.ErrNotExist) { ... } // Go's way
//		if loop.Code(err) == "ENOENT" { ... }    // Node's way
//	})
//
// # Goroutines and callbacks
//
// Each function runs its blocking part (the system calls) on the loop's
// worker pool as loop.KindFastIO work, and calls its callback on the loop
// goroutine, exactly once, never from inside the call that registered it,
// the loop's close included (a callback then gets an error wrapping
// loop.ErrClosed if its work never ran, and the real outcome if it did). The
// functions must be called on the loop goroutine: from a callback, or before
// Run. The package-level functions use the default loop, as http.Get uses
// http.DefaultClient; On(l) returns the same API on an explicit loop:
//
//	f := fs.On(l)
//	f.Stat(name, func(err error, st *fs.Stats) { ... })
//
// # Arguments
//
// Node's arguments come in Node's order with Go types. The rules are the
// same everywhere:
//
//   - Options. A function whose Node form takes an options object that
//     changes what it does takes a struct before the callback, named after
//     it (MkdirOptions, RmOptions, ReaddirOptions, ...); its zero value is
//     Node's defaults, so a Node default of true is a field named for its
//     opposite (CpOptions.KeepExisting is Node's force: false). ReadFile,
//     WriteFile and AppendFile, whose options are seldom given, take them
//     last, as an optional variadic argument, so the common call reads as
//     Node's: ReadFile(name, cb) or ReadFile(name, cb, ReadFileOptions{...}).
//   - Modes are Node's numbers (0o644, with the S_IS* bits), as uint32; 0
//     means Node's default (0o666 for files, 0o777 for directories).
//   - Flags are Node's strings: r, r+, rs+, w, wx, w+, wx+, a, ax, a+, ax+
//     (and as, as+). An unknown one panics, as Node throws.
//   - Positions: Read, Write, Readv and Writev take an offset, or
//     CurrentPosition (Node's null) for the descriptor's own position.
//   - Text: Go strings are bytes, so there are no string-returning
//     variants. An Encoding option (hex, base64, latin1, utf16le, ...) makes
//     the bytes a call gives or takes text in that encoding, as the stream
//     package's SetEncoding does.
//   - Descriptors are Node's plain ints, owned by the caller from Open's
//     callback until Close's.
//   - Node's signal is a context.Context (the Context option): once it is
//     done, the call stops at its next step and its callback receives
//     loop.AbortError (code ABORT_ERR).
//   - Misuse (a nil callback, bad flags, an unknown encoding) panics at the
//     call site, as Node throws ERR_INVALID_ARG_TYPE there; what the system
//     says goes to the callback.
//
// # Errors
//
// A failed call's error is a *loop.Error in Node's shape, with Node's
// message ("ENOENT: no such file or directory, open '/x'"), code, errno,
// syscall, path and dest, over Go's own error for the same failure: an
// io/fs *PathError (Op is Node's syscall name; its Path is "" for a call on
// a descriptor) or, for the calls on two paths, an *os.LinkError. So
// errors.Is(err, fs.ErrNotExist) (this package re-exports io/fs's
// sentinels), errors.Is(err, syscall.ENOENT), errors.As(err, &pathErr) and
// loop.Code(err) all work. The errors Node raises from its JavaScript (rm's
// and cp's ERR_FS_EISDIR, ERR_FS_CP_EEXIST, ...) have Node's code and
// message and wrap the errno the same way. testdata/errors.js and
// permission.js hold the node side of the tests that check every function's
// main errors against node.
//
// # Big files and fairness
//
// ReadFile and WriteFile go in chunks of ReadFileChunk (512 KiB, Node's
// kReadFileBufferLength), each its own pool work queued behind whatever
// arrived meanwhile, so reading a huge file holds a worker for one chunk at
// a time and small requests keep moving; a file that fits in one chunk is
// opened, read and closed in a single piece of work. ReadFile fails with
// ERR_FS_FILE_TOO_LARGE beyond MaxReadFileSize, and reads files that report
// a size of 0 (/proc) to their end.
//
// # Streams and watchers
//
// CreateReadStream and CreateWriteStream return a stream.Readable and a
// stream.Writable whose reads and writes run on the pool, a chunk at a
// time, with Node's 'open' and 'ready' events; they work with stream.Pipe
// and stream.Pipeline. Watch (inotify, through fsnotify, recursive on
// Linux) and WatchFile (stat polling) return watchers that are loop
// handles: they keep the loop alive until closed, Unref is Node's
// persistent: false, and the loop's close closes them.
//
// # Where the package differs from Node
//
//   - Node's optional middle arguments are required (Access's mode,
//     CopyFile's mode, Open's flags and mode), or an options struct.
//   - Stats has Node's fields, but Size and UnixMode (Node's mode) are
//     methods, since a *Stats is also an io/fs.FileInfo; there is no bigint
//     form (the fields are 64-bit) and no encoding option for names (Go
//     names are bytes).
//   - Readdir's withFileTypes is its own function, ReaddirWithFileTypes,
//     because its callback takes another type.
//   - Watch returns its error rather than throwing it. UnwatchFile removes
//     every listener of the path; to remove one, Remove the events.Listener
//     that StatWatcher.OnChange returned.
//   - Dir.Read and Dir.Close after Close give their callback ErrDirClosed
//     (Node's read throws it).
//   - ReadFile and WriteFile take a path, not a descriptor; Open takes flag
//     strings, not numbers; Symlink has no type (a Windows matter); Node's
//     ERR_FS_* SystemErrors report a positive errno, these report 0 (the
//     errno is the wrapped syscall.Errno).
//   - Not here: lchmod (Node has none on Linux either), openAsBlob and the
//     promises API. Node's realpath.native is RealpathNative.
//   - ReadStreamOptions.ReuseBuffers, which Node's fs has not, lets a
//     consumer that does not keep chunks save one allocation per read.
package fs
