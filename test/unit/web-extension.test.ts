import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as esbuild from 'esbuild';

/**
 * VS Code for the web runs the extension's `browser` entry in a web worker:
 * no Node built-in there. Bundles `entry` as scripts/build.mjs does for the
 * browser (a package's `browser` field may map a built-in away, as postcss
 * does) and returns every Node built-in left unresolved ("importer: spec").
 */
async function nodeImports(entry: esbuild.BuildOptions['stdin'] | string): Promise<string[]> {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  try {
    await esbuild.build({
      ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: entry }),
      bundle: true, write: false, platform: 'browser', format: 'cjs', external: ['vscode'], logLevel: 'silent',
    });
    return [];
  } catch (error) {
    const errors = (error as esbuild.BuildFailure).errors ?? [];
    const found = errors.map((e) => [e.location?.file ?? '?', /Could not resolve "([^"]+)"/.exec(e.text)?.[1]] as const)
      .filter(([, spec]) => spec !== undefined && (spec.startsWith('node:') || builtins.has(spec.split('/')[0])))
      .map(([file, spec]) => `${file}: ${spec}`);
    if (found.length === 0) throw error;
    return found;
  }
}

describe('web extension (the browser entry)', () => {
  it('finds a Node built-in import, with or without the node: prefix', async () => {
    const found = await nodeImports({ contents: "import 'node:fs'; import 'path'; import 'vscode';", resolveDir: '.', sourcefile: 'probe.ts', loader: 'ts' });
    assert.deepEqual(found.map((f) => f.replace(/^.*[\/]/, '')), ['probe.ts: node:fs', 'probe.ts: path']);
  });

  it('src/extension bundled for the browser imports no Node built-in', async () => {
    assert.deepEqual(await nodeImports('src/extension/extension.ts'), []);
  });

  it('src/extension imports nothing from src/cli', async () => {
    const { metafile } = await esbuild.build({
      entryPoints: ['src/extension/extension.ts'], bundle: true, write: false, metafile: true, platform: 'browser', format: 'cjs', logLevel: 'silent',
      external: ['vscode', 'node:*', ...builtinModules], // reported by the test above; here only what is bundled counts
    });
    assert.deepEqual(Object.keys(metafile.inputs).filter((file) => file.startsWith('src/cli/')), []);
  });
});
