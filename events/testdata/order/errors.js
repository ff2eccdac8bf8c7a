// 'error' with no listener throws; errorMonitor sees errors first.
const EventEmitter = require('events');
const log = (...a) => console.log(a.join(' '));

function tryEmit(e, ...args) {
  try {
    log('emit', e.emit('error', ...args));
  } catch (err) {
    log('thrown', err === args[0] ? 'same error' : 'wrapped', err.message);
  }
}

log('# an Error argument is thrown as is');
tryEmit(new EventEmitter(), new Error('boom'));

log('# anything else is wrapped');
tryEmit(new EventEmitter(), 42);

log('# an error listener handles it');
{
  const e = new EventEmitter();
  e.on('error', function h(err) { log('handled', err.message); });
  tryEmit(e, new Error('boom'));
}

log('# errorMonitor runs first and does not handle it');
{
  const e = new EventEmitter();
  e.on(EventEmitter.errorMonitor, function m(err) { log('monitor', err.message); });
  tryEmit(e, new Error('boom'));
  e.on('error', function h(err) { log('handled', err.message); });
  e.prependListener(EventEmitter.errorMonitor, function m0(err) { log('monitor0', err.message); });
  tryEmit(e, new Error('bang'));
}

log('# a monitor that adds an error listener handles it');
{
  // (With once here and no other listener, Node 20 throws: removing the
  // monitor replaces its _events object, and emit checks the old one.)
  const e = new EventEmitter();
  let added = false;
  e.on(EventEmitter.errorMonitor, function m() {
    if (added) return;
    added = true;
    e.on('error', function h(err) { log('handled', err.message); });
  });
  tryEmit(e, new Error('boom'));
}
