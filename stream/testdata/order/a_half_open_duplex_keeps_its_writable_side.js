// A Duplex allows half-open by default: the end of its readable side
// leaves the writable side open, still written, until End finishes it;
// 'close' comes once both sides are done.
const { Duplex } = require('stream');
process.on('exit', () => console.log('exit'));

const d = new Duplex({
  read() {},
  write(chunk, enc, cb) { console.log('write', chunk.toString()); cb(); },
});
d.on('data', (chunk) => console.log('data', chunk.toString()));
d.on('end', () => {
  console.log('end, writable', d.writable);
  d.write('after end');
  setImmediate(() => d.end());
});
d.on('finish', () => console.log('finish'));
d.on('close', () => console.log('close'));
d.push('in');
d.push(null);
