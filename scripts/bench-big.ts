// Big-note benchmark (issue 8): a ~5 MB note made of copies of the corpus
// and a fixture lecture note, measured in a child process of its own so its
// peak RSS is not mixed with the other benches: lint (parse + every rule) cold
// and warm, render cold, peak RSS. In VS Code a file this size is above
// mlnotes.lint.maxSizeKB (default 2048) and is not linted while typing; these
// figures say what linting or rendering it anyway costs (CLI, export, a raised limit).
// Alone: `node --expose-gc --import tsx scripts/bench-big.ts [--corpus FILE] [--mb N] [--lint-only]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bench, Measurement } from './bench';

const FIXTURE_NOTE = resolve(__dirname, '../test/fixtures/notes/clean/lecture-ridge.md');
const TARGET_BYTES = 5 * 1024 * 1024;
const FRESH_LINT_BYTES = 2 * 1024 * 1024;
/** With a small corpus (the unit test's), the big note is this many corpus copies instead of 5 MB. */
const MAX_COPIES = 60;

/** Copies of the corpus, each followed by the fixture note, until `bytes` is reached (as a user's notes file grows). */
export function bigNote(corpus: string, fixture: string, bytes: number): string {
  const piece = `${corpus}\n\n${fixture}\n\n`;
  const copies = Math.max(1, Math.ceil(bytes / Buffer.byteLength(piece)));
  return piece.repeat(copies);
}

export interface BigNoteFigures {
  bytes: number;
  lintColdMs: number;
  lintWarmMs: number;
  renderColdMs: number;
  /** CPU time of the same three runs: on a busy machine the wall times above include waiting for a core. */
  cpuMs: { lintCold: number; lintWarm: number; renderCold: number };
  peakRssMB: number;
}

/** Runs in the child: one cold lint, one warm lint (KaTeX check cache filled), one cold render, then peak RSS. */
async function measure(file: string, lintOnly: boolean): Promise<BigNoteFigures> {
  const text = readFileSync(file, 'utf8');
  const { parseNote } = await import('../src/core/parse/index');
  const { lintModel } = await import('../src/core/lint');
  const { renderNote } = await import('../src/core/render/render');
  const time = (fn: () => void) => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    fn();
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
  };
  const lint = () => lintModel(parseNote(text));
  const lintCold = time(lint);
  // Lint only: the peak RSS of a process that lints a note once, as the CLI does.
  const skipped = { wall: 0, cpu: 0 };
  const lintWarm = lintOnly ? skipped : time(lint);
  const renderCold = lintOnly ? skipped : time(() => renderNote(text));
  return {
    bytes: Buffer.byteLength(text),
    lintColdMs: lintCold.wall,
    lintWarmMs: lintWarm.wall,
    renderColdMs: renderCold.wall,
    cpuMs: { lintCold: lintCold.cpu, lintWarm: lintWarm.cpu, renderCold: renderCold.cpu },
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Builds the big note from `corpus` and measures it in a fresh Node process; `lintOnly`: one cold lint, no warm lint or render. */
export function runBigNote(corpus: string, bytes = Math.min(TARGET_BYTES, MAX_COPIES * Buffer.byteLength(corpus)), lintOnly = false): BigNoteFigures {
  const dir = mkdtempSync(join(tmpdir(), 'mlnotes-big-'));
  try {
    const file = join(dir, 'big.md');
    writeFileSync(file, bigNote(corpus, readFileSync(FIXTURE_NOTE, 'utf8'), bytes));
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, lintOnly ? '--child-lint' : '--child', file], {
      cwd: resolve(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`big-note bench failed (exit ${child.status}): ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as BigNoteFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export const bigNoteBench: Bench = {
  name: 'big note',
  run({ corpora }) {
    const f = runBigNote(corpora[0].text);
    const label = `big note ${round(f.bytes / 1024 / 1024, 2)} MB`;
    const perMB = (ms: number) => ms / (f.bytes / 1024 / 1024);
    const out: Measurement[] = [
      { name: `lint (parse + all rules), cold, ${label}`, value: round(f.lintColdMs), unit: 'ms', note: `${round(perMB(f.lintColdMs))} ms/MB; CPU ${round(f.cpuMs.lintCold)} ms` },
      { name: `lint (parse + all rules), warm KaTeX cache, ${label}`, value: round(f.lintWarmMs), unit: 'ms', note: `CPU ${round(f.cpuMs.lintWarm)} ms` },
      { name: `render (renderNote), cold, ${label}`, value: round(f.renderColdMs), unit: 'ms', note: `${round(perMB(f.renderColdMs))} ms/MB; CPU ${round(f.cpuMs.renderCold)} ms` },
      { name: `peak RSS of a process that lints and renders the ${label}`, value: round(f.peakRssMB), unit: 'MB' },
    ];
    // The editor lints notes up to mlnotes.lint.maxSizeKB (2048 by default): a fresh process linting one that size.
    const fresh = runBigNote(corpora[0].text, Math.min(FRESH_LINT_BYTES, f.bytes), true);
    out.push({
      name: `peak RSS of a fresh process that lints a ${round(fresh.bytes / 1024 / 1024, 2)} MB note once`,
      value: round(fresh.peakRssMB), unit: 'MB', note: `target < 300 MB; lint ${round(fresh.lintColdMs)} ms`,
    });
    return out;
  },
};

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child' || argv[0] === '--child-lint') {
    console.log(JSON.stringify(await measure(argv[1], argv[0] === '--child-lint')));
    return;
  }
  let corpusFile = resolve(__dirname, '../../shared/corpus/ml-interview-study-sheet.md');
  let bytes = TARGET_BYTES;
  let lintOnly = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--corpus') corpusFile = resolve(argv[++i]);
    else if (argv[i] === '--mb') bytes = Number(argv[++i]) * 1024 * 1024;
    else if (argv[i] === '--lint-only') lintOnly = true;
    else throw new Error(`unknown option ${argv[i]} (expected --corpus FILE, --mb N, --lint-only)`);
  }
  console.log(JSON.stringify(runBigNote(readFileSync(corpusFile, 'utf8'), bytes, lintOnly), null, 2));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => { console.error(error); process.exitCode = 1; });
}
