'use strict';
// The twin of main.go: the same bytes through the same pipeline, with
// Node's streams and the same 64 KiB high-water marks.
const { Readable, Writable, Transform, PassThrough, pipeline, finished } = require('stream');
const { args, now, print } = require('../common.js');

const a = args({ mode: 'transform', mib: '256' });
const chunk = 64 << 10;
const total = Number(a.mib) << 20;

setImmediate(() => {
  const start = now();
  const buf = Buffer.alloc(chunk);
  let sent = 0;
  let received = 0;
  const src = new Readable({
    highWaterMark: chunk,
    read() {
      while (sent < total) {
        sent += buf.length;
        if (!this.push(buf)) return;
      }
      this.push(null);
    },
  });
  const dst = new Writable({
    highWaterMark: chunk,
    write(b, enc, done) {
      received += b.length;
      done();
    },
  });
  const finish = (err) => {
    if (err) throw err;
    const secs = now() - start;
    if (received !== total) throw new Error(`received ${received}, want ${total}`);
    print({ mib: Number(a.mib), secs, rate: total / (1 << 20) / secs });
  };
  if (a.mode === 'transform') {
    const t = new Transform({ highWaterMark: chunk, transform(b, enc, done) { done(null, b); } });
    pipeline(src, t, dst, finish);
  } else {
    let prev = src;
    for (let i = 0; i < 3; i++) {
      const p = new PassThrough({ highWaterMark: chunk });
      prev.pipe(p);
      prev = p;
    }
    prev.pipe(dst);
    finished(dst, finish);
  }
});
