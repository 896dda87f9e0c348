/**
 * The shape algebra of operators: what `+`, products, inverses, powers,
 * traces, maps and relations make of their operands' shapes. Pure functions
 * over shapes; the parser (infer.ts) decides which operator applies and where
 * in the tex a conflict is reported. A `null` shape is unknown and never
 * judged.
 */
import type { MapShape } from './domain';
import {
  ONE, dimsCompatible, dimsEqual, formatShape, isOne, isScalar, shapesCompatible, transposeShape,
  type Dim, type Origin, type Shape,
} from './shape';

/** Why two shapes do not fit, and the declarations behind them (for the message). */
export interface ShapeConflict {
  detail: string;
  origins: (Origin | undefined)[];
}

/** What an operator makes of its operands: a shape (null when unknown), or a conflict. */
export interface Outcome {
  shape: Shape | null;
  conflict?: ShapeConflict;
}

/** Shapes are never mutated once made, so scalars can share one object. */
export const SCALAR_SHAPE: Shape = Object.freeze({ rows: ONE, cols: ONE }) as Shape;
export const ZERO_SCALAR: Shape = Object.freeze({ ...SCALAR_SHAPE, kind: 'zero' }) as Shape;

const UNKNOWN: Outcome = Object.freeze({ shape: null }) as Outcome;

function known(shape: Shape | null): Outcome {
  return shape ? { shape } : UNKNOWN;
}

function conflict(detail: string, origins: (Origin | undefined)[]): Outcome {
  return { shape: null, conflict: { detail, origins } };
}

export function isColumn(s: Shape): boolean {
  return !s.kind && isOne(s.cols) && !isOne(s.rows);
}

/** A row or column vector (not a scalar, not `I` or `0`). */
export function isVector(s: Shape): boolean {
  return !s.kind && isOne(s.rows) !== isOne(s.cols);
}

/** Neither dimension is known to be 1. */
function isMatrix(s: Shape): boolean {
  return !s.kind && s.rows !== null && s.cols !== null && !isOne(s.rows) && !isOne(s.cols);
}

/**
 * Broadcasting (NOTE-SPEC §4): a matrix and a vector whose length matches the
 * matrix's rows or columns (`XW + b` with `b` in `\mathbb{R}^{1\times q}` or
 * `\mathbb{R}^q`) is ML notation; the result has the matrix's shape.
 */
export function broadcastShape(x: Shape, y: Shape): Shape | undefined {
  const [matrix, vector] = isMatrix(x) && isVector(y) ? [x, y] : isMatrix(y) && isVector(x) ? [y, x] : [];
  if (!matrix || !vector) return undefined;
  const length = isOne(vector.rows) ? vector.cols : vector.rows;
  if (length === null || dimsEqual(length, matrix.cols!) || dimsEqual(length, matrix.rows!)) return matrix;
  return undefined;
}

export function isSquare(s: Shape): boolean {
  return !!s.rows && !!s.cols && shapesCompatible({ rows: s.rows, cols: s.rows }, { rows: s.cols, cols: s.cols });
}

/** `a + b`: zeros and identities adapt; a scalar added to a matrix is broadcast shorthand, not judged. */
export function sumShape(x: Shape, y: Shape): Outcome {
  if (x.kind === 'zero') return known(y);
  if (y.kind === 'zero') return known(x);
  if (x.kind === 'identity') return known(y.kind === 'identity' ? x : { ...y, kind: undefined });
  if (y.kind === 'identity') return known(x);
  if (isScalar(x) !== isScalar(y)) return UNKNOWN;
  const broadcast = broadcastShape(x, y);
  if (broadcast) return known(broadcast);
  if (!shapesCompatible(x, y)) {
    const rowsDiffer = !dimsCompatible(x.rows, y.rows);
    return conflict(`cannot add ${formatShape(x)} and ${formatShape(y)}`,
      rowsDiffer ? [x.rowsFrom, y.rowsFrom] : [x.colsFrom, y.colsFrom]);
  }
  return known({
    rows: x.rows ?? y.rows, cols: x.cols ?? y.cols,
    rowsFrom: x.rows ? x.rowsFrom : y.rowsFrom, colsFrom: x.cols ? x.colsFrom : y.colsFrom,
  });
}

