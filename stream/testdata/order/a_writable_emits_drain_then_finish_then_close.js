// Writes over the mark return false; 'drain' comes once the buffer is
// written, then End brings 'prefinish', End's callback, 'finish' and
// 'close'.
const { Writable } = require('stream');
process.on('exit', () => console.log('exit'));

const w = new Writable({
  highWaterMark: 4,
  write(chunk, enc, cb) {
    console.log('write', chunk.toString());
    setImmediate(cb);
  },
});
w.on('drain', () => {
  console.log('drain');
  w.end(() => console.log('end callback'));
});
w.on('prefinish', () => console.log('prefinish'));
w.on('finish', () => console.log('finish'));
w.on('close', () => console.log('close'));
console.log('write ab ->', w.write('ab', () => console.log('ab written')));
console.log('write cd ->', w.write('cd', () => console.log('cd written')));
console.log('write ef ->', w.write('ef', () => console.log('ef written')));
