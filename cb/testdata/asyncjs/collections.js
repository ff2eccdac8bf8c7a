'use strict';
// Twin of the collection scenarios in ../../asyncjs_test.go: every
// collection combinator of async.js, in its parallel, Series and Limit (2)
// forms, on three inputs: "ok" (four items finishing out of order, one of
// them synchronously), "error" (the same, with item c failing) and
// "empty". The iteratee logs when each item starts and finishes, so the
// trace shows the concurrency, the order of results and what happens after
// the first error. See harness.js.
const { async, show, errText, run } = require('./harness.js');

const items = ['a', 'b', 'c', 'd'];
const hops = { a: 3, b: 1, c: 2, d: 0 }; // d calls back synchronously
// The predicates say true for b and c; in the "error" case for nothing,
// so that Detect, Some and Every reach the error; in "all" (Detect, Some and
// Every only) for every item.
const truthyIn = {
  ok: { b: true, c: true },
  error: {},
  empty: {},
  all: { a: true, b: true, c: true, d: true },
};
let truthy = truthyIn.ok;

// What each kind of combinator's iteratee calls back with.
const value = {
  each: () => undefined,
  map: x => x.toUpperCase(),
  filter: x => !!truthy[x],
  test: x => !!truthy[x],
  concat: x => [x, x + x],
  groupBy: x => (hops[x] % 2 ? 'odd' : 'even'),
  sortBy: x => hops[x],
};

// The combinators: [async.js name, kind, limit or undefined, how its final
// callback is printed].
const finalValue = (log) => (err, v) => log(`final err=${errText(err)} value=${show(v)}`);
const finalEach = (log) => (err) => log(`final err=${errText(err)}`);
const finalDetect = (log) => (err, v) => log(`final err=${errText(err)} item=${show(v)}`);

const combinators = [];
for (const [base, kind, final] of [
  ['each', 'each', finalEach],
  ['map', 'map', finalValue],
  ['filter', 'filter', finalValue],
  ['reject', 'filter', finalValue],
  ['detect', 'test', finalDetect],
  ['some', 'test', finalValue],
  ['every', 'test', finalValue],
  ['concat', 'concat', finalValue],
  ['groupBy', 'groupBy', finalValue],
]) {
  combinators.push([base, kind, undefined, final]);
  combinators.push([base + 'Series', kind, undefined, final]);
  combinators.push([base + 'Limit', kind, 2, final]);
}
combinators.push(['sortBy', 'sortBy', undefined, finalValue]);

const cases = { ok: {}, error: { fail: 'c' }, empty: { empty: true } };
const testCases = { ...cases, all: {} };

const scenarios = [];
for (const [name, kind, limit, final] of combinators) {
  for (const [cname, c] of Object.entries(kind === 'test' ? testCases : cases)) {
    scenarios.push([`${name}/${cname}`, (log, later, end) => {
      truthy = kind === 'filter' ? truthyIn.ok : truthyIn[cname];
      if (cname === 'error' && name.startsWith('every')) truthy = truthyIn.all;
      const it = (x, cb) => {
        log(`start ${x}`);
        later(hops[x], () => {
          if (c.fail === x) {
            log(`done ${x} with an error`);
            return cb(new Error(`boom ${x}`));
          }
          log(`done ${x}`);
          cb(null, value[kind](x));
        });
      };
      const fin = final(log);
      const done = (...args) => { fin(...args); end(); };
      const coll = c.empty ? [] : items;
      if (limit === undefined) async[name](coll, it, done);
      else async[name](coll, limit, it, done);
    }]);
  }
}

// times: the same on the integers 0..3, with the hops of a..d.
for (const [name, limit] of [['times', undefined], ['timesSeries', undefined], ['timesLimit', 2]]) {
  for (const [cname, c] of Object.entries(cases)) {
    scenarios.push([`${name}/${cname}`, (log, later, end) => {
      const it = (i, cb) => {
        log(`start ${i}`);
        later(hops[items[i]], () => {
          if (c.fail && i === 2) {
            log(`done ${i} with an error`);
            return cb(new Error(`boom ${i}`));
          }
          log(`done ${i}`);
          cb(null, `t${i}`);
        });
      };
      const n = c.empty ? 0 : 4;
      const done = (err, v) => { log(`final err=${errText(err)} value=${show(v)}`); end(); };
      if (limit === undefined) async[name](n, it, done);
      else async[name](n, limit, it, done);
    }]);
  }
}

// reduce and reduceRight fold the items into a string, one at a time.
for (const name of ['reduce', 'reduceRight']) {
  for (const [cname, c] of Object.entries(cases)) {
    scenarios.push([`${name}/${cname}`, (log, later, end) => {
      const it = (memo, x, cb) => {
        log(`start ${x} memo=${show(memo)}`);
        later(hops[x], () => {
          if (c.fail === x) {
            log(`done ${x} with an error`);
            return cb(new Error(`boom ${x}`), memo + '!');
          }
          log(`done ${x}`);
          cb(null, memo + x);
        });
      };
      async[name](c.empty ? [] : items, '>', it, (err, v) => {
        log(`final err=${errText(err)} value=${show(v)}`);
        end();
      });
    }]);
  }
}

run(scenarios);
