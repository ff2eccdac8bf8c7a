'use strict';
// Twin of the control-flow scenarios in ../../asyncjs_test.go: parallel,
// parallelLimit, series, race, waterfall, the loops (whilst, doWhilst,
// until, doUntil, forever), retry, auto, timeout, memoize and reflect, each
// on a success, a first error and, where it applies, an empty input. See
// harness.js.
const { async, show, errText, run } = require('./harness.js');

const names = ['a', 'b', 'c', 'd'];
const hops = { a: 3, b: 1, c: 2, d: 0 };

const scenarios = [];
const add = (name, fn, opts) => scenarios.push([name, fn, opts]);

// task returns a task that logs, waits its hops and calls back with its
// name in capitals, or fails if it is the failing one.
const task = (log, later, x, fail) => cb => {
  log(`start ${x}`);
  later(hops[x], () => {
    if (x === fail) {
      log(`done ${x} with an error`);
      return cb(new Error(`boom ${x}`));
    }
    log(`done ${x}`);
    cb(null, x.toUpperCase());
  });
};

for (const [name, limit] of [['parallel'], ['parallelLimit', 2], ['series']]) {
  for (const [cname, fail, empty] of [['ok'], ['error', 'c'], ['empty', undefined, true]]) {
    add(`${name}/${cname}`, (log, later, end) => {
      const tasks = empty ? [] : names.map(x => task(log, later, x, fail));
      const done = (err, v) => { log(`final err=${errText(err)} value=${show(v)}`); end(); };
      if (limit) async[name](tasks, limit, done);
      else async[name](tasks, done);
    });
  }
}

for (const [cname, fail, list] of [['ok', undefined, names], ['error', 'b', names], ['empty', undefined, []]]) {
  add(`race/${cname}`, (log, later, end) => {
    async.race(list.map(x => task(log, later, x === 'd' ? 'a' : x, fail)), (err, v) => {
      log(`final err=${errText(err)} value=${show(v)}`);
      end();
    });
  });
}

for (const [cname, fail, empty] of [['ok'], ['error', 1], ['empty', undefined, true]]) {
  add(`waterfall/${cname}`, (log, later, end) => {
    const step = (k, wait) => (...args) => {
      const cb = args.pop();
      const input = args.length ? args[0] : '';
      log(`step ${k} got ${show(input)}`);
      later(wait, () => {
        if (k === fail) return cb(new Error(`boom ${k}`));
        cb(null, input + 'xyz'[k]);
      });
    };
    const tasks = empty ? [] : [step(0, 1), step(1, 0), step(2, 2)];
    async.waterfall(tasks, (err, v) => {
      log(`final err=${errText(err)} value=${show(v)}`);
      end();
    });
  });
}

// The loops count to 3; "error" fails the task on its second run,
// "testError" fails the test, "never" has a test that says stop at once.
const loopCases = [['ok'], ['error', 'task'], ['testError', 'test'], ['never', 'never']];
for (const name of ['whilst', 'until', 'doWhilst', 'doUntil']) {
  for (const [cname, what] of loopCases) {
    add(`${name}/${cname}`, (log, later, end) => {
      let count = 0;
      const negate = name === 'until' || name === 'doUntil';
      const verdict = more => (negate ? !more : more);
      const fn = cb => {
        count++;
        log(`run ${count}`);
        later(count % 2, () => {
          if (what === 'task' && count === 2) return cb(new Error('boom task'));
          cb(null, `n${count}`);
        });
      };
      const check = cb => {
        log(`test at ${count}`);
        later(1, () => {
          if (what === 'test' && count === 2) return cb(new Error('boom test'));
          cb(null, verdict(what !== 'never' && count < 3));
        });
      };
      const done = (err, v) => { log(`final err=${errText(err)} value=${show(v)}`); end(); };
      if (name === 'whilst' || name === 'until') async[name](check, fn, done);
      else async[name](fn, (v, cb) => { log(`got ${show(v)}`); check(cb); }, done);
    });
  }
}

