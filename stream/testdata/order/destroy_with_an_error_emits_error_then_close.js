// Destroy with an error on a flowing Readable: no more 'data', no 'end';
// 'error' and then 'close', on the tick after the destroy.
const { Readable } = require('stream');
process.on('exit', () => console.log('exit'));

const r = new Readable({ read() {} });
r.on('data', (chunk) => {
  console.log('data', chunk.toString());
  r.destroy(new Error('kaboom'));
  r.push('lost');
  console.log('destroyed in data');
});
r.on('end', () => console.log('end'));
r.on('error', (err) => console.log('error', err.message));
r.on('close', () => console.log('close'));
r.push('a');
r.push('b');
process.nextTick(() => console.log('tick'));
console.log('main');
