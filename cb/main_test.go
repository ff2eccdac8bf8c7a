package cb_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: no
// goroutine of a loop, a Future or a context may outlive its test.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
