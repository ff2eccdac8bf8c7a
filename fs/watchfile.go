package fs

import (
	"errors"
	"sync"
	"syscall"
	"time"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
)

// DefaultWatchFileInterval is how often WatchFile polls unless told: 5007
// ms, Node's default.
const DefaultWatchFileInterval = 5007 * time.Millisecond

// WatchFileOptions are the options of WatchFile, Node's.
type WatchFileOptions struct {
	// Interval is the time between two polls (DefaultWatchFileInterval if
	// 0).
	Interval time.Duration
}

// StatWatcher polls a file's Stats: Node's fs.StatWatcher, which WatchFile
// returns. It emits 'change' with the current and the previous Stats (two
// arguments, as in Node; OnChange takes them typed) whenever a poll finds
// them different. A file that does not exist has Stats of zeros (and times
// at the Unix epoch), so its creation and its removal are changes too; a
// file missing at the first poll gives one 'change' of zeros against zeros,
// as libuv's fs_poll does.
//
// It is a handle of its loop: while watching and referenced it keeps the
// loop alive (Node's persistent; Unref is persistent: false); UnwatchFile
// or Close stops it, and the loop's close closes it. Each poll is a Stat
// on the pool; the wait between polls is a timer on the loop.
type StatWatcher struct {
	loop.Handle
	events.EventEmitter
	ctl      *loop.HandleControl
	l        *loop.Loop
	path     string
	interval time.Duration
	timer    *loop.Timer
	prev     *Stats
	status   int // libuv's busy_polling: 0 before the first poll, 1 after a good one, -errno after a failed one
	polling  bool
}

// watchers is the registry of StatWatchers by loop and path: as in Node,
// watching a path again adds a listener to the same watcher.
var watchers struct {
	sync.Mutex
	m map[*loop.Loop]map[string]*StatWatcher
}

// WatchFile starts polling path every opts.Interval, and adds listener (if
// not nil) to the 'change' listeners of its StatWatcher, which it returns:
// Node's fs.watchFile. If the path is watched already on this loop, the
// same watcher is returned and keeps its interval, as in Node. listener is
// not error-first: it gets the current and previous Stats.
func (f *FS) WatchFile(path string, opts WatchFileOptions, listener func(curr, prev *Stats)) *StatWatcher {
	watchers.Lock()
	byPath := watchers.m[f.l]
	sw := byPath[path]
	watchers.Unlock()
	if sw == nil {
		sw = &StatWatcher{l: f.l, path: path, interval: opts.Interval}
		if sw.interval <= 0 {
			sw.interval = DefaultWatchFileInterval
		}
		sw.SetTypeName("StatWatcher")
		sw.ctl = f.l.OpenHandle(&sw.Handle, "fs_poll", sw.teardown)
		sw.ctl.Activate()
		watchers.Lock()
		if watchers.m == nil {
			watchers.m = map[*loop.Loop]map[string]*StatWatcher{}
		}
		if watchers.m[f.l] == nil {
			watchers.m[f.l] = map[string]*StatWatcher{}
		}
		watchers.m[f.l][path] = sw
		watchers.Unlock()
		sw.poll()
	}
	if listener != nil {
		sw.OnChange(listener)
	}
	return sw
}

// UnwatchFile stops watching path on f's loop and removes every listener
// of its StatWatcher: Node's fs.unwatchFile(filename). (Node's form with a
// listener is events.Listener.Remove on what OnChange returned; the
// watcher goes on until UnwatchFile or Close.) Unwatching a path that is
// not watched does nothing.
func (f *FS) UnwatchFile(path string) {
	watchers.Lock()
	sw := watchers.m[f.l][path]
	watchers.Unlock()
	if sw != nil {
		sw.Close(nil)
	}
}

// OnChange adds fn to the 'change' listeners.
func (sw *StatWatcher) OnChange(fn func(curr, prev *Stats)) events.Listener {
	return sw.On("change", func(args ...any) { fn(args[0].(*Stats), args[1].(*Stats)) })
}

// Path returns the path watched.
func (sw *StatWatcher) Path() string { return sw.path }

func (sw *StatWatcher) teardown(error) {
	if sw.timer != nil {
		sw.timer.Close()
	}
	watchers.Lock()
	if byPath := watchers.m[sw.l]; byPath[sw.path] == sw {
		delete(byPath, sw.path)
		if len(byPath) == 0 {
			delete(watchers.m, sw.l)
		}
	}
	watchers.Unlock()
	sw.RemoveAllListeners("change")
}

func (sw *StatWatcher) poll() {
	sw.polling = true
	work(sw.l, func() (*Stats, error) { return stat(sw.path) }, sw.polled)
}

// polled compares a poll's result with the one before, as libuv's
// fs_poll: a failure is reported once per errno, a success only if the
// Stats differ (or follow a failure).
func (sw *StatWatcher) polled(err error, st *Stats) {
	sw.polling = false
	if sw.Closing() {
		return
	}
	prev := sw.prev
	if prev == nil {
		prev = zeroStats()
	}
	if err != nil {
		status := -1
		var e syscall.Errno
		if errors.As(err, &e) {
			status = -int(e)
		}
		if sw.status != status {
			sw.status = status
			sw.prev = zeroStats()
			sw.Emit("change", sw.prev, prev)
		}
	} else {
		if sw.status != 0 && (sw.status < 0 || !sameStats(prev, st)) {
			sw.Emit("change", st, prev)
		}
		sw.status, sw.prev = 1, st
	}
	if !sw.Closing() {
		sw.timer = sw.l.SetTimeout(sw.poll, sw.interval)
		sw.timer.Unref() // the handle keeps the loop alive, or not (Unref)
	}
}

func zeroStats() *Stats {
	epoch := time.Unix(0, 0)
	return &Stats{Atime: epoch, Mtime: epoch, Ctime: epoch, Birthtime: epoch}
}

// sameStats is libuv's statbuf_eq.
func sameStats(a, b *Stats) bool {
	return a.Ctime.Equal(b.Ctime) && a.Mtime.Equal(b.Mtime) && a.Birthtime.Equal(b.Birthtime) &&
		a.size == b.size && a.mode == b.mode && a.Uid == b.Uid && a.Gid == b.Gid &&
		a.Ino == b.Ino && a.Dev == b.Dev
}
