// An unref'd one-hour interval never fires: once the ref'd 10 ms timeout
// has run, nothing keeps the loop alive.
process.on('exit', () => console.log('exit'));

setInterval(() => console.log('interval'), 60 * 60 * 1000).unref();
setTimeout(() => console.log('timeout'), 10);
