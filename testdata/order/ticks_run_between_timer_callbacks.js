// Node drains the tick queue between each timer callback of one batch.
process.on('exit', () => console.log('exit'));

setTimeout(() => {
  console.log('timeout1');
  process.nextTick(() => console.log('tick-in-timeout1'));
}, 0);
setTimeout(() => console.log('timeout2'), 0);
