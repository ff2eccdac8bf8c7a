package fs_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
)

// sandbox makes a fresh directory holding hello.txt ("hello") for an
// example, and returns it with the function that removes it.
func sandbox() (dir string, cleanup func()) {
	dir, err := os.MkdirTemp("", "fs-example-")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello"), 0o644); err != nil {
		panic(err)
	}
	return dir, func() { os.RemoveAll(dir) }
}

// Reading a file on the default loop, and telling a missing one apart the
// Go way and the Node way.
func ExampleReadFile() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.ReadFile(filepath.Join(dir, "hello.txt"), func(err error, data []byte) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Printf("%s\n", data)
		})
		fs.ReadFile(filepath.Join(dir, "missing.json"), func(err error, data []byte) {
			fmt.Println(errors.Is(err, fs.ErrNotExist), loop.Code(err))
		})
		fs.ReadFile(filepath.Join(dir, "hello.txt"), func(err error, data []byte) {
			fmt.Printf("%s %v\n", data, err)
		}, fs.ReadFileOptions{Encoding: "hex"})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Unordered output:
	// hello
	// true ENOENT
	// 68656c6c6f <nil>
}

// The same API on an explicit loop.
func ExampleOn() {
	dir, cleanup := sandbox()
	defer cleanup()
	l, err := loop.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	f := fs.On(l)
	err = l.Run(func() {
		f.Stat(filepath.Join(dir, "hello.txt"), func(err error, st *fs.Stats) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println(st.Name(), st.Size(), st.IsFile())
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: hello.txt 5 true
}

func ExampleWriteFile() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "out.txt")
	err := loop.Run(func() {
		fs.WriteFile(name, []byte("written"), func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.AppendFile(name, []byte(" and appended"), func(err error) {
				if err != nil {
					fmt.Println(err)
					return
				}
				fs.ReadFile(name, func(err error, data []byte) { fmt.Printf("%s %v\n", data, err) })
			})
		}, fs.WriteFileOptions{Mode: 0o600})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: written and appended <nil>
}

func ExampleAppendFile() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "hello.txt")
	err := loop.Run(func() {
		fs.AppendFile(name, []byte(", world"), func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.ReadFile(name, func(err error, data []byte) { fmt.Printf("%s %v\n", data, err) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: hello, world <nil>
}

// Errors carry Node's fields; errors.As finds Go's PathError under them.
func ExampleStat() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Stat(filepath.Join(dir, "nope"), func(err error, st *fs.Stats) {
			var le *loop.Error
			var pe *fs.PathError
			if errors.As(err, &le) && errors.As(err, &pe) {
				fmt.Println(le.Code(), le.Errno(), le.Syscall(), pe.Op, filepath.Base(pe.Path))
				fmt.Println(strings.Replace(err.Error(), dir, "DIR", 1))
			}
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// ENOENT -2 stat stat nope
	// ENOENT: no such file or directory, stat 'DIR/nope'
}

func ExampleLstat() {
	dir, cleanup := sandbox()
	defer cleanup()
	link := filepath.Join(dir, "link")
	if err := os.Symlink("hello.txt", link); err != nil {
		fmt.Println(err)
		return
	}
	err := loop.Run(func() {
		fs.Lstat(link, func(err error, st *fs.Stats) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println(st.IsSymbolicLink(), st.Mode()&os.ModeSymlink != 0)
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: true true
}

func ExampleAccess() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Access(filepath.Join(dir, "hello.txt"), fs.R_OK|fs.W_OK, func(err error) { fmt.Println("readable and writable:", err == nil) })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: readable and writable: true
}

// Exists is Node's deprecated fs.exists: its callback gets a bool, not an
// error.
func ExampleExists() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Exists(filepath.Join(dir, "hello.txt"), func(ok bool) { fmt.Println(ok) })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: true
}

func ExampleChmod() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "hello.txt")
	err := loop.Run(func() {
		fs.Chmod(name, 0o600, func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Stat(name, func(err error, st *fs.Stats) { fmt.Printf("%o %v\n", st.UnixMode(), err) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 100600 <nil>
}

func ExampleChown() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		// -1 leaves the owner and the group as they are.
		fs.Chown(filepath.Join(dir, "hello.txt"), -1, -1, func(err error) { fmt.Println(err) })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: <nil>
}

func ExampleLchown() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Lchown(filepath.Join(dir, "hello.txt"), -1, -1, func(err error) { fmt.Println(err) })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: <nil>
}

func ExampleCopyFile() {
	dir, cleanup := sandbox()
	defer cleanup()
	src, dst := filepath.Join(dir, "hello.txt"), filepath.Join(dir, "copy.txt")
	err := loop.Run(func() {
		fs.CopyFile(src, dst, fs.COPYFILE_EXCL, func(err error) {
			fmt.Println("first:", err)
			fs.CopyFile(src, dst, fs.COPYFILE_EXCL, func(err error) { fmt.Println("again:", loop.Code(err)) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// first: <nil>
	// again: EEXIST
}

func ExampleCp() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Cp(dir, dir+"-copy", fs.CpOptions{Recursive: true}, func(err error) {
			defer os.RemoveAll(dir + "-copy")
			if err != nil {
				fmt.Println(err)
				return
			}
			data, err := os.ReadFile(filepath.Join(dir+"-copy", "hello.txt"))
			fmt.Printf("%s %v\n", data, err)
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: hello <nil>
}

func ExampleLink() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Link(filepath.Join(dir, "hello.txt"), filepath.Join(dir, "hard"), func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Stat(filepath.Join(dir, "hard"), func(err error, st *fs.Stats) { fmt.Println(st.Nlink, err) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 2 <nil>
}

func ExampleSymlink() {
	dir, cleanup := sandbox()
	defer cleanup()
	link := filepath.Join(dir, "link")
	err := loop.Run(func() {
		fs.Symlink("hello.txt", link, func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Readlink(link, func(err error, target string) { fmt.Println(target, err) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: hello.txt <nil>
}

func ExampleReadlink() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Readlink(filepath.Join(dir, "hello.txt"), func(err error, target string) {
			fmt.Println(loop.Code(err)) // not a link
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: EINVAL
}

func ExampleRealpath() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Realpath(filepath.Join(dir, ".", "..", filepath.Base(dir), "hello.txt"), func(err error, resolved string) {
			fmt.Println(filepath.Base(resolved), filepath.IsAbs(resolved), err)
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: hello.txt true <nil>
}

func ExampleRename() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Rename(filepath.Join(dir, "hello.txt"), filepath.Join(dir, "renamed.txt"), func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Exists(filepath.Join(dir, "renamed.txt"), func(ok bool) { fmt.Println(ok) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: true
}

func ExampleUnlink() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Unlink(filepath.Join(dir, "hello.txt"), func(err error) {
			fmt.Println(err)
			fs.Unlink(filepath.Join(dir, "hello.txt"), func(err error) { fmt.Println(errors.Is(err, fs.ErrNotExist)) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// <nil>
	// true
}

// Mkdir with Recursive calls back with the first directory it created.
func ExampleMkdir() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Mkdir(filepath.Join(dir, "a", "b", "c"), fs.MkdirOptions{Recursive: true}, func(err error, first string) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println(strings.TrimPrefix(first, dir))
			fs.Mkdir(filepath.Join(dir, "a"), fs.MkdirOptions{}, func(err error, _ string) { fmt.Println(loop.Code(err)) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// /a
	// EEXIST
}

func ExampleMkdtemp() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Mkdtemp(filepath.Join(dir, "tmp-"), func(err error, made string) {
			fmt.Println(len(filepath.Base(made)), err) // "tmp-" and six random characters
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 10 <nil>
}

func ExampleRmdir() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Rmdir(dir, func(err error) { fmt.Println(loop.Code(err)) })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: ENOTEMPTY
}

func ExampleRm() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Rm(dir, fs.RmOptions{}, func(err error) {
			fmt.Println(loop.Code(err))
			fs.Rm(dir, fs.RmOptions{Recursive: true}, func(err error) {
				fmt.Println(err)
				fs.Rm(dir, fs.RmOptions{Force: true}, func(err error) { fmt.Println(err) })
			})
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// ERR_FS_EISDIR
	// <nil>
	// <nil>
}

func ExampleReaddir() {
	dir, cleanup := sandbox()
	defer cleanup()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		fmt.Println(err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "deep.txt"), nil, 0o644); err != nil {
		fmt.Println(err)
		return
	}
	err := loop.Run(func() {
		fs.Readdir(dir, fs.ReaddirOptions{Recursive: true}, func(err error, names []string) { fmt.Println(names, err) })
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: [hello.txt sub sub/deep.txt] <nil>
}

func ExampleReaddirWithFileTypes() {
	dir, cleanup := sandbox()
	defer cleanup()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		fmt.Println(err)
		return
	}
	err := loop.Run(func() {
		fs.ReaddirWithFileTypes(dir, fs.ReaddirOptions{}, func(err error, entries []*fs.Dirent) {
			if err != nil {
				fmt.Println(err)
				return
			}
			for _, e := range entries {
				fmt.Println(e.Name, e.IsDirectory(), e.ParentPath == dir)
			}
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// hello.txt false true
	// sub true true
}

// A Dir reads one entry at a time; a nil entry is the end.
func ExampleOpendir() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Opendir(dir, fs.OpendirOptions{}, func(err error, d *fs.Dir) {
			if err != nil {
				fmt.Println(err)
				return
			}
			var next func()
			next = func() {
				d.Read(func(err error, e *fs.Dirent) {
					switch {
					case err != nil:
						fmt.Println(err)
					case e == nil:
						d.Close(func(err error) { fmt.Println("closed", err) })
					default:
						fmt.Println(e.Name)
						next()
					}
				})
			}
			next()
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// hello.txt
	// closed <nil>
}

func ExampleTruncate() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "hello.txt")
	err := loop.Run(func() {
		fs.Truncate(name, 2, func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.ReadFile(name, func(err error, data []byte) { fmt.Printf("%s %v\n", data, err) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: he <nil>
}

func ExampleUtimes() {
	dir, cleanup := sandbox()
	defer cleanup()
	name := filepath.Join(dir, "hello.txt")
	when := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	err := loop.Run(func() {
		fs.Utimes(name, when, when, func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Stat(name, func(err error, st *fs.Stats) { fmt.Println(st.Mtime.UTC(), st.MtimeMs, err) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: 2020-01-02 03:04:05 +0000 UTC 1.577934245e+12 <nil>
}

func ExampleLutimes() {
	dir, cleanup := sandbox()
	defer cleanup()
	link := filepath.Join(dir, "link")
	if err := os.Symlink("hello.txt", link); err != nil {
		fmt.Println(err)
		return
	}
	when := time.Unix(1e9, 0)
	err := loop.Run(func() {
		fs.Lutimes(link, when, when, func(err error) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fs.Lstat(link, func(err error, st *fs.Stats) { fmt.Println(st.Mtime.Equal(when), err) })
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: true <nil>
}

func ExampleStatfs() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.Statfs(dir, func(err error, st *fs.StatFs) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println(st.Bsize > 0, st.Blocks >= st.Bfree)
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: true true
}

func ExampleRealpathNative() {
	dir, cleanup := sandbox()
	defer cleanup()
	err := loop.Run(func() {
		fs.RealpathNative(filepath.Join(dir, "nope"), func(err error, resolved string) {
			fmt.Println(strings.Replace(err.Error(), dir, "DIR", 1))
		})
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output: ENOENT: no such file or directory, realpath 'DIR/nope'
}
