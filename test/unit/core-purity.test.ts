import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';

/** Core must run in the extension host, the CLI, a browser and a web worker: no vscode, no Node built-ins. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const forbidden = new Set(['vscode', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export function forbiddenImports(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  return specifiers.filter((s) => forbidden.has(s) || forbidden.has(s.split('/')[0]));
}

describe('core purity', () => {
  it('detects a forbidden import', () => {
    assert.deepEqual(forbiddenImports("import * as fs from 'node:fs';\nimport x from 'vscode';\nconst p = require('path');"), ['node:fs', 'vscode', 'path']);
    assert.deepEqual(forbiddenImports("import MarkdownIt from 'markdown-it';"), []);
  });

  it('src/core imports neither vscode nor a Node built-in', () => {
    const offenders = sourceFiles('src/core').flatMap((file) =>
      forbiddenImports(readFileSync(file, 'utf8')).map((spec) => `${file}: ${spec}`));
    assert.deepEqual(offenders, []);
  });
});
