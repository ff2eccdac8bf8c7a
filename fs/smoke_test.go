package fs_test

import (
	"path/filepath"
	"testing"

	"github.com/errfirst/loop/fs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	l, f := newFS(t)
	dir := tree(t)
	var got []string
	run(t, l, func() {
		f.ReadFile(filepath.Join(dir, "file"), func(err error, data []byte) {
			require.NoError(t, err)
			got = append(got, string(data))
		})
		f.ReadFile(filepath.Join(dir, "missing"), func(err error, data []byte) {
			got = append(got, err.Error())
		})
		rs := f.CreateReadStream(filepath.Join(dir, "file"), fs.ReadStreamOptions{})
		rs.OnOpen(func(fd int) { got = append(got, "open") })
		rs.OnData(func(b []byte) { got = append(got, "data "+string(b)) })
		rs.OnEnd(func() { got = append(got, "end") })
		rs.OnClose(func() { got = append(got, "close") })
	})
	assert.Len(t, got, 6, "%q", got)
	t.Log(got)
}
