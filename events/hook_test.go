package events

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestListenerHookSeesEveryChange(t *testing.T) {
	var e EventEmitter
	var seen []string
	e.SetListenerHook(func(event string, change ListenerChange) {
		seen = append(seen, event+":"+[]string{"added", "prepended", "removed"}[change])
	})
	l := e.On("data", func(...any) {})
	EventOf[int](&e, "data").PrependListener(func(int) {})
	e.Once("end", func(...any) {})
	e.Emit("end")
	l.Remove()
	e.On("a", func(...any) {})
	e.On("b", func(...any) {})
	e.RemoveAllListeners("a")
	e.RemoveAllListeners()
	assert.Equal(t, []string{
		"data:added", "data:prepended", "end:added", "end:removed", "data:removed",
		"a:added", "b:added", "a:removed", "data:removed", "b:removed",
	}, seen)
	assert.Equal(t, 0, e.ListenerCount("newListener"), "the hook is no listener")
	e.SetListenerHook(nil)
	e.On("x", func(...any) {})
	assert.Len(t, seen, 10)
}
