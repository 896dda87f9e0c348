/**
 * The shape environment: declared symbols (keyed by a normalised form of the
 * symbol as written) with the shape or map their domain gives them.
 */
import { significantTokens, type SignificantToken as Token } from '../tex/tokens';
import { argumentTokens } from '../tex/arguments';
import { BOLD_STYLES, DECORATIONS as DECORATION_NAMES, GREEK as GREEK_LETTERS, STYLES as STYLE_NAMES, commands } from '../tex/vocabulary';
import { shapeFromDomain, joinTokens, type MapShape } from './domain';
import { ONE, formatShape, isScalar, type Shape } from './shape';
import { memoizeText } from '../memo';

export interface ShapeBinding {
  /** The symbol as declared, e.g. `W^{(1)}`. */
  symbol: string;
  /** The domain as declared, e.g. `\mathbb{R}^{h\times d}`. */
  domain: string;
  /** Absent when the domain is not understood or two declarations disagree. */
  shape?: Shape;
  map?: MapShape;
}

export interface ShapeEnv {
  bindings: Map<string, ShapeBinding>;
  /** First characters (letters or command names) of declared symbols, for a quick skip of unrelated math. */
  bases: Set<string>;
  /** The same for symbols declared non-scalar or as maps: the only ones that can cause a mismatch. */
  problemBases: Set<string>;
}

export interface DeclaredDomain {
  /** The symbol as written. */
  symbol: string;
  /** The domain as written (`\mathbb{R}^d`, `\ge 0`, `\mathbb{R}^d\to\mathbb{R}`). */
  domain: string;
  /** A declaration kind from the NoteModel; `scalar-bound` makes a scalar whatever the domain text. */
  kind?: string;
}

/** `\pi` is a letter here: undeclared, it is the constant (a scalar); declared, it is what the note says. */
const GREEK = commands(GREEK_LETTERS);
const BOLD = commands(BOLD_STYLES);
/** An arrow makes a symbol of its own for shapes (`\vec{x}` need not be `x`): a style, not a decoration. */
const STYLES = commands(STYLE_NAMES, ['vec']);
const DECORATIONS = commands([...DECORATION_NAMES].filter((name) => name !== 'vec'));
const SUPERSCRIPT_MARKS = new Set(['\\top', 'T', '\\intercal', '-1']);
const RENAMING = new Set(['\\bar', '\\overline']);
const DECORATING_SUPERSCRIPTS = new Set(['*', '\\star', '\\ast', '\\prime', '\\dagger']);

export interface SymbolRead {
  /** Full key: base, subscript and name-like superscript (`W^{(1)}`, `x_i`). */
  key: string;
  /** The key without decorations (`\hat`, `^*`, `'`). */
  plainKey: string;
  /** The undecorated base alone (`x`, `\mathbf{x}`, `\sigma`). */
  baseKey: string;
  /** Subscript tokens, if any. */
  sub?: Token[];
  decorated: boolean;
  end: number;
  /** A transpose or inverse written inside the name's superscript (`a^{(1)\top}`): `\top`, `T`, `-1`. */
  trailingMark?: string;
}

/**
 * Reads one symbol at `tokens[i]`: a letter or Greek letter, possibly styled or
 * decorated, with its subscript and name-like superscripts (`^{(k)}`, `^*`, `'`).
 * Transposes, inverses and powers are left for the caller.
 */
export function readSymbol(tokens: Token[], i: number): SymbolRead | undefined {
  const base = readBase(tokens, i);
  if (!base) return undefined;
  let { end } = base;
  let decorated = base.decorated;
  let sub: Token[] | undefined;
  let sup = '';
  let trailingMark: string | undefined;
  for (;;) {
    const t = tokens[end];
    if (t?.text === "'") { decorated = true; end++; continue; }
    if (t?.text === '_' && !sub) {
      const arg = argumentTokens(tokens, end + 1);
      if (!arg || arg.tokens.length === 0) break;
      sub = arg.tokens;
      end = arg.end;
      continue;
    }
    if (t?.text === '^') {
      const arg = argumentTokens(tokens, end + 1);
      if (!arg) break;
      if (arg.tokens.length === 1 && DECORATING_SUPERSCRIPTS.has(arg.tokens[0].text) && arg.tokens[0].text !== '\\dagger') {
        decorated = true;
        end = arg.end;
        continue;
      }
      if (!sup && arg.tokens[0]?.text === '(' && arg.tokens[arg.tokens.length - 1]?.text === ')') {
        sup = '^{' + joinTokens(arg.tokens) + '}';
        end = arg.end;
        continue;
      }
      // `a^{(1)\top}`: a layer index and a mark in one superscript.
      const close = arg.tokens.findIndex((x) => x.text === ')');
      if (!sup && arg.tokens[0]?.text === '(' && close > 0) {
        const mark = arg.tokens.slice(close + 1).map((x) => x.text).join('');
        if (SUPERSCRIPT_MARKS.has(mark)) {
          sup = '^{' + joinTokens(arg.tokens.slice(0, close + 1)) + '}';
          trailingMark = mark;
          end = arg.end;
          break;
        }
      }
    }
    break;
  }
  const subText = sub ? '_' + joinTokens(sub, true) : '';
  const plainKey = base.key + subText + sup;
  const key = (decorated ? '~' : '') + plainKey;
  return { key, plainKey, baseKey: base.key, sub, decorated, end, trailingMark };
}

