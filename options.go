package loop

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

// An Option configures a Loop made by New. Options validate their argument
// at New, which returns the error.
type Option func(*config) error

type config struct {
	workers      int
	clock        *ManualClock
	panicHandler func(*PanicError)
	sites        bool
	closeTimeout time.Duration
	ctx          context.Context
	onReturn     func(Report)
}

// defaultCloseTimeout is how long Close waits for running work that does not
// return. Work that observes its context returns at once when Close cancels
// it, and handles' goroutines return once their descriptors are closed, so
// the wait is for plain work functions that block (a read of a FIFO nobody
// writes, a computation). Five seconds lets ordinary work finish and still
// gets a stuck program out in a time a person would wait.
const defaultCloseTimeout = 5 * time.Second

// maxWorkers is libuv's cap on the threadpool size.
const maxWorkers = 1024

// WorkersEnv is the environment variable that sets the worker count of
// loops made without WithWorkers, as UV_THREADPOOL_SIZE does for libuv.
// It is read by New; as in libuv, 0 counts as 1 and values above 1024 as 1024.
const WorkersEnv = "LOOP_THREADPOOL_SIZE"

// defaultWorkers is the pool size when neither WithWorkers nor WorkersEnv
// says otherwise. libuv uses 4 regardless of the machine. Our workers are
// goroutines that block in syscalls, so more of them cost little; the stat
// fan-in benchmark (bench/, BenchmarkWorkStat) peaks between 4 and 8 on 2
// cores, and a pool that is at least 4 keeps libuv's guarantee that slow
// work (DNS) cannot take every worker.
func defaultWorkers() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

// WithWorkers sets how many goroutines the loop's worker pool may run at
// once (1 to 1024). The pool starts them lazily, on the first Work.
func WithWorkers(n int) Option {
	return func(c *config) error {
		if n < 1 || n > maxWorkers {
			return fmt.Errorf("loop: WithWorkers(%d): the worker count must be in 1..%d", n, maxWorkers)
		}
		c.workers = n
		return nil
	}
}

// WithClock makes the loop read time from c instead of the system clock,
// so tests decide when timers are due. See ManualClock.
func WithClock(c *ManualClock) Option {
	return func(cfg *config) error {
		if c == nil {
			return fmt.Errorf("loop: WithClock(nil): pass a *ManualClock, or omit the option for the system clock")
		}
		cfg.clock = c
		return nil
	}
}

// WithPanicHandler installs h for panics in callbacks, as Node's
// process.on('uncaughtException') does: h is called on the loop goroutine
// with the panic, and the loop goes on with the next callback. Without a
// handler, a panic stops the loop, closes it, and Run returns the panic.
// A panic inside h itself stops the loop.
func WithPanicHandler(h func(*PanicError)) Option {
	return func(c *config) error {
		if h == nil {
			return fmt.Errorf("loop: WithPanicHandler(nil): pass a handler, or omit the option")
		}
		c.panicHandler = h
		return nil
	}
}

// WithCreationSites makes the loop record where each timer, immediate,
// handle and request was created, so that Report can say which line keeps
// the loop alive. Recording costs a runtime.Caller per creation; without
// this option it costs nothing.
func WithCreationSites() Option {
	return func(c *config) error {
		c.sites = true
		return nil
	}
}

// WithCloseTimeout sets how long Close waits for work still running, and
// for the goroutines of handles, before it abandons them (see Close): 5
// seconds by default. d must be positive.
func WithCloseTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("loop: WithCloseTimeout(%v): the timeout must be positive", d)
		}
		c.closeTimeout = d
		return nil
	}
}

// WithContext ties the loop to ctx: when ctx is done, the loop stops and
// closes as if Close had been called from another goroutine, and a Run in
// progress returns (nil, unless callbacks panicked during the close). A loop
// that is not running when ctx ends closes at its next Run, which then
// returns at once, or at Close. It is the way to stop a server on a signal:
//
//	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
//	defer stop()
//	l, err := loop.New(loop.WithContext(ctx))
func WithContext(ctx context.Context) Option {
	return func(c *config) error {
		if ctx == nil {
			return fmt.Errorf("loop: WithContext(nil): pass a context, or omit the option")
		}
		c.ctx = ctx
		return nil
	}
}

// WithReportOnReturn makes Run, when it returns because nothing referenced
// is left (or after Stop), call fn with the loop's Report if it lists
// anything: what is left then is what nothing will finish, such as unref'd
// timers, or callbacks that package cb handed out and that were never
// called (see cb.TrackCallbacks, which adds them to the report). fn runs on
// the loop goroutine, after the last callback. Without this option nothing
// is computed.
func WithReportOnReturn(fn func(Report)) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("loop: WithReportOnReturn(nil): pass a function, or omit the option")
		}
		c.onReturn = fn
		return nil
	}
}

func newConfig(opts []Option) (*config, error) {
	c := &config{workers: defaultWorkers(), closeTimeout: defaultCloseTimeout}
	if s, ok := os.LookupEnv(WorkersEnv); ok && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("loop: %s=%q: not an integer", WorkersEnv, s)
		}
		c.workers = min(max(n, 1), maxWorkers)
	}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("loop: New: nil Option")
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}
