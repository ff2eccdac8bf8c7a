// Inside an I/O callback (poll phase): the check phase comes before the
// timers phase of the same iteration, so the immediate always wins.
const fs = require('fs');
process.on('exit', () => console.log('exit'));

fs.stat(__filename, (err) => {
  console.log(err ? 'stat error: ' + err.message : 'stat');
  setTimeout(() => console.log('timeout'), 0);
  setImmediate(() => console.log('immediate'));
  process.nextTick(() => console.log('tick'));
});
