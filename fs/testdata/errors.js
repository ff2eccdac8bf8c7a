// The table of fs calls that errors_test.go makes in Go: for each, one line
// with the label and what the callback got, tab-separated: the message,
// code, errno, syscall, path and dest of the error, or "ok" and the result.
// The fixture is the one helpers_test.go's tree makes; its path prints as
// DIR, and mkdtemp's six random characters as XXXXXX. Node's SystemErrors
// raised by its JavaScript (ERR_FS_*, from rm and cp) carry a positive
// errno, where the Go errors wrap the syscall.Errno instead (errors.Is(err,
// syscall.EISDIR)); their errno column is left empty on both sides.
//
//	node errors.js > errors.out
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const D = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fs-errors-')));
fs.writeFileSync(path.join(D, 'file'), 'hello');
fs.mkdirSync(path.join(D, 'dir'));
fs.mkdirSync(path.join(D, 'full'));
fs.writeFileSync(path.join(D, 'full', 'x'), 'x');
fs.symlinkSync('loop', path.join(D, 'loop'));
fs.symlinkSync('file', path.join(D, 'link'));
const p = (...a) => path.join(D, ...a);
const BAD = 9999;

function clean(s) {
  return String(s ?? '').split(D).join('DIR').replace(/x-[A-Za-z0-9]{6}/g, 'x-XXXXXX');
}

function show(label, e, result) {
  if (!e) {
    console.log([label, 'ok', clean(result)].join('\t'));
    return;
  }
  const errno = e.code && e.code.startsWith('ERR_') ? '' : e.errno;
  console.log([label, e.message, e.code, errno, e.syscall, e.path, e.dest].map(clean).join('\t'));
}

