package fs_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/fs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// watchLog collects a watcher's events on the loop.
type watchLog struct{ events []string }

func (w *watchLog) add(typ, name string) { w.events = append(w.events, typ+" "+name) }

// step makes one change in the tree from the loop goroutine (on the pool,
// as a test would from another process) and waits until the events it
// should cause have arrived, then a little longer for any extra one, and
// returns them.
func step(t *testing.T, l *loop.Loop, log *watchLog, change func() error, want ...string) {
	t.Helper()
	log.events = nil
	loop.WorkOn(l, loop.KindCPU, func() (struct{}, error) { return struct{}{}, change() }, func(err error, _ struct{}) {
		require.NoError(t, err)
	})
	tick := l.SetInterval(func() {}, 5*time.Millisecond) // so RunOnce returns
	defer tick.Close()
	deadline := time.Now().Add(5 * time.Second)
	for !containsAll(log.events, want) && time.Now().Before(deadline) {
		_, err := l.RunOnce(nil)
		require.NoError(t, err)
	}
	// Anything more (a duplicate) would arrive within a few milliseconds.
	settle := l.SetTimeout(func() {}, 50*time.Millisecond)
	for settle.Pending() {
		_, err := l.RunOnce(nil)
		require.NoError(t, err)
	}
	slices.Sort(log.events)
	w := slices.Clone(want)
	slices.Sort(w)
	assert.Equal(t, w, log.events)
}

func containsAll(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// TestWatchATreeRecursively watches a directory with Recursive and
// creates, modifies, renames and removes entries, at the top and in a
// directory created after the watch started: every change arrives once,
// as Node's (eventType, filename).
func TestWatchATreeRecursively(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "old"), 0o755))
	l, f := newFS(t)
	log := &watchLog{}
	var w *fs.FSWatcher
	var err error
	_, err = l.RunNoWait(func() { w, err = f.Watch(dir, fs.WatchOptions{Recursive: true}, log.add) })
	require.NoError(t, err)
	p := func(elem ...string) string { return filepath.Join(append([]string{dir}, elem...)...) }
	write := func(name, s string) func() error { return func() error { return os.WriteFile(name, []byte(s), 0o644) } }
	append_ := func(name string) func() error {
		return func() error {
			file, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			_, err = file.WriteString("more")
			return errors_join(err, file.Close())
		}
	}

	t.Run("a file created at the top", func(t *testing.T) {
		step(t, l, log, write(p("a"), "x"), "rename a", "change a")
	})
	t.Run("a file modified", func(t *testing.T) { step(t, l, log, append_(p("a")), "change a") })
	t.Run("a file renamed", func(t *testing.T) {
		step(t, l, log, func() error { return os.Rename(p("a"), p("b")) }, "rename a", "rename b")
	})
	t.Run("a file removed", func(t *testing.T) { step(t, l, log, func() error { return os.Remove(p("b")) }, "rename b") })
	t.Run("a file in a directory that existed", func(t *testing.T) {
		step(t, l, log, write(p("old", "c"), "x"), "rename old/c", "change old/c")
	})
	t.Run("a directory created after the watch", func(t *testing.T) {
		step(t, l, log, func() error { return os.Mkdir(p("new"), 0o755) }, "rename new")
	})
	t.Run("a file created in it", func(t *testing.T) {
		step(t, l, log, write(p("new", "d"), "x"), "rename new/d", "change new/d")
	})
	t.Run("modified in it", func(t *testing.T) { step(t, l, log, append_(p("new", "d")), "change new/d") })
	t.Run("renamed in it", func(t *testing.T) {
		step(t, l, log, func() error { return os.Rename(p("new", "d"), p("new", "e")) }, "rename new/d", "rename new/e")
	})
	t.Run("removed from it", func(t *testing.T) {
		step(t, l, log, func() error { return os.Remove(p("new", "e")) }, "rename new/e")
	})
	t.Run("a tree moved in at once, found by the watcher's scan", func(t *testing.T) {
		outside := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(outside, "deep", "er"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(outside, "deep", "er", "f"), []byte("x"), 0o644))
		step(t, l, log, func() error { return os.Rename(filepath.Join(outside, "deep"), p("deep")) },
			"rename deep", "rename deep/er", "rename deep/er/f")
	})
	t.Run("a file modified in the moved tree", func(t *testing.T) {
		step(t, l, log, append_(p("deep", "er", "f")), "change deep/er/f")
	})
	t.Run("the directory removed", func(t *testing.T) {
		step(t, l, log, func() error { return os.RemoveAll(p("deep")) }, "rename deep/er/f", "rename deep/er", "rename deep")
	})

	closed := false
	w.OnClose(func() { closed = true })
	require.NoError(t, l.Run(func() { w.Close(nil) }))
	assert.True(t, closed)
}

