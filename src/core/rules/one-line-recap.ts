/**
 * one-line-recap: the lecture format's §8 (the `recap` section) must be
 * exactly one sentence. Every paragraph or list item is at least one
 * sentence; inside one, a sentence ends at `.`, `!` or `?` followed by space
 * and a capital, a digit or math. Math and code are opaque (their dots never
 * end a sentence), and abbreviations such as "e.g.", "i.e.", "cf.", "Eq."
 * never end one.
 */
import type { Rule, Range } from '../types';
import type { NoteModel } from '../model';
import { linesRange, sectionBodies, sectionLabel } from './util/sections';
import { maskRanges } from './util/prose';
import { firstIndexFrom } from '../search';

const rule: Rule = {
  meta: {
    id: 'one-line-recap',
    description: 'The recap section is not exactly one sentence.',
    severity: { default: 'warning', 'deep-pass': 'off' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
    messages: {
      sentences: 'Section "{{section}}" has {{count}} sentences; a recap is exactly one.',
    },
  },
  check(context) {
    const { model } = context;
    for (const { section, from, to, lines } of sectionBodies(model, 'recap')) {
      const count = countSentences(blockTexts(model, from, to));
      if (count === 1) continue;
      context.report({
        messageId: 'sentences',
        data: { section: sectionLabel(section.spec), count },
        range: linesRange(model, lines[0], lines[lines.length - 1]),
      });
    }
  },
};

export default rule;

/** The text of each paragraph (and list item paragraph) starting in [from, to), math and code as `MATH`/`CODE`-like runs. */
function blockTexts(model: NoteModel, from: number, to: number): string[] {
  const first = firstIndexFrom(model.paragraphs, from, (p) => p.start);
  let last = first;
  let window = to;
  for (; last < model.paragraphs.length && model.paragraphs[last].start < to; last++) window = Math.max(window, model.paragraphs[last].end);
  // Only the lines of these paragraphs are masked, and only the math starting in the section is read (placed).
  const shift = (range: Range): Range => ({
    start: { line: range.start.line - from, character: range.start.character },
    end: { line: range.end.line - from, character: range.end.character },
  });
  const startsInSection = (range: Range) => range.start.line >= from && range.start.line < to;
  const math: Range[] = [];
  for (let k = firstIndexFrom(model.math, from, (m) => m.range.start.line); k < model.math.length; k++) {
    const range = model.math[k].range;
    if (range.start.line >= to) break;
    math.push(shift(range));
  }
  let lines = maskRanges(model.lines.slice(from, window), math, 'M');
  lines = maskRanges(lines, model.code.map((c) => c.range).filter(startsInSection).map(shift), 'C');
  lines = maskRanges(lines, model.comments.map((c) => c.range).filter(startsInSection).map(shift), ' ');
  const texts: string[] = [];
  for (let i = first; i < last; i++) {
    const { start, end } = model.paragraphs[i];
    const text = lines.slice(start - from, end - from)
      .map((l) => l.replace(/^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])?[ \t]+/, '').replace(/^\|/, ''))
      .join(' ')
      .replace(/[*_]/g, '')
      .trim();
    if (text) texts.push(text);
  }
  return texts;
}

/** Words (lower case, without their final dot) after which a dot does not end a sentence. */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'cf', 'etc', 'vs', 'viz', 'resp', 'approx', 'w.r.t', 'wrt', 'a.k.a', 'al', 'eq', 'eqs',
  'fig', 'figs', 'sec', 'ch', 'thm', 'def', 'lem', 'prop', 'cor', 'no', 'nos', 'p', 'pp', 'dr', 'prof', 'mr', 'ms',
  'i.i.d', 'a.s', 'a.e', 'w.p', 's.t', 'u.s', 'ref', 'refs',
]);

const BOUNDARY = /[.!?]["'”’)\]]*\s+(?=["“'‘(\[]?[A-Z0-9MC\\$])/g;

/** Sentences in the given blocks: each block is one, plus one per sentence boundary inside it. */
export function countSentences(blocks: string[]): number {
  let count = 0;
  for (const text of blocks) {
    count++;
    for (const match of text.matchAll(BOUNDARY)) {
      if (match[0][0] !== '.' || !isAbbreviation(text.slice(0, match.index))) count++;
    }
  }
  return count;
}

function isAbbreviation(before: string): boolean {
  const word = /(\S+)$/.exec(before)?.[1]?.replace(/^[("'“‘[]+/, '').toLowerCase() ?? '';
  return ABBREVIATIONS.has(word);
}
