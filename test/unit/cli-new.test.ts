import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli';
import { builtinFormats } from '../../src/core/formats/index';
import { sectionHeading } from '../../src/core/scaffold';


describe('mlnotes CLI', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'mlnotes-cli-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of builtinFormats) {
    it(`new ${format.id} writes the scaffold with every heading to stdout`, async () => {
      const { code, stdout, stderr } = await cli(['new', format.id, 'Ridge regression']);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`^---\\nformat: ${format.id}\\ntitle: "Ridge regression"\\ndate: \\d{4}-\\d\\d-\\d\\d\\n---\\n\\n# Ridge regression\\n`));
      const headings = stdout.split('\n').filter((l) => /^#{2,3} /.test(l));
      assert.deepEqual(headings, format.sections.map(sectionHeading));
      assert.doesNotMatch(stdout, /\$\{|\$\d/, 'no snippet syntax in plain text');
    });
  }

  it('new -o writes a file, then refuses to overwrite it (exit 2) and keeps its text', async () => {
    const first = await cli(['new', 'lecture', 'SVM', '-o', 'svm.md'], dir);
    assert.equal(first.code, 0);
    const file = join(dir, 'svm.md');
    assert.match(readFileSync(file, 'utf8'), /^---\nformat: lecture\n/);
    writeFileSync(file, 'my own text');
    const second = await cli(['new', 'deep-pass', 'SVM', '--output', 'svm.md'], dir);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /svm\.md already exists; not overwriting it/);
    assert.equal(readFileSync(file, 'utf8'), 'my own text');
  });

  it('joins an unquoted topic and honours --no-front-matter and --no-appendix', async () => {
    const { code, stdout } = await cli(['new', 'lecture', 'Logistic', 'regression', '--no-front-matter', '--no-appendix']);
    assert.equal(code, 0);
    assert.ok(stdout.startsWith('# Logistic regression\n'));
    assert.doesNotMatch(stdout, /Appendix/);
  });

  it('rejects usage errors with exit 2 and the usage text', async () => {
    for (const args of [['new'], ['new', 'paper', 'X'], ['new', 'lecture'], ['new', 'lecture', 'X', '--force'], ['new', 'lecture', 'X', '-o'], ['--frobnicate'], ['frobnicate'], []]) {
      const { code, stderr, stdout } = await cli(args, dir);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /Usage: mlnotes/, args.join(' '));
      assert.equal(stdout, '');
    }
    assert.match((await cli(['new', 'lecture', 'X', '--force'])).stderr, /--force/);
    assert.match((await cli(['new', 'paper', 'X'])).stderr, /unknown format "paper"/);
  });

  it('--help, new --help and --version', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Commands:\n {2}new .*\n {2}lint .*\n {2}render /);
    const newHelp = await cli(['new', '--help']);
    assert.equal(newHelp.code, 0);
    assert.match(newHelp.stdout, /Usage: mlnotes new <deep-pass\|lecture> "Topic" \[-o FILE\]/);
    const version = await cli(['--version']);
    assert.equal(version.stdout, `${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}\n`);
  });

  it('new --format-file uses a custom format, and names the JSON path when it is invalid', async () => {
    const good = { id: 'paper', name: 'Paper', sections: [{ number: '1', title: 'Claim' }, { number: '2', title: 'Proof', role: 'derivation' }] };
    writeFileSync(join(dir, 'paper.mlnotes-format.json'), JSON.stringify(good));
    const ok = await cli(['new', '--format-file', 'paper.mlnotes-format.json', 'Attention', '--no-front-matter'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(ok.stdout.split('\n').filter((l) => l.startsWith('## ')), ['## 1) Claim', '## 2) Proof']);
    writeFileSync(join(dir, 'bad.mlnotes-format.json'), JSON.stringify({ ...good, sections: [{ number: '1', title: 'Claim', role: 'proof' }] }));
    const bad = await cli(['new', '--format-file', 'bad.mlnotes-format.json', 'Attention', '-o', 'a.md'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.mlnotes-format\.json: \$\.sections\[0\]\.role: must be one of/);
    assert.equal(existsSync(join(dir, 'a.md')), false);
  });

  it('as a process: exit code 2 and nothing written when the file exists', () => {
    const file = join(dir, 'taken.md');
    writeFileSync(file, 'keep me');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'new', 'lecture', 'T', '-o', file], { encoding: 'utf8' });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /already exists/);
    assert.equal(readFileSync(file, 'utf8'), 'keep me');
    assert.ok(existsSync(file));
  });
});
