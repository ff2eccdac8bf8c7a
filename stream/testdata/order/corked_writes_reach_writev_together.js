// Writes made while corked reach writev together at uncork; their
// callbacks run in order on a later tick, before 'finish'.
const { Writable } = require('stream');
process.on('exit', () => console.log('exit'));

const w = new Writable({
  write(chunk, enc, cb) { console.log('write', chunk.toString()); cb(); },
  writev(chunks, cb) {
    console.log('writev', chunks.map((c) => c.chunk.toString()).join(','));
    cb();
  },
});
w.on('finish', () => console.log('finish'));
w.on('close', () => console.log('close'));
w.write('first', () => console.log('first written'));
w.cork();
w.write('a', () => console.log('a written'));
w.write('b', () => console.log('b written'));
w.write('c', () => console.log('c written'));
process.nextTick(() => {
  console.log('uncork');
  w.uncork();
  w.end(() => console.log('end callback'));
});
console.log('main');
