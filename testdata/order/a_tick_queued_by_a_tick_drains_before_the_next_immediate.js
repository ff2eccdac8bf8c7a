// Ticks queued by a tick join the same drain, which finishes before the
// next immediate callback.
process.on('exit', () => console.log('exit'));

setImmediate(() => {
  console.log('immediate1');
  process.nextTick(() => {
    console.log('tick1');
    process.nextTick(() => console.log('tick2'));
  });
});
setImmediate(() => console.log('immediate2'));
