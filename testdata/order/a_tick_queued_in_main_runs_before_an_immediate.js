// A tick queued by the main module runs as soon as main returns,
// before the loop reaches the check phase.
process.on('exit', () => console.log('exit'));

setImmediate(() => console.log('immediate'));
process.nextTick(() => console.log('tick'));
console.log('main');
