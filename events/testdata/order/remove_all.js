// removeAllListeners: LIFO per name, 'removeListener' listeners last.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));
// Go passes a Listener handle where Node passes the function, and the handle of
// a once listener is the same as the one On returned: print the original name.
const nameOf = (fn) => (fn.listener || fn).name;

log('# all events, newest first within each, removeListener last');
{
  const e = new EventEmitter();
  e.on('x', function a() {});
  e.on('removeListener', function rl1(name, fn) { log('rl1', name, nameOf(fn)); });
  e.on('y', function c() {});
  e.on('x', function b() {});
  e.once('y', function d() {});
  e.on('removeListener', function rl2(name, fn) { log('rl2', name, nameOf(fn)); });
  e.removeAllListeners();
  log('names', e.eventNames().length);
}

log('# one event');
{
  const e = new EventEmitter();
  e.on('removeListener', function rl(name, fn) { log('removeListener', name, nameOf(fn)); });
  e.on('x', function a() {});
  e.on('x', function b() {});
  e.on('y', function c() {});
  e.removeAllListeners('x');
  log('names', e.eventNames().join(','));
}

log('# without removeListener listeners');
{
  const e = new EventEmitter();
  e.on('x', function a() {});
  e.on('y', function b() {});
  e.removeAllListeners('x');
  log('names', e.eventNames().join(','));
  e.removeAllListeners();
  log('names', e.eventNames().length);
}

log('# a listener that removeListener adds while removing all is dropped');
{
  const e = new EventEmitter();
  e.on('x', function a() {});
  e.on('removeListener', function rl(name, fn) {
    log('removeListener', name, nameOf(fn));
    if (name === 'x') e.on('z', function late() {});
  });
  e.removeAllListeners();
  log('names', e.eventNames().length);
}
