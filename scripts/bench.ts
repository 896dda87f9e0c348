// `npm run bench [-- --json] [-- --corpus FILE] [-- --runs N] [-- --only NAME]`: speed and
// memory on the study-sheet corpus and a 10× concatenation of it, in one
// process. Times are wall-clock medians of interleaved rounds (bench-timing.ts).
// Each bench adds named measurements; to add one (e.g. rendering), write a
// `Bench` and put it in `benches`. Targets are reported, never asserted.
// `npm run bench` runs this file bundled, as the engine ships (scripts/build-bench.mjs).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createMarkdownIt } from '../src/core/markdown';
import { referenceMarkdownIt } from './reference-parse';
import { parseNote } from '../src/core/parse/index';
import type { NoteModel } from '../src/core/model';
import { lintModel } from '../src/core/lint';
import { defaultConfig } from '../src/core/config';
import { interleaved, type Case } from './bench-timing';
import { renderBench } from './bench-render';
import { bigNoteBench } from './bench-big';
import { adversarialBench, runChild } from './bench-adversarial';
import { clearFormulaCaches, notesBench } from './bench-notes';
import { incrementalBench } from './bench-incremental';

export interface Measurement {
  name: string;
  value: number;
  unit: 'ms' | 'MB' | '×';
  /** Upper bound from the issue's acceptance criteria, if any. */
  max?: number;
  note?: string;
}

export interface Corpus { label: string; text: string }

export interface BenchContext {
  /** The corpus once, then ten times concatenated. */
  corpora: Corpus[];
  /** Timed rounds (after one warm-up round); every case of a bench runs once per round. */
  runs: number;
  /** Calls per case in a round (see `interleaved`): several for the 1× text, where one call makes less garbage than a young-generation collection frees. */
  batch(corpus: Corpus): number;
}

export interface Bench {
  name: string;
  run(context: BenchContext): Measurement[];
}

/** The process's peak resident set size so far (maxRSS is in kilobytes). */
function maxRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Lint (parse + every rule) against markdown-it + texmath alone on the same
 * text (as published: scripts/reference-parse.ts; our own markdown parse is
 * printed beside it). The target is on the median lint time of repeated lints in one
 * process, where the KaTeX result cache is warm, as on every re-lint in the
 * editor. "first lint" clears that cache before each call, so KaTeX parses
 * every formula again (what `mlnotes lint` pays once per file); the line
 * "rules on a parsed model" shows that this cost is KaTeX's.
 */
export const lintBench: Bench = {
  name: 'lint',
  run({ corpora, runs, batch }) {
    const reference = referenceMarkdownIt();
    const md = createMarkdownIt();
    const config = defaultConfig();
    const out: Measurement[] = [];
    // Built untimed before each call of "rules", and dropped after it: a model
    // kept alive through the other cases would be marked by every full
    // collection they cause (at 10×, tens of MB).
    let model: NoteModel | undefined;
    const clearCache = clearFormulaCaches;
    // One set of rounds for every text, so the 10×/1× ratios never compare two
    // stretches of a machine whose speed drifts.
    const cases: Record<string, Case> = {};
    for (const corpus of corpora) {
      const text = corpus.text;
      const calls = batch(corpus);
      cases[`parse ${corpus.label}`] = { fn: () => reference.parse(text, {}), batch: calls };
      cases[`our markdown parse ${corpus.label}`] = { fn: () => md.parse(text, {}), batch: calls };
      cases[`warm ${corpus.label}`] = { fn: () => lintModel(parseNote(text), config), batch: calls };
      cases[`cold ${corpus.label}`] = { fn: () => lintModel(parseNote(text), config), before: clearCache, batch: calls };
      // Where the time goes: building the NoteModel, then the rules on a ready model.
      cases[`parseNote ${corpus.label}`] = { fn: () => parseNote(text), batch: calls };
      cases[`rules ${corpus.label}`] = {
        before: () => { clearCache(); model = parseNote(text); },
        fn: () => { lintModel(model!, config); model = undefined; },
        batch: calls,
      };
    }
    const t = interleaved(runs, cases);
    const perCorpus = new Map<string, { warm: number; cold: number; parse: number }>();
    for (const { label } of corpora) {
      const time = (name: string) => t[`${name} ${label}`];
      perCorpus.set(label, { warm: time('warm'), cold: time('cold'), parse: time('parse') });
      out.push(
        { name: `markdown-it + texmath parse, ${label}`, value: round(time('parse')), unit: 'ms' },
        { name: `our markdown parse (createMarkdownIt), ${label}`, value: round(time('our markdown parse')), unit: 'ms' },
        { name: `parseNote (NoteModel), ${label}`, value: round(time('parseNote')), unit: 'ms' },
        { name: `rules on a parsed model, KaTeX cache empty, ${label}`, value: round(time('rules')), unit: 'ms' },
        { name: `lint (parse + all rules), ${label}`, value: round(time('warm')), unit: 'ms' },
        { name: `first lint (KaTeX parses every formula), ${label}`, value: round(time('cold')), unit: 'ms' },
        { name: `lint / parse, ${label}`, value: round(time('warm') / time('parse')), unit: '×', max: 2 },
        { name: `first lint / parse, ${label}`, value: round(time('cold') / time('parse')), unit: '×' },
        { name: `lint / our markdown parse, ${label}`, value: round(time('warm') / time('our markdown parse')), unit: '×' },
      );
    }
    const one = perCorpus.get('1×');
    const ten = perCorpus.get('10×');
    if (one && ten) {
      out.push(
        { name: 'lint time 10× / 1×', value: round(ten.warm / one.warm), unit: '×', max: 11 },
        { name: 'first lint time 10× / 1×', value: round(ten.cold / one.cold), unit: '×', max: 11 },
        // The parser lint is built on, measured alongside: lint cannot scale better than what it calls first.
        { name: 'markdown-it + texmath parse time 10× / 1× (reference)', value: round(ten.parse / one.parse), unit: '×' },
      );
    }
    // A process that lints many times holds garbage the collector has not
    // reclaimed yet, so its high-water mark says little about what linting
    // needs; a fresh process that lints the 10× text once does.
    out.push({ name: 'peak RSS of this process after the lint bench', value: round(maxRssMB(), 1), unit: 'MB' });
    const last = corpora[corpora.length - 1];
    out.push({ name: `peak RSS of a fresh process linting the ${last.label} text once`, value: round(childLintRssMB(last.text), 1), unit: 'MB', max: 300 });
    clearFormulaCaches();
    return out;
  },
};

