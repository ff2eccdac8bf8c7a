// Inside a timer callback: the tick drains right after the callback, the
// immediate runs in the next check phase, and the new 0 ms (1 ms) timeout
// waits for the timers phase after it.
process.on('exit', () => console.log('exit'));

setTimeout(() => {
  console.log('timeout1');
  setTimeout(() => console.log('timeout2'), 0);
  setImmediate(() => console.log('immediate'));
  process.nextTick(() => console.log('tick'));
}, 0);
