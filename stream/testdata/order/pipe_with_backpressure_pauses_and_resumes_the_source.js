// A source piped into a slow destination pauses when a write returns
// false and resumes on 'drain'; at the source's end the destination ends.
const { Readable, Writable } = require('stream');
process.on('exit', () => console.log('exit'));

let n = 0;
const src = new Readable({
  read() {
    n++;
    if (n <= 3) this.push('x'.repeat(3));
    else this.push(null);
  },
});
const dst = new Writable({
  highWaterMark: 4,
  write(chunk, enc, cb) {
    console.log('write', chunk.length);
    setImmediate(cb);
  },
});
src.on('pause', () => console.log('pause'));
src.on('resume', () => console.log('resume'));
src.on('end', () => console.log('src end'));
dst.on('pipe', () => console.log('pipe'));
dst.on('unpipe', () => console.log('unpipe'));
dst.on('drain', () => console.log('drain'));
dst.on('finish', () => console.log('dst finish'));
dst.on('close', () => console.log('dst close'));
src.pipe(dst);
