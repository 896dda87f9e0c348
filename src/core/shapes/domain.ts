/**
 * Shapes from declared domains: `\mathbb{R}^{n\times d}` → n×d,
 * `\mathbb{R}^d` → d×1, `\{0,1\}^n` → n×1, `\Delta^{K-1}` → K×1 (the simplex
 * lives in R^K), `\ge 0` → scalar, `\mathbb{R}^d\to\mathbb{R}` → a map.
 * Anything else is unknown (`undefined`), so it can never cause a report.
 */
import { significantTokens, type SignificantToken as Token } from '../tex/tokens';
import { argumentTokens } from '../tex/arguments';
import { NUMBER_SYSTEMS, NUMBER_SYSTEM_MACROS, commands } from '../tex/vocabulary';
import { memoizeText } from '../memo';
import { ONE, addDims, constDim, scaleDim, symbolDim, type Dim, type Shape } from './shape';

export interface MapShape { from: Shape | null; to: Shape | null }

export interface DomainShape {
  shape?: Shape;
  map?: MapShape;
}

const NUMBER_SETS = NUMBER_SYSTEMS;
const NUMBER_SET_MACROS = commands(NUMBER_SYSTEM_MACROS);
const BOUNDS = new Set(['\\ge', '\\geq', '\\le', '\\leq', '>', '<', '\\gt', '\\lt', '\\ne', '\\neq', '\\geqslant', '\\leqslant']);
const ARROWS = new Set(['\\to', '\\rightarrow', '\\longrightarrow']);
const TRAILING = new Set([',', '.', ';']);

/** The shape a declared domain gives its symbol, or undefined when it is not understood. */
export function shapeFromDomain(domainTex: string): DomainShape | undefined {
  return domainShapes(domainTex).parsed;
}

/** Kept per domain text (read-only, shared): every lint declares the same domains again. */
const domainShapes = memoizeText((domainTex) => ({ parsed: readDomainShape(domainTex) }));

function readDomainShape(domainTex: string): DomainShape | undefined {
  let tokens = significantTokens(domainTex);
  if (tokens[0]?.text === '\\in') tokens = tokens.slice(1);
  while (tokens.length && TRAILING.has(tokens[tokens.length - 1].text)) tokens = tokens.slice(0, -1);
  if (tokens.length === 0) return undefined;
  const arrow = tokens.findIndex((t) => ARROWS.has(t.text));
  if (arrow > 0) {
    const from = spaceShape(tokens.slice(0, arrow));
    const to = spaceShape(tokens.slice(arrow + 1));
    return from || to ? { map: { from: from ?? null, to: to ?? null } } : undefined;
  }
  if (BOUNDS.has(tokens[0].text)) return isSimpleScalar(tokens.slice(1)) ? { shape: scalarShape() } : undefined;
  const shape = spaceShape(tokens);
  return shape ? { shape } : undefined;
}

function scalarShape(): Shape {
  return { rows: ONE, cols: ONE };
}

/** `0`, `-1`, `C`, `\epsilon`: the other side of a scalar bound. */
function isSimpleScalar(tokens: Token[]): boolean {
  return tokens.length > 0 && tokens.length <= 3 && tokens.every((t) => t.kind === 'num' || t.kind === 'letter' || t.text === '-' || t.kind === 'cmd');
}

function spaceShape(tokens: Token[]): Shape | undefined {
  if (tokens.length === 0) return undefined;
  const base = readSpaceBase(tokens);
  if (!base) return undefined;
  const scripts = readScripts(tokens, base.end);
  if (!scripts || scripts.end !== tokens.length) return undefined;
  const dims = scripts.sup ? readDims(scripts.sup) : [];
  if (dims === undefined) return undefined;
  switch (base.kind) {
    case 'numbers':
    case 'finite-set':
    case 'interval':
      if (dims.length === 0) return scalarShape();
      if (dims.length === 1) return { rows: dims[0], cols: ONE };
      if (dims.length === 2) return { rows: dims[0], cols: dims[1] };
      return undefined;
    case 'simplex': {
      if (dims.length === 1) return { rows: dims[0] && addDims(dims[0], ONE), cols: ONE };
      const sub = scripts.sub ? readDims(scripts.sub) : undefined;
      if (dims.length === 0 && sub?.length === 1) return { rows: sub[0], cols: ONE };
      return undefined;
    }
    case 'symmetric': {
      const definite = scripts.sub?.every((t) => t.text === '+');
      if (!definite || dims.length !== 1) return undefined;
      return { rows: dims[0], cols: dims[0] };
    }
  }
}

type SpaceKind = 'numbers' | 'finite-set' | 'interval' | 'simplex' | 'symmetric';

