// The test run's settings from the harness: `process.env` in the Node
// extension host (VS Code's `extensionEnvironment`); in the web worker, which
// has no `process`, the values the harness compiled into the browser bundle.
declare const MLNOTES_WEB_TEST_ENV: Record<string, string> | undefined;

export function testEnv(name: string): string | undefined {
  if (typeof process !== 'undefined' && process.env) return process.env[name];
  return typeof MLNOTES_WEB_TEST_ENV === 'undefined' ? undefined : MLNOTES_WEB_TEST_ENV[name];
}

/** Which extension host the suite runs in. */
export const inWebWorker = typeof process === 'undefined';
