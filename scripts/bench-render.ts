// Render benchmark (issue 6), on the shared corpus, in one process:
// - cold full render (empty cache) vs KaTeX alone over the same expressions
//   with the same options (target ≤ 1.2×);
// - re-render after a one-character edit with a warm cache vs cold (target ≤ 15 %);
// - 10× the text (ten distinct copies) vs 1× (target ≤ 11×).
// The preview renders from the tokens of the one parse it shares with lint,
// so times are given from tokens and, for honesty, with the parse included.
// Each figure is the minimum over interleaved runs: the least disturbed by
// other processes on a busy machine.
// Run alone with `npx tsx scripts/bench-render.ts`, or import `benchRender`.
import { readFileSync } from 'node:fs';
import katex from 'katex';
import { createMarkdownIt, type MarkdownToken } from '../src/core/markdown';
import { NoteRenderer, prepareRender } from '../src/core/render/render';
import { MathCache, katexOptions } from '../src/core/render/katex-render';
import { macrosForExpression } from '../src/core/render/macros';
import { texForKatex } from '../src/core/render/transform';

const CORPUS = '/work/shared/corpus/ml-interview-study-sheet.md';
const md = createMarkdownIt();

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs each measurement `runs` times, interleaved, after one warm-up round; returns the minimum of each. */
function measure<K extends string>(runs: number, cases: Record<K, () => number>): Record<K, number> {
  const best = {} as Record<K, number>;
  const names = Object.keys(cases) as K[];
  for (const name of names) cases[name]();
  for (let r = 0; r < runs; r++) {
    for (const name of names) best[name] = Math.min(best[name] ?? Infinity, cases[name]());
  }
  return best;
}

/** The exact KaTeX calls a cold render makes (a repeated expression once, as the cache does). */
function katexJobs(tokens: MarkdownToken[]): { tex: string; display: boolean; macros: Record<string, string> }[] {
  const context = prepareRender(tokens, new MathCache());
  const seen = new Set<string>();
  return context.items.flatMap((item, index) => {
    const tex = texForKatex(item, index, context.numbering);
    const key = `${item.display}${tex}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ tex, display: item.display, macros: macrosForExpression(context.macros, item.tex) }];
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

/** Ten copies that share no expression (each copy's math gets a different number of empty groups), so the cache cannot help. */
function tenDistinctCopies(text: string): string {
  return Array.from({ length: 10 }, (_, k) => text.replace(/\$\$|\$|\\\]|\\\)/g, (d) => (d === '$$' || d === '$' ? d : `${'{}'.repeat(k)}${d}`))
    .replace(/=/g, `=${'{}'.repeat(k)}`)).join('\n\n');
}

export function benchRender(text = readFileSync(CORPUS, 'utf8'), runs = 7): string[] {
  const tokens = md.parse(text, {});
  const jobs = katexJobs(tokens);
  const edited = oneCharacterEdit(text);
  const editedTokens = md.parse(edited, {});
  const big = tenDistinctCopies(text);
  const bigTokens = md.parse(big, {});

  const t = measure(runs, {
    katex: () => time(() => {
      for (const job of jobs) {
        try { katex.renderToString(job.tex, katexOptions(job.display, job.macros)); } catch { /* an error costs KaTeX the same on both sides */ }
      }
    }),
    coldTokens: () => time(() => new NoteRenderer().render(text, {}, tokens)),
    coldParse: () => time(() => new NoteRenderer().render(text)),
    warmTokens: () => {
      const renderer = new NoteRenderer();
      renderer.render(text, {}, tokens);
      return time(() => renderer.render(edited, {}, editedTokens));
    },
    warmParse: () => {
      const renderer = new NoteRenderer();
      renderer.render(text);
      return time(() => renderer.render(edited));
    },
  });
  const big10 = measure(Math.max(2, Math.floor(runs / 3)), {
    tokens: () => time(() => new NoteRenderer().render(big, {}, bigTokens)),
    parse: () => time(() => new NoteRenderer().render(big)),
  });

  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
  return [
    `render (${(text.length / 1024).toFixed(0)} KB corpus, ${jobs.length} distinct expressions, min of ${runs} interleaved runs):`,
    `  KaTeX alone, same expressions     ${ms(t.katex)}`,
    `  cold render from tokens           ${ms(t.coldTokens)}   ${(t.coldTokens / t.katex).toFixed(2)}× KaTeX (target ≤ 1.2×)`,
    `  cold render incl. parse           ${ms(t.coldParse)}   ${(t.coldParse / t.katex).toFixed(2)}× KaTeX`,
    `  1-char edit, warm, from tokens    ${ms(t.warmTokens)}   ${((t.warmTokens / t.coldTokens) * 100).toFixed(1)} % of cold (target ≤ 15 %)`,
    `  1-char edit, warm, incl. parse    ${ms(t.warmParse)}   ${((t.warmParse / t.coldParse) * 100).toFixed(1)} % of cold`,
    `  10× text (distinct), from tokens  ${ms(big10.tokens)}   ${(big10.tokens / t.coldTokens).toFixed(2)}× of 1× (target ≤ 11×)`,
    `  10× text (distinct), incl. parse  ${ms(big10.parse)}   ${(big10.parse / t.coldParse).toFixed(2)}× of 1×`,
  ];
}

if (require.main === module) {
  for (const line of benchRender()) console.log(line);
}
