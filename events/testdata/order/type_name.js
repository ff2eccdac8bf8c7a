// The max-listeners warning names the emitter's class; a Go type that embeds
// an EventEmitter gives its name with SetTypeName.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

// Collected and printed at the end, as in max_listeners.js.
const warnings = [];
process.on('warning', (w) => warnings.push(w));

class FakeInput extends EventEmitter {}
const input = new FakeInput();
for (let i = 0; i < 11; i++) input.on('data', () => {});

// A subclass of a subclass prints its own name.
class Keyboard extends FakeInput {}
const keys = new Keyboard();
keys.setMaxListeners(1);
keys.on('key', () => {});
keys.on('key', () => {});

// A class without a name, and a plain emitter, print EventEmitter.
const Anonymous = (() => class extends EventEmitter {})();
const anon = new Anonymous();
for (let i = 0; i < 11; i++) anon.on('x', () => {});
const plain = new EventEmitter();
for (let i = 0; i < 11; i++) plain.on('y', () => {});

setImmediate(() => {
  for (const w of warnings) log(w.type, w.message);
});
