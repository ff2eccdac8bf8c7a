// Prints the message and fields of the errors Node gives for a few failing
// calls, one per line: message, code, errno, syscall, path, dest, address,
// port. Ports chosen by the system print as PORT. errors_test.go makes the
// same calls in Go and renders each error with NewSystemError; the two must
// agree field for field.
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-'));
const file = path.join(dir, 'file');
fs.writeFileSync(file, 'x');

function show(label, e, port) {
  const fields = [e.message, e.code, e.errno, e.syscall, e.path ?? '', e.dest ?? '', e.address ?? '', e.port ?? '']
    .map(String).map((s) => (port ? s.split(String(port)).join('PORT') : s))
    .map((s) => s.split(dir).join('DIR'));
  console.log([label, ...fields].join('\t'));
}

const steps = [
  (next) => fs.open(path.join(dir, 'missing', 'x'), 'r', (e) => { show('open a missing path', e); next(); }),
  (next) => fs.rename(path.join(dir, 'a'), path.join(dir, 'b'), (e) => { show('rename a missing file', e); next(); }),
  (next) => fs.mkdir(dir, (e) => { show('mkdir an existing directory', e); next(); }),
  (next) => fs.readdir(file, (e) => { show('readdir a file', e); next(); }),
  (next) => fs.readFile(dir, (e) => { show('readFile a directory', e); next(); }),
  (next) => fs.close(9999, (e) => { show('close a bad descriptor', e); next(); }),
  (next) => {
    const c = net.connect(1, '127.0.0.1');
    c.on('error', (e) => { show('connect to a closed port', e); next(); });
  },
  (next) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      const again = net.createServer();
      again.on('error', (e) => { show('listen on a port in use', e, port); srv.close(); next(); });
      again.listen(port, '127.0.0.1');
    });
  },
];

(function run(i) {
  if (i === steps.length) {
    fs.rmSync(dir, { recursive: true });
    return;
  }
  steps[i](() => run(i + 1));
})(0);
