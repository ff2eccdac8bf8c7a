// once: the wrapper removes itself before calling the listener.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

log('# once runs at most once');
{
  const e = new EventEmitter();
  e.once('x', function o(v) { log('o', v); });
  log('emit', e.emit('x', 1));
  log('emit', e.emit('x', 2));
  log('count', e.listenerCount('x'));
}

log('# a re-entrant emit inside a once listener does not call it again');
{
  const e = new EventEmitter();
  e.once('x', function o() { log('o in', e.listenerCount('x')); e.emit('x'); log('o out'); });
  e.on('x', function p() { log('p'); });
  e.emit('x');
}

log('# a once listener run by an inner emit is not run again by the outer one');
{
  const e = new EventEmitter();
  let depth = 0;
  e.on('y', function a() { log('a', depth); if (depth++ === 0) e.emit('y'); });
  e.once('y', function b() { log('b', depth); });
  e.emit('y');
  log('|');
  e.emit('y');
}

log('# a once listener removed earlier in the same emit still runs');
{
  const e = new EventEmitter();
  e.on('removeListener', function rl(name, fn) { log('removeListener', name, fn.name); });
  function o() { log('o'); }
  e.on('x', function first() { log('first'); e.off('x', o); });
  e.once('x', o);
  e.emit('x');
  log('count', e.listenerCount('x'));
}

log('# removeListener is emitted before the once listener runs');
{
  const e = new EventEmitter();
  e.on('removeListener', function rl(name, fn) { log('removeListener', name, fn.name); });
  e.once('x', function o() { log('o'); });
  e.emit('x');
}

log('# prependOnceListener runs first, once');
{
  const e = new EventEmitter();
  e.on('x', function a() { log('a'); });
  e.prependOnceListener('x', function b() { log('b'); });
  e.prependListener('x', function c() { log('c'); });
  e.emit('x');
  log('|');
  e.emit('x');
}
