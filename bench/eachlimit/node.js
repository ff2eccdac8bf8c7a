'use strict';
// Twin of eachlimit/main.go: async.eachLimit over -n items with -limit in
// flight, the iteratee calling back -mode=sync, tick (process.nextTick) or
// immediate (setImmediate), or statting a file (-mode=stat, fs.stat on
// libuv's threadpool); the rate from the call to the final callback.
// async comes from cb/testdata (npm ci there).
const fs = require('fs');
const path = require('path');
const { args, now, print } = require('../common.js');
const async = require('../../cb/testdata/node_modules/async');

const a = args({ n: '1000000', limit: '64', mode: 'tick' });
const n = Number(a.n);
const iteratee = {
  sync: (_, done) => done(),
  tick: (_, done) => process.nextTick(done),
  immediate: (_, done) => setImmediate(done),
  stat: (_, done) => fs.stat(path.join(__dirname, 'main.go'), err => done(err)),
}[a.mode];
if (!iteratee) throw new Error(`unknown -mode=${a.mode}`);
const items = Array.from({ length: n }, (_, i) => i);

setImmediate(() => {
  const start = now();
  async.eachLimit(items, Number(a.limit), iteratee, err => {
    const secs = now() - start;
    if (err) throw err;
    print({ n, secs, rate: n / secs });
  });
});
