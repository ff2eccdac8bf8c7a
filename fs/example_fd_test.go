package fs_test

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
)

// Open, Read and Close: a descriptor is Node's plain int. CurrentPosition
// reads from where the last read ended.
func ExampleOpen() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Open(filepath.Join(dir, "hello.txt"), "r", 0, func(err error, fd int) {
			if err != nil {
				fmt.Println(err)
				return
			}
			buf := make([]byte, 3)
			fs.Read(fd, buf, fs.CurrentPosition, func(err error, n int) {
				fmt.Printf("%q %v\n", buf[:n], err)
				fs.Read(fd, buf, fs.CurrentPosition, func(err error, n int) {
					fmt.Printf("%q %v\n", buf[:n], err)
					fs.Close(fd, func(err error) { fmt.Println("closed", err) })
				})
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// "hel" <nil>
	// "lo" <nil>
	// closed <nil>
}

func ExampleClose() {
	err := loop.Run(func() {
		fs.Close(9999, func(err error) { fmt.Println(err) })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: EBADF: bad file descriptor, close
}

// A position reads there, and leaves the file position alone.
func ExampleRead() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Open(filepath.Join(dir, "hello.txt"), "r", 0, func(err error, fd int) {
			if err != nil {
				fmt.Println(err)
				return
			}
			buf := make([]byte, 4)
			fs.Read(fd, buf, 1, func(err error, n int) {
				fmt.Printf("%q %v\n", buf[:n], err)
				fs.Close(fd, nil)
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: "ello" <nil>
}

func ExampleWrite() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "hello.txt")
	err := loop.Run(func() {
		fs.Open(name, "r+", 0, func(err error, fd int) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Write(fd, []byte("J"), 0, func(err error, n int) {
				fmt.Println(n, err)
				fs.Close(fd, func(error) {
					fs.ReadFile(name, func(err error, data []byte) { fmt.Printf("%s %v\n", data, err) })
				})
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 1 <nil>
	// Jello <nil>
}

func ExampleReadv() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Open(filepath.Join(dir, "hello.txt"), "r", 0, func(err error, fd int) {
			if err != nil {
				fmt.Println(err)
				return
			}
			a, b := make([]byte, 2), make([]byte, 3)
			fs.Readv(fd, [][]byte{a, b}, 0, func(err error, n int) {
				fmt.Printf("%d %q %q %v\n", n, a, b, err)
				fs.Close(fd, nil)
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 5 "he" "llo" <nil>
}

func ExampleWritev() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "v.txt")
	err := loop.Run(func() {
		fs.Open(name, "w", 0o644, func(err error, fd int) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Writev(fd, [][]byte{[]byte("one "), []byte("two")}, fs.CurrentPosition, func(err error, n int) {
				fmt.Println(n, err)
				fs.Close(fd, func(error) {
					fs.ReadFile(name, func(err error, data []byte) { fmt.Printf("%s\n", data) })
				})
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 7 <nil>
	// one two
}

// withFile opens hello.txt read-write for the descriptor examples and
// closes it after use.
func withFile(dir string, use func(fd int, done func())) {
	fs.Open(filepath.Join(dir, "hello.txt"), "r+", 0, func(err error, fd int) {
		if err != nil {
			fmt.Println(err)
			return
		}
		use(fd, func() { fs.Close(fd, nil) })
	})
}

func ExampleFstat() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		withFile(dir, func(fd int, done func()) {
			fs.Fstat(fd, func(err error, st *fs.Stats) {
				fmt.Println(st.Size(), st.IsFile(), err)
				done()
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 5 true <nil>
}

func ExampleFsync() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		withFile(dir, func(fd int, done func()) {
			fs.Fsync(fd, func(err error) { fmt.Println(err); done() })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: <nil>
}

func ExampleFdatasync() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		withFile(dir, func(fd int, done func()) {
			fs.Fdatasync(fd, func(err error) { fmt.Println(err); done() })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: <nil>
}

func ExampleFtruncate() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		withFile(dir, func(fd int, done func()) {
			fs.Ftruncate(fd, 1, func(err error) {
				fs.Fstat(fd, func(_ error, st *fs.Stats) { fmt.Println(st.Size(), err); done() })
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 1 <nil>
}

func ExampleFchmod() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		withFile(dir, func(fd int, done func()) {
			fs.Fchmod(fd, 0o640, func(err error) {
				fs.Fstat(fd, func(_ error, st *fs.Stats) { fmt.Println(st.Mode(), err); done() })
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: -rw-r----- <nil>
}

func ExampleFchown() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		withFile(dir, func(fd int, done func()) {
			fs.Fchown(fd, -1, -1, func(err error) { fmt.Println(err); done() })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: <nil>
}

func ExampleFutimes() {
	dir, cleanup := sandbox()
	defer cleanup()
	when := time.Unix(1234567890, 500_000_000)
	err := loop.Run(func() {
		withFile(dir, func(fd int, done func()) {
			fs.Futimes(fd, when, when, func(err error) {
				fs.Fstat(fd, func(_ error, st *fs.Stats) { fmt.Println(st.AtimeMs, err); done() })
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 1.2345678905e+12 <nil>
}
