import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Runs vscode-tmgrammar-test on the fixture lines in test/fixtures/grammar, with
// VS Code's own Markdown and Markdown-math grammars (vendored there) plus ours:
// offline, and with the injection in its real surroundings.
const tool = require.resolve('vscode-tmgrammar-test/dist/unit.js');
const config = 'test/fixtures/grammar/grammars.json';

function runGrammarTest(pattern: string) {
  const result = spawnSync(process.execPath, [tool, '--compact', '--config', config, pattern], { encoding: 'utf8' });
  // The vendored Markdown grammar names embedded languages we do not load; that warning is noise.
  const stderr = result.stderr.split('\n').filter((l) => l && !l.startsWith('grammar not found')).join('\n');
  return { status: result.status, output: `${result.stdout}\n${stderr}` };
}

describe('TextMate injection grammar', () => {
  it('scopes labels, rules, step markers and \\( \\) / \\[ \\] math on the fixture lines', () => {
    const { status, output } = runGrammarTest('test/fixtures/grammar/*.test.md');
    assert.equal(status, 0, output);
    assert.match(output, /notes\.test\.md run successfuly/);
  });

  it('reports a wrong scope (the check is not vacuous)', () => {
    const { status, output } = runGrammarTest('test/fixtures/grammar/negative/*.test.md');
    assert.notEqual(status, 0, output);
    assert.match(output, /missing required scopes: \[ keyword\.other\.provenance\.mlnotes \]/i);
  });

  it('package.json injects the same grammar files into Markdown', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { grammars: Array<{ scopeName: string; path: string; injectTo?: string[] }> } };
    const fixture = JSON.parse(readFileSync(config, 'utf8')) as { contributes: { grammars: Array<{ scopeName: string; path: string }> } };
    const ours = fixture.contributes.grammars.filter((g) => g.scopeName.startsWith('markdown.mlnotes.'));
    assert.equal(ours.length, 2);
    for (const grammar of ours) {
      const shipped = pkg.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
      assert.ok(shipped, `${grammar.scopeName} is contributed`);
      assert.equal(shipped.path, grammar.path.replace('../../../', './'));
      assert.deepEqual(shipped.injectTo, ['text.html.markdown']);
    }
  });
});
