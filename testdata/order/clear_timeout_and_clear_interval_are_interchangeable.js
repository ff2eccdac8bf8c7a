// clearTimeout stops an interval and clearInterval a timeout, as in the
// browser.
process.on('exit', () => console.log('exit'));

let n = 0;
const iv = setInterval(() => {
  console.log('interval ' + ++n);
  if (n === 2) clearTimeout(iv);
}, 10);
const t = setTimeout(() => console.log('timeout'), 5);
clearInterval(t);
