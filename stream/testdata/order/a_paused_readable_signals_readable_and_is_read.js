// A 'readable' listener keeps a Readable paused: pushes made in one tick
// give one 'readable', the listener reads them, and 'end' follows once the
// end was pushed and everything was read.
const { Readable } = require('stream');
process.on('exit', () => console.log('exit'));

const r = new Readable({ read() { console.log('read'); } });
r.on('readable', () => {
  console.log('readable');
  let chunk;
  while ((chunk = r.read()) !== null) console.log('got', chunk.toString());
});
r.on('end', () => console.log('end'));
r.on('close', () => console.log('close'));
process.nextTick(() => {
  console.log('push a, b');
  r.push('a');
  r.push('b');
});
setImmediate(() => {
  console.log('push c and the end');
  r.push('c');
  r.push(null);
});
console.log('main');
