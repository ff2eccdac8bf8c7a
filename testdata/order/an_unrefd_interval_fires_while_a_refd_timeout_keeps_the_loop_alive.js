// An unref'd 100 ms interval fires at 100 ms while the ref'd 150 ms
// timeout keeps the loop alive, and not after it. (Its second run, due at
// 200 ms, would run only if the loop woke that late for the timeout.)
process.on('exit', () => console.log('exit'));

setInterval(() => console.log('interval'), 100).unref();
setTimeout(() => console.log('timeout'), 150);
