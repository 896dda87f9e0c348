import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { cli } from '../support/cli';
import { jsonPathSegments } from '../../src/core/config-loader';
import { sarifSubsetSchema } from './support/sarif-subset-schema';

const lint = (args: string[], cwd: string) => cli(['lint', ...args], cwd);

/** A plain Markdown file with one TeX command in prose (bare-tex, a warning by default) at line 3, column 7. */
const BARE = 'Plain text.\n\nWe use \\theta here.\n';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

describe('mlnotes lint (CLI)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mlnotes-lint-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('walks folders for *.md, skipping node_modules and .git, and prints the JSON of NOTE-SPEC §6', async () => {
    for (const file of ['a.md', 'sub/b.md', 'node_modules/c.md', '.git/d.md']) write(join(dir, file), BARE);
    write(join(dir, 'e.txt'), BARE);
    const { code, stdout, stderr } = await lint(['--format', 'json', '.'], dir);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    assert.deepEqual(rows, ['a.md', 'sub/b.md'].map((file) => ({
      file, line: 3, column: 8, endLine: 3, endColumn: 14, rule: 'bare-tex', severity: 'warning', message: rows[0].message,
    })));
    assert.match(String(rows[0].message), /\\theta/);
  });

  it('reports first-line columns of a file with a BOM as an editor shows them', async () => {
    write(join(dir, 'bom.md'), '\uFEFFWe use \\theta here.\n');
    const [row] = JSON.parse((await lint(['-f', 'json', 'bom.md'], dir)).stdout) as { line: number; column: number }[];
    assert.deepEqual([row.line, row.column], [1, 8]);
  });

  it('lints a file named explicitly whatever its extension', async () => {
    write(join(dir, 'note.txt'), BARE);
    const { stdout } = await lint(['-f', 'json', 'note.txt'], dir);
    assert.equal((JSON.parse(stdout) as unknown[]).length, 1);
  });

  it('finds .mlnotes.json upward from each note and exits 1 on an error-severity diagnostic', async () => {
    write(join(dir, '.mlnotes.json'), '{"rules": {"bare-tex": "error"}}');
    write(join(dir, 'deep/er/note.md'), BARE);
    write(join(dir, 'deep/quiet/.mlnotes.jsonc'), '{\n  // nearer config wins\n  "rules": {"bare-tex": "off"},\n}');
    write(join(dir, 'deep/quiet/note.md'), BARE);
    const { code, stdout } = await lint(['--format', 'json', 'deep'], dir);
    assert.equal(code, 1);
    assert.deepEqual((JSON.parse(stdout) as { file: string; severity: string }[]).map((r) => [r.file, r.severity]), [['deep/er/note.md', 'error']]);
  });

  it('--config FILE applies to every note instead of the nearest config', async () => {
    write(join(dir, '.mlnotes.json'), '{"rules": {"bare-tex": "error"}}');
    write(join(dir, 'other.jsonc'), '{"rules": {"bare-tex": "info"}}');
    write(join(dir, 'note.md'), BARE);
    const { code, stdout } = await lint(['--config', 'other.jsonc', '-f', 'json', 'note.md'], dir);
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as { severity: string }[])[0].severity, 'info');
  });

  it('a --config FILE that cannot be read exits 2', async () => {
    write(join(dir, 'note.md'), BARE);
    const { code, stderr } = await lint(['--config', 'nope.json', 'note.md'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /invalid config: nope\.json:1:1: Cannot read the config: no such file\./);
  });

  it('an invalid config: positioned message, defaults used, exit 2', async () => {
    write(join(dir, '.mlnotes.json'), '{\n  "rules": {"bare-tex": "loud"}\n}\n');
    write(join(dir, 'note.md'), BARE);
    const { code, stdout, stderr } = await lint(['-f', 'json', 'note.md'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /invalid config: \.mlnotes\.json:2:25: "rules\.bare-tex" must be one of "off", "info", "warning", "error"\./);
    assert.equal((JSON.parse(stdout) as { severity: string }[])[0].severity, 'warning');
  });

  it('a bad custom format named by path is reported at its place in the format file', async () => {
    write(join(dir, '.mlnotes.json'), '{"customFormats": ["fmt.json", "missing.json"]}');
    write(join(dir, 'fmt.json'), '{\n  "id": "x",\n  "name": "X",\n  "sections": [{"number": "1", "title": "A", "role": "nonsense"}]\n}\n');
    write(join(dir, 'note.md'), BARE);
    const { code, stderr } = await lint(['note.md'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /fmt\.json:4:\d+: Custom format: \$\.sections\[0\]\.role must be one of/);
    assert.match(stderr, /\.mlnotes\.json:1:\d+: Cannot read custom format "missing\.json"/);
  });

  it('bad usage and unreadable paths exit 2 with a message', async () => {
    assert.equal((await lint([], dir)).code, 2);
    const badFormat = await lint(['--format', 'xml', '.'], dir);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /unknown --format "xml"/);
    assert.equal((await lint(['--bogus', '.'], dir)).code, 2);
    const missing = await lint(['nowhere.md'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nowhere\.md: no such file or folder/);
    assert.match((await lint(['--help'], dir)).stdout, /^Usage: mlnotes lint/);
    const empty = await lint(['.'], dir);
    assert.deepEqual([empty.code, empty.stderr], [2, 'mlnotes lint: .: no Markdown files (*.md) in this folder\n']);
  });

  it('prints stylish text: file, aligned rows, summary', async () => {
    write(join(dir, 'note.md'), BARE);
    const { stdout } = await lint(['note.md'], dir);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'note.md');
    assert.match(lines[1], /^ {2}3:8 {2}warning {2}.*\\theta.* {2}bare-tex$/);
    assert.equal(lines[3], '✖ 1 problem (0 errors, 1 warning, 0 info)');
    write(join(dir, 'clean.md'), 'Nothing to see.\n');
    assert.equal((await lint(['clean.md'], dir)).stdout, '');
  });

  it('prints SARIF 2.1.0 that satisfies the schema subset and points at the characters', async () => {
    write(join(dir, 'my notes/note.md'), BARE);
    const { stdout } = await lint(['--format', 'sarif', '.'], dir);
    const log = JSON.parse(stdout);
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(sarifSubsetSchema);
    const valid: boolean = validate(log);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'bare-tex');
    assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, 'bare-tex');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'my%20notes/note.md', uriBaseId: 'SRCROOT' },
      region: { startLine: 3, startColumn: 8, endLine: 3, endColumn: 14 },
    });
    assert.match(log.runs[0].originalUriBaseIds.SRCROOT.uri, /^file:\/\/\/.*\/$/);
  });

  describe('--fix', () => {
    const lectureStub = (eol: string) => ['---', 'format: lecture', '---', '', '## 0. Metadata', '', 'Lecture Title: X', '', '## 1. Concept & Intuition', '', '- a', ''].join(eol);

    it('applies safe fixes in place, keeps CRLF line endings and the BOM, and reports what remains', async () => {
      const file = join(dir, 'note.md');
      const original = `\uFEFF${lectureStub('\r\n')}`;
      write(file, original);
      chmodSync(file, 0o640);
      const before = JSON.parse((await lint(['-f', 'json', 'note.md'], dir)).stdout) as { rule: string }[];
      assert.ok(before.some((d) => d.rule === 'required-section'), 'the stub misses required sections');
      const { stdout } = await lint(['--fix', '-f', 'json', 'note.md'], dir);
      const after = JSON.parse(stdout) as { rule: string }[];
      assert.ok(!after.some((d) => d.rule === 'required-section'), 'every missing heading was inserted');
      const fixed = readFileSync(file, 'utf8');
      assert.ok(fixed.startsWith('\uFEFF---\r\nformat: lecture'), 'BOM and front matter kept');
      assert.doesNotMatch(fixed, /[^\r]\n/, 'no bare LF in a CRLF file');
      assert.ok(fixed.includes('Lecture Title: X\r\n'), 'the author\'s text is kept');
      assert.equal(statSync(file).mode & 0o777, 0o640, 'the file mode is kept');
      assert.deepEqual(readdirSync(dir), ['note.md'], 'no temporary file is left behind');
      assert.deepEqual(JSON.parse((await lint(['-f', 'json', 'note.md'], dir)).stdout), after, 'the report after --fix is that of the written file');
    });

    it('does not rewrite a file that has nothing to fix, nor under an invalid config', async () => {
      const clean = join(dir, 'clean.md');
      write(clean, BARE);
      const inode = statSync(clean).ino;
      await lint(['--fix', 'clean.md'], dir);
      assert.equal(statSync(clean).ino, inode);
      const broken = join(dir, 'broken');
      write(join(broken, '.mlnotes.json'), '{"rules": 1}');
      write(join(broken, 'note.md'), lectureStub('\n'));
      const { code } = await lint(['--fix', 'broken'], dir);
      assert.equal(code, 2);
      assert.equal(readFileSync(join(broken, 'note.md'), 'utf8'), lectureStub('\n'));
    });
  });

  it('reads JSON paths of format errors back into segments', () => {
    assert.deepEqual(jsonPathSegments('$.sections[2]["a b"].role'), ['sections', 2, 'a b', 'role']);
    assert.deepEqual(jsonPathSegments('$'), []);
  });

  it('runs as a process with the exit code', () => {
    write(join(dir, 'note.md'), BARE);
    write(join(dir, '.mlnotes.json'), '{"rules": {"bare-tex": "error"}}');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'lint', '--format', 'json', join(dir, 'note.md')], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 1);
  });
});