add('forever/error', (log, later, end) => {
  let count = 0;
  async.forever(next => {
    count++;
    log(`run ${count}`);
    later(count % 2, () => next(count === 3 ? new Error('boom 3') : null));
  }, err => { log(`final err=${errText(err)}`); end(); });
});

// retry: "ok" fails twice then succeeds; "exhausted" always fails with
// times 3; "filtered" stops when the filter rejects the second error;
// "interval" waits 10 ms and then 20 ms between attempts.
const retryCases = [
  ['ok', {}, 3],
  ['exhausted', { times: 3 }, 99],
  ['filtered', { errorFilter: err => err.message !== 'boom 2' }, 99],
  ['interval', { times: 4, interval: n => 10 * n }, 3],
];
for (const [cname, opts, succeedAt] of retryCases) {
  add(`retry/${cname}`, (log, later, end) => {
    let attempt = 0;
    async.retry(opts, cb => {
      attempt++;
      log(`attempt ${attempt}`);
      later(1, () => (attempt === succeedAt ? cb(null, `ok at ${attempt}`) : cb(new Error(`boom ${attempt}`), `partial ${attempt}`)));
    }, (err, v) => { log(`final err=${errText(err)} value=${show(v)}`); end(); });
  }, { timers: cname === 'interval' });
}

// auto: a diamond, a needs nothing, b and c need a, d needs b and c.
for (const [cname, fail, limit, empty] of [['ok'], ['error', 'b'], ['limit', undefined, 1], ['empty', undefined, undefined, true]]) {
  add(`auto/${cname}`, (log, later, end) => {
    const node = (x, deps, wait) => {
      const fn = (results, cb) => {
        if (!cb) { cb = results; results = {}; }
        log(`start ${x} with ${show(deps.map(d => results[d]))}`);
        later(wait, () => {
          if (x === fail) return cb(new Error(`boom ${x}`));
          cb(null, deps.map(d => results[d]).join('') + x.toUpperCase());
        });
      };
      return deps.length ? [...deps, fn] : fn;
    };
    const tasks = empty ? {} : { a: node('a', [], 2), b: node('b', ['a'], 1), c: node('c', ['a'], 0), d: node('d', ['b', 'c'], 1) };
    const done = (err, v) => { log(`final err=${errText(err)} value=${show(v)}`); end(); };
    if (limit) async.auto(tasks, limit, done);
    else async.auto(tasks, done);
  });
}

// timeout: a task within its time, and one that takes 100 ms against a
// 20 ms timeout (its late callback is ignored). The Go function's name
// differs from JavaScript's, so the message is not printed: the code is.
for (const [cname, ms] of [['fast', 5], ['slow', 100]]) {
  add(`timeout/${cname}`, (log, later, end) => {
    const slow = cb => { log('start'); setTimeout(() => { log('task done'); cb(null, 'value'); }, ms); };
    async.timeout(slow, 20)((err, v) => {
      log(`final code=${err ? err.code : 'null'} value=${show(v)}`);
      end();
    });
  }, { timers: true });
}

add('memoize/calls', (log, later, end) => {
  const failed = {};
  const m = async.memoize((key, cb) => {
    log(`compute ${key}`);
    later(1, () => {
      if (key === 'y' && !failed.y) { failed.y = true; return cb(new Error('boom y')); }
      cb(null, key + '!');
    });
  });
  const call = (key, then) => m(key, (err, v) => { log(`${key}: err=${errText(err)} value=${show(v)}`); if (then) then(); });
  let pending = 2;
  const both = () => {
    if (--pending > 0) return;
    call('x', () => call('y', () => call('y', end)));
  };
  call('x', both);
  call('x', both);
});

add('reflect/parallel', (log, later, end) => {
  const tasks = ['a', 'b', 'c'].map(x => task(log, later, x, 'b'));
  async.parallel(async.reflectAll(tasks), (err, results) => {
    log(`final err=${errText(err)} value=${show(results.map(r => (r.error ? { error: r.error.message } : { value: r.value })))}`);
    end();
  });
});

run(scenarios);
