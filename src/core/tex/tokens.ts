/**
 * The one tokenizer of TeX math (what sits between math delimiters).
 *
 * It does not expand macros or understand commands; it only cuts the text
 * into the pieces every math analysis needs (symbols, declarations, shapes)
 * and pairs the braces, so that an argument can be found in O(1). Offsets
 * are UTF-16 offsets into the string given, like `String.prototype.slice`.
 *
 * Token kinds:
 * - `command`  `\name` (letters) or a control symbol `\{`, `\,`, `\\`, `\|`; `name` is without the backslash.
 * - `letter`   one ASCII letter `a`–`z`, `A`–`Z`.
 * - `digit`    one digit `0`–`9`.
 * - `open` / `close`  `{` / `}`; `pair` is the index of the matching brace, or -1 when unmatched.
 * - `sup` / `sub`  `^` / `_`.
 * - `prime`    `'`.
 * - `space`    a run of whitespace.
 * - `comment`  `%` to the end of the line.
 * - `align`    `&`.
 * - `char`     anything else (punctuation, operators, non-ASCII): one code point.
 */

import { SIZERS, commands } from './vocabulary';

export type TexTokenKind =
  | 'command' | 'letter' | 'digit' | 'open' | 'close' | 'sup' | 'sub'
  | 'prime' | 'space' | 'comment' | 'align' | 'char';

export interface TexToken {
  kind: TexTokenKind;
  /** The token as written (`\frac`, `x`, `{`). */
  text: string;
  /** Offset of the first character in the tokenized string. */
  start: number;
  /** Offset just past the token. */
  end: number;
  /** For commands: the name without the backslash (`frac`, `{`, `,`). */
  name?: string;
  /** For braces: index of the matching brace token, -1 if unmatched. */
  pair?: number;
}

const BACKSLASH = 92;
const PERCENT = 37;

/** Every token has the same shape (all fields, one order), which keeps property access monomorphic. */
function token(kind: TexTokenKind, text: string, start: number, end: number, name?: string, pair?: number): TexToken {
  return { kind, text, start, end, name, pair };
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

/** Cuts `tex` into tokens; never throws, whatever the input. */
export function tokenize(tex: string): TexToken[] {
  const tokens: TexToken[] = [];
  const openStack: number[] = [];
  const n = tex.length;
  let i = 0;
  while (i < n) {
    const code = tex.charCodeAt(i);
    const start = i;
    if (code === BACKSLASH) {
      i++;
      if (i < n && isAsciiLetter(tex.charCodeAt(i))) {
        while (i < n && isAsciiLetter(tex.charCodeAt(i))) i++;
      } else if (i < n) {
        i += codePointLength(tex, i);
      }
      const text = tex.slice(start, i);
      tokens.push(token('command', text, start, i, text.slice(1)));
      continue;
    }
    if (isAsciiLetter(code)) {
      tokens.push(token('letter', tex[i], start, ++i));
      continue;
    }
    if (code >= 48 && code <= 57) {
      tokens.push(token('digit', tex[i], start, ++i));
      continue;
    }
    if (isSpace(code)) {
      while (i < n && isSpace(tex.charCodeAt(i))) i++;
      tokens.push(token('space', tex.slice(start, i), start, i));
      continue;
    }
    if (code === PERCENT) {
      while (i < n && tex.charCodeAt(i) !== 10) i++;
      tokens.push(token('comment', tex.slice(start, i), start, i));
      continue;
    }
    const width = codePointLength(tex, i);
    const text = tex.slice(i, i + width);
    i += width;
    switch (text) {
      case '{':
        openStack.push(tokens.length);
        tokens.push(token('open', text, start, i, undefined, -1));
        break;
      case '}': {
        const index = tokens.length;
        const open = openStack.pop();
        tokens.push(token('close', text, start, i, undefined, open ?? -1));
        if (open !== undefined) tokens[open].pair = index;
        break;
      }
      case '^': tokens.push(token('sup', text, start, i)); break;
      case '_': tokens.push(token('sub', text, start, i)); break;
      case "'": tokens.push(token('prime', text, start, i)); break;
      case '&': tokens.push(token('align', text, start, i)); break;
      default: tokens.push(token('char', text, start, i));
    }
  }
  return tokens;
}

function codePointLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
}

// ---- the significant-token view --------------------------------------------

export type SignificantKind = 'cmd' | 'letter' | 'num' | 'punct' | 'open' | 'close';

/**
 * A token of the significant view (what the shape parser reads): no spaces,
 * comments, alignment marks, `~`, or commands that only change size or
 * spacing; digits joined into numbers.
 */
