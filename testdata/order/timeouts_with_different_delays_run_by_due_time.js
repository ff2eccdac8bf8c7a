// Timeouts set together run by due time, not by the order they were set.
// (Node reads a fresh time for each setTimeout, so the delays are wide
// enough that a stalled main module cannot reorder them.)
process.on('exit', () => console.log('exit'));

setTimeout(() => console.log('A100'), 100);
setTimeout(() => console.log('B50'), 50);
setTimeout(() => console.log('C100'), 100);
setTimeout(() => console.log('D50'), 50);
