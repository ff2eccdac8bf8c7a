// An interval's next run is scheduled from the time its callback starts.
// A and the 20 ms interval B fall due together at 20 ms; A busy-waits
// 40 ms, so B's first run starts at 60 ms and its second is due at 80 ms,
// after C at 70 ms.
process.on('exit', () => console.log('exit'));

function busy(ms) {
  const end = process.hrtime.bigint() + BigInt(ms * 1e6);
  while (process.hrtime.bigint() < end);
}

setTimeout(() => console.log('C'), 70);
setTimeout(() => {
  console.log('A');
  busy(40);
}, 20);
let n = 0;
const iv = setInterval(() => {
  console.log('B' + ++n);
  if (n === 2) clearInterval(iv);
}, 20);
