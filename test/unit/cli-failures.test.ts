// Failures the CLI meets without crashing (issue 17, items 13–17): a stdout
// that fails (EPIPE, ENOSPC), a folder the walk cannot read, the same exit
// code for the same failure in every command, remote images only on request,
// and topics, titles and -o paths that would make a wrong note.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli } from '../support/cli';
import { fileHooks, readDirEntries } from '../../src/cli/files';
import { builtinFormats } from '../../src/core/formats/index';
import { scaffoldText } from '../../src/core/scaffold';


const ROOT = process.cwd();
/** tsx's loader by URL: the processes run in a temporary folder, where the package cannot be found by name. */
const TSX = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
/** bare-tex reports `\theta` in prose; the config makes it an error, so lint exits 1. */
const BARE = 'Plain text with \\theta in prose.\n';
const NOTE = '# Loss\n\n$$x^2$$\n\n![pixel](https://tracker.example/p.png)\n';

/** Runs the CLI as a process; `stdout` is a file descriptor to write to, or 'closed' for a pipe whose reader has gone. */
function run(args: string[], cwd: string, stdout: number | 'closed'): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd, stdio: ['ignore', stdout === 'closed' ? 'pipe' : stdout, 'pipe'],
  });
  // Closed before the process can start writing: every write it makes meets EPIPE.
  if (stdout === 'closed') child.stdout!.destroy();
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

