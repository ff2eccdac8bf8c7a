// A pipeline through a transform calls back on a tick after the last
// stream's 'finish', once every stream is done.
const { Readable, Transform, Writable, pipeline } = require('stream');
process.on('exit', () => console.log('exit'));

const data = ['a', 'b'];
const src = new Readable({
  read() { this.push(data.length ? data.shift() : null); },
});
const upper = new Transform({
  transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); },
});
const dst = new Writable({
  write(chunk, enc, cb) { console.log('write', chunk.toString()); cb(); },
});
src.on('end', () => console.log('src end'));
src.on('close', () => console.log('src close'));
upper.on('finish', () => console.log('upper finish'));
upper.on('end', () => console.log('upper end'));
upper.on('close', () => console.log('upper close'));
dst.on('finish', () => console.log('dst finish'));
dst.on('close', () => console.log('dst close'));
pipeline(src, upper, dst, (err) => console.log('callback', err));
