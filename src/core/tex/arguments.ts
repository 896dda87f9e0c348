/**
 * The one reader of braces and command arguments. On tokens (either view of
 * tokens.ts) braces are paired by the tokenizer, so an argument is found in
 * O(1); on text (`groupEnd`, `textArgument`), for the line scanners that read
 * math character by character, a group is matched by one forward scan that
 * skips escaped braces (`\{`) and, in TeX, comments.
 */
import type { SignificantToken, TexToken } from './tokens';
import { countWork } from '../work';

/** Index of the first token at or after `i` that is not a space or comment (`limit` if none). */
export function skipSpaces(tokens: readonly TexToken[], i: number, limit = tokens.length): number {
  while (i < limit && (tokens[i].kind === 'space' || tokens[i].kind === 'comment')) i++;
  return i;
}

/**
 * The argument of a command or of `^`/`_` that begins at or after token `i`
 * (spaces skipped): a brace group, or a single token (a command or one
 * character, as TeX reads `\frac12` or `x^2`).
 *
 * `start`/`end` are token indices of the whole argument (braces included,
 * `end` exclusive); `innerStart`/`innerEnd` exclude the braces; `closed` is
 * false for a group whose `}` is missing (it then runs to `limit`).
 * Undefined when nothing follows or a closing brace comes first.
 */
export interface TexArgument {
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
  braced: boolean;
  closed: boolean;
}

export function readArgument(tokens: readonly TexToken[], i: number, limit = tokens.length): TexArgument | undefined {
  const at = skipSpaces(tokens, i, limit);
  if (at >= limit) return undefined;
  const token = tokens[at];
  if (token.kind === 'close') return undefined;
  if (token.kind === 'open') {
    const closed = token.pair !== undefined && token.pair >= 0 && token.pair < limit;
    const close = closed ? token.pair! : limit;
    return { start: at, end: Math.min(close + 1, limit), innerStart: at + 1, innerEnd: close, braced: true, closed };
  }
  return { start: at, end: at + 1, innerStart: at, innerEnd: at + 1, braced: false, closed: true };
}

/**
 * The argument at token `i` of the significant view, as its tokens (without
 * braces) and the index after it; undefined when none or its group never closes.
 */
export function argumentTokens(tokens: SignificantToken[], i: number): { tokens: SignificantToken[]; end: number } | undefined {
  const first = tokens[i];
  if (!first || first.kind === 'close') return undefined;
  if (first.kind !== 'open') return { tokens: [first], end: i + 1 };
  const close = i + (first.partner ?? 0);
  if (close <= i || close >= tokens.length) return undefined;
  return { tokens: tokens.slice(i + 1, close), end: close + 1 };
}

/** An optional `[...]` argument at or after `i` (as in `\sqrt[3]{x}`); returns the index after `]`, or `i` when there is none. */
export function skipOptionalArgument(tokens: readonly TexToken[], i: number, limit = tokens.length): number {
  const at = skipSpaces(tokens, i, limit);
  if (at >= limit || tokens[at].text !== '[') return i;
  let depth = 0;
  for (let j = at + 1; j < limit; j++) {
    const t = tokens[j];
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (depth === 0 && t.text === ']') return j + 1;
  }
  return i;
}

/** The source text of tokens [from, to) of `tex`. */
export function sliceTokens(tex: string, tokens: readonly TexToken[], from: number, to: number): string {
  if (from >= to) return '';
  return tex.slice(tokens[from].start, tokens[to - 1].end);
}

// ---- on text ---------------------------------------------------------------

/**
 * Offset just past the `}` that closes the group opening at `open` (a `{`),
 * or -1 when it never closes. `%` starts a comment in TeX; in Markdown text
 * (`{Rule: …}` in prose) pass `comments: false`.
 */
export function groupEnd(text: string, open: number, comments = true): number {
  let depth = 0;
  let i = open;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) { i++; continue; }
    if (c === 37 /* % */ && comments) {
      const eol = text.indexOf('\n', i);
      if (eol < 0) { i = text.length; break; }
      i = eol;
      continue;
    }
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */ && --depth === 0) { countWork(i - open + 1); return i + 1; }
  }
  countWork(i - open + 1);
  return -1;
}

/**
 * groupEnd for many groups of one text. A group that never closes is read to
 * the end of the text, and a text of many such (`\alpha{` repeated on a line)
 * was read once per group: here one scan from the start pairs every brace it
 * reads (on first use). A `{` that scan read as one answers from it, since
 * groupEnd from there reads on exactly as the scan does; any other (inside a
 * comment, or escaped as the scan reads it) is read by groupEnd.
 */
export class GroupEnds {
  /** For each `{` the scan read: the offset past its `}`, or -1; 0 elsewhere. */
  private ends: Int32Array | undefined;

  /**
   * `readFirst`: read each group with groupEnd until one never closes, then
   * pair: for a reader whose groups do not overlap (each starts past the last
   * one's end), which reads a text of closed groups once without the table.
   */
  constructor(private readonly text: string, private readonly comments = true, private readonly readFirst = false) {}

  /** groupEnd(text, open, comments). */
  at(open: number): number {
    if (this.readFirst && !this.ends) {
      const end = groupEnd(this.text, open, this.comments);
      if (end >= 0) return end;
    }
    const end = (this.ends ??= pairBraces(this.text, this.comments))[open];
    return end !== 0 ? end : groupEnd(this.text, open, this.comments);
  }
}

/** One scan pairing the braces of `text` as groupEnd reads them (see GroupEnds). */
function pairBraces(text: string, comments: boolean): Int32Array {
  const ends = new Int32Array(text.length);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) { i++; continue; }
    if (c === 37 /* % */ && comments) {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol;
      continue;
    }
    if (c === 123 /* { */) { ends[i] = -1; open.push(i); }
    else if (c === 125 /* } */ && open.length > 0) ends[open.pop()!] = i + 1;
  }
  countWork(text.length);
  return ends;
}

/** Offset of the `}` closing the group at `open`, or `text.length` when it never closes. */
export function closingBrace(text: string, open: number, comments = true): number {
  const end = groupEnd(text, open, comments);
  return end < 0 ? text.length : end - 1;
}

/** KaTeX recurses per group: how deep a formula may nest braces before it is refused unread. */
export const MAX_GROUP_NESTING = 120;

/** Offset of the first `{` that opens a group deeper than `limit`, or -1 (escaped braces do not count). */
export function tooDeepAt(tex: string, limit = MAX_GROUP_NESTING): number {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 123 /* { */ && ++depth > limit) return i;
    else if (c === 125 /* } */) depth--;
  }
  return -1;
}

function isLetter(c: number): boolean { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }

/** One argument in text at `i` (after blanks): a brace group or a single token. Returns [contentFrom, contentTo, next]. */
export function textArgument(tex: string, i: number): [number, number, number] {
  while (tex[i] === ' ' || tex[i] === '\n' || tex[i] === '\t') i++;
  if (tex[i] === '{') {
    const close = closingBrace(tex, i);
    return [i + 1, close, Math.min(close + 1, tex.length)];
  }
  if (tex[i] === '\\') {
    let j = i + 1;
    while (j < tex.length && isLetter(tex.charCodeAt(j))) j++;
    if (j === i + 1) j++;
    return [i, j, j];
  }
  return [i, i + 1, i + 1];
}
