// Runs the integration suite (test/integration) in a real VS Code: code-server
// (the VS Code server with its Node extension host) opened in headless
// Chromium through playwright-core. Installs what it needs on first use (see
// setup.mjs). Exit code 0 only when the suite reported tests and none failed.
//
// Environment:
//   MLNOTES_VSCODE_HOST          node (default): the extension's `main` in the Node extension host;
//                                web (or the flag --web): its `browser` entry in the browser's web worker extension host
//                                (VS Code for the web), with the suite bundled for the browser
//   MLNOTES_VSCODE_TEST_TIMEOUT  hard timeout in seconds (default 900)
//   MLNOTES_TEST_GREP            run only tests whose full title matches
//   MLNOTES_VSCODE_THEME         dark | light | a theme name, for the user settings
//   MLNOTES_VSCODE_SETTINGS      JSON object of extra user settings
//   MLNOTES_VSCODE_VERBOSE=1     relay the workbench's whole log, noise included
//   MLNOTES_RESULTS              file to write {passed, failed} to (scripts/test.mjs)
//   MLNOTES_BENCH_*              passed on to the suite (scripts/vscode-test/bench.ts); MLNOTES_BENCH_PROFILE=<folder> writes a CPU profile of the extension host during the edits
// For checking the harness itself (scripts/vscode-test/selfcheck.mjs):
//   MLNOTES_VSCODE_TESTS_DIR     run the *.test.ts of this folder instead of test/integration
//   MLNOTES_VSCODE_TESTS_PATH    extensionTestsPath to pass instead of the compiled index
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { format } from 'node:util';
import { ensureToolchain } from './setup.mjs';
import {
  ARTIFACTS, REPO, TESTS_OUT, WEB_TESTS_OUT, compileTests, compileWebTests, ensureExtensionBuilt, prepareWorkspace,
  userSettingsFromEnv, writeUserSettings,
} from './prepare.mjs';

let TIMEOUT_S = 900; // set from MLNOTES_VSCODE_TEST_TIMEOUT in main()
const VERBOSE = process.env.MLNOTES_VSCODE_VERBOSE === '1';
const VIEWPORT = { width: 1400, height: 900 };
const HOST = process.argv.includes('--web') ? 'web' : extensionHost(process.env.MLNOTES_VSCODE_HOST);
const WEB = HOST === 'web';
// The web run keeps its own screenshots and log, so `npm test` keeps both runs'.
const SCREENSHOTS = join(ARTIFACTS, 'screenshots', ...(WEB ? ['web'] : []));
const LOG_FILE = join(ARTIFACTS, WEB ? 'vscode-test-web.log' : 'vscode-test.log');
const SCREENSHOT_MARKER = /^MLNOTES_SCREENSHOT ([A-Za-z0-9._-]+)$/;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The suite (test/integration/index.ts) prefixes every line it logs with
// this marker; those lines are relayed. Of the workbench's own log (network
// failures of the extension gallery, chat, auth, ...) only lines that look
// like they concern our extension are relayed. The full log is kept in
// test-artifacts/vscode-test.log.
const LOG_MARKER = '\u2063mlnotes\u2063 ';
const WORKBENCH_LINES_TO_RELAY = /mlnotes\.mlnotes|Activating extension|extension host (terminated|crashed)|Cannot find module|\bextensionTestsPath\b|Uncaught/i;

function log(message) {
  process.stdout.write(`[vscode-test] ${message}\n`);
}

// The payload's extensionDevelopmentKind is read by the workbench (1.139) but
// the browser's environment service never hands it on to the place that picks
// the extension host; the user setting remote.extensionKind is honoured there.
const WEB_HOST_SETTINGS = { 'remote.extensionKind': { 'mlnotes.mlnotes': ['web'] } };

function extensionHost(value) {
  if (value === undefined || value === '' || value === 'node') return 'node';
  if (value === 'web') return 'web';
  throw new Error(`MLNOTES_VSCODE_HOST must be node or web, not "${value}"`);
}

