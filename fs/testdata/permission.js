// The permission-denied cases of permission_test.go: as root, it makes
// the fixture, then runs the calls in a child process as the user nobody
// (uid and gid 65534), for whom the fixture's modes deny them, and prints
// one line per call as errors.js does:
//
//	secret    a file, mode 0600
//	locked/   a directory, mode 0555, holding f
//	private/  a directory, mode 0700
//
//	node permission.js > permission.out   (as root)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

if (process.argv[2] === undefined) {
  const D = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fs-perm-')));
  fs.chmodSync(D, 0o755);
  fs.writeFileSync(path.join(D, 'secret'), 's', { mode: 0o600 });
  fs.mkdirSync(path.join(D, 'locked'));
  fs.writeFileSync(path.join(D, 'locked', 'f'), 'f');
  fs.chmodSync(path.join(D, 'locked'), 0o555);
  fs.mkdirSync(path.join(D, 'private'), { mode: 0o700 });
  const r = spawnSync(process.execPath, [__filename, D], { uid: 65534, gid: 65534, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  fs.rmSync(D, { recursive: true });
  process.exitCode = r.status;
  return;
}

const D = process.argv[2];
const p = (...a) => path.join(D, ...a);
function show(label, e) {
  const clean = (s) => String(s ?? '').split(D).join('DIR');
  if (!e) return console.log([label, 'ok', ''].join('\t'));
  console.log([label, e.message, e.code, e.errno, e.syscall, e.path, e.dest].map(clean).join('\t'));
}
const cases = [
  ['readFile a file without read permission', (cb) => fs.readFile(p('secret'), cb)],
  ['writeFile in a read-only directory', (cb) => fs.writeFile(p('locked', 'new'), 'x', cb)],
  ['mkdir in a read-only directory', (cb) => fs.mkdir(p('locked', 'd'), cb)],
  ['unlink in a read-only directory', (cb) => fs.unlink(p('locked', 'f'), cb)],
  ['rm in a read-only directory', (cb) => fs.rm(p('locked', 'f'), cb)],
  ['rename out of a read-only directory', (cb) => fs.rename(p('locked', 'f'), p('g'), cb)],
  ['copyFile into a read-only directory', (cb) => fs.copyFile(p('locked', 'f'), p('locked', 'c'), cb)],
  ['chmod a file of another user', (cb) => fs.chmod(p('secret'), 0o644, cb)],
  ['chown a file of another user', (cb) => fs.chown(p('secret'), 65534, 65534, cb)],
  ['utimes a file of another user', (cb) => fs.utimes(p('secret'), 1, 1, cb)],
  ['access a file without read permission', (cb) => fs.access(p('secret'), fs.constants.R_OK, cb)],
  ['opendir a private directory', (cb) => fs.opendir(p('private'), cb)],
  ['readdir a private directory', (cb) => fs.readdir(p('private'), cb)],
  ['stat below a private directory', (cb) => fs.stat(p('private', 'x'), cb)],
  ['open a file without write permission', (cb) => fs.open(p('locked', 'f'), 'r+', cb)],
];
(function next(i) {
  if (i === cases.length) return;
  cases[i][1]((e) => { show(cases[i][0], e); next(i + 1); });
})(0);
