package events

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnhandledErrorPanics(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		args []any
		want any // the panic value
	}{
		{"an error is the panic value itself", []any{boom}, boom},
		{"a string is wrapped and quoted", []any{"boom"}, &UnhandledError{Value: "boom"}},
		{"a number is wrapped", []any{42}, &UnhandledError{Value: 42}},
		{"no argument is wrapped as nil", nil, &UnhandledError{}},
		{"only the first argument counts", []any{"a", boom}, &UnhandledError{Value: "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e EventEmitter
			monitored := 0
			e.On(ErrorMonitor, func(...any) { monitored++ })
			assert.Equal(t, tc.want, panicValueOf(func() { e.Emit("error", tc.args...) }))
			assert.Equal(t, 1, monitored, "the monitor ran first")
		})
	}
}

func TestUnhandledErrorMessageIsNodes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		want  string
	}{
		{"nil is written as nil", nil, "Unhandled error. (nil)"},
		{"a string is quoted", "str", `Unhandled error. ("str")`},
		{"a number is written as is", 42, "Unhandled error. (42)"},
		{"a struct is written as %v writes it", struct{ A int }{1}, "Unhandled error. ({1})"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := &UnhandledError{Value: tc.value}
			assert.Equal(t, tc.want, err.Error())
			assert.Equal(t, "ERR_UNHANDLED_ERROR", err.Code())
		})
	}
}

func TestUnhandledErrorIsFoundByErrorsAs(t *testing.T) {
	var e EventEmitter
	defer func() {
		var ue *UnhandledError
		require.ErrorAs(t, recover().(error), &ue)
		assert.Equal(t, "lost", ue.Value)
	}()
	e.Emit("error", "lost")
}

// panicValueOf runs fn and returns what it panicked with, nil if it returned.
func panicValueOf(fn func()) (v any) {
	defer func() { v = recover() }()
	fn()
	return nil
}

func TestUnhandledErrorCodeIsReadThroughWrapping(t *testing.T) {
	// Every error of the library carries its Node code as a Code method, so
	// the code survives wrapping: errors.As finds it.
	var e EventEmitter
	err := fmt.Errorf("socket: %w", panicValueOf(func() { e.Emit("error", "lost") }).(error))
	var coded interface{ Code() string }
	require.ErrorAs(t, err, &coded)
	assert.Equal(t, "ERR_UNHANDLED_ERROR", coded.Code())
}
