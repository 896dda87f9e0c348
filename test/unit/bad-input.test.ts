// Bad input everywhere gets a clear message (issue 8): missing paths, dangling
// symlinks, a folder where a file belongs, folders without notes, broken
// config and format files (positioned), unknown flags (exit 2 with usage) —
// for `mlnotes lint`, `mlnotes new` and `mlnotes render`. Tests run as root,
// where chmod 000 does not stop reads, so unreadable files are made of
// folders, dangling links and paths that do not exist.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli';


const NOTE = 'Plain text with \\theta in prose.\n';
/** A config whose `bare-tex` value is missing: invalid JSON at line 3. */
const BROKEN_JSON = '{\n  "rules": {\n    "bare-tex": \n  }\n}\n';

describe('bad input gets a clear message', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlnotes-bad-'));
    writeFileSync(join(dir, 'note.md'), NOTE);
    mkdirSync(join(dir, 'folder'));
    mkdirSync(join(dir, 'no-notes'));
    writeFileSync(join(dir, 'no-notes', 'readme.txt'), 'not a note');
    symlinkSync(join(dir, 'gone.md'), join(dir, 'dangling.md'));
    writeFileSync(join(dir, 'broken.json'), BROKEN_JSON);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('mlnotes (top level)', () => {
    it('an unknown command or option: exit 2 with the usage', async () => {
      for (const arg of ['lnit', '--frobnicate']) {
        const { code, stderr } = await cli([arg], dir);
        assert.equal(code, 2);
        assert.match(stderr, new RegExp(`unknown (command|option) "${arg}"`));
        assert.match(stderr, /Usage: mlnotes <command>/);
      }
    });
  });

  describe('mlnotes lint', () => {
    it('an unknown flag: exit 2, the flag named, the usage shown', async () => {
      const { code, stderr, stdout } = await cli(['lint', '--frobnicate', 'note.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /--frobnicate/);
      assert.match(stderr, /Usage: mlnotes lint/);
      assert.equal(stdout, '');
    });

    it('a dangling symlink or a missing path: exit 2, the path named', async () => {
      for (const path of ['dangling.md', 'missing.md']) {
        const { code, stderr } = await cli(['lint', path], dir);
        assert.equal(code, 2, path);
        assert.match(stderr, new RegExp(`cannot read ${path.replace('.', '\\.')}: no such file or folder`));
      }
    });

    it('a dangling symlink inside a walked folder is skipped, the real notes linted', async () => {
      const { code, stdout, stderr } = await cli(['lint', '-f', 'json', '.'], dir);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      assert.deepEqual((JSON.parse(stdout) as { file: string }[]).map((d) => d.file), ['note.md']);
    });

    it('a folder with no notes says so instead of passing silently', async () => {
      const { code, stderr } = await cli(['lint', 'no-notes'], dir);
      assert.match(stderr, /no-notes: no Markdown files \(\*\.md\)/);
      assert.equal(code, 2);
    });

    it('a config file that is a folder, missing or not JSON: positioned message, defaults used, exit 2', async () => {
      const folder = await cli(['lint', '--config', 'folder', '-f', 'json', 'note.md'], dir);
      assert.equal(folder.code, 2);
      assert.match(folder.stderr, /invalid config: folder:1:1: Cannot read the config: a folder; only regular files are read\./);
      assert.equal((JSON.parse(folder.stdout) as { rule: string }[])[0].rule, 'bare-tex', 'the note is still linted');
      const missing = await cli(['lint', '--config', 'nope.json', 'note.md'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /invalid config: nope\.json:1:1: Cannot read the config: no such file\./);
      const broken = await cli(['lint', '--config', 'broken.json', 'note.md'], dir);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /invalid config: broken\.json:4:\d+: Invalid JSON: ValueExpected/);
    });

    it('a note that is binary garbage is linted without a crash', async () => {
      writeFileSync(join(dir, 'garbage.md'), Buffer.from([0xff, 0xfe, 0x00, 0x24, 0x5c, 0xc3, 0x28, 0x00, 0x7b]));
      const { code, stderr } = await cli(['lint', 'garbage.md'], dir);
      assert.equal(stderr, '');
      assert.ok(code === 0 || code === 1);
    });
  });

  describe('mlnotes new', () => {
    it('an unknown flag: exit 2 with the usage, nothing written', async () => {
      const { code, stderr } = await cli(['new', 'lecture', 'Topic', '--frobnicate', '-o', 'x.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /--frobnicate/);
      assert.match(stderr, /Usage: mlnotes new/);
      assert.equal(existsSync(join(dir, 'x.md')), false);
    });

    it('-o naming a folder or an existing file is refused; -o into a missing folder says it cannot write', async () => {
      const folder = await cli(['new', 'lecture', 'Topic', '-o', 'folder'], dir);
      assert.equal(folder.code, 2);
      assert.match(folder.stderr, /folder is a folder; give the new note.s file name inside it/);
      const missing = await cli(['new', 'lecture', 'Topic', '-o', 'nowhere/x.md'], dir);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /cannot write .*nowhere.*x\.md: ENOENT/);
    });

    it('a format file that is missing, a folder or broken JSON: the file named, the JSON error positioned, nothing written', async () => {
      const missing = await cli(['new', '--format-file', 'nope.json', 'Topic'], dir);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /cannot read .*nope\.json: ENOENT/);
      const folder = await cli(['new', '--format-file', 'folder', 'Topic'], dir);
      assert.notEqual(folder.code, 0);
      assert.match(folder.stderr, /cannot read .*folder: a folder/);
      writeFileSync(join(dir, 'fmt.json'), '{"id": "x",\n "sections": [}\n');
      const broken = await cli(['new', '--format-file', 'fmt.json', 'Topic', '-o', 'out.md'], dir);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /fmt\.json: .*invalid JSON at line 2, column \d+/);
      assert.equal(existsSync(join(dir, 'out.md')), false);
    });
  });

  describe('mlnotes render', () => {
    it('an unknown flag: exit 2 with the usage', async () => {
      const { code, stderr } = await cli(['render', '--frobnicate', 'note.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /--frobnicate/);
      assert.match(stderr, /Usage: mlnotes render/);
    });

    it('a missing note, a dangling symlink or a folder as the note: the path and the reason', async () => {
      for (const [path, reason] of [['missing.md', 'ENOENT'], ['dangling.md', 'ENOENT'], ['folder', 'EISDIR']]) {
        const { code, stderr, stdout } = await cli(['render', path], dir);
        assert.notEqual(code, 0, path);
        assert.match(stderr, new RegExp(`cannot read ${path.replace('.', '\\.')}: ${reason}`));
        assert.equal(stdout, '');
      }
    });

    it('-o into a missing folder: a message, not a crash, and no temporary file left', async () => {
      const { code, stderr } = await cli(['render', 'note.md', '-o', 'nowhere/note.html'], dir);
      assert.notEqual(code, 0);
      assert.match(stderr, /cannot write .*nowhere.*note\.html/);
    });

    it('-o onto a folder: a message, and the folder left as it was', async () => {
      const { code, stderr } = await cli(['render', 'note.md', '-o', 'folder'], dir);
      assert.notEqual(code, 0);
      assert.match(stderr, /cannot write .*folder/);
      assert.deepEqual(readdirSync(join(dir, 'folder')), []);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    });

    it('a config that is broken JSON or a folder: positioned message, rendered with the defaults', async () => {
      const broken = await cli(['render', 'note.md', '--config', 'broken.json'], dir);
      assert.match(broken.stderr, /invalid config: broken\.json:4:\d+: Invalid JSON: ValueExpected/);
      assert.equal(broken.code, 2);
      assert.match(broken.stdout, /<html/i);
      const folder = await cli(['render', 'note.md', '--config', 'folder'], dir);
      assert.match(folder.stderr, /folder:1:1: Cannot read the config: a folder; only regular files are read/);
      assert.equal(folder.code, 2);
      assert.match(folder.stdout, /<html/i);
    });
  });
});
