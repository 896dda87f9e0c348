// `npm test`: type check, unit tests, then the integration suite in a real
// VS Code (code-server + headless Chromium), once in the Node extension host
// and once in the browser's web worker extension host (VS Code for the web).
// Ends with one closing line `N passed, N failed` over every test that ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'mlnotes-test-'));
const totals = { passed: 0, failed: 0 };
let ok = true;

function step(name, command, args, resultsFile) {
  console.log(`\n=== ${name}`);
  const env = { ...process.env, ...(resultsFile ? { MLNOTES_RESULTS: resultsFile } : {}) };
  const { status } = spawnSync(command, args, { stdio: 'inherit', env });
  if (resultsFile) {
    if (existsSync(resultsFile)) {
      const counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      if (counts.passed + counts.failed === 0) { console.error(`${name}: no test ran`); ok = false; }
    } else {
      console.error(`${name}: no results were written`);
      totals.failed += 1;
      ok = false;
    }
  }
  if (status !== 0) { console.error(`${name} failed (exit ${status})`); ok = false; }
}

const only = process.argv[2]; // `unit` runs only the fast part
step('type check', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--noEmit']);
step('unit tests', process.execPath, ['scripts/run-unit.cjs'], join(work, 'unit.json'));
if (only !== 'unit') {
  step('integration tests (VS Code, Node extension host)', process.execPath, ['scripts/vscode-test/run.mjs'], join(work, 'integration.json'));
  step('integration tests (VS Code for the web, web worker extension host)', process.execPath, ['scripts/vscode-test/run.mjs', '--web'], join(work, 'integration-web.json'));
}
rmSync(work, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = ok && totals.failed === 0 ? 0 : 1;