function readBase(tokens: Token[], i: number): { key: string; decorated: boolean; end: number } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (t.kind === 'letter') return { key: t.text, decorated: false, end: i + 1 };
  if (t.kind !== 'cmd') return undefined;
  if (GREEK.has(t.text)) return { key: t.text, decorated: false, end: i + 1 };
  if (DECORATIONS.has(t.text)) {
    const arg = argumentTokens(tokens, i + 1);
    if (!arg) return undefined;
    const inner = readBase(arg.tokens, 0);
    if (!inner || inner.end !== arg.tokens.length) return undefined;
    // A bar is often a mean (`\bar{X}`), whose shape differs from its base: a symbol of its own.
    if (RENAMING.has(t.text)) return { key: `\\bar{${inner.key}}`, decorated: inner.decorated, end: arg.end };
    return { key: inner.key, decorated: true, end: arg.end };
  }
  if (STYLES.has(t.text)) {
    const arg = argumentTokens(tokens, i + 1);
    if (!arg || arg.tokens.length !== 1) return undefined;
    const inner = arg.tokens[0];
    if (inner.kind !== 'letter' && !GREEK.has(inner.text)) return undefined;
    const style = BOLD.has(t.text) ? '\\mathbf' : t.text;
    return { key: `${style}{${inner.text}}`, decorated: false, end: arg.end };
  }
  return undefined;
}

/** The key a declared symbol is stored under, or undefined when it is not one symbol. */
export function symbolKey(symbolTex: string): string | undefined {
  const tokens = significantTokens(symbolTex);
  const read = readSymbol(tokens, 0);
  return read && read.end === tokens.length ? read.key : undefined;
}

/** `x_•` for a symbol with a one-letter index (`x_i`, `\mathbf{x}_n`), else undefined. */
export function familyKey(read: SymbolRead): string | undefined {
  if (!read.sub || read.sub.length !== 1 || read.sub[0].kind !== 'letter') return undefined;
  return (read.decorated ? '~' : '') + read.baseKey + '_•' + read.plainKey.slice(read.baseKey.length + 2);
}

/** The first token of a symbol's source that must appear in a span for it to be used there. */
function baseMarker(symbolTex: string): string | undefined {
  const tokens = significantTokens(symbolTex);
  let i = 0;
  while (tokens[i] && (STYLES.has(tokens[i].text) || DECORATIONS.has(tokens[i].text) || tokens[i].text === '{')) i++;
  return tokens[i]?.text;
}

function sameShape(a: ShapeBinding, b: ShapeBinding): boolean {
  if (a.map || b.map) return false;
  if (!a.shape || !b.shape) return !a.shape && !b.shape;
  return formatShape(a.shape) === formatShape(b.shape);
}

/**
 * Builds an environment from declared domains. Two declarations of one symbol
 * with different shapes make it unknown: the note uses it in two senses.
 */
export function createShapeEnv(declarations: Iterable<DeclaredDomain> | Record<string, string> = []): ShapeEnv {
  const list: DeclaredDomain[] = Symbol.iterator in Object(declarations)
    ? [...(declarations as Iterable<DeclaredDomain>)]
    : Object.entries(declarations as Record<string, string>).map(([symbol, domain]) => ({ symbol, domain }));
  const env: ShapeEnv = { bindings: new Map(), bases: new Set(), problemBases: new Set() };
  for (const declaration of list) declareShape(env, declaration, 'conflict');
  return env;
}

