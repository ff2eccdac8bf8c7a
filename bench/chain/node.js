'use strict';
// Twin of chain/main.go: a chain of setImmediate (-kind=immediate) or
// process.nextTick (-kind=tick) callbacks, each scheduling the next.
const { args, now, print } = require('../common.js');

const a = args({ kind: 'immediate', n: '1000000' });
const n = Number(a.n);
const schedule = { immediate: setImmediate, tick: process.nextTick }[a.kind];
if (!schedule) throw new Error(`unknown -kind=${a.kind}`);

let count = 0;
let start;
function step() {
  count++;
  if (count < n) {
    schedule(step);
    return;
  }
  const secs = now() - start;
  print({ n, secs, rate: n / secs });
}

// Start from a callback, as the Go program starts from Run's main.
setImmediate(() => {
  start = now();
  schedule(step);
});
