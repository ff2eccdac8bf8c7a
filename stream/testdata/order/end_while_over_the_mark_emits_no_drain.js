// End called while the buffer is over the mark: no 'drain', only the
// writes, 'prefinish', End's callback, 'finish' and 'close'.
const { Writable } = require('stream');
process.on('exit', () => console.log('exit'));

const w = new Writable({
  highWaterMark: 2,
  write(chunk, enc, cb) {
    console.log('write', chunk.toString());
    process.nextTick(cb);
  },
});
w.on('drain', () => console.log('drain'));
w.on('prefinish', () => console.log('prefinish'));
w.on('finish', () => console.log('finish'));
w.on('close', () => console.log('close'));
console.log('write ->', w.write('abc'));
w.end(() => console.log('end callback'));
console.log('main');
