// The integration suite's entry in VS Code's web worker extension host (the
// `browser` entry under test; scripts/vscode-test/run.mjs with
// MLNOTES_VSCODE_HOST=web). The harness bundles this file, mocha's browser
// build and every `*.test.ts` into one CommonJS module; `loadTests` requires
// the test files once mocha's globals exist. There is no file system in a web
// worker: the results file ({passed, failed, done, failures}, as in the Node
// run) is written through `workspace.fs`, which reaches the harness's disk.
import 'mocha/mocha.js';
import * as vscode from 'vscode';
import { testEnv } from '../env';
import { errorText, formatArgs } from './format';

interface Results {
  passed: number;
  failed: number;
  done: boolean;
  failures: Array<{ title: string; error: string }>;
}

/** Same as the Node entry: every line the suite logs carries the harness's marker. */
function markConsoleOutput(): void {
  const marker = testEnv('MLNOTES_LOG_MARKER');
  if (!marker) return;
  const original = globalThis.console;
  const marked = Object.create(original) as Console;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const forward = original[method].bind(original);
    const value = (...args: unknown[]) => forward(formatArgs(args).split('\n').map((line) => marker + line).join('\n'));
    Object.defineProperty(marked, method, { value, configurable: true, writable: true });
  }
  Object.defineProperty(globalThis, 'console', { value: marked, configurable: true, writable: true });
  Mocha.reporters.Base.consoleLog = marked.log;
}

/** Writes each state of the results in order; `flush` waits for the last. */
function resultsWriter(): { write(results: Results): void; flush(): Promise<void> } {
  const path = testEnv('MLNOTES_VSCODE_RESULTS');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  let queue = Promise.resolve();
  return {
    write(results) {
      if (!path || !folder) return;
      const bytes = new TextEncoder().encode(JSON.stringify(results, null, 2));
      queue = queue.then(() => vscode.workspace.fs.writeFile(folder.with({ path }), bytes)).then(undefined, (error) => {
        console.error(`Could not write the results file: ${errorText(error)}`);
      });
    },
    flush: () => queue,
  };
}

export function runSuite(loadTests: () => void): Promise<void> {
  markConsoleOutput();
  Mocha.reporters.Base.useColors = false;
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 30_000 });
  mocha.setup({ ui: 'tdd' }); // suite/test as well as describe/it
  const grep = testEnv('MLNOTES_TEST_GREP');
  if (grep) mocha.grep(grep);

  const results: Results = { passed: 0, failed: 0, done: false, failures: [] };
  const writer = resultsWriter();
  writer.write(results);
  try {
    loadTests();
  } catch (error) {
    results.failed++;
    results.done = true;
    results.failures.push({ title: 'loading the test files', error: errorText(error) });
    writer.write(results);
    console.error(`Could not load the integration tests: ${errorText(error)}`);
    return writer.flush().then(() => { throw error; });
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.done = true;
      writer.write(results);
      void writer.flush().then(() => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
    });
    runner.on('pass', () => {
      results.passed++;
      writer.write(results);
    });
    runner.on('fail', (test, error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: errorText(error) });
      writer.write(results);
    });
  });
}
