// All three are due in the same batch; the first clears the second, which
// then does not run.
process.on('exit', () => console.log('exit'));

let b;
setTimeout(() => {
  console.log('a');
  clearTimeout(b);
}, 10);
b = setTimeout(() => console.log('b'), 10);
setTimeout(() => console.log('c'), 10);
