import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { anything, requireWithStubbedVscode } from '../../scripts/vscode-test/vscode-stub';

type BuildOptions = esbuild.BuildOptions & { outfile: string };

/** scripts/build.mjs's options for the extension's bundles (Node entry, engine, web entry). */
async function extensionBuilds(): Promise<{ node: BuildOptions; engine: BuildOptions; web: BuildOptions }> {
  const { builds } = (await import(resolve('scripts/build.mjs'))) as { builds: BuildOptions[] };
  const find = (outfile: string) => builds.find((b) => b.outfile === outfile)!;
  return { node: find('dist/extension.js'), engine: find('dist/engine.js'), web: find('dist/web/extension.js') };
}

/** The engine's heavy parts: what activation must not load. */
const ENGINE = /node_modules\/(katex|markdown-it|ajv|yaml)\/|src\/core\/(parse|lint|render|rules|config-loader)/;

describe('extension bundles: activation loads only the glue', function () {
  this.timeout(120_000);

  it('the Node entry bundles none of the engine, and requires it from dist/engine.js', async () => {
    const { node } = await extensionBuilds();
    const { metafile, outputFiles } = await esbuild.build({ ...node, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    assert.deepEqual(Object.keys(metafile.inputs).filter((file) => ENGINE.test(file)), []);
    const text = outputFiles.find((f) => f.path.endsWith('extension.js'))!.text;
    assert.match(text, /require\("\.\/engine\.js"\)/);
  });

  it('loading the Node entry and activating it evaluate no engine module', async () => {
    const { node, engine } = await extensionBuilds();
    const dir = mkdtempSync(join(tmpdir(), 'mlnotes-bundle-'));
    try {
      const outfile = (options: BuildOptions) => join(dir, options.outfile.replace(/^dist\//, ''));
      await Promise.all([node, engine].map((options) => esbuild.build({ ...options, outfile: outfile(options), sourcemap: false, logLevel: 'silent' })));
      const loaded = () => Object.keys(require.cache).filter((file) => file.startsWith(dir)).map((file) => file.slice(dir.length + 1)).sort();
      const extension = requireWithStubbedVscode(outfile(node)) as { activate(context: unknown): unknown };
      assert.deepEqual(loaded(), ['extension.js']);
      extension.activate({ subscriptions: [], extensionUri: anything });
      assert.deepEqual(loaded(), ['extension.js'], 'activate() loaded the engine');
    } finally {
      for (const file of Object.keys(require.cache)) if (file.startsWith(dir)) delete require.cache[file];
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the web entry keeps the engine in its one bundle, evaluated on first use', async () => {
    const { web } = await extensionBuilds();
    const { outputFiles } = await esbuild.build({ ...web, write: false, sourcemap: false, logLevel: 'silent' });
    const text = outputFiles.find((f) => f.path.endsWith('extension.js'))!.text;
    // esbuild wraps a required ES module in an init function, called where lazy.ts requires it.
    assert.match(text, /var init_engine = __esm\(/);
    assert.match(text, /loaded = \(init_engine\(\), __toCommonJS\(engine_exports\)\)/);
  });
});
