/**
 * Dollar signs and math delimiters the renderer left in prose (NOTE-SPEC §2,
 * "Dollar signs"). Every span markdown-it-texmath renders as math was taken
 * out of the prose by the parser, so each `$` still there is one of:
 *
 * - meant math that does not render: a `$…$` pair on one line holding TeX,
 *   refused by texmath for a reason we can name (a digit right before the
 *   opening `$` or right after the closing one, a space just inside a
 *   delimiter). `math-syntax` says why and how to write it; `bare-tex` stays
 *   silent inside it (one problem, one report).
 * - an unclosed delimiter: reported only when what follows it in the same
 *   paragraph looks like TeX (a backslash command, `^`, `_`, `{`).
 * - a dollar sign (`$HOME`, `$(pwd)`, `${VAR}`, `$10`, `US$ 3`): text.
 *
 * The TeX-likeness test is deliberately small (a few characters); it reads
 * no TeX structure.
 */
import type { LineSpan, NoteModel, ProseRun } from '../../model';
import { lineOf } from '../../text';
import type { Position } from '../../types';
import { countWork } from '../../work';
import { proseTexts, type ProseTexts } from './prose';

export type DollarProblem =
  | { kind: 'unrendered'; reason: UnrenderedReason; start: Position; end: Position; text: string; suggestion: string }
  | { kind: 'unclosed'; delimiter: string; hint: string; start: Position };

export type UnrenderedReason = 'digit-before' | 'digit-after' | 'space-inside';