describe('CLI failures', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlnotes-fail-'));
    writeFileSync(join(dir, 'note.md'), NOTE);
    writeFileSync(join(dir, 'bare.md'), BARE);
    writeFileSync(join(dir, '.mlnotes.json'), '{"rules": {"bare-tex": "error"}}');
  });
  afterEach(() => {
    delete fileHooks.readDir;
    rmSync(dir, { recursive: true, force: true });
  });

  describe('13. a failing stdout', function () {
    this.timeout(60000);
    const commands: [string, string[], number][] = [
      ['lint', ['lint', 'bare.md'], 1],
      ['render', ['render', 'note.md'], 0],
      ['new', ['new', 'lecture', 'Topic'], 0],
    ];

    it('ENOSPC (> /dev/full): one line, exit 2, no stack trace — lint, render and new', async () => {
      const full = openSync('/dev/full', 'w');
      try {
        const results = await Promise.all(commands.map(([, args]) => run(args, dir, full)));
        results.forEach(({ status, stderr }, i) => {
          assert.equal(status, 2, `${commands[i][0]}: ${stderr}`);
          assert.match(stderr, /^mlnotes: cannot write the output: ENOSPC: no space left on device, write\n$/, commands[i][0]);
        });
      } finally {
        closeSync(full);
      }
    });

    it('EPIPE (the reader went away): quiet, with the exit code so far — lint, render and new', async () => {
      const results = await Promise.all(commands.map(([, args]) => run(args, dir, 'closed')));
      results.forEach(({ status, stderr }, i) => {
        assert.equal(stderr, '', commands[i][0]);
        assert.equal(status, commands[i][2], commands[i][0]);
      });
    });
  });

  describe('14. a folder the walk cannot read', () => {
    it('is one line naming it; the rest is linted and printed; exit 2', async () => {
      mkdirSync(join(dir, 'notes', 'private'), { recursive: true });
      mkdirSync(join(dir, 'notes', 'z'));
      writeFileSync(join(dir, 'notes', 'a.md'), BARE);
      writeFileSync(join(dir, 'notes', 'private', 'b.md'), BARE);
      writeFileSync(join(dir, 'notes', 'z', 'c.md'), BARE);
      // Tests run as root, which reads any folder: the walk's folder listing fails here instead.
      fileHooks.readDir = (folder: string): Dirent[] => {
        if (folder.endsWith('private')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${folder}'`), { code: 'EACCES' });
        return readDirEntries(folder);
      };
      const { code, stdout, stderr } = await cli(['lint', '-f', 'json', 'notes'], dir);
      assert.equal(code, 2);
      assert.equal(stderr, "mlnotes lint: cannot read folder notes/private: EACCES: permission denied, scandir '" + join(dir, 'notes', 'private') + "' (skipped; the rest is linted)\n");
      assert.deepEqual((JSON.parse(stdout) as { file: string }[]).map((d) => d.file), ['notes/a.md', 'notes/z/c.md']);
    });
  });

  describe('15. one exit code per failure, in every command', () => {
    it('a missing note, a folder as the note, an unreadable (dangling) file: lint and render both exit 2; new too for its format file', async () => {
      mkdirSync(join(dir, 'folder'));
      symlinkSync(join(dir, 'gone.md'), join(dir, 'dangling.md'));
      for (const path of ['missing.md', 'folder', 'dangling.md']) {
        const lint = await cli(['lint', path], dir);
        const render = await cli(['render', path], dir);
        const made = await cli(['new', '--format-file', path, 'Topic'], dir);
        assert.deepEqual([lint.code, render.code, made.code], [2, 2, 2], path);
      }
    });

    it('an invalid config: lint and render both print it, go on with the defaults and exit 2', async () => {
      writeFileSync(join(dir, '.mlnotes.json'), '{ "macros": 3 }');
      const lint = await cli(['lint', 'note.md'], dir);
      const render = await cli(['render', 'note.md'], dir);
      assert.deepEqual([lint.code, render.code], [2, 2]);
      assert.match(render.stdout, /<html/);
    });

    it('a note that is a FIFO is refused at once (no read that never ends): lint and render exit 2', async () => {
      const fifo = join(dir, 'fifo.md');
      const { spawnSync } = await import('node:child_process');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      for (const command of ['lint', 'render']) {
        const { code, stderr } = await cli([command, 'fifo.md'], dir);
        assert.equal(code, 2, command);
        assert.match(stderr, /cannot read fifo\.md: not a regular file \(a FIFO/, command);
      }
    });

    it('a write that fails: render -o and new -o exit 2, as lint --fix does', async () => {
      assert.equal((await cli(['render', 'note.md', '-o', 'nowhere/x.html'], dir)).code, 2);
      assert.equal((await cli(['new', 'lecture', 'Topic', '-o', 'nowhere/x.md'], dir)).code, 2);
    });
  });

  describe('16. remote images in the export', () => {
    const csp = (html: string) => /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];

    it('are blocked by default and allowed with --allow-remote-images', async () => {
      const blocked = await cli(['render', 'note.md'], dir);
      assert.equal(blocked.code, 0);
      assert.match(blocked.stdout, /<img src="https:\/\/tracker\.example\/p\.png"/);
      assert.match(csp(blocked.stdout), /img-src &#39;self&#39; data:;/);
      assert.doesNotMatch(csp(blocked.stdout), /https:/);
      const allowed = await cli(['render', '--allow-remote-images', 'note.md'], dir);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.match(csp(allowed.stdout), /img-src &#39;self&#39; data: https:;/);
    });
  });

  describe('17. what new writes', () => {
    it('a topic with a line break is refused: exit 2, a clear message, nothing written', async () => {
      const { code, stderr } = await cli(['new', 'lecture', 'Topic\n## 9) Injected', '-o', 'x.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /the topic must be one line/);
      assert.equal(existsSync(join(dir, 'x.md')), false);
    });

    it('a scaffold never turns a topic line break into Markdown lines (other callers than the CLI)', () => {
      const text = scaffoldText(builtinFormats[0], { topic: 'Topic\n## 9) Injected' });
      assert.doesNotMatch(text, /^## 9\) Injected/m);
      assert.match(text, /^# Topic ## 9\) Injected$/m);
    });

    it('a custom format whose section title has a line break is refused at the title', async () => {
      writeFileSync(join(dir, 'fmt.json'), JSON.stringify({ id: 'mine', name: 'Mine', sections: [{ number: '1', title: 'Intro\n## 2) Injected' }] }));
      const { code, stderr } = await cli(['new', '--format-file', 'fmt.json', 'Topic', '-o', 'x.md'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /\$\.sections\[0\]\.title: must be one line/);
      assert.equal(existsSync(join(dir, 'x.md')), false);
    });

    it('-o newdir/ (a new or an existing folder) creates no file named newdir', async () => {
      const missing = await cli(['new', 'lecture', 'Topic', '-o', 'newdir/'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /-o newdir\/ names a folder; give the new note's file name/);
      assert.equal(existsSync(join(dir, 'newdir')), false);
      mkdirSync(join(dir, 'old'));
      for (const output of ['old/', 'old']) {
        const existing = await cli(['new', 'lecture', 'Topic', '-o', output], dir);
        assert.equal(existing.code, 2, output);
        assert.ok(lstatSync(join(dir, 'old')).isDirectory());
        assert.deepEqual(readdirSync(join(dir, 'old')), []);
      }
    });
  });
});
