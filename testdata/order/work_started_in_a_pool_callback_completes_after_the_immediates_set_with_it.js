// Work started from an I/O callback can only complete in a later poll
// phase, so the immediate queued beside it runs first, however fast the
// work is.
const fs = require('fs');
process.on('exit', () => console.log('exit'));

fs.stat(__filename, (err) => {
  console.log(err ? 'stat1 error: ' + err.message : 'stat1');
  fs.stat(__filename, (err) => console.log(err ? 'stat2 error: ' + err.message : 'stat2'));
  setImmediate(() => console.log('immediate'));
});