function timeoutSeconds(value) {
  if (value === undefined || value === '') return 900;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`MLNOTES_VSCODE_TEST_TIMEOUT must be a positive number of seconds, not "${value}"`);
  }
  return seconds;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForServer(url, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited early with code ${server.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** Environment for code-server and Chromium: every writable place inside `tmp`. */
function isolatedEnv(tmp) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|VSCODE_|ELECTRON_)/i.test(key) && key !== 'MLNOTES_RESULTS'),
  );
  const dirs = { XDG_CONFIG_HOME: 'xdg-config', XDG_DATA_HOME: 'xdg-data', XDG_CACHE_HOME: 'xdg-cache', XDG_RUNTIME_DIR: 'xdg-runtime', TMPDIR: 'tmp' };
  for (const [key, name] of Object.entries(dirs)) {
    env[key] = join(tmp, name);
    mkdirSync(env[key], { recursive: true, mode: 0o700 });
  }
  return env;
}

function startServer(toolchain, tmp, port, env, logStream) {
  const userData = join(tmp, 'user-data');
  const args = [
    toolchain.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userData,
    '--extensions-dir', join(tmp, 'extensions'),
    '--config', join(tmp, 'code-server.yaml'),
    // Without this the workbench silently ignores the test payload.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  writeFileSync(join(tmp, 'code-server.yaml'), 'auth: none\ncert: false\n');
  // Own process group, so the extension host and friends end with it.
  const server = spawn(toolchain.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.pipe(logStream, { end: false });
  server.stderr.pipe(logStream, { end: false });
  return server;
}

/** Ends code-server's process group: SIGTERM, then SIGKILL if it is still there after a few seconds. */
async function stopServer(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  killGroup(server, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!stopped) killGroup(server, 'SIGKILL');
}

function killGroup(server, signal) {
  try {
    process.kill(-server.pid, signal);
  } catch {
    // already gone
  }
}

/** The workbench URL that makes VS Code load our extension and run the suite. */
function workbenchUrl(port, workspace, testsPath, environment) {
  const authority = `127.0.0.1:${port}`; // must equal the page's host
  const remote = (path) => `vscode-remote://${authority}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(REPO)],
    ['extensionTestsPath', remote(testsPath)],
    ['extensionEnvironment', JSON.stringify(environment)],
    ['skipWelcome', 'true'],
    // The extension's browser entry, in the web worker extension host.
    ...(WEB ? [['extensionDevelopmentKind', 'web']] : []),
  ];
  return `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function saveScreenshot(page, name) {
  const file = join(SCREENSHOTS, `${name}.png`);
  const partial = `${file}.partial`;
  // Written then renamed, so nobody reads a half-written file.
  await page.screenshot({ path: partial, type: 'png' });
  renameSync(partial, file);
  return file;
}

/**
 * Tells the waiting screenshot() helper the request is done, through a file
 * in the run's own temp dir (not the shared screenshots folder, which a
 * concurrent run may be clearing).
 */
function acknowledge(acks, name, answer) {
  const file = join(acks, `${name}.json`);
  writeFileSync(`${file}.partial`, JSON.stringify(answer));
  renameSync(`${file}.partial`, file);
}

function clearScreenshots() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const name of readdirSync(SCREENSHOTS)) {
    if (name.endsWith('.png') || name.endsWith('.partial')) rmSync(join(SCREENSHOTS, name), { force: true });
  }
}

/**
 * Opens the workbench and resolves with the code passed to codeAutomationExit,
 * 'timeout', or a sentence saying what broke (page crash, server exit).
 */
async function runInBrowser(toolchain, server, url, acks, env, logStream) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: toolchain.chromium, args: CHROMIUM_ARGS, headless: true, env });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    let finish;
    const exited = new Promise((resolve) => { finish = resolve; });
    const screenshots = [];

    // Both must exist before the workbench loads: it looks them up at start.
    const relay = (text) => {
      for (const rawLine of text.split('\n')) {
        logStream.write(`${rawLine}\n`);
        const fromSuite = rawLine.startsWith(LOG_MARKER);
        const line = fromSuite ? rawLine.slice(LOG_MARKER.length) : rawLine;
        const marker = fromSuite && SCREENSHOT_MARKER.exec(line.trim());
        if (marker) {
          screenshots.push(saveScreenshot(page, marker[1]).then(
            (file) => { log(`screenshot ${file}`); acknowledge(acks, marker[1], { file }); },
            (error) => { log(`screenshot ${marker[1]} failed: ${error.message}`); acknowledge(acks, marker[1], { error: error.message }); },
          ));
        } else if (VERBOSE || fromSuite || WORKBENCH_LINES_TO_RELAY.test(line)) {
          process.stdout.write(`${line}\n`);
        }
      }
    };
    await page.exposeFunction('codeAutomationLog', (level, args) => relay(format(...(Array.isArray(args) ? args : [args]))));
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    page.on('pageerror', (error) => logStream.write(`[page error] ${error.message}\n`));
    // Ends the wait early instead of running into the timeout.
    page.on('crash', () => finish('the workbench page crashed'));
    browser.on('disconnected', () => finish('Chromium exited'));
    server.once('exit', (code, signal) => finish(`code-server exited (${signal ?? code})`));
    // The web worker extension host's console also arrives here, as well as through codeAutomationLog: keep it in the log only.
    page.on('console', (message) => logStream.write(`[console.${message.type()}] ${message.text()}\n`));

    const timer = setTimeout(() => finish('timeout'), TIMEOUT_S * 1000);
    // 'commit': do not wait for the page's load event, which may come late on a busy machine.
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    const code = await exited;
    clearTimeout(timer);
    await Promise.allSettled(screenshots);
    try {
      log(`final screenshot ${await saveScreenshot(page, 'final')}`);
    } catch (error) {
      log(`final screenshot failed: ${error.message}`);
    }
    return code;
  } finally {
    await browser.close().catch(() => {});
  }
}

