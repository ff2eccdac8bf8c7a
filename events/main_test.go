package events_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind. The
// emitter starts none, but its tests and examples run loops, and no goroutine
// may outlive its loop.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