/**
 * Lints `text` once (cold) in a new plain Node process, with the built engine
 * (dist/engine.js, as the extension runs it), and returns that process's peak RSS.
 */
export function childLintRssMB(text: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'mlnotes-bench-'));
  try {
    const file = join(dir, 'note.md');
    writeFileSync(file, text);
    return runChild<{ peakRssMB: number }>(file, ['lint'], 'lint child').peakRssMB;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [lintBench, renderBench, bigNoteBench, notesBench, incrementalBench];
/** Run by `npm run bench` after the others; not by the unit test's small-corpus run (it spawns a process per case). */
const longBenches: Bench[] = [adversarialBench];

interface Options { json: boolean; corpus: string; runs?: number; /** Run only the bench of this name. */ only?: string }

function parseOptions(argv: string[]): Options {
  const options: Options = {
    json: false,
    corpus: process.env.MLNOTES_BENCH_CORPUS ?? resolve(__dirname, '../../shared/corpus/ml-interview-study-sheet.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--corpus') options.corpus = resolve(argv[++i]);
    else if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else if (argv[i] === '--only') options.only = argv[++i];
    else throw new Error(`unknown option ${argv[i]} (expected --json, --corpus FILE, --runs N, --only NAME)`);
  }
  return options;
}

function printTable(corpus: string, bytes: number, measurements: Measurement[]): void {
  console.log(`corpus: ${corpus} (${(bytes / 1024).toFixed(0)} KB; 10× = ${(bytes * 10 / 1024).toFixed(0)} KB)`);
  const width = Math.max(...measurements.map((m) => m.name.length));
  for (const m of measurements) {
    const target = m.max === undefined ? '' : `  (target ≤ ${m.max} ${m.unit}: ${m.value <= m.max ? 'met' : 'NOT met'})`;
    console.log(`  ${m.name.padEnd(width)}  ${String(m.value).padStart(9)} ${m.unit}${target}${m.note ? `  ${m.note}` : ''}`);
  }
}

export function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const text = readFileSync(options.corpus, 'utf8');
  const corpora: Corpus[] = [{ label: '1×', text }, { label: '10×', text: Array(10).fill(text).join('\n\n') }];
  const context: BenchContext = {
    corpora,
    runs: options.runs ?? 15,
    batch: (corpus) => (corpus.label === '1×' ? 8 : 1),
  };
  const measurements: Measurement[] = [];
  const chosen = [...benches, ...longBenches].filter((bench) => options.only === undefined || bench.name === options.only);
  if (!chosen.length) throw new Error(`no bench named ${options.only} (known: ${[...benches, ...longBenches].map((b) => b.name).join(', ')})`);
  for (const bench of chosen) {
    // Each bench starts from a collected heap, not from the garbage of the one before.
    (globalThis as { gc?: () => void }).gc?.();
    measurements.push(...bench.run(context));
  }
  measurements.push({ name: 'peak RSS of the whole process (every bench)', value: round(maxRssMB(), 1), unit: 'MB' });
  if (options.json) {
    console.log(JSON.stringify({ corpus: options.corpus, bytes: Buffer.byteLength(text), measurements }, null, 2));
  } else {
    printTable(options.corpus, Buffer.byteLength(text), measurements);
  }
}

if (require.main === module) main();
