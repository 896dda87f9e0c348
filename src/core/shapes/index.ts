/**
 * Dimension checking of linear algebra in math spans, from the note's own
 * declarations. Pure functions over a tex string and a ShapeEnv, so they are
 * usable (and testable) without a NoteModel.
 */
import { wholeShape, type ShapeProblem } from './infer';
import { createShapeEnv, mayUseDeclared, type ShapeEnv } from './env';
import type { Shape } from './shape';
import { shapeAtOffset, type ShapeAt } from './query';
import { sharedShapeCache } from './cache';

export { shapeFromDomain, type DomainShape, type MapShape } from './domain';
export { createShapeEnv, declareShape, mayUseDeclared, symbolKey, type ShapeEnv, type ShapeBinding, type DeclaredDomain } from './env';
export { formatShape, formatDim, isScalar, type Shape, type Dim } from './shape';
export type { ShapeProblem, ShapedNode } from './infer';
export type { ShapeAt } from './query';
export { ShapeCache, sharedShapeCache } from './cache';
export { DeclarationScope, shapeEnvironmentAt, shapeAtPosition, texOffsetAt, type ShapeAtPosition } from './scope';

/** The shape of `tex` as one expression, or null when it is unknown (or not one expression). */
export function inferShape(tex: string, env: ShapeEnv): Shape | null {
  return wholeShape(tex, env);
}

/** Every dimension error in `tex`; relations (`=`, `\le`, …) must join sides of one shape. Kept per formula (see ShapeCache). */
export function checkMath(tex: string, env: ShapeEnv): readonly ShapeProblem[] {
  if (!mayUseDeclared(env, tex, env.problemBases)) return [];
  return sharedShapeCache.problems(tex, env);
}

/** The innermost sub-expression with a known shape under `offset` in `tex` (for hovers). */
export function shapeAt(tex: string, env: ShapeEnv, offset: number): ShapeAt | undefined {
  return shapeAtOffset(tex, env, offset);
}

/** Convenience for callers holding `{symbol: domain}` pairs. */
export function envFromDomains(domains: Record<string, string>): ShapeEnv {
  return createShapeEnv(domains);
}
