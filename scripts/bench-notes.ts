// Note bench (issue 15): the study sheet is no note, so the lint bench runs
// four rules on it. Here every rule runs: the study sheet read as a lecture
// note (1× and 10×) and the ~200 KB model-style note (note-corpus.ts), with
// the rules a format turns off (`no-code` on a lecture note) turned on.
// Lint is measured warm (what is kept per formula, KaTeX's checks and shape
// problems, filled), as on every re-lint in the editor, and as a first lint
// (those caches emptied), against markdown-it + texmath alone on the same text
// (as published: scripts/reference-parse.ts), and, for reference, against our
// own markdown parse (createMarkdownIt), the first step of parseNote.
// Alone: `npm run bench -- --only notes [--runs N]`.
import { createMarkdownIt } from '../src/core/markdown';
import { referenceMarkdownIt } from './reference-parse';
import { parseNote } from '../src/core/parse/index';
import type { NoteModel } from '../src/core/model';
import { lintModel } from '../src/core/lint';
import { defaultConfig, type ResolvedConfig } from '../src/core/config';
import { allRules } from '../src/core/rules/index';
import { interleaved, type Case } from './bench-timing';
import { noteCorpora, type NoteCorpus } from './note-corpus';
import { sharedMathCheckCache } from '../src/core/math/katex-check';
import { sharedShapeCache } from '../src/core/shapes/cache';
import type { Bench, BenchContext, Measurement } from './bench';

/** Every rule on: a rule that is off by default (or for some format) gets the severity it has where it is on. */
export function everyRuleOn(): ResolvedConfig {
  const config = defaultConfig();
  for (const rule of allRules) {
    const severities = Object.values(rule.meta.severity);
    if (severities.includes('off')) config.rules[rule.meta.id] = severities.find((s) => s !== 'off') ?? 'warning';
  }
  return config;
}

/** Forgets what earlier lints kept per formula (KaTeX's checks, shape problems): the next lint is a first lint. */
export function clearFormulaCaches(): void {
  sharedMathCheckCache.clear();
  sharedShapeCache.clear();
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Calls per round: the batch of the 1× text for the 1× sheet and the model-style note, of the 10× text for the 10× sheet. */
function batchOf(context: BenchContext, index: number): number {
  return context.batch(context.corpora[index === 1 ? context.corpora.length - 1 : 0]);
}

export const notesBench: Bench = {
  name: 'notes',
  run(context) {
    const reference = referenceMarkdownIt();
    const md = createMarkdownIt();
    const config = everyRuleOn();
    const notes = noteCorpora(context.corpora[0].text);
    // Built untimed before each call of "rules" and dropped after it (see the lint bench).
    let model: NoteModel | undefined;
    const cases: Record<string, Case> = {};
    const diagnostics = new Map<string, number>();
    for (const [index, note] of notes.entries()) {
      const { label, text } = note;
      const batch = batchOf(context, index);
      diagnostics.set(label, lintModel(parseNote(text), config).length);
      cases[`parse ${label}`] = { fn: () => reference.parse(text, {}), batch };
      cases[`our markdown parse ${label}`] = { fn: () => md.parse(text, {}), batch };
      cases[`parseNote ${label}`] = { fn: () => parseNote(text), batch };
      cases[`rules ${label}`] = {
        before: () => { model = parseNote(text); },
        fn: () => { lintModel(model!, config); model = undefined; },
        batch,
      };
      cases[`lint ${label}`] = { fn: () => lintModel(parseNote(text), config), batch };
      cases[`first lint ${label}`] = { fn: () => lintModel(parseNote(text), config), before: clearFormulaCaches, batch };
    }
    const t = interleaved(context.runs, cases);
    const out: Measurement[] = notes.flatMap((note) => noteMeasurements(note, (name) => t[`${name} ${note.label}`], diagnostics.get(note.label)!));
    const [one, ten] = [notes[0], notes[1]].map((note) => t[`lint ${note.label}`]);
    out.push({ name: 'lint time 10× / 1×, study sheet as a note', value: round(ten / one), unit: '×', max: 11 });
    clearFormulaCaches();
    return out;
  },
};

function noteMeasurements({ label }: NoteCorpus, time: (name: string) => number, diagnostics: number): Measurement[] {
  return [
    { name: `markdown-it + texmath parse, ${label}`, value: round(time('parse')), unit: 'ms' },
    { name: `our markdown parse (createMarkdownIt), ${label}`, value: round(time('our markdown parse')), unit: 'ms' },
    { name: `parseNote (NoteModel), ${label}`, value: round(time('parseNote')), unit: 'ms' },
    { name: `every rule on a parsed model, ${label}`, value: round(time('rules')), unit: 'ms' },
    { name: `lint (parse + every rule), ${label}`, value: round(time('lint')), unit: 'ms', note: `${diagnostics} diagnostics` },
    { name: `lint / parse, ${label}`, value: round(time('lint') / time('parse')), unit: '×', max: 2 },
    { name: `first lint (nothing kept per formula) / parse, ${label}`, value: round(time('first lint') / time('parse')), unit: '×' },
    { name: `lint / our markdown parse, ${label}`, value: round(time('lint') / time('our markdown parse')), unit: '×' },
  ];
}
