// A 'data' listener makes a Readable flow on the next tick: 'resume',
// then each chunk, then 'end' and 'close', each after the ticks queued
// before them.
const { Readable } = require('stream');
process.on('exit', () => console.log('exit'));

let n = 0;
const r = new Readable({
  read() {
    n++;
    console.log('read', n);
    if (n <= 2) this.push('chunk' + n);
    else this.push(null);
  },
});
r.on('resume', () => console.log('resume'));
r.on('data', (chunk) => console.log('data', chunk.toString()));
r.on('end', () => console.log('end'));
r.on('close', () => console.log('close'));
process.nextTick(() => console.log('tick'));
setImmediate(() => console.log('immediate'));
console.log('main');
