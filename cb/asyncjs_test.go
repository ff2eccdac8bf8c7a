package cb_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errfirst/loop"
	"github.com/errfirst/loop/internal/nodetest"
)

// The twin tests hold package cb to async.js v3. Each script of
// testdata/asyncjs runs named scenarios under node with the async package
// (testdata/package.json pins it), and NAME.out beside it is what node
// printed. The Go twins below run the same scenarios on a loop, each on a
// fresh loop in virtual time, and must print the same lines:
// TestCombinatorsMatchAsyncJS compares them with the .out files, and
// TestAsyncJSScriptsStillPrintTheirOutput reruns node where it and the
// package are installed (npm ci in testdata), so the .out files come from
// async.js and not from anyone's memory of it.
//
// The scenarios delay their callbacks by whole loop iterations (later: a
// chain of SetImmediate, setImmediate in the scripts), which both loops
// run in the same order, so a trace is exact, not a race. The scenarios
// never log whether a final callback came synchronously: there package cb
// departs from async.js on purpose (see the package documentation), and
// sync_test.go checks it.

const twinDir = "testdata/asyncjs"

// scenario is one named scenario of a twin script.
type scenario struct {
	name string
	run  func(s *scene)
}

// scene is what a Go twin works with, the twin of harness.js.
type scene struct {
	l     *loop.Loop
	name  string
	lines []string
	ends  int
}

func (s *scene) log(format string, args ...any) {
	s.lines = append(s.lines, s.name+": "+fmt.Sprintf(format, args...))
}

// later calls fn after n loop iterations, or at once for n = 0.
func (s *scene) later(n int, fn func()) {
	if n <= 0 {
		fn()
		return
	}
	s.l.SetImmediate(func() { s.later(n-1, fn) })
}

func (s *scene) end() {
	s.ends++
	if s.ends > 1 {
		s.log("end called twice")
	}
}

// runScenario runs sc on a fresh loop in virtual time, until Run returns.
func runScenario(t *testing.T, sc scenario) []string {
	t.Helper()
	clk := loop.NewManualClock(time.Unix(0, 0))
	clk.SetAutoAdvance(true)
	l, err := loop.New(loop.WithClock(clk))
	require.NoError(t, err)
	defer l.Close()
	s := &scene{l: l, name: sc.name}
	require.NoError(t, l.Run(func() { sc.run(s) }), sc.name)
	assert.Equal(t, 1, s.ends, "%s: the final callback ran %d times", sc.name, s.ends)
	return s.lines
}

// errText is the harness's errText: the message, or null.
func errText(err error) string {
	if err == nil {
		return "null"
	}
	return err.Error()
}

// show is the harness's show: JSON, keys sorted, and in arrays nil, null
// and "" all null with the trailing ones dropped.
func show(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	var generic any
	if err := json.Unmarshal(buf.Bytes(), &generic); err != nil {
		panic(err)
	}
	buf.Reset()
	if err := enc.Encode(canon(generic)); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func canon(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, 0, len(v))
		for _, x := range v {
			if x == nil || x == "" {
				out = append(out, nil)
				continue
			}
			out = append(out, canon(x))
		}
		for len(out) > 0 && out[len(out)-1] == nil {
			out = out[:len(out)-1]
		}
		return out
	case map[string]any:
		for k, x := range v {
			v[k] = canon(x)
		}
		return v
	}
	return v
}

// twinScripts are the scripts of testdata/asyncjs and their Go twins.
var twinScripts = map[string][]scenario{
	"collections": collectionScenarios(),
	"control":     controlScenarios(),
	"queues":      queueScenarios(),
}

func TestCombinatorsMatchAsyncJS(t *testing.T) {
	for script, scenarios := range twinScripts {
		t.Run(script, func(t *testing.T) {
			want := readOut(t, script)
			var got []string
			for _, sc := range scenarios {
				got = append(got, runScenario(t, sc)...)
			}
			// Compare scenario by scenario, for readable failures.
			byName := func(lines []string) (map[string][]string, []string) {
				m := map[string][]string{}
				var order []string
				for _, line := range lines {
					name, _, _ := strings.Cut(line, ": ")
					if _, ok := m[name]; !ok {
						order = append(order, name)
					}
					m[name] = append(m[name], line)
				}
				return m, order
			}
			wantBy, wantOrder := byName(want)
			gotBy, gotOrder := byName(got)
			require.Equal(t, wantOrder, gotOrder, "%s: the scenarios differ from %s.js's", script, script)
			for _, name := range wantOrder {
				assert.Equal(t, strings.Join(wantBy[name], "\n"), strings.Join(gotBy[name], "\n"), "scenario %s", name)
			}
		})
	}
}

func readOut(t *testing.T, script string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(twinDir, script+".out"))
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestAsyncJSScriptsStillPrintTheirOutput reruns every script under node
// and checks that it still prints the .out beside it.
func TestAsyncJSScriptsStillPrintTheirOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node on every script; skipped in -short mode")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH, so the .out files are not checked against async.js")
	}
	if _, err := os.Stat("testdata/node_modules/async/package.json"); err != nil {
		t.Skip("the async package is not installed: run `npm ci` in cb/testdata to check the .out files against async.js")
	}
	for script := range twinScripts {
		t.Run(script, func(t *testing.T) {
			t.Parallel()
			nodetest.Rerun(t, twinDir, script)
		})
	}
}

func loopCode(err error) string { return loop.Code(err) }

var errBoom = func(x any) error { return errors.New(fmt.Sprint("boom ", x)) }
