'use strict';
// Twin of queue/main.go: -n no-op jobs through async.queue(worker,
// -concurrency), the worker calling back -mode=sync, tick
// (process.nextTick) or immediate (setImmediate); the rate from the first
// push to the drain. Each job has the same callback, which counts (without
// one, async.js v3's push makes a Promise per job). async comes from
// cb/testdata (npm ci there).
const { args, now, print } = require('../common.js');
const async = require('../../cb/testdata/node_modules/async');

const a = args({ n: '1000000', concurrency: '16', mode: 'sync' });
const n = Number(a.n);
const later = {
  sync: fn => fn(),
  tick: process.nextTick,
  immediate: setImmediate,
}[a.mode];
if (!later) throw new Error(`unknown -mode=${a.mode}`);

let called = 0;
setImmediate(() => {
  const start = now();
  const q = async.queue(a.mode === 'sync' ? (_, done) => done() : (_, done) => later(done), Number(a.concurrency));
  q.drain(() => {
    const secs = now() - start;
    if (called !== n) throw new Error(`${called} callbacks, want ${n}`);
    print({ n, secs, rate: n / secs });
  });
  const count = err => {
    if (err) throw err;
    called++;
  };
  for (let i = 0; i < n; i++) q.push(i, count);
});
