'use strict';
// Twin of the queue scenarios in ../../asyncjs_test.go: queue,
// priorityQueue, cargo and cargoQueue, with every hook logged (saturated,
// unsaturated, empty, drain, error), each job's callback, and the queue's
// length, running count and idleness at chosen points. Kill is not here:
// async.js drops the callbacks of killed jobs, and package cb calls them
// with ErrKilled, on purpose. See harness.js.
const { async, show, errText, run } = require('./harness.js');

const hops = { a: 3, b: 1, c: 2, d: 0, e: 1, z: 1 };

function hooks(q, log) {
  q.saturated(() => log(`saturated running=${q.running()}`));
  q.unsaturated(() => log(`unsaturated running=${q.running()}`));
  q.empty(() => log('empty'));
  q.drain(() => log('drain'));
  q.error((err, job) => log(`error ${errText(err)} job=${show(job)}`));
}

function state(q, log, when) {
  log(`${when}: length=${q.length()} running=${q.running()} idle=${q.idle()}`);
}

const scenarios = [];
const add = (name, fn) => scenarios.push([name, fn]);

// worker logs the job, waits its hops, and fails for the failing job.
const worker = (log, later, fail, extra) => (x, cb) => {
  log(`start ${x}`);
  later(hops[x], () => {
    if (extra) extra(x);
    if (x === fail) {
      log(`done ${x} with an error`);
      return cb(new Error(`boom ${x}`));
    }
    log(`done ${x}`);
    cb();
  });
};

for (const [cname, fail, concurrency] of [['ok', undefined, 2], ['error', 'c', 2], ['one', undefined, 1], ['four', undefined, 4]]) {
  add(`queue/${cname}`, (log, later, end) => {
    const q = async.queue(worker(log, later, fail), concurrency);
    hooks(q, log);
    q.drain(() => { log('drain'); state(q, log, 'drained'); end(); });
    for (const x of ['a', 'b', 'c', 'd']) q.push(x, err => log(`callback ${x} err=${errText(err)}`));
    state(q, log, 'pushed');
  });
}

add('queue/sync', (log, later, end) => {
  const q = async.queue((x, cb) => { log(`run ${x}`); cb(x === 'c' ? new Error('boom c') : null); }, 2);
  hooks(q, log);
  q.drain(() => { log('drain'); end(); });
  for (const x of ['a', 'b', 'c', 'd', 'e']) q.push(x, err => log(`callback ${x} err=${errText(err)}`));
});

add('queue/unshift', (log, later, end) => {
  const q = async.queue(worker(log, later), 1);
  q.drain(() => { log('drain'); end(); });
  q.push('a', () => log('callback a'));
  q.push('b', () => log('callback b'));
  q.unshift('z', () => log('callback z'));
});

add('queue/pause', (log, later, end) => {
  let q;
  q = async.queue(worker(log, later, undefined, x => {
    if (x === 'a') {
      q.pause();
      state(q, log, 'paused');
      later(4, () => { state(q, log, 'resuming'); q.resume(); });
    }
  }), 2);
  hooks(q, log);
  q.drain(() => { log('drain'); end(); });
  for (const x of ['a', 'b', 'c', 'd', 'e']) q.push(x, err => log(`callback ${x} err=${errText(err)}`));
});

add('queue/concurrency', (log, later, end) => {
  let q;
  q = async.queue(worker(log, later), 1);
  hooks(q, log);
  q.drain(() => { log('drain'); end(); });
  q.push('a', () => { log('callback a, concurrency to 3'); q.concurrency = 3; });
  for (const x of ['b', 'c', 'd', 'e']) q.push(x, () => log(`callback ${x}`));
});

add('queue/drainAgain', (log, later, end) => {
  let q;
  let again = true;
  q = async.queue(worker(log, later), 2);
  q.drain(() => {
    log('drain');
    if (again) {
      again = false;
      q.push('b', () => log('callback b'));
      return;
    }
    end();
  });
  q.push('a', () => log('callback a'));
});

add('priorityQueue/ok', (log, later, end) => {
  const q = async.priorityQueue(worker(log, later, 'c'), 1);
  hooks(q, log);
  q.drain(() => { log('drain'); end(); });
  for (const [x, p] of [['a', 3], ['b', 1], ['c', 2], ['d', 1], ['e', 0]]) q.push(x, p, err => log(`callback ${x} err=${errText(err)}`));
  state(q, log, 'pushed');
});

for (const [name, concurrency, fail] of [['cargo/ok', 1], ['cargo/error', 1, 'c'], ['cargoQueue/ok', 2]]) {
  add(name, (log, later, end) => {
    const w = (jobs, cb) => {
      log(`batch ${show(jobs)}`);
      later(jobs.length, () => cb(jobs.includes(fail) ? new Error(`boom ${fail}`) : null));
    };
    const q = concurrency === 1 ? async.cargo(w, 2) : async.cargoQueue(w, concurrency, 2);
    hooks(q, log);
    q.drain(() => { log('drain'); end(); });
    for (const x of ['a', 'b', 'c', 'd', 'e']) q.push(x, err => log(`callback ${x} err=${errText(err)}`));
  });
}

run(scenarios);
