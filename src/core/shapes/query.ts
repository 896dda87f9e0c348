/** The shape under an offset of a tex string. */
import { analyzeShapes } from './infer';
import { mayUseDeclared, type ShapeEnv } from './env';
import { formatShape, type Shape } from './shape';

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

/** The innermost sub-expression with a known shape under `offset`. */
export function shapeAtOffset(tex: string, env: ShapeEnv, offset: number): ShapeAt | undefined {
  if (!mayUseDeclared(env, tex)) return undefined;
  const best = innermostNode(analyzeShapes(tex, env, true).nodes, offset);
  if (!best) return undefined;
  return {
    start: best.start, end: best.end, expression: tex.slice(best.start, best.end), shape: best.shape,
    label: formatShape(best.shape),
  };
}

/** Of a formula's shaped sub-expressions, the smallest one holding `offset`. */
export function innermostNode<T extends { start: number; end: number }>(nodes: readonly T[], offset: number): T | undefined {
  let best: T | undefined;
  for (const node of nodes) {
    if (offset < node.start || offset >= node.end) continue;
    if (!best || node.end - node.start < best.end - best.start) best = node;
  }
  return best;
}
