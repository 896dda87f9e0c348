// One measurement of scripts/bench-adversarial.ts or scripts/bench-big.ts, in a fresh plain Node
// process: one lint (dist/engine.js) or one `mlnotes render -o` (dist/cli.js)
// of the file, cold, with the built code. Plain Node, as users run the CLI:
// a process that has loaded tsx holds a heap of its own, and the collector
// then made the same render take up to twice as long in one run of three.
// Prints {wallMs, cpuMs, peakRssMB} as JSON; with `--warm`, a second lint in
// the same process too, what is kept per formula filled (warmWallMs, warmCpuMs).
// Usage: node scripts/adversarial-child.cjs FILE lint|render [--warm]
const { existsSync, readFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');

function built(name) {
  const path = resolve(__dirname, '..', 'dist', name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return require(path);
}

/** Wall and CPU time of `fn`, in ms. */
async function timed(fn) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

async function measure(file, step, warm) {
  const text = readFileSync(file, 'utf8');
  // Only the bundle the step runs: the other one's heap would be in the figures.
  const engine = step === 'lint' ? built('engine.js') : undefined;
  const cli = step === 'render' ? built('cli.js') : undefined;
  const io = { stdout: () => undefined, stderr: (message) => process.stderr.write(message), cwd: dirname(file) };
  const run = async () => {
    if (step === 'lint') engine.lintModel(engine.parseNote(text));
    else if (await cli.runCli(['render', file, '-o', `${file}.html`], io) !== 0) throw new Error('mlnotes render failed');
  };
  const first = await timed(run);
  const second = warm ? await timed(run) : undefined;
  return { ...first, ...(second && { warmWallMs: second.wallMs, warmCpuMs: second.cpuMs }), peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

const [file, step, flag] = process.argv.slice(2);
if (!file || !['lint', 'render'].includes(step) || (flag !== undefined && flag !== '--warm')) {
  console.error('usage: node scripts/adversarial-child.cjs FILE lint|render [--warm]');
  process.exitCode = 2;
} else {
  measure(file, step, flag === '--warm').then((figures) => console.log(JSON.stringify(figures)), (error) => { console.error(error); process.exitCode = 1; });
}
