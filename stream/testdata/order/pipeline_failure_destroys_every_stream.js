// A failing transform in a pipeline: every stream is destroyed with its
// error, each emits 'error' and 'close', and the callback gets the error
// once.
const { Readable, Transform, Writable, pipeline } = require('stream');
process.on('exit', () => console.log('exit'));

const src = new Readable({ read() {} });
const bad = new Transform({
  transform(chunk, enc, cb) { console.log('transform', chunk.toString()); cb(new Error('kaboom')); },
});
const dst = new Writable({ write(chunk, enc, cb) { cb(); } });
for (const [name, s] of [['src', src], ['bad', bad], ['dst', dst]]) {
  s.on('error', (err) => console.log(name, 'error', err.message));
  s.on('close', () => console.log(name, 'close'));
}
pipeline(src, bad, dst, (err) => console.log('callback', err.message));
src.push('hello');
console.log('main');
