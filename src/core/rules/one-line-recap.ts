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
  const inRange = <T extends { range: Range }>(items: T[]) =>
    items.filter((i) => i.range.start.line >= from && i.range.start.line < to).map((i) => i.range);
  let lines = maskRanges(model.lines, inRange(model.math), 'M');
  lines = maskRanges(lines, inRange(model.code), 'C');
  lines = maskRanges(lines, inRange(model.comments), ' ');
  const texts: string[] = [];
  for (const { start, end } of model.paragraphs) {
    if (start >= to) break;
    if (start < from) continue;
    const text = lines.slice(start, end)
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
