/**
 * A small TeX tokenizer for the shape checker. It only needs to tell commands,
 * letters, numbers and punctuation apart and keep each token's offsets in the
 * tex, so that a problem can point at the exact characters.
 */

export type TokenKind = 'cmd' | 'letter' | 'num' | 'punct';

export interface Token {
  kind: TokenKind;
  /** `\alpha`, `x`, `12`, `(`; a control symbol keeps its backslash (`\|`, `\{`, `\\`). */
  text: string;
  start: number;
  end: number;
}

/** Commands that only change size or spacing: dropped before parsing. */
const INVISIBLE = new Set([
  '\\left', '\\right', '\\big', '\\Big', '\\bigg', '\\Bigg', '\\bigl', '\\bigr', '\\Bigl', '\\Bigr',
  '\\biggl', '\\biggr', '\\Biggl', '\\Biggr', '\\middle', '\\,', '\\;', '\\:', '\\!', '\\ ', '\\>',
  '\\displaystyle', '\\textstyle', '\\scriptstyle', '\\limits', '\\nolimits', '\\nonumber', '\\notag',
  '\\phantom', '\\hphantom', '\\vphantom', '\\mathstrut', '\\strut', '\\allowbreak',
]);

/** Commands after which a `.` is an invisible delimiter (`\left.`, `\right.`). */
const SIZE_DELIMITER = new Set(['\\left', '\\right', '\\middle', '\\big', '\\Big', '\\bigg', '\\Bigg',
  '\\bigl', '\\bigr', '\\Bigl', '\\Bigr', '\\biggl', '\\biggr', '\\Biggl', '\\Biggr']);

const FRACTIONS = new Set(['\\frac', '\\tfrac', '\\dfrac']);

function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** Tokens of `tex`, without whitespace, comments and invisible sizing/spacing commands. */
export function tokenize(tex: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let afterSizer = false;
  while (i < tex.length) {
    const ch = tex[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '~' || ch === '&') { i++; continue; }
    if (ch === '%') {
      while (i < tex.length && tex[i] !== '\n') i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    if (ch === '\\') {
      i++;
      if (i < tex.length && isLetter(tex[i])) {
        while (i < tex.length && isLetter(tex[i])) i++;
        if (tex[i] === '*' && tex.slice(start, i) === '\\operatorname') i++;
      } else if (i < tex.length) {
        i++;
      }
      kind = 'cmd';
    } else if (isLetter(ch)) {
      i++;
      kind = 'letter';
    } else if (isDigit(ch) && FRACTIONS.has(tokens[tokens.length - 1]?.text ?? '')) {
      // `\frac12`: TeX reads one digit per argument.
      i++;
      kind = 'num';
      tokens.push({ kind, text: ch, start, end: i });
      if (isDigit(tex[i] ?? '')) { tokens.push({ kind, text: tex[i], start: i, end: i + 1 }); i++; }
      continue;
    } else if (isDigit(ch) || (ch === '.' && isDigit(tex[i + 1] ?? ''))) {
      while (i < tex.length && (isDigit(tex[i]) || (tex[i] === '.' && isDigit(tex[i + 1] ?? '')))) i++;
      kind = 'num';
    } else {
      i++;
      kind = 'punct';
    }
    const text = tex.slice(start, i);
    if (afterSizer && text === '.') { afterSizer = false; continue; }
    afterSizer = kind === 'cmd' && SIZE_DELIMITER.has(text);
    if (kind === 'cmd' && INVISIBLE.has(text)) {
      if (text.endsWith('phantom')) i = skipGroup(tex, i);
      continue;
    }
    tokens.push({ kind, text, start, end: i });
  }
  return tokens;
}

/** Skips one brace group starting at or after `i` (for `\phantom{…}`). */
function skipGroup(tex: string, i: number): number {
  while (tex[i] === ' ') i++;
  if (tex[i] !== '{') return i;
  let depth = 0;
  for (; i < tex.length; i++) {
    if (tex[i] === '\\') { i++; continue; }
    if (tex[i] === '{') depth++;
    else if (tex[i] === '}' && --depth === 0) return i + 1;
  }
  return i;
}
