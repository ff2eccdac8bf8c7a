// Listeners added or removed during an emit: emit works on a snapshot.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

log('# added during an emit are not called by it (one listener)');
{
  const e = new EventEmitter();
  e.on('x', function only() {
    log('only');
    e.on('x', function late() { log('late'); });
  });
  log('emit', e.emit('x'));
  log('emit', e.emit('x'));
}

log('# added during an emit are not called by it (several listeners)');
{
  const e = new EventEmitter();
  e.on('x', function f1() {
    log('f1');
    e.on('x', function f3() { log('f3'); });
  });
  e.on('x', function f2() { log('f2'); });
  e.emit('x');
  log('|');
  e.emit('x');
}

log('# removed during an emit are still called by it');
{
  const e = new EventEmitter();
  function g2() { log('g2'); }
  e.on('x', function g1() { log('g1'); e.off('x', g2); });
  e.on('x', g2);
  e.emit('x');
  log('|');
  e.emit('x');
}

log('# removeAllListeners during an emit does not stop it');
{
  const e = new EventEmitter();
  e.on('x', function b1() { log('b1'); e.removeAllListeners('x'); });
  e.on('x', function b2() { log('b2'); });
  log('emit', e.emit('x'));
  log('emit', e.emit('x'));
}

log('# prepended during an emit are not called by it');
{
  const e = new EventEmitter();
  e.on('x', function p1() { log('p1'); e.prependListener('x', function p0() { log('p0'); }); });
  e.emit('x');
  log('|');
  e.emit('x');
}
