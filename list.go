package loop

// links are the pointers an intrusive list keeps in its elements, so that
// adding and removing an element is O(1) and allocates nothing.
type links[T any] struct{ prev, next *T }

// linked is a pointer to an element that carries its own links.
type linked[T any] interface {
	*T
	links() *links[T]
}

// ilist is an intrusive doubly linked list: the loop's pending requests and
// its open handles, walked by Report and Close.
type ilist[T any, P linked[T]] struct {
	head *T
	n    int
}

func (l *ilist[T, P]) add(e *T) {
	P(e).links().next = l.head
	if l.head != nil {
		P(l.head).links().prev = e
	}
	l.head = e
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
	}
	ln.prev, ln.next = nil, nil
	l.n--
}
