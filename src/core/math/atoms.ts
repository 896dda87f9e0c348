/**
 * Reading one "atom" of math: a letter or Greek letter, possibly styled
 * (`\mathbf{w}`) or decorated (`\hat{w}`), with its primes, subscripts and
 * superscripts. Both the symbol finder and the declaration finder read
 * symbols through this one function, so they agree on keys.
 *
 * Key normalisation (documented in docs/rules-src/symbol-shape.md):
 * - decorations (`\hat`, `\bar`, `\tilde`, `\dot`, `\vec`, …), primes,
 *   subscripts and superscripts are stripped: `\hat{w}_t^{(k)}'` → `w`;
 * - styles are kept: `\mathbf{w}`, `\mathcal{L}`, `\mathbb{X}`, `\mathrm{x}`;
 *   the bold family (`\boldsymbol`, `\bm`, `\pmb`) is written `\mathbf{…}`
 *   for Latin letters and `\boldsymbol{…}` for Greek ones, so
 *   `\bm{w}` and `\mathbf{w}` are one key.
 * - `coverKey` (below) is what a declaration must match: it also drops bold
 *   and upright styles, so a declaration of `\mathbf{w}` covers `w_j`.
 */
import { memoizeText } from '../memo';
import { readArgument, skipSpaces, type TexArgument } from '../tex/arguments';
import type { TexToken } from '../tex/tokens';
import {
  BLACKBOARD_NON_SYMBOLS, BOLD_STYLES, CALLIGRAPHIC_NON_SYMBOLS, DECORATIONS, GREEK_SYMBOLS, NUMBER_SETS, STYLES,
  SUPERSCRIPT_MARKS,
} from '../tex/vocabulary';

/**
 * - `symbol`: a symbol use (`key` set).
 * - `number-set`: `\mathbb{R}` and friends; a superscript on it is a shape.
 * - `operator`: `\mathbb{E}`, `\mathrm{E}`, `\mathbb{P}`: its subscript binds (`\mathbb{E}_{x\sim p}`).
 * - `differential`: `\mathrm{d}`; the atom right after it is an integration/differentiation variable.
 * - `other`: a letter that is no symbol (`e`, `\mathcal{N}`, `O(`), a styled word (`\mathrm{tr}`), a digit.
 * - `group`: a decoration over something that is not one atom (`\overline{XY}`): scan `inner`.
 */
export type AtomKind = 'symbol' | 'number-set' | 'operator' | 'differential' | 'other' | 'group';

export interface Atom {
  kind: AtomKind;
  /** Normalised key, for `symbol` atoms. */
  key?: string;
  /** Token index of the atom's first token. */
  start: number;
  /** Token index just past the base (style/decoration included, suffixes excluded). */
  baseEnd: number;
  /** Token index just past the atom with all its suffixes. */
  end: number;
  /** Token index just past the part that names the symbol: base, primes, subscripts, and superscripts that are marks or labels. */
  nameEnd: number;
  subscripts: TexArgument[];
  superscripts: TexArgument[];
  /** For `group` atoms: the decorated argument, to be scanned. */
  inner?: TexArgument;
  /** For styled words (`\mathrm{argmax}`): the word. */
  word?: string;
}

const GREEK_BOLD = 'boldsymbol';

