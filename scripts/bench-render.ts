// Render benchmark (issue 6), on the shared corpus, in one process:
// - cold full render (empty cache) vs KaTeX alone over the same expressions
//   with the same options (target ≤ 1.2×);
// - re-render after a one-character edit with a warm cache vs cold (target ≤ 15 %);
// - 10× the text (ten copies that share no expression) vs its first copy (target ≤ 11×).
// The preview renders from the tokens of the one parse it shares with lint,
// so times are given from tokens and, for honesty, with the parse included.
// Each figure is a wall-clock median over interleaved rounds (bench.ts).
// Part of `npm run bench` (renderBench); alone: `npx tsx scripts/bench-render.ts`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import katex from 'katex';
import { createMarkdownIt, type MarkdownToken } from '../src/core/markdown';
import { NoteRenderer, prepareRender } from '../src/core/render/render';
import { MathCache, katexOptions } from '../src/core/render/katex-render';
import { texForKatex } from '../src/core/render/transform';
import { offsetAt, parseNote } from '../src/core/parse/index';
import type { Bench } from './bench';
import { interleaved } from './bench-timing';

/** Keeps the last KaTeX-alone output alive, as the render keeps its page. */
let kept = '';
void kept;

/** The study sheet beside the repository (run alone; `npm run bench` passes its own corpus). */
const CORPUS = process.env.MLNOTES_BENCH_CORPUS ?? resolve(__dirname, '../../shared/corpus/ml-interview-study-sheet.md');
const md = createMarkdownIt();

interface KatexJob { tex: string; display: boolean; macros: Record<string, string> }

