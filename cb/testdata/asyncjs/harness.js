'use strict';
// What the twin scripts share. Each script runs named scenarios one after
// another with async.js v3 and prints "NAME: LINE" for every line a
// scenario logs; the Go twins in ../../asyncjs_test.go do the same on a
// loop and must print the same lines. A scenario gets
//
//   log(line)      print a line
//   later(n, fn)   call fn after n loop iterations (a chain of n
//                  setImmediate), or synchronously for n = 0: the delays of
//                  the scenarios, exact on both sides, unlike timers
//   end()          the scenario has called its final callback
//
// After end, the harness lets 20 more iterations pass (or 300 ms for
// scenarios that use timers), so that the tasks a failed run left behind
// finish and log inside their own scenario, as they do in Go, where each
// scenario runs on its own loop until Run returns.
//
// Values are printed as JSON in a canonical form that both sides share
// (show): object keys sorted; in arrays, undefined, null and "" are all
// null (a hole in a JavaScript array and a zero string in a Go slice both
// mean "no value yet"), and trailing nulls are dropped.
//
// Regenerate an .out with `node NAME.js > NAME.out` in this directory,
// never by hand.

const async = require('async');

function later(n, fn) {
  if (n <= 0) return fn();
  setImmediate(() => later(n - 1, fn));
}

function canon(v) {
  if (Array.isArray(v)) {
    const out = [];
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out.push(x === undefined || x === null || x === '' ? null : canon(x));
    }
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  }
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      if (v[k] !== undefined) out[k] = canon(v[k]);
    }
    return out;
  }
  return v === undefined ? null : v;
}

function show(v) {
  return JSON.stringify(canon(v));
}

function errText(err) {
  return err ? err.message : 'null';
}

// run runs [name, fn, opts] scenarios in order.
function run(scenarios) {
  let i = 0;
  function next() {
    if (i >= scenarios.length) return;
    const [name, fn, opts = {}] = scenarios[i++];
    const log = line => process.stdout.write(`${name}: ${line}\n`);
    let ended = false;
    fn(log, later, () => {
      if (ended) log('end called twice');
      ended = true;
      if (opts.timers) setTimeout(next, 300);
      else later(20, next);
    });
  }
  next();
}

module.exports = { async, later, show, errText, run };
