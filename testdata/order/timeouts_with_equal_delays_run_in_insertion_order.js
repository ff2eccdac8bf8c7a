// Timeouts with the same delay run in the order they were set. Delays of
// 0 and below count as 1 ms.
process.on('exit', () => console.log('exit'));

setTimeout(() => console.log('a 1ms'), 1);
setTimeout(() => console.log('b 0ms'), 0);
setTimeout(() => console.log('c -5ms'), -5);
setTimeout(() => console.log('d 10ms'), 10);
setTimeout(() => console.log('e 10ms'), 10);
setTimeout(() => console.log('f 10ms'), 10);
