package fs

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/events"
	"github.com/fsnotify/fsnotify"
)

// WatchOptions are the options of Watch, Node's.
type WatchOptions struct {
	// Recursive watches the subdirectories of a watched directory too,
	// those created after the watch started included (Node's recursive,
	// which Node 20 has on Linux). Their events name the path below the
	// watched directory: "sub/file".
	Recursive bool
	// Context is Node's signal: once it is done, the watcher closes.
	Context context.Context
}

// WatchEvent is one event of a watcher: Node's (eventType, filename).
type WatchEvent struct {
	// EventType is "rename" (an entry appeared, disappeared or was
	// renamed) or "change" (its content or attributes changed).
	EventType string
	// Filename is the entry's name relative to the watched directory, or
	// the watched file's own name.
	Filename string
}

// FSWatcher watches a file or a directory: Node's fs.FSWatcher, built on
// inotify through github.com/fsnotify/fsnotify. It emits 'change' with the
// event type and the file name (two arguments, as in Node: On("change",
// func(args ...any)) gets them as strings, OnChange as a WatchEvent),
// 'error' if watching fails (then it closes), and 'close'.
//
// It is a handle of its loop: while open and referenced it keeps the loop
// alive (Node's persistent; Unref is persistent: false), Close stops it,
// and the loop's close closes it. Its methods must be called on the loop
// goroutine, where its events are emitted.
type FSWatcher struct {
	loop.Handle
	events.EventEmitter
	ctl   *loop.HandleControl
	w     *fsnotify.Watcher
	next  *loop.Serial[struct{}, []WatchEvent]
	state watchState // owned by the watcher's goroutine
	stop  func() bool
}

// Watch starts watching path, a file or a directory, and returns the
// watcher: Node's fs.watch. listener, if not nil, is added to its 'change'
// listeners. As Node's, Watch fails at once, not through an event, if path
// cannot be watched (ENOENT in the watch syscall, for one). It is not
// error-first and runs no pool work: it stats path and, with Recursive,
// walks the tree to watch each directory, on the calling goroutine (as
// Node's fs.watch does), then the kernel's inotify reports the events,
// which a goroutine of the watcher hands to the loop.
func (f *FS) Watch(path string, opts WatchOptions, listener func(eventType, filename string)) (*FSWatcher, error) {
	st, err := stat(path)
	if err != nil {
		return nil, pathErr("watch", path, errno(err))
	}
	w, err := fsnotify.NewBufferedWatcher(256)
	if err != nil {
		return nil, pathErr("watch", path, err)
	}
	if err := w.Add(path); err != nil {
		w.Close()
		return nil, pathErr("watch", path, err)
	}
	fw := &FSWatcher{w: w}
	fw.SetTypeName("FSWatcher")
	fw.state = watchState{w: w, root: filepath.Clean(path), dir: st.IsDirectory(),
		recursive: opts.Recursive && st.IsDirectory(), subs: map[string]bool{}, seen: map[string]bool{}}
	if fw.state.recursive {
		// The existing subdirectories, before Watch returns, as Node 20's
		// recursive watch traverses the tree in fs.watch itself: a change
		// made right after Watch is seen wherever it is.
		fw.state.addTree(fw.state.root, nil)
	}
	fw.ctl = f.l.OpenHandle(&fw.Handle, "fswatcher", func(error) {
		w.Close() // ends the goroutine's wait, and fsnotify's own goroutine
		if fw.stop != nil {
			fw.stop()
		}
		f.l.NextTick(func() { fw.Emit("close") })
	})
	if listener != nil {
		fw.OnChange(func(e WatchEvent) { listener(e.EventType, e.Filename) })
	}
	fw.next = loop.NewSerial(fw.ctl, "watch", loop.FollowHandle, fw.state.wait, fw.delivered)
	fw.next.Call(struct{}{})
	if ctx := opts.Context; ctx != nil {
		fw.stop = context.AfterFunc(ctx, func() {
			f.l.Post(func() {
				if !fw.Closing() {
					fw.Close(nil)
				}
			})
		})
	}
	return fw, nil
}

// OnChange adds fn to the 'change' listeners.
func (fw *FSWatcher) OnChange(fn func(e WatchEvent)) events.Listener {
	return fw.On("change", func(args ...any) {
		fn(WatchEvent{EventType: args[0].(string), Filename: args[1].(string)})
	})
}

