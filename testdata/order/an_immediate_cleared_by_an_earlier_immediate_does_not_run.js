// Immediates queued for the same check phase: the first clears the
// second, which does not run.
process.on('exit', () => console.log('exit'));

let b;
setImmediate(() => {
  console.log('immediate1');
  clearImmediate(b);
});
b = setImmediate(() => console.log('immediate2'));
setImmediate(() => console.log('immediate3'));
