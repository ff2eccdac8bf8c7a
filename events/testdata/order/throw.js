// A listener that throws stops the emit; the emitter stays consistent.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

const e = new EventEmitter();
e.on('x', function a() { log('a'); });
e.once('x', function b() { log('b'); throw new Error('b failed'); });
e.on('x', function c() { log('c'); });
try {
  e.emit('x');
} catch (err) {
  log('thrown', err.message);
}
log('count', e.listenerCount('x'));
log('emit', e.emit('x'));
