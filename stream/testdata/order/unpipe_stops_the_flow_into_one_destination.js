// Two destinations; unpiping one in its write leaves the other fed, and
// the source pauses only when the last pipe goes.
const { Readable, Writable } = require('stream');
process.on('exit', () => console.log('exit'));

const src = new Readable({ read() {} });
const mk = (name, onWrite) => {
  const w = new Writable({ write(chunk, enc, cb) { console.log(name, 'write', chunk.toString()); onWrite(); cb(); } });
  w.on('unpipe', () => console.log(name, 'unpipe'));
  w.on('finish', () => console.log(name, 'finish'));
  return w;
};
const one = mk('one', () => src.unpipe(one));
const two = mk('two', () => {});
src.on('pause', () => console.log('pause'));
src.on('end', () => console.log('src end'));
src.pipe(one);
src.pipe(two);
src.push('a');
setImmediate(() => {
  src.push('b');
  src.unpipe(two);
  src.push(null);
  src.resume();
});
