// `npm run test:electron`: the same integration suite in a desktop VS Code
// through @vscode/test-electron (the ecosystem's standard runner). It
// downloads VS Code (`stable`, or MLNOTES_VSCODE_VERSION) unless
// VSCODE_EXECUTABLE names an installed one, so it needs the VS Code update
// server; on machines without it use `npm test` (code-server harness).
// Screenshots are not taken under this runner (helpers.screenshot is a no-op).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, TESTS_INDEX, compileTests, ensureExtensionBuilt, prepareWorkspace, userSettingsFromEnv, writeUserSettings } from './prepare.mjs';

async function main() {
  ensureExtensionBuilt();
  await compileTests();
  const tmp = mkdtempSync(join(tmpdir(), 'mlnotes-electron-'));
  const resultsFile = join(tmp, 'results.json');
  let code = 1;
  try {
    const userData = join(tmp, 'user-data');
    writeUserSettings(userData, userSettingsFromEnv());
    const workspace = prepareWorkspace(join(tmp, 'workspace'));
    code = await runTests({
      extensionDevelopmentPath: REPO,
      extensionTestsPath: TESTS_INDEX,
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.MLNOTES_VSCODE_VERSION ?? 'stable' }),
      extensionTestsEnv: {
        MLNOTES_VSCODE_RESULTS: resultsFile,
        ...(process.env.MLNOTES_TEST_GREP ? { MLNOTES_TEST_GREP: process.env.MLNOTES_TEST_GREP } : {}),
      },
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions stay out of the run
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${join(tmp, 'extensions')}`,
      ],
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  }
  let results;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {
    results = undefined;
  }
  rmSync(tmp, { recursive: true, force: true });
  const passed = results?.passed ?? 0;
  const failed = results ? results.failed : 1;
  const ok = code === 0 && results?.done && failed === 0 && passed > 0;
  if (!results) console.error('The suite wrote no results file.');
  else if (passed + failed === 0) console.error('No test ran.');
  if (process.env.MLNOTES_RESULTS) writeFileSync(process.env.MLNOTES_RESULTS, JSON.stringify({ passed, failed: ok ? failed : Math.max(failed, 1) }));
  console.log(`${passed} passed, ${ok ? failed : Math.max(failed, 1)} failed`);
  process.exitCode = ok ? 0 : 1;
}

await main();
