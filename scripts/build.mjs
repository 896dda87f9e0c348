// Bundles the extension (node, and browser for VS Code for the web), the CLI (node), the preview page script
// (browser) and a web-worker-safe core bundle, and copies KaTeX's CSS and
// woff2 fonts for the preview.
//
// The extension's engine (parser, linter, renderer, config loader:
// src/extension/engine.ts) is loaded on first use, not at activation
// (src/extension/lazy.ts requires it). For Node it is a second bundle,
// dist/engine.js, so activation reads and compiles only the small entry. The
// web extension host loads one file per extension, so there the engine stays
// in the bundle, where esbuild makes the required module evaluate on first use.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', target: 'es2022' };
// Node bundles prefer a package's ESM build: jsonc-parser's UMD main has dynamic requires esbuild cannot follow.
const nodeMainFields = ['module', 'main'];

/** Leaves lazy.ts's `require('./engine')` to run time, where it finds dist/engine.js beside dist/extension.js. */
const engineApart = {
  name: 'engine-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/engine$/ }, (args) => (args.importer.endsWith(join('src', 'extension', 'lazy.ts')) ? { path: './engine.js', external: true } : undefined));
  },
};

export const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', mainFields: nodeMainFields, format: 'cjs', external: ['vscode'], plugins: [engineApart] },
  { ...common, entryPoints: ['src/extension/engine.ts'], outfile: 'dist/engine.js', platform: 'node', mainFields: nodeMainFields, format: 'cjs', external: ['vscode'] },
  // The same extension for VS Code for the web: a web worker, no Node built-in (esbuild fails on one).
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/web/extension.js', platform: 'browser', format: 'cjs', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', mainFields: nodeMainFields, format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/webview/preview.ts'], outfile: 'dist/webview/preview.js', platform: 'browser', format: 'iife' },
  // Core alone for a browser/web worker: proves core needs no Node built-in (esbuild fails on one).
  { ...common, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.browser.js', platform: 'browser', format: 'esm' },
];

function copyKatexAssets() {
  const from = 'node_modules/katex/dist';
  const to = 'dist/media/katex';
  mkdirSync(join(to, 'fonts'), { recursive: true });
  cpSync(join(from, 'katex.min.css'), join(to, 'katex.min.css'));
  for (const font of readdirSync(join(from, 'fonts')).filter((f) => f.endsWith('.woff2'))) {
    cpSync(join(from, 'fonts', font), join(to, 'fonts', font));
  }
}

// Run as a script (not imported by the tests that check the builds' options).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  rmSync('dist', { recursive: true, force: true });
  copyKatexAssets();
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
    chmodSync('dist/cli.js', 0o755);
  }
}
