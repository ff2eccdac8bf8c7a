// With an uncaughtException handler, an immediate that throws has its
// nextTick queue drained only after the next immediate that runs (or at the
// end of the phase). (A timer that throws is not shown: whether its ticks
// run before the next timer depends on timing in Node.)
process.on('exit', () => console.log('exit'));
process.on('uncaughtException', (e) => console.log('uncaught ' + e.message));

setImmediate(() => { process.nextTick(() => console.log('tick from A')); console.log('A'); throw new Error('A'); });
setImmediate(() => { process.nextTick(() => console.log('tick from B')); console.log('B'); throw new Error('B'); });
setImmediate(() => { process.nextTick(() => console.log('tick from C')); console.log('C'); });
setImmediate(() => console.log('D'));
setImmediate(() => { process.nextTick(() => console.log('tick from E')); console.log('E'); throw new Error('E'); });