/** A backslash command, a sub/superscript or a brace group: what TeX looks like. */
const TEX_LIKE = /\\[A-Za-z]|[\^_{]/;
/** Inside a `$…$` pair, an equation counts as TeX too (`$d = $`). */
const TEX_LIKE_PAIR = /\\[A-Za-z]|[\^_{=]/;
/** What a shell or a price puts after `$`: `$HOME`, `$MY_VAR`, `$(pwd)`, `${x}`, `$10`, `$ 3`, `$.`. */
const NOT_AN_OPENER = /^(?:[\d\s]|$)/;
/** A shell's use of `$` (`$HOME`, `$(pwd)`, `${x}`): never a math opener. */
const SHELL_AFTER = /^(?:[A-Z][A-Z0-9_]+\b|[({])/;
/** How far into the paragraph an unclosed `$` looks for TeX. */
const LOOKAHEAD = 240;

const cache = new WeakMap<object, DollarProblem[]>();

/** The dollar problems of a note's prose, in document order (computed once per model). */
export function dollarProblems(model: Pick<NoteModel, 'prose' | 'paragraphs'>): DollarProblem[] {
  let found = cache.get(model);
  if (!found) {
    found = [];
    const runs = proseTexts(model.prose);
    let ahead: TexAhead | undefined;
    for (let r = 0; r < runs.texts.length; r++) {
      const text = runs.texts[r];
      if (text.includes('$') || text.includes('\\')) scanRun((ahead ??= new TexAhead(model.prose, () => model.paragraphs)), runs, r, text, found);
    }
    cache.set(model, found);
  }
  return found;
}

/**
 * Whether TeX follows an offset in the paragraph: in the LOOKAHEAD characters
 * after it, in its run and the runs that continue the paragraph (on the next
 * lines, up to the paragraph's end as the parser read it: a new list item
 * ends one, as markdown-it ends the math in it), read as one text with the
 * runs joined by `\n`. Where TeX stands is found once per run, so each
 * question costs a few lookups: read again at every opener, a paragraph of
 * lines opening `\[` read 240 characters of text per line.
 */
export class TexAhead {
  /** Where each run starts in the joined text. */
  private readonly starts: Float64Array;
  /** The line of each run. */
  private readonly lines: Int32Array;
  /** Line gaps before each run: runs with the same count are on consecutive lines. */
  private readonly gaps: Int32Array;
  /** The first TeX-like match in each run (offset and length), -1 if none. */
  private readonly first: Int32Array;
  private readonly firstLength: Uint8Array;
  /** The first run at or after each one that holds TeX (runs.length if none). */
  private readonly nextWithTex: Int32Array;
  /** Built on first use: most notes never ask (no TeX after an opener), and a list of a million items has a million paragraphs. */
  private paragraphEnd?: (line: number) => number;
  private readonly paragraphs: () => LineSpan[];
  private readonly count: number;
  /** The last match found inside a run, for the next question about the same run (asked at later offsets). */
  private last = { run: -1, from: 0, at: -1, length: 0 };

  constructor(runs: readonly ProseRun[], paragraphs: () => LineSpan[]) {
    const { texts, lines } = proseTexts(runs);
    const n = texts.length;
    this.count = n;
    this.starts = new Float64Array(n);
    this.lines = lines;
    this.gaps = new Int32Array(n);
    this.first = new Int32Array(n);
    this.firstLength = new Uint8Array(n);
    this.nextWithTex = new Int32Array(n + 1);
    this.paragraphs = paragraphs;
    let start = 0;
    let gaps = 0;
    for (let k = 0; k < n; k++) {
      const text = texts[k];
      const line = lines[k];
      if (k > 0 && line > this.lines[k - 1] + 1) gaps++;
      this.starts[k] = start;
      this.gaps[k] = gaps;
      // No match object per run (a note can have millions): a `\` starts the two-character form, anything else is one.
      const at = text.search(TEX_LIKE);
      this.first[k] = at;
      this.firstLength[k] = at < 0 ? 0 : text.charCodeAt(at) === 92 ? 2 : 1;
      start += text.length + 1;
    }
    this.nextWithTex[n] = n;
    for (let k = n - 1; k >= 0; k--) this.nextWithTex[k] = this.first[k] >= 0 ? k : this.nextWithTex[k + 1];
  }

  /** Whether TeX follows `offset` of run `r` (whose text is `text`) within LOOKAHEAD characters of its paragraph. */
  follows(r: number, text: string, offset: number): boolean {
    countWork(1);
    // The window is LOOKAHEAD characters, one more when it runs on past the run's end (a quirk kept from the text it was built as).
    const windowEnd = this.starts[r] + offset + (text.length - offset >= LOOKAHEAD ? LOOKAHEAD : LOOKAHEAD + 1);
    const inRun = this.matchInRun(r, text, offset);
    if (inRun) return this.starts[r] + inRun.at + inRun.length <= windowEnd;
    const k = this.nextWithTex[r + 1];
    if (k >= this.count || this.gaps[k] !== this.gaps[r] || this.lines[k] >= (this.paragraphEnd ??= paragraphEnds(this.paragraphs()))(this.lines[r])) return false;
    return this.starts[k] + this.first[k] + this.firstLength[k] <= windowEnd;
  }

  /** The first TeX-like match at or after `offset` in run `r`. */
  private matchInRun(r: number, text: string, offset: number): { at: number; length: number } | undefined {
    const first = this.first[r];
    if (first < 0) return undefined;
    if (offset <= first) return { at: first, length: this.firstLength[r] };
    const last = this.last;
    if (last.run !== r || offset < last.from || (last.at >= 0 && offset > last.at)) {
      const match = texFrom(text, offset);
      countWork((match ? match.index : text.length) - offset);
      this.last = { run: r, from: offset, at: match ? match.index : -1, length: match ? match[0].length : 0 };
    }
    return this.last.at >= 0 ? this.last : undefined;
  }
}

const TEX_LIKE_ANYWHERE = new RegExp(TEX_LIKE.source, 'g');

/** The first match of TEX_LIKE in `text` at or after `from`. */
function texFrom(text: string, from: number): RegExpExecArray | null {
  TEX_LIKE_ANYWHERE.lastIndex = from;
  return TEX_LIKE_ANYWHERE.exec(text);
}

/**
 * The line after the paragraph that holds `line`, as the parser read it; no
 * bound for a line in no paragraph (a heading, a table cell).
 */
function paragraphEnds(paragraphs: LineSpan[]): (line: number) => number {
  const starts = paragraphs.map((p) => p.start);
  return (line) => {
    const paragraph = paragraphs[lineOf(starts, line)];
    return paragraph && paragraph.start <= line && line < paragraph.end ? paragraph.end : Infinity;
  };
}

function scanRun(ahead: TexAhead, runs: ProseTexts, r: number, text: string, found: DollarProblem[]): void {
  const start = { line: runs.lines[r], character: runs.characters[r] };
  // Found once per run: searched at every `\(`, a line of them would cost quadratic time.
  const lastCloser: Record<string, number> = {};
  countWork(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if ((next === '[' || next === '(') && ahead.follows(r, text, i + 2)) {
        const closer = next === '[' ? '\\]' : '\\)';
        if ((lastCloser[closer] ??= text.lastIndexOf(closer)) < i + 2) {
          found.push({ kind: 'unclosed', delimiter: `\\${next}`, hint: ` (no ${closer} before the end of the paragraph)`, start: shift(start, i) });
          return;
        }
      }
      i++; // skip the escaped character
      continue;
    }
    if (c !== '$') continue;
    if (text[i + 1] === '$') {
      if (ahead.follows(r, text, i + 2)) {
        found.push({ kind: 'unclosed', delimiter: '$$', hint: ' (display math ends at a blank line at the latest)', start: shift(start, i) });
        return;
      }
      i++;
      continue;
    }
    const pair = unrenderedPair(text, i);
    if (pair) {
      found.push({ kind: 'unrendered', ...pair, start: shift(start, i), end: shift(start, pair.close + 1), text: text.slice(i, pair.close + 1) });
      i = pair.close;
      continue;
    }
    const after = text.slice(i + 1, i + 65);
    if (NOT_AN_OPENER.test(after) || SHELL_AFTER.test(after)) continue;
    if (ahead.follows(r, text, i + 1)) {
      found.push({ kind: 'unclosed', delimiter: '$', hint: ' (write \\$ for a dollar sign)', start: shift(start, i) });
      return;
    }
  }
}

/** The position `offset` characters after `start` on its line. */
function shift(start: Position, offset: number): Position {
  return { line: start.line, character: start.character + offset };
}

/**
 * A `$…$` pair on this line that holds TeX and that texmath refused, with the
 * reason and how to write it; undefined when the `$` at `open` starts none.
 */
function unrenderedPair(text: string, open: number): { reason: UnrenderedReason; suggestion: string; close: number } | undefined {
  if (SHELL_AFTER.test(text.slice(open + 1, open + 64))) return undefined;
  const close = nextDollar(text, open + 1);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  if (!inner.trim() || !TEX_LIKE_PAIR.test(inner) || inner.includes('$')) return undefined;
  const tex = inner.trim();
  if (/\d/.test(text[open - 1] ?? '')) {
    const number = text.slice(numberBefore(text, open), open);
    return { reason: 'digit-before', suggestion: `$${number}${tex}$`, close };
  }
  if (tex !== inner) return { reason: 'space-inside', suggestion: `$${tex}$`, close };
  if (/\d/.test(text[close + 1] ?? '')) return { reason: 'digit-after', suggestion: `$${tex}$ ${text[close + 1]}`, close };
  return undefined;
}

/**
 * Where the number that ends at `end` starts (`\d+(?:\.\d+)?` as a regex
 * anchored at the end reads it), read backwards: matched on the whole text
 * before each `$`, the regex made a line of them quadratic.
 */
function numberBefore(text: string, end: number): number {
  const start = digitsBefore(text, end);
  return start > 1 && text[start - 1] === '.' && isDigit(text.charCodeAt(start - 2)) ? digitsBefore(text, start - 1) : start;
}

/** Where the run of digits that ends at `end` starts. */
function digitsBefore(text: string, end: number): number {
  let i = end;
  while (i > 0 && isDigit(text.charCodeAt(i - 1))) i--;
  countWork(end - i + 1);
  return i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The next `$` not escaped by a backslash, or -1. */
function nextDollar(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '$') return i;
  }
  return -1;
}
