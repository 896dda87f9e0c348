// Writes that cannot destroy (issue 17, items 1–5): `render -o` never lands on
// the note through a symlink or a hard link; `lint --fix` writes through a
// symlink and keeps hard links; no device or FIFO is ever replaced; an edit
// saved while `--fix` runs is kept; a read-only note is refused.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli } from '../support/cli';
import { fileHooks } from '../../src/cli/files';


const CLEAN = readFileSync(resolve(__dirname, '../fixtures/notes/clean/lecture-ridge.md'), 'utf8');
/** One misspelt provenance label: label-spelling fixes it (a safe fix). */
const MISSPELT = CLEAN.replace('expand the squared norm (RECONSTRUCTED)', 'expand the squared norm (RECONSTRUCT)');
const NOTE = '# Loss\n\n$$x^2$$\n';

const tempFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('writes that cannot destroy', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mlnotes-safe-')); });
  afterEach(() => {
    delete fileHooks.beforeReplace;
    rmSync(dir, { recursive: true, force: true });
  });

  describe('1. render -o never writes onto the note', () => {
    it('through a symlinked folder, a symlink to the note or a hard link: exit 2, the note kept', async () => {
      mkdirSync(join(dir, 'd'));
      writeFileSync(join(dir, 'd', 'note.md'), NOTE);
      symlinkSync(join(dir, 'd'), join(dir, 'dl'));
      symlinkSync(join(dir, 'd', 'note.md'), join(dir, 'link.html'));
      linkSync(join(dir, 'd', 'note.md'), join(dir, 'hard.html'));
      for (const output of ['dl/note.md', 'link.html', 'hard.html']) {
        const { code, stderr } = await cli(['render', 'd/note.md', '-o', output], dir);
        assert.equal(code, 2, output);
        assert.match(stderr, /overwrite the note itself/, output);
        assert.equal(readFileSync(join(dir, 'd', 'note.md'), 'utf8'), NOTE, output);
      }
      assert.ok(lstatSync(join(dir, 'link.html')).isSymbolicLink());
    });
  });

  describe('2. lint --fix keeps links', () => {
    it('a symlinked note: the fix lands in the target and the link stays a link', async () => {
      writeFileSync(join(dir, 'target.md'), MISSPELT);
      symlinkSync(join(dir, 'target.md'), join(dir, 'link.md'));
      const { code, stderr } = await cli(['lint', '--fix', 'link.md'], dir);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      assert.ok(lstatSync(join(dir, 'link.md')).isSymbolicLink(), 'still a symlink');
      assert.equal(readFileSync(join(dir, 'target.md'), 'utf8'), CLEAN);
      assert.deepEqual(tempFiles(dir), []);
    });

    it('a hard-linked note: same inode, link count 2, both names see the fix', async () => {
      writeFileSync(join(dir, 'a.md'), MISSPELT);
      linkSync(join(dir, 'a.md'), join(dir, 'b.md'));
      const before = statSync(join(dir, 'a.md'));
      const { code } = await cli(['lint', '--fix', 'a.md'], dir);
      assert.equal(code, 0);
      const after = statSync(join(dir, 'a.md'));
      assert.equal(after.ino, before.ino);
      assert.equal(after.nlink, 2);
      assert.equal(readFileSync(join(dir, 'b.md'), 'utf8'), CLEAN);
      assert.deepEqual(tempFiles(dir), []);
    });
  });

  describe('3. no device or FIFO is replaced', () => {
    it('render -o onto a FIFO or a character device: exit 2, the node kept', async function () {
      writeFileSync(join(dir, 'note.md'), NOTE);
      const fifo = join(dir, 'fifo');
      const device = join(dir, 'null');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
      // A private copy of /dev/null (character device 1,3): the real one is never put at risk.
      const haveDevice = spawnSync('mknod', [device, 'c', '1', '3']).status === 0;
      const cases: [string, (s: Stats) => boolean, string][] = [[fifo, (s) => s.isFIFO(), 'FIFO']];
      if (haveDevice) cases.push([device, (s) => s.isCharacterDevice(), 'character device']);
      for (const [output, check, kind] of cases) {
        const { code, stderr } = await cli(['render', 'note.md', '-o', output], dir);
        assert.equal(code, 2, output);
        assert.match(stderr, new RegExp(`cannot write .*${output.split('/').pop()}: .*${kind}.*not a regular file`));
        assert.ok(check(lstatSync(output)), `${output} is still a ${kind}`);
      }
      assert.deepEqual(tempFiles(dir), []);
      if (!haveDevice) this.skip();
    });

    it('render -o onto a link to its own stdout (like /dev/stdout) when that is a pipe: refused (exit 2), nothing replaced', function () {
      this.timeout(60000);
      writeFileSync(join(dir, 'note.md'), NOTE);
      // A private /dev/stdout: a regression then replaces this link, never the system's.
      symlinkSync('/proc/self/fd/1', join(dir, 'stdout'));
      const root = process.cwd();
      const tsx = pathToFileURL(require.resolve('tsx', { paths: [root] })).href;
      const result = spawnSync(process.execPath, ['--import', tsx, join(root, 'src/cli/main.ts'), 'render', 'note.md', '-o', 'stdout'], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /cannot write stdout: a (FIFO \(named pipe\)|socket), not a regular file/);
      assert.equal(result.stdout, '');
      assert.ok(lstatSync(join(dir, 'stdout')).isSymbolicLink());
      assert.deepEqual(readdirSync(dir).sort(), ['note.md', 'stdout']);
    });
  });

  describe('4. an edit saved while --fix runs is kept', () => {
    it('the file changed between reading and writing: exit 2, the path named, the edit kept', async () => {
      const file = join(dir, 'note.md');
      writeFileSync(file, MISSPELT);
      const edit = `${MISSPELT}\nA paragraph saved from the editor meanwhile.\n`;
      fileHooks.beforeReplace = () => writeFileSync(file, edit);
      const { code, stderr } = await cli(['lint', '--fix', 'note.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /cannot write note\.md: the file changed on disk since it was read/);
      assert.equal(readFileSync(file, 'utf8'), edit);
      assert.deepEqual(tempFiles(dir), []);
    });

    it('the same bytes written back (mtime moved): still refused, since the size+mtime+hash snapshot differs', async () => {
      const file = join(dir, 'note.md');
      writeFileSync(file, MISSPELT);
      fileHooks.beforeReplace = () => {
        const later = new Date(Date.now() + 5000);
        writeFileSync(file, MISSPELT);
        utimesSync(file, later, later);
      };
      assert.equal((await cli(['lint', '--fix', 'note.md'], dir)).code, 2);
      assert.equal(readFileSync(file, 'utf8'), MISSPELT);
    });
  });

  describe('5. a read-only note', () => {
    it('lint --fix on a 0444 note: exit 2, the path named, the note unchanged', async () => {
      const file = join(dir, 'note.md');
      writeFileSync(file, MISSPELT);
      chmodSync(file, 0o444);
      const { code, stderr } = await cli(['lint', '--fix', 'note.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /cannot write note\.md: the file is read-only \(mode 0444\)/);
      assert.equal(readFileSync(file, 'utf8'), MISSPELT);
      assert.equal(statSync(file).mode & 0o777, 0o444);
    });
  });
});