/** The set itself, before its scripts: `\mathbb{R}`, `\{0,1\}`, `[0,1]`, `\Delta`, `\mathbb{S}`. */
function readSpaceBase(tokens: Token[]): { kind: SpaceKind; end: number } | undefined {
  const first = tokens[0].text;
  if (NUMBER_SET_MACROS.has(first)) return { kind: 'numbers', end: 1 };
  if (first === '\\mathbb' || first === '\\mathbf' || first === '\\mathcal') {
    const letter = styledLetter(tokens, 1);
    if (!letter) return undefined;
    if (NUMBER_SETS.has(letter.text) && first === '\\mathbb') return { kind: 'numbers', end: letter.end };
    if (letter.text === 'S') return { kind: 'symmetric', end: letter.end };
    return undefined;
  }
  if (first === '\\Delta') return { kind: 'simplex', end: 1 };
  if (first === '\\{') {
    const close = tokens.findIndex((t) => t.text === '\\}');
    if (close < 0 || !isNumberList(tokens.slice(1, close))) return undefined;
    return { kind: 'finite-set', end: close + 1 };
  }
  if (first === '[' || first === '(') {
    const close = tokens.findIndex((t, i) => i > 0 && (t.text === ']' || t.text === ')'));
    if (close < 0 || !isNumberList(tokens.slice(1, close))) return undefined;
    return { kind: 'interval', end: close + 1 };
  }
  return undefined;
}

/** `{R}` or `R` after `\mathbb`. */
function styledLetter(tokens: Token[], i: number): { text: string; end: number } | undefined {
  if (tokens[i]?.kind === 'letter') return { text: tokens[i].text, end: i + 1 };
  if (tokens[i]?.text === '{' && tokens[i + 1]?.kind === 'letter' && tokens[i + 2]?.text === '}') {
    return { text: tokens[i + 1].text, end: i + 3 };
  }
  return undefined;
}

const LIST_ITEMS = new Set([',', '-', '+', '\\pm', '\\dots', '\\ldots', '\\cdots', '\\infty']);

/** `0,1`, `-1,+1`, `\pm 1`, `1,\dots,K`, `0,\infty`: numbers, not a set of tuples. */
function isNumberList(tokens: Token[]): boolean {
  return tokens.length > 0 && tokens.every((t) => t.kind === 'num' || t.kind === 'letter' || LIST_ITEMS.has(t.text));
}

interface Scripts { sub?: Token[]; sup?: Token[]; end: number }

/** Reads `_…` and `^…` in either order after a base. */
function readScripts(tokens: Token[], i: number): Scripts | undefined {
  const out: Scripts = { end: i };
  while (i < tokens.length && (tokens[i].text === '_' || tokens[i].text === '^')) {
    const arg = argumentTokens(tokens, i + 1);
    if (!arg) return undefined;
    if (tokens[i].text === '_') out.sub = arg.tokens;
    else out.sup = arg.tokens;
    i = arg.end;
  }
  out.end = i;
  return out;
}

/** `n\times d` → [n, d]; an unreadable factor is `null` (matches anything); undefined if not a size at all. */
function readDims(tokens: Token[]): (Dim | null)[] | undefined {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.text === '\\times' || t.text === '×' || t.text === '*') parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  if (parts.some((p) => p.length === 0)) return undefined;
  return parts.map(parseDim);
}

/**
 * A linear size expression: `n`, `2d`, `K-1`, `d_k`, `d_{\text{model}}`.
 * Returns null when it is something else (`nd`, `2^k`), which then matches anything.
 */
export function parseDim(tokens: Token[]): Dim | null {
  let dim = constDim(0);
  let i = 0;
  let sign = 1;
  let expectTerm = true;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.text === '+' || t.text === '-') {
      sign = t.text === '-' ? -sign : sign;
      expectTerm = true;
      i++;
      continue;
    }
    if (!expectTerm) return null;
    let coefficient = 1;
    let hasNumber = false;
    if (t.kind === 'num') {
      coefficient = Number(t.text);
      hasNumber = true;
      i++;
    }
    const name = readSizeName(tokens, i);
    if (name) {
      dim = addDims(dim, scaleDim(symbolDim(name.text), coefficient), sign);
      i = name.end;
    } else if (hasNumber) {
      dim = addDims(dim, constDim(coefficient), sign);
    } else {
      return null;
    }
    sign = 1;
    expectTerm = false;
  }
  return expectTerm ? null : dim;
}

/** A size symbol: a letter or Greek command, optionally with a subscript, as normalised text. */
function readSizeName(tokens: Token[], i: number): { text: string; end: number } | undefined {
  const t = tokens[i];
  if (!t || !(t.kind === 'letter' || (t.kind === 'cmd' && /^\\[a-zA-Z]+$/.test(t.text) && !t.text.startsWith('\\time')))) return undefined;
  let text = t.text;
  let end = i + 1;
  if (tokens[end]?.text === '_') {
    const arg = argumentTokens(tokens, end + 1);
    if (!arg) return undefined;
    text += '_' + joinTokens(arg.tokens, true);
    end = arg.end;
  }
  return { text, end };
}

/** Token texts joined without spaces; a multi-token group keeps braces when asked. */
export function joinTokens(tokens: Token[], braceIfLong = false): string {
  let out = '';
  for (const t of tokens) {
    if (out && /^\\[a-zA-Z]+$/.test(out.slice(out.lastIndexOf('\\'))) && /^[a-zA-Z]/.test(t.text)) out += ' ';
    out += t.text;
  }
  return braceIfLong && tokens.length > 1 ? `{${out}}` : out;
}
