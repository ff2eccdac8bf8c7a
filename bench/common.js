'use strict';
// What the Node twins share: argument parsing in the Go flag style
// (-name=value, -flag), the result line bench/run parses, and peak RSS read
// from /proc/self/status exactly as the Go programs read it
// (bench/internal/report).

const fs = require('fs');

// args returns the -name=value arguments as an object of strings; a bare
// -name is 'true'. defaults fills in the rest.
function args(defaults) {
  const out = { ...defaults };
  for (const a of process.argv.slice(2)) {
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`bad argument ${a}: want -name=value`);
    out[m[1]] = m[2] === undefined ? 'true' : m[2];
  }
  return out;
}

// peakRSSKB returns VmHWM in KiB, or -1 without procfs.
function peakRSSKB() {
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : -1;
  } catch {
    return -1;
  }
}

// now returns monotonic time in seconds (uv_hrtime, the clock libuv's
// timers use).
function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}

// print writes the result as one JSON line, with the fields every twin
// reports.
function print(result) {
  result.impl = 'node';
  result.hwm_kb = peakRSSKB();
  result.node_heap_used_kb = Math.round(process.memoryUsage().heapUsed / 1024);
  process.stdout.write(JSON.stringify(result) + '\n');
}

module.exports = { args, peakRSSKB, now, print };
