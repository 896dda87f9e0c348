// The integration suite's entry, loaded by VS Code as `extensionTestsPath`
// (by our code-server harness and by @vscode/test-electron alike). Runs every
// compiled `*.test.js` next to this file with mocha; both the `suite`/`test`
// and the `describe`/`it` styles work. Writes a JSON results file
// ({passed, failed, done, failures}) to $MLNOTES_VSCODE_RESULTS after each
// test, so a harness that times out still knows what had run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

interface Failure {
  title: string;
  error: string;
}

interface Results {
  passed: number;
  failed: number;
  done: boolean;
  failures: Failure[];
}

/** Every compiled test file below `dir`, sorted so the order is stable. */
function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

function writeResults(results: Results): void {
  const file = process.env.MLNOTES_VSCODE_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Under the code-server harness every line the suite logs carries the marker
 * in $MLNOTES_LOG_MARKER, so the harness can tell the suite's output (mocha's
 * report, console.log in tests) from the workbench's own chatter.
 */
function markConsoleOutput(): void {
  const marker = process.env.MLNOTES_LOG_MARKER;
  if (!marker) return;
  // VS Code's extension host defines console.log & co. as getters with a
  // setter that ignores assignments, so install a new console object whose
  // own methods add the marker and call the real ones.
  const original = globalThis.console;
  const marked = Object.create(original) as Console;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const forward = original[method].bind(original);
    const value = (...args: unknown[]) => {
      forward(format(...args).split('\n').map((line) => marker + line).join('\n'));
    };
    Object.defineProperty(marked, method, { value, configurable: true, writable: true });
  }
  Object.defineProperty(globalThis, 'console', { value: marked, configurable: true, writable: true });
  Mocha.reporters.Base.consoleLog = marked.log; // mocha captured the unmarked one
}

export function run(): Promise<void> {
  markConsoleOutput();
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 30_000 });
  Mocha.interfaces.bdd(mocha.suite); // describe/it as well as suite/test
  if (process.env.MLNOTES_TEST_GREP) mocha.grep(process.env.MLNOTES_TEST_GREP);
  const files = testFiles(__dirname);
  for (const file of files) mocha.addFile(file);

  const results: Results = { passed: 0, failed: 0, done: false, failures: [] };
  writeResults(results);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        results.done = true;
        writeResults(results);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
      runner.on('pass', () => {
        results.passed++;
        writeResults(results);
      });
      runner.on('fail', (test, error) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: errorText(error) });
        writeResults(results);
      });
    } catch (error) {
      // A test module that fails to load throws here, before any test runs.
      results.failed++;
      results.done = true;
      results.failures.push({ title: 'loading the test files', error: errorText(error) });
      writeResults(results);
      console.error(`Could not load the integration tests: ${errorText(error)}`);
      reject(error);
    }
  });
}
