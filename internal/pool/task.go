package pool

// Job is what a Task runs. The loop's request structs implement it with a
// pointer receiver, so storing the request in a Task does not allocate.
type Job interface {
	// RunJob does the blocking work. It is called once per submission, on a
	// worker goroutine, with no lock of the pool held. It should not panic:
	// a panic on a worker goroutine ends the program, as it would in any
	// goroutine (see Pool).
	RunJob()
}

// Task is one submission to a Pool. It is embedded by value in the caller's
// request struct: the pool links queued Tasks through their own fields, so a
// submission allocates nothing.
//
// A zero Task is ready to use. A Task belongs to the pool while it is queued,
// from Submit until a worker starts its Job or Cancel removes it; it must not
// be copied or submitted again in that window. Once its Job has started (in
// practice, once the caller has seen the Job's result) or it has been
// cancelled, it may be submitted again.
type Task struct {
	job        Job
	prev, next *Task
	kind       Kind
	queued     bool
}

// taskList is an intrusive doubly linked FIFO of Tasks. Removal of any
// element is O(1), which makes Cancel O(1).
type taskList struct {
	head, tail *Task
	n          int
}

func (l *taskList) pushBack(t *Task) {
	t.prev, t.next = l.tail, nil
	if l.tail == nil {
		l.head = t
	} else {
		l.tail.next = t
	}
	l.tail = t
	l.n++
}

// popFront removes and returns the first Task, or nil if l is empty.
func (l *taskList) popFront() *Task {
	t := l.head
	if t != nil {
		l.remove(t)
	}
	return t
}

// remove unlinks t, which must be in l.
func (l *taskList) remove(t *Task) {
	if t.prev == nil {
		l.head = t.next
	} else {
		t.prev.next = t.next
	}
	if t.next == nil {
		l.tail = t.prev
	} else {
		t.next.prev = t.prev
	}
	t.prev, t.next = nil, nil
	l.n--
}
