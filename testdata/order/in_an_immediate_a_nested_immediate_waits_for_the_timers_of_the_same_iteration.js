// An immediate set by an immediate waits for the next check phase. The
// timers phase comes first, at the end of the same iteration (libuv 1.45+),
// and the 0 ms timeout is due by then because the callback busy-waits
// 3 ms after setting it. Without the busy wait the order is not
// deterministic in Node.
process.on('exit', () => console.log('exit'));

function busy(ms) {
  const end = process.hrtime.bigint() + BigInt(ms * 1e6);
  while (process.hrtime.bigint() < end);
}

setImmediate(() => {
  console.log('immediate');
  setImmediate(() => console.log('nested immediate'));
  setTimeout(() => console.log('timeout'), 0);
  busy(3);
});
