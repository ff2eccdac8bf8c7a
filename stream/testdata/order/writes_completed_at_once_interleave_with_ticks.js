// Writes that complete inside write: without a callback they need no tick;
// with one, each callback runs on a tick of its own; End's tick and
// 'finish' come in between the caller's ticks as below.
const { Writable } = require('stream');
process.on('exit', () => console.log('exit'));

const w = new Writable({ write(chunk, enc, cb) { cb(); } });
w.write('a');
process.nextTick(() => console.log('tick A'));
w.write('b', () => console.log('b written'));
process.nextTick(() => console.log('tick B'));
w.write('c');
w.end(() => console.log('end callback'));
w.on('finish', () => console.log('finish'));
w.on('close', () => console.log('close'));
process.nextTick(() => console.log('tick C'));
