// B (15 ms, set at 0) and A (10 ms, set at 5) fall due together: the one
// set first runs first, though A has the shorter delay. (If the loop runs
// late, A only falls due later, so the order holds.)
process.on('exit', () => console.log('exit'));

setTimeout(() => console.log('B15'), 15);
setTimeout(() => {
  setTimeout(() => console.log('A10'), 10);
}, 5);
