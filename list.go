package loop

// links are the pointers an intrusive list keeps in its elements, so that
// adding and removing an element is O(1) and allocates nothing.
type links[T any] struct{ prev, next *T }

// linked is a pointer to an element that carries its own links.
type linked[T any] interface {
	*T
	links() *links[T]
}

// ilist is an intrusive doubly linked list in insertion order: the loop's
// pending requests, its open handles, and each handle's pending operations,
// walked by Report and Close.
type ilist[T any, P linked[T]] struct {
	head, tail *T
	n          int
}

func (l *ilist[T, P]) add(e *T) {
	ln := P(e).links()
	ln.prev, ln.next = l.tail, nil
	if l.tail != nil {
		P(l.tail).links().next = e
	} else {
		l.head = e
	}
	l.tail = e
	l.n++
}

func (l *ilist[T, P]) remove(e *T) {
	ln := P(e).links()
	if ln.prev != nil {
		P(ln.prev).links().next = ln.next
	} else {
		l.head = ln.next
	}
	if ln.next != nil {
		P(ln.next).links().prev = ln.prev
	} else {
		l.tail = ln.prev
	}
	ln.prev, ln.next = nil, nil
	l.n--
}
