package pool

// Job returns the Job t was last submitted with, so that a caller holding
// the Tasks that CancelAll returned can find its requests again.
func (t *Task) Job() Job { return t.job }
