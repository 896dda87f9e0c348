import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// What `vsce package` would put in the .vsix (vsce ls applies .vscodeignore the same way).
function packagedFiles(): string[] {
  const vsce = require.resolve('@vscode/vsce/vsce');
  const result = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

describe('extension package contents', () => {
  const files = packagedFiles();

  it('has no tests, sources, source maps or node_modules', () => {
    const unwanted = files.filter((f) => /(^|\/)(test|src|node_modules|out|scripts)\/|\.map$|\.ts$/.test(f));
    assert.deepEqual(unwanted, []);
  });

  it('has both entries: main (Node extension host) and browser (VS Code for the web)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; browser: string };
    for (const entry of [pkg.main, pkg.browser]) assert.ok(files.includes(entry.replace(/^\.\//, '')), `${entry} is not packaged`);
  });

  it('has every file package.json contributes', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      contributes: { snippets: Array<{ path: string }>; grammars: Array<{ path: string }>; jsonValidation: Array<{ url: string }> };
    };
    const contributed = [
      ...pkg.contributes.snippets.map((s) => s.path),
      ...pkg.contributes.grammars.map((g) => g.path),
      './schemas/note-format.schema.json',
    ].map((p) => p.replace(/^\.\//, ''));
    for (const file of contributed) assert.ok(files.includes(file), `${file} is not packaged`);
    assert.ok(files.includes('package.json') && files.includes('README.md'));
  });
});
