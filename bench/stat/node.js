'use strict';
// Twin of stat/main.go: -n fs.stat calls of one file with -inflight
// outstanding, each callback starting the next, on libuv's threadpool
// (UV_THREADPOOL_SIZE, 4 by default).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { args, now, print } = require('../common.js');

const a = args({ n: '200000', inflight: '64', file: path.join(os.tmpdir(), 'loopbench-stat.txt') });
const n = Number(a.n);
const inflight = Number(a.inflight);
const file = a.file;
if (!fs.existsSync(file)) fs.writeFileSync(file, 'loop bench\n');

let started = 0;
let done = 0;
let start;
let cpu0;

function next() {
  if (started < n) {
    started++;
    fs.stat(file, onDone);
  }
}

function onDone(err) {
  if (err) throw err;
  done++;
  if (done === n) {
    const secs = now() - start;
    const cpu = process.cpuUsage(cpu0);
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    print({ mode: 'fs.stat', n, inflight, secs, rate: n / secs, cpu_rate: n / cpuSecs });
    return;
  }
  next();
}

setImmediate(() => {
  start = now();
  cpu0 = process.cpuUsage();
  for (let i = 0; i < inflight; i++) next();
});
