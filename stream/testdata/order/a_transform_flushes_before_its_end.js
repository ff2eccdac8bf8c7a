// A Transform's output flows as it is written; End runs Flush, whose push
// comes before 'end'; 'finish' follows End's callback.
const { Transform } = require('stream');
process.on('exit', () => console.log('exit'));

const t = new Transform({
  transform(chunk, enc, cb) {
    console.log('transform', chunk.toString());
    cb(null, chunk.toString() + '!');
  },
  flush(cb) {
    console.log('flush');
    process.nextTick(() => cb(null, 'tail'));
  },
});
t.on('data', (chunk) => console.log('data', chunk.toString()));
t.on('prefinish', () => console.log('prefinish'));
t.on('finish', () => console.log('finish'));
t.on('end', () => console.log('end'));
t.on('close', () => console.log('close'));
t.write('a');
t.end('b', () => console.log('end callback'));
console.log('main');
