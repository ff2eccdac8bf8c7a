// Node twin of bench_test.go: the same cases, timed the same way.
// Run, in events/: node testdata/bench.js
const EventEmitter = require('events');

let sink = 0;
const chunk = Buffer.alloc(8);

function bench(name, setup, n = 5e7) {
  const run = setup();
  run(1e6); // warm up the JIT
  const t0 = process.hrtime.bigint();
  run(n);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`node ${name}: ${ns.toFixed(2)} ns/op (${(1e3 / ns).toFixed(1)}M/s)`);
}

const listener = (b) => { sink += b.length; };

bench('emit, one argument, one listener', () => {
  const e = new EventEmitter();
  e.on('data', listener);
  return (n) => { for (let i = 0; i < n; i++) e.emit('data', chunk); };
});
bench('emit, one argument, three listeners', () => {
  const e = new EventEmitter();
  for (let i = 0; i < 3; i++) e.on('data', (b) => { sink += b.length; });
  return (n) => { for (let i = 0; i < n; i++) e.emit('data', chunk); };
});
bench('emit, two events in turn (two emits an op)', () => {
  const e = new EventEmitter();
  e.on('data', listener);
  e.on('end', listener);
  return (n) => { for (let i = 0; i < n; i++) { e.emit('data', chunk); e.emit('end', chunk); } };
});
bench('emit, no listener', () => {
  const e = new EventEmitter();
  e.on('other', listener);
  return (n) => { for (let i = 0; i < n; i++) e.emit('data', chunk); };
});
bench('emit, one of 16 event names', () => {
  const e = new EventEmitter();
  for (let i = 0; i < 16; i++) e.on('event' + i, listener);
  const name = ['event', 11].join('');
  return (n) => { for (let i = 0; i < n; i++) e.emit(name, chunk); };
});
bench('on + off', () => {
  const e = new EventEmitter();
  e.on('data', listener);
  return (n) => { for (let i = 0; i < n; i++) { const f = () => {}; e.on('data', f); e.off('data', f); } };
}, 1e7);
if (sink < 0) console.log(sink);