// OnError adds fn to the 'error' listeners: watching failed, and the
// watcher closes.
func (fw *FSWatcher) OnError(fn func(err error)) events.Listener {
	return fw.On("error", func(args ...any) { fn(args[0].(error)) })
}

// OnClose adds fn to the 'close' listeners.
func (fw *FSWatcher) OnClose(fn func()) events.Listener {
	return fw.On("close", func(...any) { fn() })
}

func (fw *FSWatcher) delivered(err error, evs []WatchEvent) {
	for _, e := range evs {
		if fw.Closing() {
			return // Node emits nothing after close
		}
		fw.Emit("change", e.EventType, e.Filename)
	}
	switch {
	case fw.Closing():
	case err != nil:
		if !errors.Is(err, loop.ErrCanceled) && !errors.Is(err, loop.ErrClosed) {
			fw.Close(nil)
			fw.Emit("error", pathErr("watch", fw.state.root, err))
		}
	default:
		fw.next.Call(struct{}{})
	}
}

// watchState is what the watcher's goroutine keeps between events: the
// directories it added for a recursive watch, and the entries it reported
// itself when it found a new directory, so that the kernel's events for
// the same entries are not reported twice.
type watchState struct {
	w         *fsnotify.Watcher
	root      string
	dir       bool
	recursive bool
	subs      map[string]bool // subdirectories watched (false: reported gone)
	seen      map[string]bool // entries reported by a scan, not yet by the kernel
}

// wait runs in the watcher's goroutine: it blocks for the next events and
// returns them, with any that arrived meanwhile, in Node's terms.
func (s *watchState) wait(ctx context.Context, _ struct{}) ([]WatchEvent, error) {
	var out []WatchEvent
	for len(out) == 0 {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case err, ok := <-s.w.Errors:
			if !ok {
				return nil, context.Canceled
			}
			return nil, err
		case ev, ok := <-s.w.Events:
			if !ok {
				return nil, context.Canceled
			}
			out = s.handle(ev, out)
		}
		for more := true; more; { // take what else has arrived
			select {
			case ev, ok := <-s.w.Events:
				if !ok {
					return out, nil
				}
				out = s.handle(ev, out)
			default:
				more = false
			}
		}
	}
	return out, nil
}

// handle turns one fsnotify event into Node's, and extends a recursive
// watch to a new directory.
func (s *watchState) handle(ev fsnotify.Event, out []WatchEvent) []WatchEvent {
	name := s.rel(ev.Name)
	if live, ok := s.subs[ev.Name]; ok && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
		// A subdirectory removed or moved: its parent reports it, and
		// for a move fsnotify reports the directory's own IN_MOVE_SELF
		// too, under the same name. Report the first only.
		if !live {
			delete(s.subs, ev.Name)
			return out
		}
		s.subs[ev.Name] = false
	}
	typ := "change"
	if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		typ = "rename"
	}
	if typ == "rename" && s.seen[ev.Name] {
		delete(s.seen, ev.Name) // a scan reported it already
		if ev.Has(fsnotify.Create) {
			return out
		}
	}
	out = append(out, WatchEvent{EventType: typ, Filename: name})
	if s.recursive && ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// Watch the new directory, and report what was created in it
			// before the watch was in place.
			var found []string
			s.addTree(ev.Name, &found)
			for _, p := range found {
				s.seen[p] = true
				out = append(out, WatchEvent{EventType: "rename", Filename: s.rel(p)})
			}
		}
	}
	return out
}

// addTree watches dir's subdirectories (and dir, unless it is the root),
// and lists in found, if not nil, every entry it finds.
func (s *watchState) addTree(dir string, found *[]string) {
	if dir != s.root {
		if err := s.w.Add(dir); err != nil {
			return
		}
		s.subs[dir] = true
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if found != nil {
			*found = append(*found, p)
		}
		if e.IsDir() {
			s.addTree(p, found)
		}
	}
}

// rel is the name Node reports for an event on p: relative to a watched
// directory, or the watched file's base name.
func (s *watchState) rel(p string) string {
	if !s.dir || p == s.root {
		return filepath.Base(p)
	}
	if r, ok := strings.CutPrefix(p, s.root+string(filepath.Separator)); ok {
		return r
	}
	return filepath.Base(p)
}
