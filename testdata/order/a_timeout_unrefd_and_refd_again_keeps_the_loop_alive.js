// unref and ref are flags, not counters: a timeout unref'd twice and ref'd
// once keeps the loop alive again and fires.
process.on('exit', () => console.log('exit'));

const t = setTimeout(() => console.log('timeout'), 10);
t.unref();
console.log('hasRef ' + t.unref().hasRef());
console.log('hasRef ' + t.ref().hasRef());
