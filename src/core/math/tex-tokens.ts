/**
 * A small, fast tokenizer of TeX math (what sits between math delimiters).
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

/** Index of the first token at or after `i` that is not a space or comment (`tokens.length` if none). */
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
 * `end` exclusive); `innerStart`/`innerEnd` exclude the braces. Undefined
 * when nothing follows or a closing brace comes first.
 */
export interface TexArgument {
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
  braced: boolean;
}

export function readArgument(tokens: readonly TexToken[], i: number, limit = tokens.length): TexArgument | undefined {
  const at = skipSpaces(tokens, i, limit);
  if (at >= limit) return undefined;
  const token = tokens[at];
  if (token.kind === 'close') return undefined;
  if (token.kind === 'open') {
    const close = token.pair !== undefined && token.pair >= 0 && token.pair < limit ? token.pair : limit;
    return { start: at, end: Math.min(close + 1, limit), innerStart: at + 1, innerEnd: close, braced: true };
  }
  return { start: at, end: at + 1, innerStart: at, innerEnd: at + 1, braced: false };
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
