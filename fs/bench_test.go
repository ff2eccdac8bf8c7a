package fs_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
)

// fanIn runs b.N calls, 64 outstanding, each callback starting the next,
// as the bench/fs workloads do.
func fanIn(b *testing.B, call func(f *fs.FS, cb func(error))) {
	l, err := loop.New()
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	f := fs.On(l)
	started := 0
	var next func()
	cb := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
		next()
	}
	next = func() {
		if started < b.N {
			started++
			call(f, cb)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	if err := l.Run(func() {
		for range 64 {
			next()
		}
	}); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkStat(b *testing.B) {
	name := filepath.Join(b.TempDir(), "f")
	if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
		b.Fatal(err)
	}
	fanIn(b, func(f *fs.FS, cb func(error)) { f.Stat(name, func(err error, _ *fs.Stats) { cb(err) }) })
}

func BenchmarkReadFile4K(b *testing.B) {
	name := filepath.Join(b.TempDir(), "f")
	if err := os.WriteFile(name, make([]byte, 4096), 0o644); err != nil {
		b.Fatal(err)
	}
	fanIn(b, func(f *fs.FS, cb func(error)) { f.ReadFile(name, func(err error, _ []byte) { cb(err) }) })
}