/** The matrix product `xy`; a scalar scales, an identity adapts. */
export function productShape(x: Shape, y: Shape): Outcome {
  if (isScalar(x)) return known(y.kind === 'zero' ? { ...y, kind: undefined } : y);
  if (isScalar(y)) return known(x.kind === 'zero' ? { ...x, kind: undefined } : x);
  if (x.kind === 'identity') return known(y);
  if (y.kind === 'identity') return known(x);
  if (!dimsCompatible(x.cols, y.rows)) {
    return conflict(`cannot multiply ${formatShape(x)} by ${formatShape(y)}`, [x.colsFrom, y.rowsFrom]);
  }
  const product: Shape = { rows: x.rows, cols: y.cols, rowsFrom: x.rowsFrom, colsFrom: y.colsFrom };
  return known(isOne(product.rows) && isOne(product.cols) ? SCALAR_SHAPE : product);
}

/** Operators between two factors; `'multiply'` when the operator is a matrix product (juxtaposition, `\cdot`, …). */
export function operatorShape(x: Shape | null, y: Shape | null, op: string): Outcome | 'multiply' {
  if (op === '/' || op === '\\div') {
    // An unknown divisor is almost always a normaliser (`\sqrt{d_k}`, `n`).
    if (!x) return UNKNOWN;
    return known(!y || isScalar(y) ? x : null);
  }
  if (!x || !y) return UNKNOWN;
  if (op === '\\odot') {
    const broadcast = broadcastShape(x, y);
    if (broadcast) return known(broadcast);
    if (!isScalar(x) && !isScalar(y) && !x.kind && !y.kind && !shapesCompatible(x, y)) {
      return conflict(`elementwise product needs equal shapes, got ${formatShape(x)} and ${formatShape(y)}`,
        [x.rowsFrom, y.rowsFrom]);
    }
    return known(isScalar(x) ? y : x);
  }
  if (op === '\\circ' || op === '\\otimes' || op === '\\oplus' || op === '\\star') return UNKNOWN;
  if (op === '\\times' && !isScalar(x) && !isScalar(y)) return UNKNOWN;
  if (op === '\\cdot' && isColumn(x) && isColumn(y) && shapesCompatible(x, y)) {
    return known(SCALAR_SHAPE); // `w \cdot x`: the dot product of two vectors.
  }
  return 'multiply';
}

/** `A^{-1}`: only a square matrix has an inverse. */
export function inverseShape(s: Shape): Outcome {
  if (isScalar(s) || s.kind) return known(s);
  if (s.rows && s.cols && !isSquare(s)) {
    return conflict(`cannot invert ${formatShape(s)}: only a square matrix has an inverse`, [s.rowsFrom, s.colsFrom]);
  }
  return known(s);
}

/** `A^+`, `A^\dagger`: the pseudo-inverse has the transposed shape. */
export function pseudoInverseShape(s: Shape): Shape | null {
  // On a vector `^{+}`/`^\dagger` is as often a name (the minimum-norm `\hat{w}^{+}`) as a pseudoinverse: two readings, no shape.
  if (isVector(s)) return null;
  return { ...transposeShape(s), kind: s.kind === 'identity' ? 'identity' : undefined };
}

/** `A^k`: a power of a scalar or a square matrix keeps its shape; of anything else it is unknown. */
export function powerShape(s: Shape): Shape | null {
  if (isScalar(s) || s.kind === 'identity') return s;
  return isSquare(s) ? { ...s, kind: undefined } : null;
}

/** `X_{ij}` (two indices) is an entry; a scalar keeps its shape; other subscripts name something unknown. */
export function subscriptShape(s: Shape, indices: number): Shape | null {
  if (isScalar(s)) return s;
  return indices === 2 ? SCALAR_SHAPE : null;
}

/** A declared map applied to an argument of shape `a`. */
export function mapApplied(map: MapShape, a: Shape | null): Outcome {
  if (a && map.from && !a.kind && !isScalar(a) && !isScalar(map.from) && !shapesCompatible(a, map.from)) {
    return conflict(`the argument is ${formatShape(a)} but the map takes ${formatShape(map.from)}`,
      [a.rowsFrom, map.from.rowsFrom]);
  }
  // `\sigma:\mathbb{R}\to\mathbb{R}` applied to a vector acts elementwise.
  if (a && !isScalar(a) && map.from && isScalar(map.from) && map.to && isScalar(map.to)) return known(a);
  return known(map.to);
}

/** `\frac{top}{bottom}`: a fraction over a scalar (or an unknown normaliser) has the numerator's shape. */
export function fractionShape(top: Shape | null, bottom: Shape | null): Shape | null {
  if (!top) return null;
  return !bottom || isScalar(bottom) ? top : null;
}

