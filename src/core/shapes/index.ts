/**
 * Dimension checking of linear algebra in math spans, from the note's own
 * declarations. Pure functions over a tex string and a ShapeEnv, so they are
 * usable (and testable) without a NoteModel.
 */
import { analyzeShapes, wholeShape, type ShapeProblem } from './infer';
import { createShapeEnv, mayUseDeclared, type ShapeEnv } from './env';
import { formatShape, type Shape } from './shape';

export { shapeFromDomain, type DomainShape, type MapShape } from './domain';
export { createShapeEnv, declareShape, mayUseDeclared, symbolKey, type ShapeEnv, type ShapeBinding, type DeclaredDomain } from './env';
export { formatShape, formatDim, isScalar, type Shape, type Dim } from './shape';
export type { ShapeProblem, ShapedNode } from './infer';

/** The shape of `tex` as one expression, or null when it is unknown (or not one expression). */
export function inferShape(tex: string, env: ShapeEnv): Shape | null {
  return wholeShape(tex, env);
}

/** Every dimension error in `tex`; relations (`=`, `\le`, …) must join sides of one shape. */
export function checkMath(tex: string, env: ShapeEnv): ShapeProblem[] {
  if (!mayUseDeclared(env, tex)) return [];
  return analyzeShapes(tex, env).problems;
}

export interface ShapeAt {
  /** Offsets of the sub-expression in the tex. */
  start: number;
  end: number;
  /** The sub-expression as written. */
  expression: string;
  shape: Shape;
  /** `d×1`, `scalar`, … */
  label: string;
}

/** The innermost sub-expression with a known shape under `offset` (for hovers). */
export function shapeAt(tex: string, env: ShapeEnv, offset: number): ShapeAt | undefined {
  if (!mayUseDeclared(env, tex)) return undefined;
  let best: { start: number; end: number; shape: Shape } | undefined;
  for (const node of analyzeShapes(tex, env, true).nodes) {
    if (offset < node.start || offset >= node.end) continue;
    if (!best || node.end - node.start < best.end - best.start) best = node;
  }
  if (!best) return undefined;
  return {
    start: best.start, end: best.end, expression: tex.slice(best.start, best.end), shape: best.shape,
    label: formatShape(best.shape),
  };
}

/** Convenience for callers holding `{symbol: domain}` pairs. */
export function envFromDomains(domains: Record<string, string>): ShapeEnv {
  return createShapeEnv(domains);
}
