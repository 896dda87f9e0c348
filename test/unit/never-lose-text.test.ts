// Never losing the user's text (issue 8): `mlnotes lint --fix` changes only
// what its fixes name, through a temporary file and a rename, only when
// something changed, keeping CRLF and the BOM; `mlnotes new` never writes
// over anything, not even through a dangling symlink.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from '../support/cli';
import { replaceFile } from '../../src/cli/files';


/** A clean lecture note of the repository: it lints without a finding. */
const CLEAN = readFileSync(resolve(__dirname, '../fixtures/notes/clean/lecture-ridge.md'), 'utf8');
const crlfWithBom = (text: string) => `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`;
/** The same note with one provenance label misspelt (label-spelling has a safe fix for it). */
const MISSPELT = CLEAN.replace('expand the squared norm (RECONSTRUCTED)', 'expand the squared norm (RECONSTRUCT)');

const tempFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('never losing text', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mlnotes-keep-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('mlnotes lint --fix', () => {
    it('the fixture note is clean and the misspelt copy has exactly one label-spelling finding', async () => {
      assert.notEqual(MISSPELT, CLEAN);
      writeFileSync(join(dir, 'clean.md'), CLEAN);
      writeFileSync(join(dir, 'misspelt.md'), MISSPELT);
      const rows = JSON.parse((await cli(['lint', '-f', 'json', '.'], dir)).stdout) as { file: string; rule: string }[];
      assert.deepEqual(rows.map((r) => `${r.file} ${r.rule}`), ['misspelt.md label-spelling']);
    });

    it('in a CRLF file with a BOM, changes the misspelt label and not one other byte', async () => {
      const file = join(dir, 'note.md');
      writeFileSync(file, crlfWithBom(MISSPELT));
      const { code, stdout, stderr } = await cli(['lint', '--fix', '-f', 'json', 'note.md'], dir);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout), [], 'nothing left to report');
      assert.equal(readFileSync(file, 'utf8'), crlfWithBom(CLEAN));
    });

    it('replaces the file by a rename (a new inode), keeps its mode, and leaves no temporary file', async () => {
      const file = join(dir, 'note.md');
      writeFileSync(file, MISSPELT);
      chmodSync(file, 0o640);
      const before = statSync(file);
      await cli(['lint', '--fix', 'note.md'], dir);
      const after = statSync(file);
      assert.equal(readFileSync(file, 'utf8'), CLEAN);
      assert.notEqual(after.ino, before.ino, 'written to a temporary file, then renamed over the note');
      assert.equal(after.mode & 0o777, 0o640);
      assert.deepEqual(tempFiles(dir), []);
    });

    it('does not touch a file when nothing changes: same bytes, inode and mtime, with or without unfixable findings', async () => {
      const clean = join(dir, 'clean.md');
      const unfixable = join(dir, 'unfixable.md');
      writeFileSync(clean, crlfWithBom(CLEAN));
      // bare-tex's fix is not safe, so --fix leaves this finding alone.
      writeFileSync(unfixable, 'Plain text with \\theta in prose.\r\n');
      const past = new Date('2020-01-01T00:00:00Z');
      const stats = [clean, unfixable].map((file) => {
        utimesSync(file, past, past);
        return statSync(file);
      });
      const { stdout } = await cli(['lint', '--fix', '-f', 'json', '.'], dir);
      assert.deepEqual((JSON.parse(stdout) as { rule: string }[]).map((d) => d.rule), ['bare-tex']);
      [clean, unfixable].forEach((file, i) => {
        const now = statSync(file);
        assert.equal(now.ino, stats[i].ino, file);
        assert.equal(now.mtimeMs, stats[i].mtimeMs, file);
      });
      assert.equal(readFileSync(clean, 'utf8'), crlfWithBom(CLEAN));
    });

    it('a failed write leaves the target as it was and no temporary file', () => {
      const target = join(dir, 'target');
      mkdirSync(target);
      writeFileSync(join(target, 'inside.md'), 'kept');
      assert.throws(() => replaceFile(target, 'new text'), /a folder, not a regular file/);
      assert.deepEqual(readdirSync(target), ['inside.md']);
      assert.deepEqual(tempFiles(dir), []);
      assert.ok(lstatSync(target).isDirectory());
    });
  });

  describe('mlnotes new', () => {
    it('never writes through a dangling symlink (the link is an existing name)', async () => {
      const victim = join(dir, 'elsewhere.md');
      symlinkSync(victim, join(dir, 'note.md'));
      const { code, stderr } = await cli(['new', 'lecture', 'Topic', '-o', 'note.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /already exists; not overwriting it/);
      assert.equal(existsSync(victim), false, 'nothing created at the link target');
    });

    it('refuses an existing file of any content, byte for byte kept, CRLF and BOM included', async () => {
      const file = join(dir, 'note.md');
      const mine = crlfWithBom('my own notes\n\nnot to be lost\n');
      writeFileSync(file, mine);
      const { code } = await cli(['new', 'deep-pass', 'Topic', '-o', 'note.md'], dir);
      assert.equal(code, 2);
      assert.equal(readFileSync(file, 'utf8'), mine);
    });
  });
});
