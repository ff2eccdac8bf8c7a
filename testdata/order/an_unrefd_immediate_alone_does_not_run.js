// With only an unref'd immediate left, the loop does not iterate at all.
process.on('exit', () => console.log('exit'));

setImmediate(() => console.log('immediate')).unref();
console.log('main');
