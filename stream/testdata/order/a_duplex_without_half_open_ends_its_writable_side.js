// With allowHalfOpen false, the end of the readable side ends the writable
// side on the next tick: 'finish' and 'close' follow without an End call.
const { Duplex } = require('stream');
process.on('exit', () => console.log('exit'));

const d = new Duplex({
  allowHalfOpen: false,
  read() {},
  write(chunk, enc, cb) { console.log('write', chunk.toString()); cb(); },
});
d.on('data', (chunk) => console.log('data', chunk.toString()));
d.on('end', () => {
  console.log('end, writable', d.writable);
  process.nextTick(() => console.log('tick after end, writable', d.writable));
});
d.on('prefinish', () => console.log('prefinish'));
d.on('finish', () => console.log('finish'));
d.on('close', () => console.log('close'));
d.write('out');
d.push('in');
d.push(null);
