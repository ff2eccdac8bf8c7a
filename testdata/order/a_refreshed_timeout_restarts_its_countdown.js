// A 100 ms timeout refreshed at 50 ms fires at 150 ms, after the 130 ms
// one.
process.on('exit', () => console.log('exit'));

const t = setTimeout(() => console.log('timeout100'), 100);
setTimeout(() => console.log('timeout130'), 130);
setTimeout(() => {
  console.log('refresh');
  t.refresh();
}, 50);
