// Finished on a stream destroyed before its end reports
// ERR_STREAM_PREMATURE_CLOSE, after 'close'; on a stream that ends, it
// reports success after 'end'.
const { Readable, finished } = require('stream');
process.on('exit', () => console.log('exit'));

const early = new Readable({ read() {} });
early.on('close', () => console.log('early close'));
finished(early, (err) => console.log('early finished', err.code));
early.push('a');
early.destroy();

const whole = new Readable({ read() {} });
whole.on('end', () => console.log('whole end'));
whole.on('close', () => console.log('whole close'));
finished(whole, (err) => console.log('whole finished', err));
whole.push('a');
whole.push(null);
whole.resume();
console.log('main');
