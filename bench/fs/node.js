'use strict';
// Twin of fs/main.go: the same workloads with Node's fs, on the same files
// (made by the Go program, or here if missing).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { args, now, print } = require('../common.js');

const a = args({ mode: 'readfile', dir: path.join(os.tmpdir(), 'loopbench-fs'), files: '10000', n: '200000', inflight: '64', mb: '256' });
const inflight = Number(a.inflight);
const mb = Number(a.mb);

function smallFiles() {
  const d = path.join(a.dir, 'small');
  fs.mkdirSync(d, { recursive: true });
  const data = Buffer.from('loop bench 4KiB\n'.repeat(256));
  const names = [];
  for (let i = 0; i < Number(a.files); i++) {
    const name = path.join(d, 'f' + String(i).padStart(5, '0'));
    try {
      if (fs.statSync(name).size !== 4096) throw new Error('size');
    } catch {
      fs.writeFileSync(name, data);
    }
    names.push(name);
  }
  return names;
}

function bigFile() {
  fs.mkdirSync(a.dir, { recursive: true });
  const name = path.join(a.dir, `big-${mb}m`);
  let ok = false;
  try { ok = fs.statSync(name).size === mb << 20; } catch {}
  if (!ok) {
    const chunk = Buffer.from('0123456789abcdef'.repeat(1 << 16));
    const fd = fs.openSync(name, 'w');
    for (let i = 0; i < mb; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
  }
  const fd = fs.openSync(name, 'r');
  const buf = Buffer.alloc(64 << 10);
  while (fs.readSync(fd, buf) > 0);
  fs.closeSync(fd);
  return name;
}

function fanIn(count, call, done) {
  let started = 0;
  let finished = 0;
  const cb = (err) => {
    if (err) throw err;
    if (++finished === count) return done();
    next();
  };
  const next = () => {
    if (started < count) call(started++, cb);
  };
  for (let i = 0; i < inflight; i++) next();
}

function measure(start, report) {
  setImmediate(() => {
    const t0 = now();
    start(() => report(now() - t0));
  });
}

switch (a.mode) {
  case 'readfile': {
    const names = smallFiles();
    measure((done) => fanIn(names.length, (i, cb) => fs.readFile(names[i], (err, data) => {
      if (!err && data.length !== 4096) err = new Error('short');
      cb(err);
    }), done), (secs) => print({ mode: a.mode, rate: names.length / secs }));
    break;
  }
  case 'stat': {
    const name = smallFiles()[0];
    const n = Number(a.n);
    measure((done) => fanIn(n, (i, cb) => fs.stat(name, cb), done), (secs) => print({ mode: a.mode, rate: n / secs }));
    break;
  }
  case 'readstream': {
    const name = bigFile();
    measure((done) => {
      let got = 0;
      const rs = fs.createReadStream(name);
      rs.on('data', (b) => { got += b.length; });
      rs.on('end', () => { if (got !== mb << 20) throw new Error('short'); done(); });
    }, (secs) => print({ mode: a.mode, mb_per_s: (mb << 20) / secs / 1e6 }));
    break;
  }
  case 'pipe': {
    const name = bigFile();
    const out = path.join(a.dir, 'pipe.out');
    measure((done) => {
      const ws = fs.createWriteStream(out);
      ws.on('finish', done);
      fs.createReadStream(name).pipe(ws);
    }, (secs) => {
      if (fs.statSync(out).size !== mb << 20) throw new Error('short');
      fs.unlinkSync(out);
      print({ mode: a.mode, mb_per_s: (mb << 20) / secs / 1e6 });
    });
    break;
  }
  default:
    throw new Error('unknown mode ' + a.mode);
}
