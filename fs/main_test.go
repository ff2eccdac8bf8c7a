package fs_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if child := os.Getenv(childEnv); child != "" {
		// A re-executed test binary (see runChild): run that one test.
		os.Exit(m.Run())
	}
	goleak.VerifyTestMain(m)
}
