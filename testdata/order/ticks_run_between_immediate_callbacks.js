// Node drains the tick queue between each immediate callback of one check
// phase.
process.on('exit', () => console.log('exit'));

setImmediate(() => {
  console.log('immediate1');
  process.nextTick(() => console.log('tick-in-immediate1'));
});
setImmediate(() => console.log('immediate2'));
