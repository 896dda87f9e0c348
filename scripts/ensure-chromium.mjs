// Makes sure Debian's Chromium is at /usr/bin/chromium for the headless
// browser tests (XSS suite, VS Code harness). Installs it with apt-get when
// running as root; otherwise fails with a message saying what to run.
// Usable as a module (`ensureChromium()`) or a script (`node scripts/ensure-chromium.mjs`).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Returns the Chromium path, installing it first if needed; throws with a clear message when it cannot. */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}. Install it: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium`);
  }
  process.stderr.write(`Installing Debian chromium for the headless browser tests…\n`);
  // Another process may hold the dpkg lock (e.g. the VS Code harness installing the same package): retry a while.
  for (let attempt = 0; attempt < 30 && !existsSync(CHROMIUM_PATH); attempt++) {
    if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'])) break;
    spawnSync('sleep', ['10']);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Could not install chromium with apt-get; ${CHROMIUM_PATH} is still missing.`);
  return CHROMIUM_PATH;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
