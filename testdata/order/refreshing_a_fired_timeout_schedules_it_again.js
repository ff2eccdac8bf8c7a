// Refreshing a timeout that has fired schedules it again, and it keeps
// the loop alive until it has run.
process.on('exit', () => console.log('exit'));

let n = 0;
const t = setTimeout(() => console.log('timeout run ' + ++n), 10);
setTimeout(() => {
  console.log('refresh');
  t.refresh();
}, 20);