/** Decides the outcome from the exit code and the results file; never trusts one alone. */
function verdict(code, results) {
  const problems = [];
  if (code === 'timeout') problems.push(`the suite did not finish within ${TIMEOUT_S} s (MLNOTES_VSCODE_TEST_TIMEOUT)`);
  else if (typeof code === 'string') problems.push(`the suite did not finish: ${code}`);
  if (!results) problems.push('the suite wrote no results file (test module not found or not loadable?)');
  else {
    if (!results.done && typeof code === 'number') problems.push('the results file is incomplete');
    if (results.passed + results.failed === 0) problems.push('no test ran');
    if (code === 0 && results.failed > 0) problems.push('VS Code reported success but tests failed');
    if (typeof code === 'number' && code !== 0 && results.failed === 0) problems.push(`VS Code reported exit code ${code} with no failed test`);
  }
  if (typeof code === 'number' && code !== 0 && results?.failed > 0) problems.push(`${results.failed} test(s) failed`);
  const passed = results?.passed ?? 0;
  const failed = Math.max(results?.failed ?? 0, problems.length > 0 ? 1 : 0);
  return { ok: problems.length === 0, problems, passed, failed };
}

async function main() {
  const started = Date.now();
  TIMEOUT_S = timeoutSeconds(process.env.MLNOTES_VSCODE_TEST_TIMEOUT);
  const toolchain = ensureToolchain();
  ensureExtensionBuilt();
  const testsDir = process.env.MLNOTES_VSCODE_TESTS_DIR ? resolve(process.env.MLNOTES_VSCODE_TESTS_DIR) : undefined;
  const outDir = testsDir ? join(REPO, 'out', 'test', `vscode-selfcheck${WEB ? '-web' : ''}`, basename(testsDir)) : WEB ? WEB_TESTS_OUT : TESTS_OUT;
  if (!WEB) log(`${await compileTests({ testsDir, outDir })} test file(s) compiled into ${outDir}`);
  const testsPath = process.env.MLNOTES_VSCODE_TESTS_PATH || join(outDir, 'index');

  mkdirSync(ARTIFACTS, { recursive: true });
  clearScreenshots();
  const logStream = createWriteStream(LOG_FILE);
  const tmp = mkdtempSync(join(tmpdir(), 'mlnotes-vscode-'));
  logStream.on('error', () => {}); // a late write of the stopping server must not crash the run
  let server;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      if (server) killGroup(server, 'SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  }

  let outcome;
  try {
    const env = isolatedEnv(tmp);
    writeUserSettings(join(tmp, 'user-data'), { ...userSettingsFromEnv(), ...(WEB ? WEB_HOST_SETTINGS : {}) });
    const workspace = prepareWorkspace(join(tmp, 'workspace'));
    const resultsFile = join(tmp, 'results.json');
    const acks = join(tmp, 'screenshot-acks');
    mkdirSync(acks);
    const port = await freePort();
    server = startServer(toolchain, tmp, port, env, logStream);
    await waitForServer(`http://127.0.0.1:${port}`, server, 60_000);
    log(`code-server on 127.0.0.1:${port}; running the suite in the ${WEB ? 'web worker' : 'Node'} extension host (timeout ${TIMEOUT_S} s)`);
    const environment = {
      MLNOTES_VSCODE_RESULTS: resultsFile,
      MLNOTES_SCREENSHOT_DIR: SCREENSHOTS,
      MLNOTES_SCREENSHOT_ACKS: acks,
      MLNOTES_LOG_MARKER: LOG_MARKER,
      MLNOTES_EXTENSION_HOST: HOST,
      ...(process.env.MLNOTES_TEST_GREP ? { MLNOTES_TEST_GREP: process.env.MLNOTES_TEST_GREP } : {}),
      // The benchmark's settings (scripts/vscode-test/bench.ts).
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('MLNOTES_BENCH_'))),
    };
    // The web worker has no process.env: the bundle carries this run's environment.
    if (WEB) log(`${await compileWebTests({ testsDir, outDir, environment })} test file(s) compiled for the web worker into ${outDir}`);
    const code = await runInBrowser(toolchain, server, workbenchUrl(port, workspace, testsPath, environment), acks, env, logStream);
    outcome = verdict(code, readResults(resultsFile));
    // Mocha's report above has the details; this is the short list.
    for (const failure of readResults(resultsFile)?.failures ?? []) log(`failed: ${failure.title}`);
  } catch (error) {
    outcome = { ok: false, problems: [error.message], passed: 0, failed: 1 };
  } finally {
    await stopServer(server);
    rmSync(tmp, { recursive: true, force: true });
    logStream.end();
  }

  for (const problem of outcome.problems) log(`FAIL: ${problem}`);
  log(`full workbench log: ${LOG_FILE}; screenshots: ${SCREENSHOTS}`);
  log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (process.env.MLNOTES_RESULTS) {
    writeFileSync(process.env.MLNOTES_RESULTS, JSON.stringify({ passed: outcome.passed, failed: outcome.failed }));
  }
  console.log(`${outcome.passed} passed, ${outcome.failed} failed`);
  process.exitCode = outcome.ok ? 0 : 1;
}

main().catch((error) => {
  // Set-up failures (not root, install or build failed) carry a message meant for the reader.
  console.error(`[vscode-test] ${VERBOSE ? error.stack : error.message}`);
  if (process.env.MLNOTES_RESULTS) writeFileSync(process.env.MLNOTES_RESULTS, JSON.stringify({ passed: 0, failed: 1 }));
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});

