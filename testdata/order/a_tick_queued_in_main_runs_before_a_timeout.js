// A tick queued by the main module runs before the first timer, even one
// that is due before the loop starts.
process.on('exit', () => console.log('exit'));

setTimeout(() => console.log('timeout'), 0);
process.nextTick(() => console.log('tick'));
console.log('main');