func errors_join(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// TestWatchAFile: a watched file reports changes under its own name.
func TestWatchAFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "watched")
	require.NoError(t, os.WriteFile(name, []byte("x"), 0o644))
	l, f := newFS(t)
	log := &watchLog{}
	var w *fs.FSWatcher
	var err error
	_, err = l.RunNoWait(func() { w, err = f.Watch(name, fs.WatchOptions{}, log.add) })
	require.NoError(t, err)
	step(t, l, log, func() error { // one write: one IN_MODIFY (a truncating WriteFile makes two, as in Node)
		file, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = file.WriteString("y")
		return errors_join(err, file.Close())
	}, "change watched")
	step(t, l, log, func() error { return os.Chmod(name, 0o600) }, "change watched")
	require.NoError(t, l.Run(func() { w.Close(nil) }))
}

// TestWatchersAreHandles: a watcher keeps the loop alive until closed;
// an unreferenced one does not; the loop's close closes watchers, with
// every goroutine gone (goleak in TestMain checks that).
func TestWatchersAreHandles(t *testing.T) {
	dir := t.TempDir()
	l, f := newFS(t)
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		assert.NoError(t, l.Run(func() {
			w, err := f.Watch(dir, fs.WatchOptions{}, nil)
			require.NoError(t, err)
			sw := f.WatchFile(filepath.Join(dir, "x"), fs.WatchFileOptions{Interval: time.Millisecond}, nil)
			l.SetTimeout(func() {
				w.Close(nil)
				f.UnwatchFile(sw.Path())
			}, 30*time.Millisecond)
		}))
	}()
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the watchers closed")
	}

	// Unref'd watchers do not keep Run from returning; the loop's Close
	// closes them.
	var closed []string
	require.NoError(t, l.Run(func() {
		w, err := f.Watch(dir, fs.WatchOptions{Recursive: true}, nil)
		require.NoError(t, err)
		w.OnClose(func() { closed = append(closed, "watch") })
		w.Unref()
		sw := f.WatchFile(dir, fs.WatchFileOptions{}, nil)
		sw.Unref()
	}))
	require.NoError(t, l.Close())
	assert.Equal(t, []string{"watch"}, closed)
}

// TestWatchFilePolls: WatchFile reports a change with the current and
// previous Stats; a file missing at first gives zeros, as libuv does.
func TestWatchFilePolls(t *testing.T) {
	name := filepath.Join(t.TempDir(), "polled")
	l, f := newFS(t)
	var got []string
	require.NoError(t, l.Run(func() {
		var sw *fs.StatWatcher
		sw = f.WatchFile(name, fs.WatchFileOptions{Interval: 5 * time.Millisecond}, func(curr, prev *fs.Stats) {
			got = append(got, strings.Join([]string{itoa(curr.Size()), itoa(prev.Size()), itoa(curr.Mtime.Unix() / 1e9)}, " "))
			switch len(got) {
			case 1: // missing: zeros against zeros
				require.NoError(t, os.WriteFile(name, []byte("abc"), 0o644))
			case 2: // created
				require.NoError(t, os.Remove(name))
			case 3: // removed
				f.UnwatchFile(name)
				assert.True(t, sw.Closing())
			}
		})
	}))
	assert.Equal(t, []string{"0 0 0", "3 0 1", "0 3 0"}, got)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