/** `\sum` has the shape of its summand; `\prod`, `\int` of a scalar are scalars; anything else is unknown. */
export function bigOperatorShape(op: string, summand: Shape | null): Shape | null {
  if (op === '\\sum') return summand;
  if (op === '\\bigoplus') return null;
  return summand && isScalar(summand) ? summand : null;
}

/** `\nabla_w`, `\nabla^2_w` (order 2) for a variable of shape `v`. */
export function gradientShape(v: Shape, order: number): Shape | null {
  if (order === 2) return isColumn(v) ? { rows: v.rows, cols: v.rows } : isScalar(v) ? v : null;
  return { rows: v.rows, cols: v.cols };
}

/** `|a|` of a scalar, or the determinant `|\Sigma|`: a scalar; of anything else unknown (elementwise). */
export function absoluteShape(s: Shape | null): Shape | null {
  const square = s && s.rows && s.cols && dimsCompatible(s.rows, s.cols) && s.rows !== null;
  return s && (isScalar(s) || square) ? SCALAR_SHAPE : null;
}

/** `\langle a, b\rangle`: two operands of one shape make a scalar. */
export function innerProductShape(items: (Shape | null)[]): Outcome {
  if (items.length !== 2) return UNKNOWN;
  const [a, b] = items;
  if (a && b && !a.kind && !b.kind && !isScalar(a) && !isScalar(b) && !shapesCompatible(a, b)) {
    return conflict(`an inner product needs equal shapes, got ${formatShape(a)} and ${formatShape(b)}`,
      [a.rowsFrom, b.rowsFrom]);
  }
  return known(SCALAR_SHAPE);
}

/** `\operatorname{tr}`, `\det`: a scalar of a square matrix. */
export function traceShape(name: string, s: Shape): Outcome {
  if (!isScalar(s) && s.rows && s.cols && !isSquare(s)) {
    return conflict(`${name === 'det' || name === 'logdet' ? 'a determinant' : 'a trace'} needs a square matrix, got ${formatShape(s)}`,
      [s.rowsFrom, s.colsFrom]);
  }
  return known(SCALAR_SHAPE);
}

/** `\operatorname{diag}`: a vector becomes a square matrix, a square matrix its diagonal. */
export function diagShape(s: Shape): Shape | null {
  if (isScalar(s)) return s;
  if (isColumn(s)) return { rows: s.rows, cols: s.rows };
  if (isSquare(s)) return { rows: s.rows, cols: ONE };
  return null;
}

/** The shape shared by the arguments of `\max(0, z)`: zeros and scalars adapt, disagreement is unknown. */
export function commonShape(items: (Shape | null)[]): Shape | null {
  let result: Shape | null = null;
  for (const s of items) {
    if (!s) return null;
    if (s.kind === 'zero') continue;
    if (!result) { result = s; continue; }
    if (isScalar(result) !== isScalar(s) || !shapesCompatible(result, s)) return null;
  }
  return result;
}

/**
 * Both sides of a relation must have one shape. Zeros, identities and a scalar against a matrix
 * (`w \ge 0`) are shorthand, not errors. Across a line break the left side is named by its tex.
 */
export function relationConflict(a: Shape, b: Shape, lineBefore?: string): ShapeConflict | undefined {
  if (a.kind || b.kind || isScalar(a) !== isScalar(b) || shapesCompatible(a, b)) return undefined;
  const rowsDiffer = !dimsCompatible(a.rows, b.rows);
  const origins = rowsDiffer ? [a.rowsFrom, b.rowsFrom] : [a.colsFrom, b.colsFrom];
  if (lineBefore !== undefined) {
    return {
      detail: `the line before ends with \`${lineBefore}\`, which is ${formatShape(a)}, but this side is ${formatShape(b)}`,
      origins,
    };
  }
  return { detail: `the left side is ${formatShape(a)} but the right side is ${formatShape(b)}`, origins };
}

/** `I_n` is n×n; `I` alone adapts to any square size. */
export function identityShape(n: Dim | null | undefined): Shape | null {
  if (n === undefined) return { rows: null, cols: null, kind: 'identity' };
  return n ? { rows: n, cols: n } : null;
}

/** `\mathbf{1}_n`, `\mathbf{0}_n`: a column of n ones or zeros (a zero adapts to any shape). */
export function constantVector(rows: Dim | null, zero: boolean): Shape {
  return zero ? { rows, cols: ONE, kind: 'zero' } : { rows, cols: ONE };
}
