package fs

import (
	"errors"
	"syscall"

	"github.com/errfirst/loop"
)

// FS is the fs API on one loop: its methods are the package's functions,
// with the same contracts, run on that loop's pool and called back on its
// goroutine. Make one with On; the zero FS is not usable.
type FS struct {
	l *loop.Loop
}

// On returns the fs API on l. The FS it returns is small and may be kept or
// made again at will: FS values of one loop share everything (the
// WatchFile registry, for instance). It panics if l is nil.
func On(l *loop.Loop) *FS {
	if l == nil {
		panic("fs: On called with a nil *loop.Loop")
	}
	return &FS{l: l}
}

// Loop returns the loop f runs on.
func (f *FS) Loop() *loop.Loop { return f.l }

// def is the FS of the default loop, for the package-level functions. It
// is made per call (it does not escape), because loop.Default changes once
// the default loop has closed.
func def() *FS { return &FS{l: loop.Default()} }

// none is the value type of work that gives only an error.
type none = struct{}

// work runs fn on l's pool as KindFastIO work and calls cb on the loop
// goroutine with its outcome: the path every function of the package takes.
func work[T any](l *loop.Loop, fn func() (T, error), cb func(error, T)) {
	loop.WorkOn(l, loop.KindFastIO, fn, cb)
}

// work0 is work for calls whose callback takes only an error.
func work0(l *loop.Loop, fn func() error, cb func(error)) {
	loop.WorkOn(l, loop.KindFastIO, func() (none, error) { return none{}, fn() },
		func(err error, _ none) { cb(err) })
}

// must panics, naming the function, when a callback is missing: misuse is
// a panic at the call site, as Node throws ERR_INVALID_ARG_TYPE there.
func must(fn string, cbMissing bool) {
	if cbMissing {
		panic("fs: " + fn + " called with a nil callback")
	}
}

// ignoringEINTR calls fn until it stops failing with EINTR, which a
// signal (the Go runtime's preemption, for one) can cause on some file
// systems.
func ignoringEINTR(fn func() error) error {
	for {
		err := fn()
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// ignoringEINTRN is ignoringEINTR for calls that return a count.
func ignoringEINTRN(fn func() (int, error)) (int, error) {
	for {
		n, err := fn()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