/** Whether token `i` can start an atom. */
export function startsAtom(tokens: readonly TexToken[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (t.kind === 'letter') return true;
  if (t.kind !== 'command' || !t.name) return false;
  return GREEK_SYMBOLS.has(t.name) || STYLES.has(t.name) || DECORATIONS.has(t.name);
}

/** Reads the atom starting at token `i` (which must satisfy `startsAtom`). */
export function readAtom(tokens: readonly TexToken[], i: number, limit = tokens.length): Atom {
  const increment = tokens[i].name === 'Delta' ? readIncrement(tokens, i, limit) : undefined;
  if (increment) return increment;
  const base = readBase(tokens, i, limit);
  const atom = withSuffixes(tokens, base, limit);
  if (atom.kind === 'symbol' && (atom.key === 'E' || atom.key === 'P') && isPlainOperator(tokens, atom, limit)) {
    atom.kind = 'operator';
    atom.key = undefined;
  }
  return atom;
}

/**
 * `\Delta W`, `\Delta x`: the change of a symbol, named by that symbol like a
 * decoration (`\Delta W` is the update of `W`, of `W`'s shape). Only when a
 * symbol follows; `\Delta`, `\Delta^{K-1}` and `\Delta_t` stay the letter.
 */
function readIncrement(tokens: readonly TexToken[], i: number, limit: number): Atom | undefined {
  const at = skipSpaces(tokens, i + 1, limit);
  if (at >= limit || !startsAtom(tokens, at) || tokens[at].name === 'Delta') return undefined;
  const inner = readAtom(tokens, at, limit);
  return inner.kind === 'symbol' ? { ...inner, start: i } : undefined;
}

/**
 * A plain `E[…]` is an expectation and `P(…|…)`, `P(X = k)` a probability,
 * like `\mathbb{E}` and `\Pr`: `E` when a bracket follows, `P` when the
 * parenthesis holds a bar or a relation. `E(x)` or `P(x)` stay symbols.
 */
function isPlainOperator(tokens: readonly TexToken[], atom: Atom, limit: number): boolean {
  let at = skipSpaces(tokens, atom.end, limit);
  if (at < limit && tokens[at].kind === 'command' && /^(left|big|Big|bigg|Bigg)l?$/.test(tokens[at].name ?? '')) at = skipSpaces(tokens, at + 1, limit);
  if (at >= limit) return false;
  const open = tokens[at].text;
  if (atom.key === 'E') return open === '[' || open === '\\lbrack';
  if (open !== '(') return false;
  let depth = 0;
  for (let k = at; k < limit; k++) {
    const t = tokens[k];
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return false;
    else if (depth === 1 && (t.text === '|' || t.text === '=' || t.text === '<' || t.text === '>'
      || (t.kind === 'command' && /^(mid|vert|le|leq|ge|geq|in|ne|neq)$/.test(t.name ?? '')))) return true;
  }
  return false;
}

type Base = Pick<Atom, 'kind' | 'key' | 'start' | 'baseEnd' | 'inner' | 'word'>;

/** Every base has the same shape (all fields set, in one order): object spreads of varying shapes were the hot spot. */
function base(kind: AtomKind, start: number, baseEnd: number, key?: string, word?: string, inner?: TexArgument): Base {
  return { kind, key, start, baseEnd, inner, word };
}

function readBase(tokens: readonly TexToken[], i: number, limit: number): Base {
  const t = tokens[i];
  if (t.kind === 'letter') {
    if (t.text === 'e') return base('other', i, i + 1);
    if (t.text === 'O' && nextSignificantText(tokens, i + 1, limit) === '(') return base('other', i, i + 1);
    return base('symbol', i, i + 1, t.text);
  }
  const name = t.name ?? '';
  // `\Gamma(\alpha)` is the gamma function, like `\exp(x)`.
  if (name === 'Gamma' && nextSignificantText(tokens, i + 1, limit) === '(') return base('other', i, i + 1);
  if (GREEK_SYMBOLS.has(name)) return base('symbol', i, i + 1, t.text);
  const arg = readArgument(tokens, i + 1, limit);
  if (!arg) return base('other', i, i + 1);
  if (STYLES.has(name)) return readStyled(tokens, i, name, arg, limit);
  return readDecorated(tokens, i, arg, limit);
}

function readStyled(tokens: readonly TexToken[], i: number, style: string, arg: TexArgument, limit: number): Base {
  const inner = withoutBlanks(tokens, arg.innerStart, arg.innerEnd);
  if (inner.length === 1) {
    const t = inner[0];
    if (t.kind === 'digit') return base('other', i, arg.end);
    const isGreek = t.kind === 'command' && GREEK_SYMBOLS.has(t.name ?? '');
    if (t.kind === 'letter' || isGreek) return styledLetter(style, t, isGreek, i, arg.end);
  }
  const first = skipSpaces(tokens, arg.innerStart, arg.innerEnd);
  if (first < arg.innerEnd && tokens[first].kind === 'command' && (STYLES.has(tokens[first].name ?? '') || DECORATIONS.has(tokens[first].name ?? ''))) {
    // `\bm{\hat{x}}`, `\mathbf{\mathcal{X}}`: the inner atom decides.
    const nested = readBase(tokens, first, Math.min(limit, arg.innerEnd));
    if (nested.baseEnd >= skipBackSpaces(tokens, arg.innerEnd, first)) return base(nested.kind, i, arg.end, nested.key, nested.word, nested.inner);
  }
  let word = '';
  for (const tok of inner) word += tok.text;
  return base(isExpectation(style, word) ? 'operator' : 'other', i, arg.end, undefined, word);
}

function styledLetter(style: string, t: TexToken, isGreek: boolean, start: number, end: number): Base {
  const letter = t.text;
  if (style === 'mathbb' && BLACKBOARD_NON_SYMBOLS.has(letter)) {
    if (NUMBER_SETS.has(letter)) return base('number-set', start, end);
    return base(letter === 'E' || letter === 'P' || letter === 'V' ? 'operator' : 'other', start, end);
  }
  if (style === 'mathcal' && CALLIGRAPHIC_NON_SYMBOLS.has(letter)) return base('other', start, end);
  if (style === 'mathrm' || style === 'mathit' || style === 'mathnormal') {
    if (letter === 'd') return base('differential', start, end);
    if (letter === 'e' || letter === 'T' || letter === 'i') return base('other', start, end);
    if (letter === 'E' || letter === 'P') return base('operator', start, end);
  }
  if (BOLD_STYLES.has(style)) return base('symbol', start, end, isGreek ? `\\${GREEK_BOLD}{${letter}}` : `\\mathbf{${letter}}`);
  if (style === 'mathnormal') return base('symbol', start, end, letter);
  return base('symbol', start, end, `\\${style}{${letter}}`);
}

function isExpectation(style: string, word: string): boolean {
  return (style === 'mathrm' || style === 'mathbb') && /^(E|Pr|P|Var|Cov)$/.test(word);
}

function readDecorated(tokens: readonly TexToken[], i: number, arg: TexArgument, limit: number): Base {
  const first = skipSpaces(tokens, arg.innerStart, arg.innerEnd);
  const last = skipBackSpaces(tokens, arg.innerEnd, first);
  if (first < last && startsAtom(tokens, first)) {
    const atom = readAtom(tokens, first, Math.min(limit, arg.innerEnd));
    if (atom.end >= last && atom.kind !== 'group') return base(atom.kind, i, arg.end, atom.key, atom.word);
  }
  return base('group', i, arg.end, undefined, undefined, arg);
}

/** Primes, subscripts and superscripts after a base, in any order (`x_i^2'`). */
function withSuffixes(tokens: readonly TexToken[], atomBase: Base, limit: number): Atom {
  const subscripts: TexArgument[] = [];
  const superscripts: TexArgument[] = [];
  let end = atomBase.baseEnd;
  let nameEnd = atomBase.baseEnd;
  let naming = true;
  for (;;) {
    const at = skipSpaces(tokens, end, limit);
    if (at >= limit) break;
    const t = tokens[at];
    if (t.kind === 'prime') {
      end = at + 1;
      if (naming) nameEnd = end;
      continue;
    }
    if (t.kind !== 'sub' && t.kind !== 'sup') break;
    const arg = readArgument(tokens, at + 1, limit);
    if (!arg) break;
    end = arg.end;
    if (t.kind === 'sub') subscripts.push(arg);
    else {
      superscripts.push(arg);
      if (!isMarkOrLabel(tokens, arg)) naming = false;
    }
    if (naming) nameEnd = end;
  }
  const { key, start, baseEnd, inner, word } = atomBase;
  let kind = atomBase.kind;
  // `\ell_2`, `\ell_p`, `\ell_\infty` name a norm or a sequence space, not a symbol.
  if (key === '\\ell' && subscripts.length > 0 && /^(\d+|p|q|\\infty)$/.test(compactText(tokens, subscripts[0]))) kind = 'other';
  // `L_\infty` is the sup norm; `D_{KL}`, `D_{\mathrm{JS}}` a divergence, like `\operatorname{KL}`.
  if (key === 'L' && subscripts.length > 0 && compactText(tokens, subscripts[0]) === '\\infty') kind = 'other';
  if (key === 'D' && subscripts.length > 0 && /^(\\(?:mathrm|text|textrm|operatorname)\{)?(KL|JS)\}?$/.test(compactText(tokens, subscripts[0]))) kind = 'other';
  return { kind, key: kind === 'symbol' ? key : undefined, start, baseEnd, end, nameEnd, subscripts, superscripts, inner, word };
}

/** The text of an argument without braces and whitespace, e.g. `\top`, `-1`, `(k)`. */
export function compactText(tokens: readonly TexToken[], arg: TexArgument): string {
  let text = '';
  for (let k = arg.innerStart; k < arg.innerEnd; k++) {
    const t = tokens[k];
    if (t.kind === 'space' || t.kind === 'comment') {
      // Keep a separator between a command and a following letter (`\rm T`).
      if (text.endsWith('\\rm') || text.endsWith('\\mathsf') || text.endsWith('\\mathrm')) text += ' ';
      continue;
    }
    text += t.text;
  }
  return text;
}

/** A superscript that marks (transpose, inverse, star, prime) or labels (`^{(k)}`, `^{[l]}`, `^{\\langle t\\rangle}`) rather than raises to a power. */
export function isMarkOrLabel(tokens: readonly TexToken[], arg: TexArgument): boolean {
  const text = compactText(tokens, arg);
  if (SUPERSCRIPT_MARKS.has(text)) return true;
  if (/^\\prime+$|^(\\prime)+$/.test(text)) return true;
  return isParenthesisedLabel(text);
}

/** `(k)`, `[l]` (a layer), `\\langle t \\rangle` (a time step): the whole superscript is one bracketed label. */
function isParenthesisedLabel(text: string): boolean {
  if (text.startsWith('\\langle') && text.endsWith('\\rangle')) return text.indexOf('\\rangle') === text.length - '\\rangle'.length;
  const open = text[0];
  const close = open === '(' ? ')' : open === '[' ? ']' : undefined;
  if (!close || !text.endsWith(close)) return false;
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    if (text[k] === open) depth++;
    else if (text[k] === close && --depth === 0 && k < text.length - 1) return false;
  }
  return true;
}