/** The exact KaTeX calls a cold render makes (a repeated expression once, as the cache does). */
function katexJobs(tokens: MarkdownToken[]): KatexJob[] {
  const context = prepareRender(tokens, new MathCache());
  const seen = new Set<string>();
  return context.items.flatMap((item, index) => {
    const tex = texForKatex(item, index, context.numbering);
    const key = `${item.display}${tex}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ tex, display: item.display, macros: context.macros }];
  });
}

/** Changes one letter of prose in the middle of the text. */
function oneCharacterEdit(text: string): string {
  const lines = text.split('\n');
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    const at = lines[i].search(/ [a-z]{4,} /);
    if (at >= 0 && !lines[i].includes('$')) {
      lines[i] = lines[i].slice(0, at + 1) + 'x' + lines[i].slice(at + 2);
      return lines.join('\n');
    }
  }
  throw new Error('no prose line to edit');
}

/**
 * `count` copies of `text` that share no expression, so the cache cannot
 * help, and that cost KaTeX the same: copy k opens every formula (after
 * `\begin{…}` for an environment, which has to open its block) with an empty
 * group holding k spaces, `{ }`, which KaTeX renders as it renders `{}`.
 */
export function distinctCopies(text: string, count: number): string[] {
  const model = parseNote(text);
  const offsets = model.math.map((span) => {
    const start = offsetAt(model, span.contentRange.start);
    return span.delimiter === 'begin' ? text.indexOf('}', start) + 1 : start;
  }).sort((a, b) => a - b);
  return Array.from({ length: count }, (_, k) => {
    const parts: string[] = [];
    let cursor = 0;
    for (const offset of offsets) {
      parts.push(text.slice(cursor, offset), `{${' '.repeat(k)}}`);
      cursor = offset;
    }
    parts.push(text.slice(cursor));
    return parts.join('');
  });
}

interface RenderTimes {
  katex: number; katexDiscarded: number; coldTokens: number; coldParse: number; warmTokens: number; warmParse: number;
  /** The 10× text and, for its ratio, its first copy alone. */
  tenTokens: number; tenParse: number; tenKatex: number; copyTokens: number; copyParse: number; copyKatex: number;
  expressions: number; tenExpressions: number;
}

/** KaTeX producing the HTML of every expression, kept (a page needs it), joined into one string. */
function katexKept(jobs: KatexJob[]): void {
  const html: string[] = [];
  for (const job of jobs) {
    try { html.push(katex.renderToString(job.tex, katexOptions(job.display, job.macros))); } catch { /* an error costs KaTeX the same on both sides */ }
  }
  kept = html.join('\n');
}

export function measureRender(text: string, runs = 9): RenderTimes {
  const tokens = md.parse(text, {});
  const jobs = katexJobs(tokens);
  const edited = oneCharacterEdit(text);
  const editedTokens = md.parse(edited, {});
  const copies = distinctCopies(text, 10);
  const big = copies.join('\n\n');
  const bigTokens = md.parse(big, {});
  const bigJobs = katexJobs(bigTokens);
  const copy = copies[0];
  const copyTokens = md.parse(copy, {});
  const copyJobs = katexJobs(copyTokens);

  // Typing: a renderer that has rendered the text renders a one-character change and back, five times.
  let typingFromTokens = new NoteRenderer();
  let typingWithParse = new NoteRenderer();
  // One set of rounds for 1× and 10×, so a ratio never compares two stretches of a machine whose speed drifts.
  const t = interleaved(runs, {
    katex: { fn: () => katexKept(jobs) },
    katexDiscarded: { fn: () => {
      for (const job of jobs) {
        try { katex.renderToString(job.tex, katexOptions(job.display, job.macros)); } catch { /* as above */ }
      }
    } },
    coldTokens: { fn: () => new NoteRenderer().render(text, {}, tokens) },
    coldParse: { fn: () => new NoteRenderer().render(text) },
    warmTokens: {
      before: () => { typingFromTokens = new NoteRenderer(); typingFromTokens.render(text, {}, tokens); },
      fn: () => { for (let i = 0; i < 5; i++) { typingFromTokens.render(edited, {}, editedTokens); typingFromTokens.render(text, {}, tokens); } },
    },
    warmParse: {
      before: () => { typingWithParse = new NoteRenderer(); typingWithParse.render(text); },
      fn: () => { for (let i = 0; i < 5; i++) { typingWithParse.render(edited); typingWithParse.render(text); } },
    },
    copyTokens: { fn: () => new NoteRenderer().render(copy, {}, copyTokens) },
    copyParse: { fn: () => new NoteRenderer().render(copy) },
    copyKatex: { fn: () => katexKept(copyJobs) },
    tenTokens: { fn: () => new NoteRenderer().render(big, {}, bigTokens) },
    tenParse: { fn: () => new NoteRenderer().render(big) },
    tenKatex: { fn: () => katexKept(bigJobs) },
  });
  t.warmTokens /= 10;
  t.warmParse /= 10;
  return { ...t, expressions: jobs.length, tenExpressions: bigJobs.length };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The render section of `npm run bench` (scripts/bench.ts). */
export const renderBench: Bench = {
  name: 'render',
  run({ corpora, runs }) {
    const one = corpora[0];
    const t = measureRender(one.text, runs);
    // Let go of the HTML kept for the timing: the benches after this one run on a heap without it.
    kept = '';
    const note = `${t.expressions} distinct expressions (10×: ${t.tenExpressions})`;
    return [
      { name: 'render: KaTeX alone, same expressions, HTML kept, 1×', value: round(t.katex), unit: 'ms', note },
      { name: 'render: KaTeX alone, same expressions, HTML dropped, 1×', value: round(t.katexDiscarded), unit: 'ms' },
      { name: 'render: cold, from the shared tokens, 1×', value: round(t.coldTokens), unit: 'ms' },
      { name: 'render: cold, incl. markdown-it parse, 1×', value: round(t.coldParse), unit: 'ms' },
      { name: 'render cold / KaTeX alone (from tokens)', value: round(t.coldTokens / t.katex), unit: '×', max: 1.2 },
      { name: 'render cold / KaTeX alone (incl. parse)', value: round(t.coldParse / t.katex), unit: '×' },
      { name: 'render cold / KaTeX alone with its HTML dropped (from tokens)', value: round(t.coldTokens / t.katexDiscarded), unit: '×' },
      { name: 'render after a 1-char edit, warm / cold (from tokens)', value: round(t.warmTokens / t.coldTokens, 3), unit: '×', max: 0.15 },
      { name: 'render after a 1-char edit, warm / cold (incl. parse)', value: round(t.warmParse / t.coldParse, 3), unit: '×' },
      { name: 'render 10× distinct text / its first copy, cold (from tokens)', value: round(t.tenTokens / t.copyTokens), unit: '×', max: 11 },
      { name: 'render 10× distinct text / its first copy, cold (incl. parse)', value: round(t.tenParse / t.copyParse), unit: '×', max: 11 },
      // What the render is made of, measured alongside: KaTeX alone on the same expressions.
      { name: 'KaTeX alone 10× / first copy, same expressions (reference)', value: round(t.tenKatex / t.copyKatex), unit: '×' },
    ];
  },
};

if (require.main === module) {
  const text = readFileSync(CORPUS, 'utf8');
  for (const m of renderBench.run({ corpora: [{ label: '1×', text }], runs: 9, batch: () => 1 })) {
    console.log(`${m.name.padEnd(56)} ${String(m.value).padStart(9)} ${m.unit}${m.max === undefined ? '' : `  (target ≤ ${m.max})`}${m.note ? `  ${m.note}` : ''}`);
  }
}
