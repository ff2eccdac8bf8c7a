// An unref'd immediate does not keep the loop alive, but it still runs in
// the check phase of an iteration that happens for another reason: here
// the one that waits in poll for the 50 ms timeout.
process.on('exit', () => console.log('exit'));

setImmediate(() => console.log('immediate')).unref();
setTimeout(() => console.log('timeout'), 50);
