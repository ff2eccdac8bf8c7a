// A timeout's delay counts from the moment setTimeout is called (Node reads
// a fresh libuv time there), not from the cached time at which the current
// callback started. The immediate busy-waits 60 ms, then sets a 50 ms
// timeout: it is due 110 ms after the callback started, so the timers phase
// that follows the check phase does not run it, and the nested immediate
// comes first.
process.on('exit', () => console.log('exit'));

function busy(ms) {
  const end = process.hrtime.bigint() + BigInt(ms * 1e6);
  while (process.hrtime.bigint() < end);
}

setImmediate(() => {
  console.log('immediate');
  busy(60);
  setTimeout(() => console.log('timeout'), 50);
  setImmediate(() => console.log('nested immediate'));
});
