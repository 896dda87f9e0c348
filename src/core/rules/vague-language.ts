/**
 * vague-language: informal words in a note's prose (the lecture prompt asks
 * for precise terms instead of "thing", "stuff", "changes", "goes up/down").
 * Whole words or phrases, any case; never inside math, code, comments or
 * link targets.
 */
import type { Rule } from '../types';
import { proseSegments } from './util/prose';

interface Options { words: string[]; extraWords: string[]; vagueWords: string[] }

export const DEFAULT_VAGUE_WORDS = [
  'thing', 'things', 'stuff', 'basically', 'kind of', 'sort of', 'pretty much', 'somehow', 'a lot',
  'changes', 'goes up', 'goes down', 'go up', 'go down', 'going up', 'going down', 'went up', 'went down',
];

const wordList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true };

const rule: Rule<Options> = {
  meta: {
    id: 'vague-language',
    description: 'Informal, vague words in prose ("thing", "stuff", "goes up").',
    severity: { default: 'info' },
    optionsSchema: {
      type: 'object',
      properties: {
        words: { ...wordList, description: 'The words and phrases flagged (replaces the built-in list).' },
        extraWords: { ...wordList, description: 'Words and phrases flagged in addition to `words`.' },
        vagueWords: { ...wordList, description: 'Added from the config\'s top-level `vagueWords`; same effect as `extraWords`.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { words: DEFAULT_VAGUE_WORDS, extraWords: [], vagueWords: [] },
    fixable: false,
    notesOnly: true,
    messages: {
      vague: 'Vague wording "{{word}}": name the precise mathematical object or operation.',
    },
  },
  check(context) {
    const { words = DEFAULT_VAGUE_WORDS, extraWords = [], vagueWords = [] } = context.options;
    const pattern = vaguePattern([...words, ...extraWords, ...vagueWords]);
    if (!pattern) return;
    // A section heading is the format's wording (a custom format may say "Things to Check"), not the author's.
    const sectionHeadings = new Set(context.model.sections.map((s) => s.heading.range.start.line));
    const { texts, lines, characters } = proseSegments(context.model);
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      const line = lines[i];
      const character = characters[i];
      if (sectionHeadings.has(line)) continue;
      // exec on the shared pattern, not matchAll: that copies the pattern for every run of prose.
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        if (!wholeWord(text, match.index, match[0].length)) continue;
        const start = character + match.index;
        context.report({
          messageId: 'vague',
          data: { word: match[0] },
          range: { start: { line, character: start }, end: { line, character: start + match[0].length } },
        });
      }
    }
  },
};

export default rule;

const patternCache = new Map<string, RegExp | undefined>();

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** `\b` only knows ASCII; a match next to a non-ASCII letter (`ethingé`) is part of a longer word. */
function wholeWord(text: string, index: number, length: number): boolean {
  return !WORD_CHAR.test(text[index - 1] ?? ' ') && !WORD_CHAR.test(text[index + length] ?? ' ');
}

/** One regex for the whole list: whole words, any case, any run of spaces inside a phrase; cached per list. */
export function vaguePattern(words: string[]): RegExp | undefined {
  const key = words.join('\u0000');
  if (!patternCache.has(key)) {
    const alternatives = [...new Set(words.map((w) => w.trim().toLowerCase()).filter(Boolean))]
      .sort((a, b) => b.length - a.length) // longest first: "goes up" before "goes"
      .map((w) => {
        // `\b` only beside a word character, so a listed "e.g." can match too.
        const edge = (ch: string) => (/\w/.test(ch) ? '\\b' : '');
        return edge(w[0]) + w.split(/\s+/).map(escapeRegExp).join('\\s+') + edge(w[w.length - 1]);
      });
    patternCache.set(key, alternatives.length
      // Plain `\b` keeps the scan fast; wholeWord() rejects matches inside non-ASCII words.
      ? new RegExp(joinAlternatives(alternatives), 'gi')
      : undefined);
  }
  return patternCache.get(key);
}

/** `a|b|…`; `\b(?:a|…)` when each starts with `\b`: the same matches, and a position inside a word fails at once. */
function joinAlternatives(alternatives: string[]): string {
  if (!alternatives.every((a) => a.startsWith('\\b'))) return alternatives.join('|');
  return `\\b(?:${alternatives.map((a) => a.slice(2)).join('|')})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
