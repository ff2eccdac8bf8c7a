package loop

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ordering tests keep each Node script in testdata/emitter beside the
// output node printed for it (NAME.js, NAME.out). Each script has a Go twin
// in emitter_scripts_test.go that does the same with an EventEmitter and
// must print the same lines.

// TestEmitterPrintsWhatNodePrints runs the Go twin of each script and compares
// its output with the script's .out file.
func TestEmitterPrintsWhatNodePrints(t *testing.T) {
	scripts, err := filepath.Glob("testdata/emitter/*.js")
	require.NoError(t, err)
	require.NotEmpty(t, scripts)
	for _, js := range scripts {
		name := strings.TrimSuffix(filepath.Base(js), ".js")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(js, ".js") + ".out")
			require.NoError(t, err)
			twin, ok := emitterTwins[name]
			require.True(t, ok, "%s has no Go twin in emitterTwins", js)
			s := newEmitterScript()
			twin(s)
			assert.Equal(t, string(want), s.out.String())
		})
	}
	for name := range emitterTwins {
		assert.FileExists(t, filepath.Join("testdata/emitter", name+".js"), "twin without a script")
	}
}

// TestEmitterNodeScriptOutputsAreCurrent reruns node on each script, so that the .out
// files cannot drift from what Node does. It is skipped where node is not
// installed.
func TestEmitterNodeScriptOutputsAreCurrent(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	scripts, err := filepath.Glob("testdata/emitter/*.js")
	require.NoError(t, err)
	for _, js := range scripts {
		t.Run(strings.TrimSuffix(filepath.Base(js), ".js"), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(js, ".js") + ".out")
			require.NoError(t, err)
			var stderr bytes.Buffer
			cmd := exec.Command(node, js)
			cmd.Stderr = &stderr // Node's default warning lines, not compared
			got, err := cmd.Output()
			require.NoError(t, err, stderr.String())
			assert.Equal(t, string(want), string(got))
		})
	}
}

// emitterScript is what a Go twin prints with, and how it names listeners the
// way a JS function declaration names its function.
type emitterScript struct {
	out   strings.Builder
	names map[Listener]string
	// pending is the name of the listener being registered: 'newListener'
	// listeners see its handle before the registration returns it.
	pending string
}

func newEmitterScript() *emitterScript { return &emitterScript{names: map[Listener]string{}} }

// log prints its arguments separated by spaces, as the scripts' log does
// with a.join(' ').
func (s *emitterScript) log(a ...any) {
	parts := make([]string, len(a))
	for i, v := range a {
		parts[i] = fmt.Sprint(v)
	}
	s.out.WriteString(strings.Join(parts, " ") + "\n")
}

// on registers fn with reg (e.On, e.Once, ...) under name.
func (s *emitterScript) on(reg func(string, func(...any)) Listener, event, name string, fn func(...any)) Listener {
	prev := s.pending
	s.pending = name
	l := reg(event, fn)
	s.pending = prev
	s.names[l] = name
	return l
}

// name returns the name a listener was registered under.
func (s *emitterScript) name(l Listener) string {
	if n, ok := s.names[l]; ok {
		return n
	}
	return s.pending
}

// logListener returns a listener that logs its event and listener
// arguments, for 'newListener' and 'removeListener'.
func (s *emitterScript) logListener(label string) func(...any) {
	return func(a ...any) { s.log(label, a[0], s.name(a[1].(Listener))) }
}

// catch runs fn and logs the message of what it panicked with as
// "thrown MESSAGE", as the scripts do in their catch blocks.
func (s *emitterScript) catch(fn func()) {
	defer func() {
		if r := recover(); r != nil {
			s.log("thrown", emitterNodeSpelling(fmt.Sprint(r)))
		}
	}()
	fn()
}

// emitterNodeSpelling undoes the two ways messages differ from Node's on purpose:
// the package prefix of panics, and Go's capitalised method names.
func emitterNodeSpelling(msg string) string {
	return strings.NewReplacer("loop: the", "The", "SetMaxListeners", "setMaxListeners").Replace(msg)
}

func noopListener(...any) {}
