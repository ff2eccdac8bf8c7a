package events

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzEmitMatchesNodesClonedSnapshot checks the copy-on-write lists against a model
// that clones the listener list on every emit, as Node does. The input is a
// program: each byte is an operation, and listeners run operations too, so
// lists change during emits, including re-entrant ones.
func FuzzEmitMatchesNodesClonedSnapshot(f *testing.F) {
	for _, seed := range []string{"", "\x00\x00\x04", "\x00\x01\x02\x04\x04", "\x00\x10\x21\x04\x33\x04\x05\x04", "\x00\x00\x00\x13\x24\x04\x14\x04\x03\x04", "\x00\x01\x14\x15\x08\x1c\x1d\x06\x14\x05"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, prog []byte) {
		if len(prog) > 64 {
			prog = prog[:64]
		}
		got := runEmitterProgram(prog, false)
		want := runEmitterProgram(prog, true)
		require.Equal(t, want, got)
	})
}

// emitterProgram interprets a fuzz program on either the real EventEmitter
// or the model. Each byte b is an operation on event "a" or "b" (bit 3):
//
//	b%8 == 0..3: add a listener with On, Once, PrependListener, PrependOnceListener
//	b%8 == 4, 5: emit (5: through Event[int], with the real emitter), with the
//	             name's own string, or an equal copy if b>>4 is odd
//	b%8 == 6:    remove the listener created (b>>4)-th, modulo their number
//	b%8 == 7:    remove all listeners of the event, or of all events if b>>4 is odd
//
// A listener, when called, logs itself and runs one more operation, picked
// from the program by its id, unless emits are nested three deep. A budget
// of steps keeps every program finite.
type emitterProgram struct {
	prog  []byte
	log   []string
	steps int
	depth int
	ids   int
	// one of these two
	real  *EventEmitter
	model map[string][]*modelListener
	// handles[i] removes the i-th listener created
	handles []func()
}

type modelListener struct {
	id          int
	once, fired bool
}

func runEmitterProgram(prog []byte, model bool) []string {
	p := &emitterProgram{prog: prog, steps: 300}
	if model {
		p.model = map[string][]*modelListener{}
	} else {
		p.real = &EventEmitter{}
		p.real.SetMaxListeners(0)
	}
	for _, b := range prog {
		p.op(b)
	}
	return p.log
}

func (p *emitterProgram) op(b byte) {
	if p.steps == 0 {
		return
	}
	p.steps--
	event := []string{"a", "b"}[b>>3&1]
	switch k := b % 8; k {
	case 0, 1, 2, 3:
		p.add(event, k&1 == 1, k >= 2)
	case 4, 5:
		name := event
		if b>>4&1 == 1 { // not the string the listeners were added with: the emits' slow path
			name = strings.Clone(event)
		}
		p.depth++
		p.log = append(p.log, fmt.Sprint("emit ", event, " ", p.emit(name, k == 5)))
		p.depth--
	case 6:
		if len(p.handles) > 0 {
			p.handles[int(b>>4)%len(p.handles)]()
		}
	case 7:
		if b>>4&1 == 1 {
			event = ""
		}
		p.removeAll(event)
	}
}

// body is what listener id does when called.
func (p *emitterProgram) body(event string, id int) {
	p.log = append(p.log, fmt.Sprint(event, id))
	if p.depth < 3 && len(p.prog) > 0 {
		p.op(p.prog[(id*7+3)%len(p.prog)])
	}
}

func (p *emitterProgram) add(event string, once, prepend bool) {
	id := p.ids
	p.ids++
	if p.real != nil {
		var l Listener
		if id%2 == 0 { // mix typed and untyped listeners on the same lists
			ev, fn := EventOf[int](p.real, event), func(int) { p.body(event, id) }
			l = [2][2]func(func(int)) Listener{{ev.On, ev.PrependListener}, {ev.Once, ev.PrependOnceListener}}[boolIndex(once)][boolIndex(prepend)](fn)
		} else {
			e, fn := p.real, func(...any) { p.body(event, id) }
			l = [2][2]func(string, func(...any)) Listener{{e.On, e.PrependListener}, {e.Once, e.PrependOnceListener}}[boolIndex(once)][boolIndex(prepend)](event, fn)
		}
		p.handles = append(p.handles, func() { l.Remove() })
		return
	}
	m := &modelListener{id: id, once: once}
	if prepend {
		p.model[event] = append([]*modelListener{m}, p.model[event]...)
	} else {
		p.model[event] = append(p.model[event], m)
	}
	p.handles = append(p.handles, func() { p.modelRemove(event, m) })
}

func (p *emitterProgram) emit(event string, typed bool) bool {
	if p.real != nil {
		if typed {
			return EventOf[int](p.real, event).Emit(0)
		}
		return p.real.Emit(event, 0)
	}
	snapshot := slices.Clone(p.model[event]) // what Node's emit does
	for _, m := range snapshot {
		if m.once {
			if m.fired {
				continue
			}
			m.fired = true
			p.modelRemove(event, m)
		}
		p.body(event, m.id)
	}
	return len(snapshot) > 0
}

func (p *emitterProgram) modelRemove(event string, m *modelListener) {
	if i := slices.Index(p.model[event], m); i >= 0 {
		p.model[event] = slices.Delete(slices.Clone(p.model[event]), i, i+1)
	}
}

func (p *emitterProgram) removeAll(event string) {
	if p.real != nil {
		if event == "" {
			p.real.RemoveAllListeners()
		} else {
			p.real.RemoveAllListeners(event)
		}
		return
	}
	if event == "" {
		clear(p.model)
	} else {
		delete(p.model, event)
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}
