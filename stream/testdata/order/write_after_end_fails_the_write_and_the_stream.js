// A write after End: its callback gets ERR_STREAM_WRITE_AFTER_END on the
// next tick, the stream is destroyed with it: End's callback gets it too,
// then 'error' and 'close'; 'finish' never comes.
const { Writable } = require('stream');
process.on('exit', () => console.log('exit'));

const w = new Writable({
  write(chunk, enc, cb) {
    console.log('write', chunk.toString());
    cb();
  },
});
w.on('finish', () => console.log('finish'));
w.on('error', (err) => console.log('error', err.code));
w.on('close', () => console.log('close'));
w.end('last', (err) => console.log('end callback', err.code));
console.log('write ->', w.write('late', (err) => console.log('late callback', err.code)));
console.log('main');
