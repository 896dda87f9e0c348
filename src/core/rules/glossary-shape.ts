/**
 * glossary-shape: a glossary entry (list item, table row or line in the
 * `glossary` section; the parser groups them into model.glossary) that names
 * a symbol but gives it no domain or shape.
 *
 * An entry gives a domain when it declares the symbol (`$X\in\mathbb{R}^{n\times d}$`,
 * `$\lambda > 0$`, a table cell `$\in\mathbb{R}^d$`), when another piece of its
 * math is a shape or a set (`$n\times d$`, `$\mathbb{R}^d$`, `$\{0,1\}^n$`,
 * `$[0, 1]$`), or when its prose says a complete domain in words (`scalar`,
 * `integer`, `probability`; the list is an option). "matrix" or "vector"
 * alone is no shape.
 */
import type { Position, Range, Rule } from '../types';
import type { GlossaryEntry, MathSpan, NoteModel } from '../model';
import { comparePositions } from '../text';
import { coverKey } from '../math/atoms';
import { domainSymbols } from './util/domains';

interface Options { domainWords: string[] }

const DEFAULT_DOMAIN_WORDS = ['scalar', 'integer', 'natural number', 'real number', 'probability', 'binary', 'boolean', 'count'];

/** Math that states a set or a shape by itself. */
const SHAPE_OR_SET = /\\mathbb\s*\{|\\times|\\\{|\\in\b|\\sim\b|\\to\b|\\subset|\\ge|\\le|[<>]|\\Delta\^|[[(]\s*-?[\d.]+\s*,\s*(?:-?[\d.]+|\\infty)\s*[\])]|\\mathcal\s*\{[A-Z]\}\s*\^/;

const rule: Rule<Options> = {
  meta: {
    id: 'glossary-shape',
    description: 'A glossary entry that names a symbol but gives no domain or shape.',
    severity: { default: 'warning' },
    optionsSchema: {
      type: 'object',
      properties: {
        domainWords: {
          type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true,
          description: 'Words in an entry\'s prose that state a complete domain (case-insensitive, whole words).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { domainWords: DEFAULT_DOMAIN_WORDS },
    fixable: false,
    notesOnly: true,
    messages: {
      noDomain: 'Glossary entry for {{symbol}} gives no domain or shape (write e.g. {{symbol}} \\in \\mathbb{R}^{d}).',
    },
  },
  check(context) {
    const { model } = context;
    const words = wordPattern(context.options.domainWords ?? DEFAULT_DOMAIN_WORDS);
    // A set the note uses as a domain (`x_i\in\mathcal{X}`) names a space, not an object with a shape.
    const sets = model.glossary.length ? domainSymbols(model, false) : new Set<string>();
    for (const entry of model.glossary) {
      if (!looksLikeEntry(model.lines[entry.range.start.line] ?? '')) continue;
      const missing = undeclaredNames(entry).filter((symbol) => !sets.has(coverKey(symbol)));
      if (missing.length === 0 || givesDomain(model, entry, words)) continue;
      context.report({
        messageId: 'noDomain',
        data: { symbol: missing.join(', ') },
        range: nameRange(model, entry, missing[0]),
      });
    }
  },
};

export default rule;

/**
 * List items and table rows are entries; a plain line of a paragraph is one
 * only when it starts with its math (`$X\in…$: design matrix`), so an
 * introductory sentence such as "Vectors are bold, e.g. $\mathbf{x}$." is not.
 */
function looksLikeEntry(line: string): boolean {
  if (/^\s*(?:[-*+]|\d+[.)]|\|)/.test(line)) return true;
  return /^\s*(?:\*\*|__|\*|_)?\s*(?:\$|\\\()/.test(line);
}

function undeclaredNames(entry: GlossaryEntry): string[] {
  const declared = new Set(entry.declarations.map((d) => coverKey(d.symbol)));
  return entry.symbols.filter((symbol) => !declared.has(coverKey(symbol)));
}

function givesDomain(model: NoteModel, entry: GlossaryEntry, words: RegExp | undefined): boolean {
  // Math spans come in document order: only those from the entry's start on can lie inside it.
  for (let k = firstSpanFrom(model.math, entry.range.start); k < model.math.length; k++) {
    const span = model.math[k];
    if (comparePositions(span.range.start, entry.range.end) > 0) break;
    if (!inside(span.range, entry.range)) continue;
    // A span that declares another symbol of the entry says nothing about this one.
    if (entry.declarations.some((d) => inside(d.range, span.range))) continue;
    if (SHAPE_OR_SET.test(span.tex)) return true;
  }
  return !!words && words.test(entry.meaning);
}

/** Index of the first span that starts at or after `at` (binary search). */
function firstSpanFrom(math: readonly MathSpan[], at: Position): number {
  let low = 0;
  let high = math.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (comparePositions(math[mid].range.start, at) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function wordPattern(words: string[]): RegExp | undefined {
  const escaped = words.map((w) => w.trim()).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return escaped.length ? new RegExp(`\\b(?:${escaped.join('|')})s?\\b`, 'i') : undefined;
}

/** The first use of the symbol inside the entry, else the entry's first line. */
function nameRange(model: NoteModel, entry: GlossaryEntry, symbol: string): Range {
  const key = coverKey(symbol);
  const use = model.symbols.find((u) => coverKey(u.key) === key && inside(u.range, entry.range));
  if (use) return use.range;
  const line = entry.range.start.line;
  return { start: entry.range.start, end: { line, character: model.lines[line]?.length ?? entry.range.start.character } };
}

function inside(inner: Range, outer: Range): boolean {
  const after = inner.start.line > outer.start.line || (inner.start.line === outer.start.line && inner.start.character >= outer.start.character);
  const before = inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character);
  return after && before;
}
