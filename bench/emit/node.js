'use strict';
// Twin of emit/main.go: -n emit('data', buf) calls with one 8-byte Buffer
// to one listener, from a callback of the loop. The Go program's -typed and
// -arg variants are compared with this one run (a Buffer is an object, which
// JS passes by reference, as Go passes -arg=pointer).
const { EventEmitter } = require('events');
const { args, now, print } = require('../common.js');

const a = args({ n: '10000000' });
const n = Number(a.n);

setImmediate(() => {
  const e = new EventEmitter();
  let sink = 0;
  e.on('data', (b) => {
    sink += b.length;
  });
  const buf = Buffer.alloc(8);
  const start = now();
  for (let i = 0; i < n; i++) e.emit('data', buf);
  const secs = now() - start;
  if (sink !== 8 * n) throw new Error(`listener saw ${sink} bytes, want ${8 * n}`);
  print({ n, secs, rate: n / secs });
});
