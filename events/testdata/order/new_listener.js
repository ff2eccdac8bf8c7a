// 'newListener' before adding, 'removeListener' after removing.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

log('# newListener is emitted before the listener is added');
{
  const e = new EventEmitter();
  e.on('newListener', function nl(name, fn) { log('newListener', name, fn.name, 'count', e.listenerCount(name)); });
  e.on('x', function a() {});
  e.once('x', function b() {});
  e.prependListener('x', function c() {});
  log('count', e.listenerCount('x'));
}

log('# newListener is emitted for the removeListener and newListener listeners too');
{
  const e = new EventEmitter();
  e.on('newListener', function nl1(name, fn) { log('nl1', name, fn.name); });
  e.on('newListener', function nl2(name, fn) { log('nl2', name, fn.name); });
  e.on('removeListener', function rl() {});
}

log('# a listener added by a newListener listener comes first');
{
  const e = new EventEmitter();
  let adding = false;
  e.on('newListener', function nl(name, fn) {
    if (name !== 'x' || adding) return;
    adding = true;
    e.on('x', function early() { log('early'); });
    adding = false;
  });
  e.on('x', function a() { log('a'); });
  e.emit('x');
}

log('# removeListener is emitted after the listener is removed');
{
  const e = new EventEmitter();
  e.on('removeListener', function rl(name, fn) { log('removeListener', name, fn.name, 'count', e.listenerCount(name)); });
  function a() {}
  e.on('x', a);
  e.on('x', function b() {});
  e.off('x', a);
  e.off('x', a);
  log('count', e.listenerCount('x'));
}

log('# removing one removeListener listener tells the others');
{
  const e = new EventEmitter();
  function rl1(name, fn) { log('rl1', name, fn.name); }
  e.on('removeListener', rl1);
  e.on('removeListener', function rl2(name, fn) { log('rl2', name, fn.name); });
  e.off('removeListener', rl1);
}
