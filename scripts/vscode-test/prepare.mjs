// What both runners (code-server harness and test-electron) need before
// VS Code starts: a current extension build, the compiled integration tests,
// and a fresh copy of the test workspace.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TESTS_SRC = join(REPO, 'test', 'integration');
export const TESTS_OUT = join(REPO, 'out', 'test', 'integration');
/** extensionTestsPath: the suite's run() module (without .js, as VS Code expects). */
export const TESTS_INDEX = join(TESTS_OUT, 'index');
/** The web worker run's one bundle (index.js: the suite, mocha's browser build and the tests). */
export const WEB_TESTS_OUT = join(REPO, 'out', 'test', 'integration-web');
export const WORKSPACE_FIXTURE = join(REPO, 'test', 'fixtures', 'workspace');
export const ARTIFACTS = join(REPO, 'test-artifacts');

/** Settings every test VS Code starts with: quiet, no welcome page, no update checks. */
export const BASE_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

function log(message) {
  process.stdout.write(`[vscode-test] ${message}\n`);
}

/** Newest modification time of any file below `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when an extension bundle (Node or web) is missing or older than src/ or package.json. */
export function ensureExtensionBuilt() {
  const bundles = [join(REPO, 'dist', 'extension.js'), join(REPO, 'dist', 'engine.js'), join(REPO, 'dist', 'web', 'extension.js')];
  const sourcesChanged = Math.max(newestMtime(join(REPO, 'src')), statSync(join(REPO, 'package.json')).mtimeMs);
  if (bundles.every((bundle) => existsSync(bundle) && statSync(bundle).mtimeMs >= sourcesChanged)) return;
  log('dist/extension.js or dist/web/extension.js is missing or older than src/: building');
  const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0 || !bundles.every((bundle) => existsSync(bundle))) {
    process.stdout.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error('npm run build failed; the integration tests need dist/extension.js.');
  }
}

/** Every `*.test.ts` below `dir`. */
function testEntryPoints(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return testEntryPoints(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/**
 * Compiles the suite into `outDir` (default out/test/integration): index.js
 * from test/integration/index.ts, and one bundle per `*.test.ts` of
 * `testsDir` (helpers and src/ code bundled in; `vscode` and `mocha` stay
 * external). Adding a `*.test.ts` file is all it takes to add tests.
 * Returns the number of test files.
 */
export async function compileTests({ testsDir = TESTS_SRC, outDir = TESTS_OUT } = {}) {
  const tests = testEntryPoints(testsDir);
  const entryPoints = { index: join(TESTS_SRC, 'index.ts') };
  for (const file of tests) entryPoints[relative(testsDir, file).replace(/\.ts$/, '')] = file;
  const { metafile } = await esbuild.build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    // As the extension's bundle: jsonc-parser's UMD main has dynamic requires esbuild cannot follow.
    mainFields: ['module', 'main'],
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    loader: TEST_LOADERS,
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: REPO,
  });
  // Remove bundles of deleted tests. Not rm -rf first: another run may be
  // loading these files right now.
  const written = new Set(Object.keys(metafile.outputs).map((file) => resolve(REPO, file)));
  for (const file of listFiles(outDir)) if (!written.has(file)) rmSync(file, { force: true });
  return tests.length;
}

/**
 * Compiles the suite for VS Code's web worker extension host into
 * `outDir`/index.js: one CommonJS bundle for the browser (`vscode` external,
 * no Node built-in: esbuild fails on one) whose `run()` is
 * test/integration/web/index.ts over every `*.test.ts` of `testsDir`.
 * `environment` is compiled in, as a web worker has no `process.env`.
 * Returns the number of test files.
 */
export async function compileWebTests({ testsDir = TESTS_SRC, outDir = WEB_TESTS_OUT, environment = {} } = {}) {
  const tests = testEntryPoints(testsDir).sort();
  const requires = tests.map((file) => `  require(${JSON.stringify(file)});`).join('\n');
  await esbuild.build({
    stdin: {
      contents: `const { runSuite } = require(${JSON.stringify(join(TESTS_SRC, 'web', 'index.ts'))});\n`
        + `module.exports.run = () => runSuite(() => {\n${requires}\n});\n`,
      resolveDir: REPO,
      sourcefile: 'web-tests-entry.js',
      loader: 'js',
    },
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    sourcemap: 'inline',
    external: ['vscode'],
    alias: { 'node:assert/strict': join(TESTS_SRC, 'web', 'assert.ts') },
    define: { MLNOTES_WEB_TEST_ENV: JSON.stringify(environment) },
    loader: TEST_LOADERS,
    logLevel: 'warning',
    absWorkingDir: REPO,
  });
  return tests.length;
}

/** Fixtures the tests import as text (test/integration/text-modules.d.ts). */
const TEST_LOADERS = { '.md': 'text' };

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]);
}

/** Copies test/fixtures/workspace to `dir` and writes its .vscode/settings.json. */
export function prepareWorkspace(dir, workspaceSettings = {}) {
  cpSync(WORKSPACE_FIXTURE, dir, { recursive: true });
  if (Object.keys(workspaceSettings).length > 0) {
    mkdirSync(join(dir, '.vscode'), { recursive: true });
    writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
  }
  return dir;
}

/**
 * User settings for the run: the base settings, then
 * MLNOTES_VSCODE_THEME (`dark`, `light` or a theme name), then
 * MLNOTES_VSCODE_SETTINGS (a JSON object of any settings).
 */
export function userSettingsFromEnv(env = process.env) {
  const settings = { ...BASE_USER_SETTINGS };
  const theme = env.MLNOTES_VSCODE_THEME;
  if (theme) {
    const named = { dark: 'Default Dark Modern', light: 'Default Light Modern' };
    settings['workbench.colorTheme'] = named[theme] ?? theme;
  }
  if (env.MLNOTES_VSCODE_SETTINGS) {
    let extra;
    try {
      extra = JSON.parse(env.MLNOTES_VSCODE_SETTINGS);
    } catch (error) {
      throw new Error(`MLNOTES_VSCODE_SETTINGS is not valid JSON: ${error.message}`);
    }
    if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
      throw new Error('MLNOTES_VSCODE_SETTINGS must be a JSON object of settings.');
    }
    Object.assign(settings, extra);
  }
  return settings;
}

/** Writes the user settings into a VS Code user-data folder. */
export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}
