// A 20 ms interval runs at 20 ms; a timeout clears it at 30 ms, before
// its second run at 40 ms.
process.on('exit', () => console.log('exit'));

let n = 0;
const iv = setInterval(() => console.log('interval ' + ++n), 20);
setTimeout(() => {
  clearInterval(iv);
  console.log('cleared');
}, 30);
