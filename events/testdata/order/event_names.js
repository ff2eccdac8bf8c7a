// eventNames(): insertion order of names, a name re-added after emptying goes last.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

const e = new EventEmitter();
function a() {}
e.on('a', a);
e.on('b', function b() {});
e.prependListener('c', function c() {});
e.on('a', function a2() {});
log('names', e.eventNames().join(','));
e.off('a', a);
log('names', e.eventNames().join(','));
e.removeAllListeners('a');
log('names', e.eventNames().join(','));
e.on('a', a);
log('names', e.eventNames().join(','));
e.once('d', function d() {});
e.emit('d');
log('names', e.eventNames().join(','));
log('count', e.listenerCount('a'), e.listenerCount('b'), e.listenerCount('nope'));
