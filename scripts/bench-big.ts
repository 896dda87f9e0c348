// Big-note benchmark (issue 8): a ~5 MB note made of copies of the corpus
// and a fixture lecture note, measured in child processes of their own so
// their peak RSS is not mixed with the other benches: lint (parse + every
// rule) cold and warm in one, `mlnotes render -o` in another, with the built
// code users run (dist/engine.js, dist/cli.js) in plain Node, as the
// adversarial bench (scripts/adversarial-child.cjs; through tsx the warm lint
// took a quarter longer). In VS Code a file this size is above
// mlnotes.lint.maxSizeKB (default 2048) and is not linted while typing; these
// figures say what linting or rendering it anyway costs (CLI, export, a raised limit).
// Alone: `npm run build && node --import tsx scripts/bench-big.ts [--corpus FILE] [--mb N] [--lint-only]`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench, Measurement } from './bench';
import { runChild } from './bench-adversarial';

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
  /** Peak RSS of the process that linted the note (twice, or once with `lintOnly`), and of the one that rendered it. */
  peakRssMB: { lint: number; render: number };
}

interface ChildFigures { wallMs: number; cpuMs: number; warmWallMs?: number; warmCpuMs?: number; peakRssMB: number }

/** One run of scripts/adversarial-child.cjs on `file`. */
const child = (file: string, args: string[]): ChildFigures => runChild<ChildFigures>(file, args, `big-note bench (${args.join(' ')})`);

/**
 * Builds the big note from `corpus` and measures it in fresh Node processes: a cold lint, a warm
 * lint (what is kept per formula filled) and a render; `lintOnly`: one cold lint, nothing else.
 */
export function runBigNote(corpus: string, bytes = Math.min(TARGET_BYTES, MAX_COPIES * Buffer.byteLength(corpus)), lintOnly = false): BigNoteFigures {
  const dir = mkdtempSync(join(tmpdir(), 'mlnotes-big-'));
  try {
    const file = join(dir, 'big.md');
    const text = bigNote(corpus, readFileSync(FIXTURE_NOTE, 'utf8'), bytes);
    writeFileSync(file, text);
    const lint = child(file, lintOnly ? ['lint'] : ['lint', '--warm']);
    const render = lintOnly ? { wallMs: 0, cpuMs: 0, peakRssMB: 0 } : child(file, ['render']);
    return {
      bytes: Buffer.byteLength(text),
      lintColdMs: lint.wallMs,
      lintWarmMs: lint.warmWallMs ?? 0,
      renderColdMs: render.wallMs,
      cpuMs: { lintCold: lint.cpuMs, lintWarm: lint.warmCpuMs ?? 0, renderCold: render.cpuMs },
      peakRssMB: { lint: lint.peakRssMB, render: render.peakRssMB },
    };
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
      // Issue 15's target for a 5 MB note, on a lint that finds what is kept per formula filled (the editor's re-lint).
      { name: `lint (parse + all rules), warm KaTeX cache, ${label}`, value: round(f.lintWarmMs), unit: 'ms', max: 1500, note: `CPU ${round(f.cpuMs.lintWarm)} ms` },
      { name: `render (mlnotes render -o), cold, ${label}`, value: round(f.renderColdMs), unit: 'ms', note: `${round(perMB(f.renderColdMs))} ms/MB; CPU ${round(f.cpuMs.renderCold)} ms` },
      { name: `peak RSS of a process that lints the ${label} twice`, value: round(f.peakRssMB.lint), unit: 'MB' },
      { name: `peak RSS of a process that renders the ${label}`, value: round(f.peakRssMB.render), unit: 'MB' },
    ];
    // The editor lints notes up to mlnotes.lint.maxSizeKB (2048 by default): a fresh process linting one that size.
    const fresh = runBigNote(corpora[0].text, Math.min(FRESH_LINT_BYTES, f.bytes), true);
    out.push({
      name: `peak RSS of a fresh process that lints a ${round(fresh.bytes / 1024 / 1024, 2)} MB note once`,
      value: round(fresh.peakRssMB.lint), unit: 'MB', max: 300, note: `lint ${round(fresh.lintColdMs)} ms`,
    });
    return out;
  },
};

async function main(argv: string[]): Promise<void> {
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