const C = (label, fn) => [label, fn];
const cases = [
  C('access a missing path', (cb) => fs.access(p('missing'), cb)),
  C('appendFile to a directory', (cb) => fs.appendFile(p('dir'), 'x', cb)),
  C('chmod a missing path', (cb) => fs.chmod(p('missing'), 0o644, cb)),
  C('chown a missing path', (cb) => fs.chown(p('missing'), 0, 0, cb)),
  C('copyFile a missing source', (cb) => fs.copyFile(p('missing'), p('copy'), cb)),
  C('copyFile onto an existing file with COPYFILE_EXCL', (cb) => fs.copyFile(p('file'), p('full', 'x'), fs.constants.COPYFILE_EXCL, cb)),
  C('cp a missing source', (cb) => fs.cp(p('missing'), p('copy'), cb)),
  C('cp a directory without recursive', (cb) => fs.cp(p('dir'), p('copy'), cb)),
  C('cp onto an existing file with errorOnExist', (cb) => fs.cp(p('file'), p('full', 'x'), { force: false, errorOnExist: true }, cb)),
  C('cp a file onto itself', (cb) => fs.cp(p('file'), p('file'), cb)),
  C('lchown a missing path', (cb) => fs.lchown(p('missing'), 0, 0, cb)),
  C('link a missing file', (cb) => fs.link(p('missing'), p('new'), cb)),
  C('link onto an existing file', (cb) => fs.link(p('file'), p('full', 'x'), cb)),
  C('lstat a missing path', (cb) => fs.lstat(p('missing'), cb)),
  C('lutimes a missing path', (cb) => fs.lutimes(p('missing'), 1, 1, cb)),
  C('mkdir an existing directory', (cb) => fs.mkdir(p('dir'), cb)),
  C('mkdir in a missing directory', (cb) => fs.mkdir(p('missing', 'x'), cb)),
  C('mkdir recursive through a file', (cb) => fs.mkdir(p('file', 'x', 'y'), { recursive: true }, cb)),
  C('mkdir recursive onto a file', (cb) => fs.mkdir(p('file'), { recursive: true }, cb)),
  C('mkdtemp in a missing directory', (cb) => fs.mkdtemp(p('missing', 'x-'), cb)),
  C('open a missing file', (cb) => fs.open(p('missing'), 'r', cb)),
  C('open an existing file with wx', (cb) => fs.open(p('file'), 'wx', cb)),
  C('open a directory for writing', (cb) => fs.open(p('dir'), 'w', cb)),
  C('open below a file', (cb) => fs.open(p('file', 'x'), 'r', cb)),
  C('open a symlink loop', (cb) => fs.open(p('loop'), 'r', cb)),
  C('opendir a missing path', (cb) => fs.opendir(p('missing'), cb)),
  C('opendir a file', (cb) => fs.opendir(p('file'), cb)),
  C('readdir a missing path', (cb) => fs.readdir(p('missing'), cb)),
  C('readdir a file', (cb) => fs.readdir(p('file'), cb)),
  C('readFile a missing file', (cb) => fs.readFile(p('missing'), cb)),
  C('readFile a directory', (cb) => fs.readFile(p('dir'), cb)),
  C('readlink a missing path', (cb) => fs.readlink(p('missing'), cb)),
  C('readlink a file', (cb) => fs.readlink(p('file'), cb)),
  C('realpath a missing path', (cb) => fs.realpath(p('missing'), cb)),
  C('realpath a symlink loop', (cb) => fs.realpath(p('loop'), cb)),
  C('realpath.native a missing path', (cb) => fs.realpath.native(p('missing'), cb)),
  C('realpath.native a symlink loop', (cb) => fs.realpath.native(p('loop'), cb)),
  C('rename a missing file', (cb) => fs.rename(p('missing'), p('new'), cb)),
  C('rename a directory onto a non-empty one', (cb) => fs.rename(p('dir'), p('full'), cb)),
  C('rename a file onto a directory', (cb) => fs.rename(p('file'), p('dir'), cb)),
  C('rm a missing path', (cb) => fs.rm(p('missing'), cb)),
  C('rm a directory without recursive', (cb) => fs.rm(p('dir'), cb)),
  C('rmdir a missing path', (cb) => fs.rmdir(p('missing'), cb)),
  C('rmdir a non-empty directory', (cb) => fs.rmdir(p('full'), cb)),
  C('rmdir a file', (cb) => fs.rmdir(p('file'), cb)),
  C('stat a missing path', (cb) => fs.stat(p('missing'), cb)),
  C('stat a symlink loop', (cb) => fs.stat(p('loop'), cb)),
  C('statfs a missing path', (cb) => fs.statfs(p('missing'), cb)),
  C('symlink onto an existing path', (cb) => fs.symlink('x', p('file'), cb)),
  C('truncate a missing file', (cb) => fs.truncate(p('missing'), 0, cb)),
  C('truncate a directory', (cb) => fs.truncate(p('dir'), 0, cb)),
  C('unlink a missing path', (cb) => fs.unlink(p('missing'), cb)),
  C('unlink a directory', (cb) => fs.unlink(p('dir'), cb)),
  C('utimes a missing path', (cb) => fs.utimes(p('missing'), 1, 1, cb)),
  C('writeFile to a directory', (cb) => fs.writeFile(p('dir'), 'x', cb)),
  C('writeFile in a missing directory', (cb) => fs.writeFile(p('missing', 'x'), 'x', cb)),
  C('close a bad descriptor', (cb) => fs.close(BAD, cb)),
  C('read a bad descriptor', (cb) => fs.read(BAD, Buffer.alloc(1), 0, 1, null, cb)),
  C('write a bad descriptor', (cb) => fs.write(BAD, Buffer.from('x'), 0, 1, null, cb)),
  C('readv a bad descriptor', (cb) => fs.readv(BAD, [Buffer.alloc(1)], cb)),
  C('writev a bad descriptor', (cb) => fs.writev(BAD, [Buffer.from('x')], cb)),
  C('fstat a bad descriptor', (cb) => fs.fstat(BAD, cb)),
  C('fsync a bad descriptor', (cb) => fs.fsync(BAD, cb)),
  C('fdatasync a bad descriptor', (cb) => fs.fdatasync(BAD, cb)),
  C('ftruncate a bad descriptor', (cb) => fs.ftruncate(BAD, 0, cb)),
  C('fchmod a bad descriptor', (cb) => fs.fchmod(BAD, 0o644, cb)),
  C('fchown a bad descriptor', (cb) => fs.fchown(BAD, 0, 0, cb)),
  C('futimes a bad descriptor', (cb) => fs.futimes(BAD, 1, 1, cb)),
  C('read a directory descriptor', (cb) => fs.open(p('dir'), 'r', (e, fd) => fs.read(fd, Buffer.alloc(1), 0, 1, null, (e2) => { fs.closeSync(fd); cb(e2); }))),
  C('watch a missing path', (cb) => { try { fs.watch(p('missing')).close(); cb(null); } catch (e) { cb(e); } }),
  C('exists a missing path', (cb) => fs.exists(p('missing'), (ok) => cb(null, ok))),
  C('exists a file', (cb) => fs.exists(p('file'), (ok) => cb(null, ok))),
  C('access a file', (cb) => fs.access(p('file'), fs.constants.R_OK, (e) => cb(e, ''))),
  C('readFile a file', (cb) => fs.readFile(p('file'), (e, b) => cb(e, b && b.toString()))),
  C('readFile a file as hex', (cb) => fs.readFile(p('file'), 'hex', cb)),
  C('readFile a file as base64', (cb) => fs.readFile(p('file'), 'base64', cb)),
  C('stat a file', (cb) => fs.stat(p('file'), (e, s) => cb(e, s && [s.size, s.isFile(), s.isDirectory()].join(' ')))),
  C('lstat a link', (cb) => fs.lstat(p('link'), (e, s) => cb(e, s && [s.isSymbolicLink(), s.isFile()].join(' ')))),
  C('readlink a link', (cb) => fs.readlink(p('link'), cb)),
  C('realpath a link', (cb) => fs.realpath(p('link'), cb)),
  C('realpath.native a link', (cb) => fs.realpath.native(p('link'), cb)),
  C('readdir a directory', (cb) => fs.readdir(D, (e, n) => cb(e, n && n.join(',')))),
  C('readdir recursive', (cb) => fs.readdir(D, { recursive: true }, (e, n) => cb(e, n && n.join(',')))),
  C('readdir with file types', (cb) => fs.readdir(D, { withFileTypes: true }, (e, d) => cb(e, d && d.map((x) => x.name + ':' + (x.isDirectory() ? 'd' : x.isSymbolicLink() ? 'l' : 'f')).join(',')))),
  C('mkdir recursive', (cb) => fs.mkdir(p('a', 'b', 'c'), { recursive: true }, cb)),
  C('mkdir recursive an existing directory', (cb) => fs.mkdir(p('dir'), { recursive: true }, cb)),
  C('rm a missing path with force', (cb) => fs.rm(p('missing'), { force: true, recursive: true }, (e) => cb(e, ''))),
  C('writeFile then readFile', (cb) => fs.writeFile(p('new'), '6869', 'hex', (e) => e ? cb(e) : fs.readFile(p('new'), 'utf8', cb))),
  C('appendFile then readFile', (cb) => fs.appendFile(p('new'), '!', (e) => e ? cb(e) : fs.readFile(p('new'), 'utf8', cb))),
];

(function next(i) {
  if (i === cases.length) {
    fs.rmSync(D, { recursive: true });
    return;
  }
  const [label, fn] = cases[i];
  fn((e, result) => {
    show(label, e, result);
    next(i + 1);
  });
})(0);
