package loop_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/internal/nodetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rerunNode runs testdata/errors/NAME.js under node, when node is installed,
// and checks that it still prints NAME.out, which the tests read.
func rerunNode(t *testing.T, name string) {
	nodetest.Rerun(t, filepath.Join("testdata", "errors"), name)
}

func TestErrnoTableIsNodes(t *testing.T) {
	rerunNode(t, "system_error_map")
	data, err := os.ReadFile(filepath.Join("testdata", "errors", "system_error_map.out"))
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		errno, err := strconv.Atoi(f[0])
		require.NoError(t, err)
		e := loop.NewError(f[1], "x")
		assert.Equal(t, errno, e.Errno(), "errno of %s", f[1])
		if -errno < 3000 { // a system errno: Code reads it from a bare syscall.Errno too
			assert.Equal(t, f[1], loop.Code(syscall.Errno(-errno)), "code of errno %d", -errno)
			se := loop.NewSystemError(syscall.Errno(-errno), loop.SystemErrorInfo{Syscall: "x"})
			assert.Equal(t, f[1]+": "+f[2]+", x", se.Error(), "description of %s", f[1])
		}
	}
}

// failingCalls makes, in Go, the calls testdata/errors/forms.js makes in
// Node, and renders each error as the library does.
func failingCalls(t *testing.T, dir string) map[string]*loop.Error {
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o600))
	got := map[string]*loop.Error{}
	fsErr := func(label string, err error, syscall, path, dest string) {
		require.Error(t, err, label)
		got[label] = loop.NewSystemError(err, loop.SystemErrorInfo{Syscall: syscall, Path: path, Dest: dest})
	}
	missing := filepath.Join(dir, "missing", "x")
	_, err := os.Open(missing)
	fsErr("open a missing path", err, "open", missing, "")
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	fsErr("rename a missing file", os.Rename(a, b), "rename", a, b)
	fsErr("mkdir an existing directory", os.Mkdir(dir, 0o700), "mkdir", dir, "")
	_, err = os.ReadDir(file)
	fsErr("readdir a file", err, "scandir", file, "")
	_, err = os.ReadFile(dir)
	fsErr("readFile a directory", err, "read", "", "")
	fsErr("close a bad descriptor", syscall.Close(9999), "close", "", "")

	_, err = net.Dial("tcp", "127.0.0.1:1")
	require.Error(t, err)
	got["connect to a closed port"] = loop.NewSystemError(err, loop.SystemErrorInfo{Form: loop.FormNet, Syscall: "connect", Address: "127.0.0.1", Port: 1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = net.Listen("tcp", ln.Addr().String())
	require.Error(t, err)
	e := loop.NewSystemError(err, loop.SystemErrorInfo{Form: loop.FormNetDetailed, Syscall: "listen", Address: "127.0.0.1", Port: port})
	got["listen on a port in use"] = e
	return got
}

func TestSystemErrorsHaveNodesMessageAndFields(t *testing.T) {
	rerunNode(t, "forms")
	data, err := os.ReadFile(filepath.Join("testdata", "errors", "forms.out"))
	require.NoError(t, err)
	dir := t.TempDir()
	got := failingCalls(t, dir)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(line, "\t")
		label := f[0]
		t.Run(label, func(t *testing.T) {
			e := got[label]
			require.NotNil(t, e, "no Go twin for %q", label)
			port := ""
			if e.Port() > 0 {
				port = strconv.Itoa(e.Port())
			}
			norm := func(s string) string {
				s = strings.ReplaceAll(s, dir, "DIR")
				if port != "" && port != "1" {
					s = strings.ReplaceAll(s, port, "PORT")
				}
				return s
			}
			assert.Equal(t, f[1], norm(e.Error()), "message")
			assert.Equal(t, f[2], e.Code(), "code")
			assert.Equal(t, f[3], strconv.Itoa(e.Errno()), "errno")
			assert.Equal(t, f[4], e.Syscall(), "syscall")
			assert.Equal(t, f[5], norm(e.Path()), "path")
			assert.Equal(t, f[6], norm(e.Dest()), "dest")
			assert.Equal(t, f[7], e.Address(), "address")
			if f[8] == "" {
				assert.Zero(t, e.Port())
			} else {
				assert.Equal(t, f[8], norm(strconv.Itoa(e.Port())), "port")
			}
		})
	}
}

