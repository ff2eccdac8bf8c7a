// Due timers run once before the first iteration. The main module
// busy-waits 5 ms, so its 0 ms timeout is due by then and runs before the
// first check phase. Without the busy wait the order is not deterministic
// in Node.
process.on('exit', () => console.log('exit'));

function busy(ms) {
  const end = process.hrtime.bigint() + BigInt(ms * 1e6);
  while (process.hrtime.bigint() < end);
}

setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
busy(5);
