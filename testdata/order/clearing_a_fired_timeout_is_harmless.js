// Clearing a timeout that has fired, clearing it twice, and clearing null
// do nothing: the timers set afterwards still run.
process.on('exit', () => console.log('exit'));

const t = setTimeout(() => console.log('timeout'), 10);
setTimeout(() => {
  clearTimeout(t);
  clearTimeout(t);
  clearTimeout(null);
  console.log('cleared');
  setTimeout(() => console.log('after'), 10);
}, 20);
