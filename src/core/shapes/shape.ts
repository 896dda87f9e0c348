/**
 * Shapes and dimensions. A dimension is a simple linear expression over
 * symbolic sizes (`n`, `d_k`, `K-1`), so `K-1+1` and `K` compare equal; a
 * dimension we cannot read is `null` and matches anything. A shape is rows ×
 * columns; a scalar is 1×1, a column vector d×1.
 */

export interface Dim {
  /** The constant part. */
  c: number;
  /** Coefficient per symbolic size, keyed by its normalised tex (`d_k`). */
  terms: Record<string, number>;
}

export type ShapeKind = 'identity' | 'zero';

/** Which declaration fixed a dimension (for messages). */
export interface Origin {
  /** The symbol as written in the expression, e.g. `w`. */
  symbol: string;
  /** Its declared domain, e.g. `\mathbb{R}^{d}`. */
  domain: string;
}

export interface Shape {
  rows: Dim | null;
  cols: Dim | null;
  /** `I` adapts to any square size, `0`/`\mathbf{0}` to any shape in sums and relations. */
  kind?: ShapeKind;
  rowsFrom?: Origin;
  colsFrom?: Origin;
}

export function constDim(c: number): Dim {
  return { c, terms: {} };
}

export function symbolDim(name: string): Dim {
  return { c: 0, terms: { [name]: 1 } };
}

export function addDims(a: Dim, b: Dim, sign = 1): Dim {
  const terms: Record<string, number> = { ...a.terms };
  for (const [name, k] of Object.entries(b.terms)) {
    const sum = (terms[name] ?? 0) + sign * k;
    if (sum === 0) delete terms[name];
    else terms[name] = sum;
  }
  return { c: a.c + sign * b.c, terms };
}

export function scaleDim(a: Dim, k: number): Dim {
  if (k === 0) return constDim(0);
  const terms: Record<string, number> = {};
  for (const [name, v] of Object.entries(a.terms)) terms[name] = v * k;
  return { c: a.c * k, terms };
}

export function dimsEqual(a: Dim, b: Dim): boolean {
  if (a === b) return true;
  if (a.c !== b.c) return false;
  const names = Object.keys(a.terms);
  if (names.length !== Object.keys(b.terms).length) return false;
  return names.every((name) => b.terms[name] === a.terms[name]);
}

/** Unknown dimensions (`null`) match anything. */
export function dimsCompatible(a: Dim | null, b: Dim | null): boolean {
  return a === null || b === null || dimsEqual(a, b);
}

/** The size 1, shared (compared by identity first). */
export const ONE: Dim = Object.freeze({ c: 1, terms: Object.freeze({}) }) as Dim;

export function isOne(d: Dim | null): boolean {
  if (d === ONE) return true;
  if (d === null || d.c !== 1) return false;
  for (const _ in d.terms) return false;
  return true;
}

/** `K-1`, `2n+1`, `d`; `?` for an unknown dimension. */
export function formatDim(d: Dim | null): string {
  if (d === null) return '?';
  let out = '';
  for (const [name, k] of Object.entries(d.terms)) {
    const abs = Math.abs(k);
    const coefficient = abs === 1 ? '' : String(abs);
    out += (k < 0 ? '-' : out ? '+' : '') + coefficient + name;
  }
  if (d.c !== 0 || out === '') out += (out && d.c > 0 ? '+' : d.c < 0 ? '-' : '') + String(Math.abs(d.c));
  return out;
}

export const SCALAR: Shape = { rows: ONE, cols: ONE };

export function scalar(): Shape {
  return { rows: ONE, cols: ONE };
}

export function isScalar(s: Shape): boolean {
  return s.kind !== 'identity' && isOne(s.rows) && isOne(s.cols);
}

/** `n×d`, `d×1`, `scalar`; the identity of unknown size is `I (any square)`. */
export function formatShape(s: Shape): string {
  if (s.kind === 'identity' && s.rows === null) return 'I (any square size)';
  if (isScalar(s)) return 'scalar';
  return `${formatDim(s.rows)}×${formatDim(s.cols)}`;
}

export function transposeShape(s: Shape): Shape {
  if (s.rows === s.cols && s.rowsFrom === s.colsFrom) return s; // scalars, `I`, symmetric declarations
  return { rows: s.cols, cols: s.rows, kind: s.kind, rowsFrom: s.colsFrom, colsFrom: s.rowsFrom };
}

/** Same rows and columns (unknown dims match). */
export function shapesCompatible(a: Shape, b: Shape): boolean {
  return dimsCompatible(a.rows, b.rows) && dimsCompatible(a.cols, b.cols);
}
