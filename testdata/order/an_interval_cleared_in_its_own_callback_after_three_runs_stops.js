// An interval that clears itself on its third run runs three times, and
// the loop then ends.
process.on('exit', () => console.log('exit'));

let n = 0;
const iv = setInterval(() => {
  n++;
  console.log('interval ' + n);
  if (n === 3) clearInterval(iv);
}, 10);