/**
 * The key a declaration has to match for a use to count as declared: bold
 * and upright variants of a letter are one symbol (`\mathbf{w}` declares the
 * entries `w_j`; `\mathrm{x}` and `x`), while `\mathcal{L}` and `L` stay apart.
 */
export function coverKey(key: string): string {
  // Most keys are letters: only a command can be a style to strip.
  return key.charCodeAt(0) !== 92 ? key : styledCoverKey(key);
}

/**
 * Kept per key: coverKey runs for every symbol use, several times per lint,
 * and the keys are the strings findSymbols keeps per formula, so a look-up
 * is cheaper than a match (and its array) each time.
 */
const styledCoverKey = memoizeText((key) => /^\\(mathbf|boldsymbol|mathrm|mathit)\{(.+)\}$/.exec(key)?.[2] ?? key);

function withoutBlanks(tokens: readonly TexToken[], from: number, to: number): TexToken[] {
  const out: TexToken[] = [];
  for (let k = from; k < to; k++) if (tokens[k].kind !== 'space' && tokens[k].kind !== 'comment') out.push(tokens[k]);
  return out;
}

function skipBackSpaces(tokens: readonly TexToken[], end: number, floor: number): number {
  let k = end;
  while (k > floor && (tokens[k - 1].kind === 'space' || tokens[k - 1].kind === 'comment')) k--;
  return k;
}

function nextSignificantText(tokens: readonly TexToken[], i: number, limit: number): string | undefined {
  const at = skipSpaces(tokens, i, limit);
  return at < limit ? tokens[at].text : undefined;
}