// libraryErrors returns an instance of every kind of error the root
// package gives its users, each with what errors.Is must match.
func libraryErrors(t *testing.T) []struct {
	name  string
	err   error
	code  string
	is    []error
	wraps string
} {
	// The closed-loop error of a request, as a callback receives it.
	l := newLoop(t)
	var closedPending error
	_, err := l.RunNoWait(func() {
		l.Close()
		loop.WorkOn(l, loop.KindCPU, func() (int, error) { return 0, nil }, func(err error, _ int) { closedPending = err })
	})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, openErr := os.Open("/nonexistent/x")
	boom := errors.New("boom")
	return []struct {
		name  string
		err   error
		code  string
		is    []error
		wraps string
	}{
		{"ErrClosed", loop.ErrClosed, "ERR_LOOP_CLOSED", []error{loop.ErrClosed}, ""},
		{"a request's closed-loop error", closedPending, "ERR_LOOP_CLOSED", []error{loop.ErrClosed}, ""},
		{"ErrCanceled", loop.ErrCanceled, "ECANCELED", []error{loop.ErrCanceled}, ""},
		{"ErrCloseTimeout", loop.ErrCloseTimeout, "ERR_LOOP_CLOSE_TIMEOUT", []error{loop.ErrCloseTimeout}, ""},
		{"a panic", &loop.PanicError{Value: boom}, "ERR_LOOP_PANIC", []error{boom}, ""},
		{"an AbortError", loop.AbortError(context.Cause(ctx)), "ABORT_ERR", []error{context.Canceled}, ""},
		{"a system error", loop.NewSystemError(openErr, loop.SystemErrorInfo{Syscall: "open", Path: "/nonexistent/x"}),
			"ENOENT", []error{fs.ErrNotExist, syscall.ENOENT}, "*fs.PathError"},
		{"a wrapped error", loop.WrapError("ERR_X", "x failed", boom), "ERR_X", []error{boom}, ""},
		{"an error wrapping a library error", fmt.Errorf("reading config: %w", loop.ErrCanceled), "ECANCELED", []error{loop.ErrCanceled}, ""},
	}
}

func TestEveryErrorCarriesItsNodeCode(t *testing.T) {
	for _, tc := range libraryErrors(t) {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.code, loop.Code(tc.err))
			var c loop.Coder
			require.ErrorAs(t, tc.err, &c, "the code is found through wrapping")
			for _, target := range tc.is {
				assert.ErrorIs(t, tc.err, target)
			}
			if tc.wraps == "*fs.PathError" {
				var pe *fs.PathError
				assert.ErrorAs(t, tc.err, &pe, "the Go error underneath is still there")
			}
		})
	}
	assert.Equal(t, "", loop.Code(nil))
	assert.Equal(t, "", loop.Code(errors.New("plain")))
	assert.Equal(t, "EPIPE", loop.Code(fmt.Errorf("write: %w", syscall.EPIPE)), "a bare errno has its libuv name")
}

func TestErrorsWithoutAnErrnoGetACode(t *testing.T) {
	e := loop.NewSystemError(net.ErrClosed, loop.SystemErrorInfo{Form: loop.FormNet, Syscall: "read"})
	assert.Equal(t, "UNKNOWN", e.Code())
	assert.Equal(t, "read UNKNOWN", e.Error())
	assert.ErrorIs(t, e, net.ErrClosed)
	e = loop.NewSystemError(net.ErrClosed, loop.SystemErrorInfo{Form: loop.FormNet, Syscall: "write", Code: "EPIPE"})
	assert.Equal(t, "EPIPE", e.Code())
	assert.Equal(t, -32, e.Errno())
	e = loop.NewSystemError(os.ErrDeadlineExceeded, loop.SystemErrorInfo{Syscall: "read", Code: "ERR_X"})
	assert.Equal(t, "ERR_X: i/o timeout, read", e.Error(), "a code with no libuv entry is described by the Go error")
}

func TestPanicErrorIsOneLineWithTheStackOnRequest(t *testing.T) {
	p := &loop.PanicError{Value: "boom", Stack: []byte("goroutine 1 [running]:\nmain.main()")}
	assert.Equal(t, "loop: panic: boom", p.Error())
	assert.Equal(t, "loop: panic: boom", fmt.Sprint(p))
	assert.Equal(t, "loop: panic: boom\n\ngoroutine 1 [running]:\nmain.main()", fmt.Sprintf("%+v", p))
	assert.Equal(t, `"loop: panic: boom"`, fmt.Sprintf("%q", p))
}
