// Bundles `npm run bench` (scripts/bench.ts and every bench it runs) into .tmp/bench/bench.cjs, as
// scripts/build.mjs bundles the CLI and the extension's engine: the benches time the engine as it ships.
// Run through tsx, each module of src/ was compiled on its own, and our side of every ratio took about
// a tenth longer than the same code bundled, while the yardstick (markdown-it and texmath, prebuilt
// files in node_modules) ran as it always does.
//
// The benches' modules find their files from scripts/ (`__dirname`), so the bundle is told that folder.
// Each bench can also run alone (`require.main === module`); in one bundle every module is the main
// one, so that test is false here and the entry below runs bench.ts's main.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scripts = dirname(fileURLToPath(import.meta.url));
const benchBundle = join(scripts, '..', '.tmp', 'bench', 'bench.cjs');

await esbuild.build({
  stdin: { contents: "import { main } from './bench';\nmain();\n", resolveDir: scripts, sourcefile: 'bench-entry.ts', loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  mainFields: ['module', 'main'],
  outfile: benchBundle,
  define: { 'require.main': 'undefined', __dirname: JSON.stringify(scripts) },
  logLevel: 'warning',
});
