// `npm run test:harness`: checks that the integration harness reports each
// outcome right, by running it on the deliberately passing, failing, hanging
// and unloadable suites in test/fixtures/vscode-test-selfcheck/ (passing and
// failing in the web worker extension host too), plus a missing
// extensionTestsPath and a run where no test matches. `node selfcheck.mjs WORD`
// runs only the cases whose name contains WORD. Takes a few
// minutes; not part of `npm test`. Note: it replaces test-artifacts/.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, REPO } from './prepare.mjs';

const FIXTURES = join(REPO, 'test', 'fixtures', 'vscode-test-selfcheck');

const cases = [
  {
    name: 'a passing suite exits 0 and saves the requested screenshot',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'passing') },
    exit: 0,
    output: ['2 passing', '2 passed, 0 failed'],
    files: [join(ARTIFACTS, 'screenshots', 'selfcheck.png'), join(ARTIFACTS, 'screenshots', 'final.png')],
  },
  {
    name: 'in the web worker extension host, a passing suite exits 0 and saves the requested screenshot',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'passing'), MLNOTES_VSCODE_HOST: 'web' },
    exit: 0,
    output: ['2 passing', '2 passed, 0 failed'],
    files: [join(ARTIFACTS, 'screenshots', 'web', 'selfcheck.png')],
  },
  {
    name: 'in the web worker extension host, a failing test exits 1 with mocha\'s failure message',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'failing'), MLNOTES_VSCODE_HOST: 'web' },
    exit: 1,
    output: ['selfcheck: deliberate failure', '1 passed, 1 failed'],
  },
  {
    name: 'a failing test exits 1 with mocha\'s failure message',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'failing') },
    exit: 1,
    output: ['selfcheck: deliberate failure', '1 passed, 1 failed'],
  },
  {
    name: 'a test module that throws at load exits 1',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'unloadable') },
    exit: 1,
    output: ['selfcheck: module broken on purpose at load', '0 passed, 1 failed'],
  },
  {
    name: 'a missing extensionTestsPath exits 1',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'passing'), MLNOTES_VSCODE_TESTS_PATH: join(REPO, 'out', 'no-such-index') },
    exit: 1,
    output: ['wrote no results file', '0 passed, 1 failed'],
  },
  {
    name: 'a run where no test matches exits 1',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'passing'), MLNOTES_TEST_GREP: 'matches-no-test-title' },
    exit: 1,
    output: ['no test ran', '0 passed, 1 failed'],
  },
  {
    name: 'a hanging test ends at the timeout with exit 1',
    env: { MLNOTES_VSCODE_TESTS_DIR: join(FIXTURES, 'hanging'), MLNOTES_VSCODE_TEST_TIMEOUT: '30' },
    exit: 1,
    output: ['did not finish within 30 s', '0 passed, 1 failed'],
  },
];

function runHarness(env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, 'scripts', 'vscode-test', 'run.mjs')], {
      env: { ...process.env, MLNOTES_RESULTS: '', MLNOTES_TEST_GREP: '', MLNOTES_VSCODE_HOST: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('close', (code) => resolve({ code, output }));
  });
}

const only = process.argv[2];
const selected = only ? cases.filter((check) => check.name.includes(only)) : cases;
let failures = 0;
for (const check of selected) {
  const started = Date.now();
  const { code, output } = await runHarness(check.env);
  const problems = [];
  if (code !== check.exit) problems.push(`exit ${code}, expected ${check.exit}`);
  for (const text of check.output) if (!output.includes(text)) problems.push(`output lacks "${text}"`);
  for (const file of check.files ?? []) if (!existsSync(file)) problems.push(`${file} is missing`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (problems.length === 0) {
    console.log(`ok    ${check.name} (${seconds} s)`);
  } else {
    failures++;
    console.log(`FAIL  ${check.name} (${seconds} s): ${problems.join('; ')}\n${output.replace(/^/gm, '      ')}`);
  }
}
console.log(`${selected.length - failures} passed, ${failures} failed`);
process.exitCode = failures === 0 ? 0 : 1;
