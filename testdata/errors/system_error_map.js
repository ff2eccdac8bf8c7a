// Prints Node's table of libuv error codes, one per line: errno, code and
// description, as util.getSystemErrorMap gives them. errors_test.go compares
// it with the loop's table (errno_linux.go), which must match it exactly.
const m = require('util').getSystemErrorMap();
for (const [errno, [code, desc]] of [...m].sort((a, b) => b[0] - a[0])) {
  console.log(`${errno}\t${code}\t${desc}`);
}
