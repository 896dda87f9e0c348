// Incremental re-lint (issue 15): the analysis of the ~200 KB model-style
// note (note-corpus.ts) after a one-line edit, built from the analysis before
// it (src/core/incremental.ts), against a full parse and lint of the same
// text. Every rule on, and the KaTeX cache warm, as on every re-lint in the
// editor. Target: ≤ 10 % of the full lint, in wall time (interleaved
// medians) and in CPU time (process.cpuUsage, less sensitive to a busy
// machine). Each edit prints the path it took: `patch` (the previous model
// patched, parse/patch.ts), `partial` (the model built from kept and new
// tokens) or `full`.
// Alone: `npm run bench -- --only incremental [--runs N]` (bundled, as the engine ships; run through tsx the
// engine is slower, docs/linting.md "Speed").
import { analyzeNote } from '../src/core/incremental';
import { parseNote } from '../src/core/parse/index';
import { lintModel } from '../src/core/lint';
import { interleaved, median } from './bench-timing';
import { everyRuleOn } from './bench-notes';
import { modelStyleNote } from './note-corpus';
import type { Bench, Measurement } from './bench';

/** The note with a few words added to the prose line nearest its middle. */
export function oneLineEdit(text: string): string {
  const lines = text.split('\n');
  const middle = lines.findIndex((line, i) => i >= lines.length / 2 && /^[A-Za-z]/.test(line));
  lines[middle] += ' (edited)';
  return lines.join('\n');
}

/** A new paragraph of prose and a formula added after the prose line nearest the middle (the lines after it move). */
export function addedParagraph(text: string): string {
  const lines = text.split('\n');
  const middle = lines.findIndex((line, i) => i >= lines.length / 2 && /^[A-Za-z]/.test(line));
  lines.splice(middle + 1, 0, '', 'A new paragraph: the update keeps $w \\in \\mathbb{R}^d$ bounded.');
  return lines.join('\n');
}

/** A term typed into the display formula nearest the middle. */
export function formulaEdit(text: string): string {
  const at = text.indexOf('$$\n', text.length >> 1);
  return `${text.slice(0, at + 3)}\\lambda + ${text.slice(at + 3)}`;
}

/** Re-lints before timing: enough for the compiler to optimise their code, as typing does. */
const WARM_UP_CALLS = Number(process.env.MLNOTES_BENCH_WARM ?? 50);

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * A young-generation collection, untimed, before each timed call (with
 * --expose-gc): a re-lint timed right after a full lint paid for the
 * collection of the full lint's garbage (3 to 4 ms, as much as the re-lint
 * itself). Each call pays for the collections its own garbage causes.
 */
const collectYoung = (): void => (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc?.({ type: 'minor' });

/** Median CPU time (user + system) of `runs` calls of `fn`, in ms. */
function cpuTime(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    collectYoung();
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

export const incrementalBench: Bench = {
  name: 'incremental',
  run({ runs }) {
    const text = modelStyleNote();
    const edited = oneLineEdit(text);
    const options = { config: everyRuleOn() };
    const before = analyzeNote(text, options);
    const after = analyzeNote(edited, options, before);
    // Typing re-lints on every keystroke: the re-lint's code is warm in the editor. One warm-up round left much of
    // it unoptimised (it runs once per call, where the full lint's loops run thousands of times), and the figure
    // then depended on when the compiler got to it. Both are warmed alike.
    for (let i = 0; i < WARM_UP_CALLS; i++) {
      analyzeNote(edited, options, before);
      lintModel(parseNote(edited), options.config);
    }
    const t = interleaved(runs, {
      full: { fn: () => lintModel(parseNote(edited), options.config), before: collectYoung },
      incremental: { fn: () => analyzeNote(edited, options, before), before: collectYoung },
      parse: { fn: () => analyzeNote(edited, { ...options, lint: false }, before), before: collectYoung },
    });
    const { from, to } = after.blocks.reparsed;
    const lines = edited.split('\n').length;
    const ranAgain = [...after.rules].filter(([id, memo]) => before.rules.get(id) !== memo).length;
    const cpuFull = cpuTime(runs, () => lintModel(parseNote(edited), options.config));
    const cpuIncremental = cpuTime(runs, () => analyzeNote(edited, options, before));
    // Other edits: the path each took and its CPU time against a full lint of the same text.
    const others = Object.entries({ 'a paragraph added': addedParagraph, 'a term typed into a formula': formulaEdit }).map(([name, edit]): Measurement => {
      const other = edit(text);
      const analysis = analyzeNote(other, options, before);
      const ratio = cpuTime(runs, () => analyzeNote(other, options, before)) / cpuTime(runs, () => lintModel(parseNote(other), options.config));
      return { name: `${name}: CPU time / full lint`, value: round(ratio), unit: '×', note: `(path: ${analysis.path})` };
    });
    const out: Measurement[] = [
      { name: `full lint of a ${round(text.length / 1024, 0)} KB note`, value: round(t.full), unit: 'ms' },
      { name: 'incremental re-lint after a one-line edit', value: round(t.incremental), unit: 'ms',
        note: `(path: ${after.path}; ${to - from} of ${lines} lines parsed again; ${ranAgain} of ${after.rules.size} rules run again)` },
      { name: 'of which the model', value: round(t.parse), unit: 'ms' },
      { name: 'incremental re-lint / full lint', value: round(t.incremental / t.full), unit: '×', max: 0.1 },
      { name: 'the same in CPU time', value: round(cpuIncremental / cpuFull), unit: '×', max: 0.1,
        note: `(${round(cpuIncremental)} of ${round(cpuFull)} ms)` },
      ...others,
    ];
    return out;
  },
};

function main(): void {
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 15;
  for (const m of incrementalBench.run({ corpora: [], runs, batch: () => 1 })) {
    const target = m.max === undefined ? '' : `  (target ≤ ${m.max} ${m.unit}: ${m.value <= m.max ? 'met' : 'NOT met'})`;
    console.log(`  ${m.name.padEnd(48)} ${String(m.value).padStart(9)} ${m.unit}${target}${m.note ? `  ${m.note}` : ''}`);
  }
}

if (require.main === module) main();