/**
 * Adds one declaration to `env`. `conflict`: a second, different declaration
 * makes the symbol unknown; `shadow`: the newer declaration wins (for walking
 * a note in document order, where a letter may be reused in a later section).
 */
export function declareShape(env: ShapeEnv, declaration: DeclaredDomain, mode: 'conflict' | 'shadow'): string[] {
  const tokens = significantTokens(declaration.symbol);
  const read = readSymbol(tokens, 0);
  if (!read || read.end !== tokens.length) return [];
  const parsed = declaration.kind === 'scalar-bound'
    ? { shape: { rows: ONE, cols: ONE } }
    : shapeFromDomain(declaration.domain);
  const binding: ShapeBinding = { symbol: declaration.symbol, domain: declaration.domain, ...parsed };
  const add = (key: string) => {
    const previous = env.bindings.get(key);
    if (!previous || mode === 'shadow') env.bindings.set(key, binding);
    else if (!sameShape(previous, binding)) env.bindings.set(key, { symbol: binding.symbol, domain: binding.domain });
  };
  add(read.key);
  // `x_i \in \mathbb{R}^d` declares the whole family `x_j`, `x_n`, …
  const family = familyKey(read);
  if (family) add(family);
  if (binding.shape || binding.map) {
    const marker = baseMarker(declaration.symbol);
    if (marker) env.bases.add(marker);
    // Only a non-scalar or a map can cause a mismatch (scalars broadcast): only those make a span worth checking.
    if (marker && (binding.map || !isScalar(binding.shape!))) env.problemBases.add(marker);
  }
  return family ? [read.key, family] : [read.key];
}

/** Whether the letter at `at` is part of a command name (`\max`): letters back to a backslash. */
function insideCommandName(tex: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /[a-zA-Z]/.test(tex[i])) i--;
  return i >= 0 && tex[i] === '\\';
}

/**
 * Whether `tex` may mention a declared symbol at all (a cheap test before
 * parsing): a base occurs there, not inside a command name (`\sigma` is no
 * use of `\sigmoid`, nor the `x` of `\max` one of `x`). Every formula is
 * asked, with every base: the bases a formula holds are read once per
 * formula text (markersIn), not searched for one by one.
 */
export function mayUseDeclared(env: ShapeEnv, tex: string, bases: Set<string> = env.bases): boolean {
  if (bases.size === 0) return false;
  const present = markersIn(tex);
  for (const base of bases) if (isMarkerForm(base) ? present.has(base) : occursOutsideCommandNames(tex, base)) return true;
  return false;
}

/** What markersIn lists: a character other than a backslash, a backslash and letters, or a backslash and one other character. */
function isMarkerForm(base: string): boolean {
  if (base.length === 1) return base !== '\\';
  return base.charCodeAt(0) === 92 && (base.length === 2 || /^\\[a-zA-Z]+$/.test(base));
}

/**
 * Every marker-form string that occurs in `tex` as occursOutsideCommandNames
 * finds it: each character not inside a command name, each whole command
 * name, and each backslash with another character not followed by a letter.
 */
const markersIn = memoizeText((tex: string): Set<string> => {
  const found = new Set<string>();
  // Whether the characters right before `i` are a backslash and letters (maybe none): the character at `i` is then in a command name.
  let inName = false;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (!inName) found.add(c);
    if (c === '\\') {
      let end = i + 1;
      while (end < tex.length && isAsciiLetter(tex.charCodeAt(end))) end++;
      if (end > i + 1) found.add(tex.slice(i, end));
      else if (i + 1 < tex.length && !isAsciiLetter(tex.charCodeAt(i + 2))) found.add(tex.slice(i, i + 2));
    }
    inName = c === '\\' || (inName && isAsciiLetter(tex.charCodeAt(i)));
  }
  return found;
});

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Whether `base` occurs in `tex` other than inside a command name (a search; mayUseDeclared reads markersIn for the usual bases). */
export function occursOutsideCommandNames(tex: string, base: string): boolean {
  let from = 0;
  for (;;) {
    const at = tex.indexOf(base, from);
    if (at < 0) return false;
    const next = tex[at + base.length] ?? '';
    // `\sigma` must not match `\sigmoid`; a letter may be followed by anything,
    // but the `x` of `\max` or `\exp` is no use of `x`.
    if (base.startsWith('\\') ? !/[a-zA-Z]/.test(next) : !insideCommandName(tex, at)) return true;
    from = at + 1;
  }
}
