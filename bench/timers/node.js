'use strict';
// Twin of timers/main.go: -n setTimeouts with the same random whole-ms
// delays, optionally -clear=0.9 of them cleared right away, the rest fired.
//
// Lateness is measured against the due time Node itself computes: the
// timeout's _idleStart (libuv's millisecond clock when setTimeout ran) plus
// its delay. libuv's clock is floor(uv_hrtime / 1e6) minus a base that
// calibrateBase recovers, so a due time converts to process.hrtime exactly.
// Timers are handled in one shared function, as in the Go twin, and read
// their due time from `this` (the Timeout), so no closure per timer. Which
// timers the lateness figures count is explained in timers/main.go.
const { args, now, print } = require('../common.js');

const a = args({ n: '1000000', maxms: '1000', clear: '0' });
const n = Number(a.n);
const maxMS = Number(a.maxms);
const clear = Number(a.clear);

function mulberry32(seed) {
  let s = seed;
  return function () {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const delays = new Uint16Array(n);
const rnd = mulberry32(1);
for (let i = 0; i < n; i++) delays[i] = 1 + (rnd() % maxMS);
const every = clear > 0 ? Math.round(1 / (1 - clear)) : 0;
const keep = (i) => every === 0 || i % every === 0;
let survivors = 0;
for (let i = 0; i < n; i++) if (keep(i)) survivors++;

// calibrateBase returns libuv's timer base in ms: the hrtime millisecond at
// which _idleStart reads 0.
function calibrateBase() {
  for (;;) {
    const before = process.hrtime.bigint() / 1000000n;
    const t = setTimeout(() => {}, 1);
    const after = process.hrtime.bigint() / 1000000n;
    clearTimeout(t);
    if (before === after) return Number(before) - t._idleStart;
  }
}

// A histogram of lateness in 10 µs buckets up to 2 s, as in the Go twin.
const BUCKET_MS = 0.01;
function newHist() {
  return { b: new Uint32Array(200000), n: 0, max: 0 };
}
function addHist(h, lateMS) {
  const i = Math.min(Math.floor(Math.max(lateMS, 0) / BUCKET_MS), h.b.length - 1);
  h.b[i]++;
  h.n++;
  if (lateMS > h.max) h.max = lateMS;
}
function quantile(h, q) {
  const want = Math.round(q * h.n);
  let seen = 0;
  for (let i = 0; i < h.b.length; i++) {
    seen += h.b[i];
    if (seen >= want && seen > 0) return (i + 1) * BUCKET_MS;
  }
  return 0;
}

const lat = newHist(); // fired after the loop caught up
const latAfter = newHist(); // due after the scheduling callback returned
const latAll = newHist();
let fired = 0;
let caughtUpMS = 0; // when the loop caught up; see timers/main.go
let base; // ms
let schedDoneMS;
let setSecs = 0;
let clearSecs = 0;
let start; // s, when setting began

function onTimeout() {
  const nowMS = Number(process.hrtime.bigint()) / 1e6;
  fired++;
  const dueMS = base + this._idleStart + this._idleTimeout;
  const late = nowMS - dueMS;
  addHist(latAll, late);
  if (dueMS > schedDoneMS) {
    addHist(latAfter, late);
    if (caughtUpMS === 0 && late < 1) caughtUpMS = nowMS;
  }
  if (caughtUpMS !== 0) addHist(lat, late);
  if (fired === survivors) finish();
}

function finish() {
  const schedSecs = setSecs + clearSecs;
  const caught = caughtUpMS !== 0;
  const steady = caught ? lat : latAfter;
  print({
    n,
    fired,
    set_secs: setSecs,
    clear_secs: clearSecs,
    sched_rate: n / schedSecs,
    sched_secs: schedSecs,
    late_p50_ms: quantile(steady, 0.5),
    late_p99_ms: quantile(steady, 0.99),
    late_max_ms: steady.max,
    late_counted: steady.n,
    caught_up: caught ? 1 : 0,
    catchup_ms: caught ? caughtUpMS - schedDoneMS : -1,
    late_p99_all_ms: quantile(latAll, 0.99),
    run_secs: now() - start, // from the start of setting to the last fire
  });
}

setImmediate(() => {
  base = calibrateBase();
  start = now();
  let handles = null;
  if (every === 0) {
    for (let i = 0; i < n; i++) setTimeout(onTimeout, delays[i]);
  } else {
    handles = new Array(n);
    for (let i = 0; i < n; i++) handles[i] = setTimeout(onTimeout, delays[i]);
  }
  const mid = now();
  setSecs = mid - start;
  if (handles !== null) {
    for (let i = 0; i < n; i++) {
      if (!keep(i)) {
        clearTimeout(handles[i]);
        handles[i] = null;
      }
    }
    clearSecs = now() - mid;
  }
  schedDoneMS = Number(process.hrtime.bigint()) / 1e6;
});
