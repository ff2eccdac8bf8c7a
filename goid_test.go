package loop

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

// stackGoid reads the id the slow way, from the first line of the stack
// trace ("goroutine 18 [running]:"), to check goid against.
func stackGoid() int64 {
	var buf [32]byte
	n := runtime.Stack(buf[:], false)
	var id int64
	for _, c := range buf[len("goroutine "):n] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + int64(c-'0')
	}
	return id
}

func TestGoidIsTheGoroutinesID(t *testing.T) {
	assert.Equal(t, stackGoid(), goid())
	ids := make(chan [2]int64)
	for range 10 {
		go func() { ids <- [2]int64{stackGoid(), goid()} }()
	}
	seen := map[int64]bool{}
	for range 10 {
		p := <-ids
		assert.Equal(t, p[0], p[1])
		seen[p[1]] = true
	}
	assert.Len(t, seen, 10, "each goroutine has its own id")
}