export interface SignificantToken {
  kind: SignificantKind;
  /** `\alpha`, `x`, `12`, `(`; a control symbol keeps its backslash (`\|`, `\{`, `\\`). */
  text: string;
  start: number;
  end: number;
  /**
   * For braces: how far the matching brace is, in tokens of the view (positive
   * from `{`, negative from `}`), 0 if unmatched. Relative, so that a slice of
   * the view (an argument's tokens) keeps its pairs.
   */
  partner?: number;
}

/** Commands that only change size or spacing: not in the significant view. */
const INVISIBLE = new Set([
  ...commands(SIZERS), '\\,', '\\;', '\\:', '\\!', '\\ ', '\\>',
  '\\displaystyle', '\\textstyle', '\\scriptstyle', '\\limits', '\\nolimits', '\\nonumber', '\\notag',
  '\\phantom', '\\hphantom', '\\vphantom', '\\mathstrut', '\\strut', '\\allowbreak',
]);

/** Commands after which a `.` is an invisible delimiter (`\left.`, `\right.`). */
const SIZE_DELIMITER = commands(SIZERS);

const FRACTIONS = new Set(['\\frac', '\\tfrac', '\\dfrac']);

function significant(kind: SignificantKind, text: string, start: number, end: number, partner?: number): SignificantToken {
  return { kind, text, start, end, partner };
}

/** The significant view of `tex` (see SignificantToken); braces are paired within the view. */
export function significantTokens(tex: string): SignificantToken[] {
  const all = tokenize(tex);
  const out: SignificantToken[] = [];
  /** View index of each open brace kept, by its index in `all`. */
  const openAt = new Map<number, number>();
  let afterSizer = false;
  for (let k = 0; k < all.length; k++) {
    const t = all[k];
    const kind = t.kind;
    if (kind === 'space' || kind === 'comment' || kind === 'align' || t.text === '~') continue;
    if (afterSizer && t.text === '.') { afterSizer = false; continue; }
    afterSizer = kind === 'command' && SIZE_DELIMITER.has(t.text);
    if (kind === 'command') {
      if (INVISIBLE.has(t.text)) {
        if (t.text.endsWith('phantom')) k = skipPhantomGroup(all, k + 1) - 1;
        continue;
      }
      const star = t.text === '\\operatorname' && all[k + 1]?.text === '*' && all[k + 1].start === t.end;
      if (star) k++;
      out.push(significant('cmd', star ? '\\operatorname*' : t.text, t.start, star ? t.end + 1 : t.end));
      continue;
    }
    if (kind === 'letter') { out.push(significant('letter', t.text, t.start, t.end)); continue; }
    if (kind === 'open') { openAt.set(k, out.length); out.push(significant('open', '{', t.start, t.end, 0)); continue; }
    if (kind === 'close') {
      const open = t.pair !== undefined && t.pair >= 0 ? openAt.get(t.pair) : undefined;
      if (open !== undefined) out[open].partner = out.length - open;
      out.push(significant('close', '}', t.start, t.end, open === undefined ? 0 : open - out.length));
      continue;
    }
    if (kind === 'digit' && FRACTIONS.has(out[out.length - 1]?.text ?? '')) {
      // `\frac12`: TeX reads one digit per argument.
      out.push(significant('num', t.text, t.start, t.end));
      const next = all[k + 1];
      if (next?.kind === 'digit' && next.start === t.end) { out.push(significant('num', next.text, next.start, next.end)); k++; }
      continue;
    }
    if (kind === 'digit' || (t.text === '.' && all[k + 1]?.kind === 'digit' && all[k + 1].start === t.end)) {
      k = numberEnd(all, k) - 1;
      out.push(significant('num', tex.slice(t.start, all[k].end), t.start, all[k].end));
      continue;
    }
    out.push(significant('punct', t.text, t.start, t.end));
  }
  return out;
}

/** Index past a number's tokens starting at `k`: adjacent digits, and a `.` between digits. */
function numberEnd(all: TexToken[], k: number): number {
  let end = all[k].end;
  let j = k + 1;
  for (; j < all.length && all[j].start === end; j++) {
    const t = all[j];
    if (t.kind === 'digit') { end = t.end; continue; }
    if (t.text === '.' && all[j + 1]?.kind === 'digit' && all[j + 1].start === t.end) { end = t.end; continue; }
    break;
  }
  return j;
}

/** Index past the brace group of `\phantom{…}` at or after `k` (spaces skipped); an unclosed group runs to the end. */
function skipPhantomGroup(all: TexToken[], k: number): number {
  while (all[k]?.kind === 'space') k++;
  const t = all[k];
  if (!t || t.kind !== 'open') return k;
  return t.pair !== undefined && t.pair >= 0 ? t.pair + 1 : all.length;
}
