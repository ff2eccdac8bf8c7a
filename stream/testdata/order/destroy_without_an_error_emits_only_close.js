// Destroy without an error: the implementation's destroy runs at once,
// the writes still corked fail with ERR_STREAM_DESTROYED on the next tick,
// then 'close'; no 'finish' and no 'error'.
const { Writable } = require('stream');
process.on('exit', () => console.log('exit'));

const w = new Writable({
  write(chunk, enc, cb) {
    console.log('write', chunk.toString());
    cb();
  },
  destroy(err, cb) {
    console.log('destroy', err);
    cb(err);
  },
});
w.on('finish', () => console.log('finish'));
w.on('error', (err) => console.log('error', err.message));
w.on('close', () => console.log('close'));
w.cork();
w.write('a', (err) => console.log('a callback', err.code));
w.write('b', (err) => console.log('b callback', err.code));
w.destroy();
console.log('destroyed', w.destroyed);
process.nextTick(() => console.log('tick'));
