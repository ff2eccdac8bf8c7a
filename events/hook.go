package events

// ListenerChange says how an emitter's listeners changed, for
// SetListenerHook.
type ListenerChange uint8

const (
	// ListenerAdded: a listener was added at the end, by On, AddListener
	// or Once (or the same methods of an Event).
	ListenerAdded ListenerChange = iota
	// ListenerPrepended: a listener was added at the front, by
	// PrependListener or PrependOnceListener.
	ListenerPrepended
	// ListenerRemoved: listeners were removed, by Off, Listener.Remove, a
	// once listener about to run, or RemoveAllListeners (once per event
	// name it cleared, when no 'removeListener' listener is told of each).
	ListenerRemoved
)

// SetListenerHook makes fn run, synchronously, after each change to e's
// listeners, with the event name; nil removes it. It is for a type that
// embeds an emitter and reacts to its own listeners, as Node's streams do
// by overriding on and removeListener (a 'data' listener makes a Readable
// flow): unlike a 'newListener' listener, the hook sees every path that
// adds or removes one, and is invisible to users (ListenerCount,
// EventNames, RemoveAllListeners). fn runs after the listener is added and
// after 'newListener' was emitted, or after it is removed and
// 'removeListener' was emitted. An emitter has one hook.
func (e *EventEmitter) SetListenerHook(fn func(event string, change ListenerChange)) { e.hook = fn }
