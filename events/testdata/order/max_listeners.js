// The max-listeners warning: once per name, repeated when the count fell to one.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

// Node delivers warnings on a later tick; Go synchronously. Collect them and
// print them at the end so that both orders give the same lines.
const warnings = [];
process.on('warning', (w) => warnings.push(w));

const e = new EventEmitter();
log('max', e.getMaxListeners());
const foo = [];
for (let i = 0; i < 15; i++) { const f = () => {}; foo.push(f); e.on('foo', f); }
log('count', e.listenerCount('foo'));
// Down to two and back: no second warning.
for (let i = 0; i < 13; i++) e.off('foo', foo[i]);
for (let i = 0; i < 10; i++) e.on('foo', () => {});
// Down to one and back: Node warns again.
e.removeAllListeners('foo');
e.on('foo', () => {});
for (let i = 0; i < 10; i++) e.on('foo', () => {});
// A lower limit; 0 means none.
e.setMaxListeners(1);
log('max', e.getMaxListeners());
e.on('bar', () => {});
e.on('bar', () => {});
e.setMaxListeners(0);
for (let i = 0; i < 100; i++) e.on('baz', () => {});
try {
  e.setMaxListeners(-1);
} catch (err) {
  log('thrown', err.message);
}

setImmediate(() => {
  for (const w of warnings) log(w.name, w.type, w.count, w.emitter === e, w.message);
});
