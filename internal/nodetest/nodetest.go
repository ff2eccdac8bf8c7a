// Package nodetest is what the tests that hold the library to Node share:
// each keeps a Node script beside the exact output node printed for it
// (NAME.js and NAME.out), and reruns node, when it is installed, to check
// that the output still comes from Node and not from anyone's memory of it.
package nodetest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Rerun runs dir/name.js under node, from dir, and requires it to print
// dir/name.out exactly. It reports false, without failing, where node is
// not installed or in -short mode, so that the caller's other checks still
// run there.
func Rerun(t *testing.T, dir, name string) bool {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil || testing.Short() {
		t.Logf("node not run (not installed, or -short): %s/%s.out not re-checked", dir, name)
		return false
	}
	want, err := os.ReadFile(filepath.Join(dir, name+".out"))
	require.NoError(t, err)
	cmd := exec.CommandContext(t.Context(), node, name+".js")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // Node's warnings, not compared
	got, err := cmd.Output()
	require.NoError(t, err, "node %s.js: %s", name, stderr.String())
	assert.Equal(t, string(want), string(got), "node %s.js no longer prints %s.out", name, name)
	return true
}

// RerunAll reruns every script of dir as a parallel subtest named after
// it; it skips the test where node is not installed or in -short mode.
func RerunAll(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH")
	}
	if testing.Short() {
		t.Skip("runs node on every script; skipped in -short mode")
	}
	names := Scripts(t, dir)
	require.NotEmpty(t, names, "no script in %s", dir)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			Rerun(t, dir, name)
		})
	}
}

// Scripts returns the names (NAME of NAME.js) of dir's scripts, sorted.
func Scripts(t *testing.T, dir string) []string {
	t.Helper()
	js, err := filepath.Glob(filepath.Join(dir, "*.js"))
	require.NoError(t, err)
	names := make([]string, len(js))
	for i, f := range js {
		names[i] = strings.TrimSuffix(filepath.Base(f), ".js")
	}
	return names
}

// Lines returns the lines node printed for dir/name.js.
func Lines(t *testing.T, dir, name string) []string {
	t.Helper()
	out, err := os.ReadFile(filepath.Join(dir, name+".out"))
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
}

// CheckTwins keeps dir's scripts and their Go twins in step: every script
// has its recorded output and a twin named after it, every twin a script,
// and no two twins share a name.
func CheckTwins(t *testing.T, dir string, twins []string) {
	t.Helper()
	names := Scripts(t, dir)
	for _, name := range names {
		assert.FileExists(t, filepath.Join(dir, name+".out"))
	}
	sorted := slices.Clone(twins)
	slices.Sort(sorted)
	assert.Equal(t, names, sorted, "the scripts in %s and their Go twins", dir)
	assert.Len(t, slices.Compact(slices.Clone(sorted)), len(sorted), "two twins share a name")
}
