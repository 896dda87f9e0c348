/**
 * Shape problems per formula, kept across lints as KaTeX's check results are:
 * the editor lints a note again on every edit, and most of its formulas and
 * the declarations they use have not changed. An entry holds while every
 * lookup its analysis made of the environment (declared bases, bindings)
 * finds the same thing, so a kept result is the one a new analysis would give.
 */
import { analyzeShapes, type EnvironmentReads, type ShapeProblem } from './infer';
import type { ShapeBinding, ShapeEnv } from './env';
import type { MapShape } from './domain';
import type { Dim, Origin, Shape } from './shape';

interface Entry { reads: EnvironmentReads; problems: ShapeProblem[] }

export class ShapeCache {
  /** One entry per formula text: the environment of its last analysis. */
  private readonly entries = new Map<string, Entry>();
  readonly stats = { analyses: 0, hits: 0 };

  constructor(private readonly maxEntries = 20000) {}

  /** The shape problems of `tex` under `env` (read-only: shared with later calls). */
  problems(tex: string, env: ShapeEnv): readonly ShapeProblem[] {
    const cached = this.entries.get(tex);
    if (cached && readsHold(cached.reads, env)) {
      this.stats.hits++;
      return cached.problems;
    }
    if (!cached && this.entries.size >= this.maxEntries) this.entries.clear();
    this.stats.analyses++;
    const reads: EnvironmentReads = { bases: [], bindings: [] };
    const problems = analyzeShapes(tex, env, false, reads).problems;
    reads.bindings = firstOfEachKey(reads.bindings);
    this.entries.set(tex, { reads, problems });
    return problems;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The cache the lint uses; `clear()` it to measure a first lint. */
export const sharedShapeCache = new ShapeCache();

/** The parse looks a key up again and again (`x_i` in a sum); the environment is the same each time. */
function firstOfEachKey(reads: EnvironmentReads['bindings']): EnvironmentReads['bindings'] {
  const seen = new Set<string>();
  const first: EnvironmentReads['bindings'] = [];
  for (const read of reads) {
    if (seen.has(read.key)) continue;
    seen.add(read.key);
    first.push(read);
  }
  return first;
}

function readsHold(reads: EnvironmentReads, env: ShapeEnv): boolean {
  // Index loops: this runs for every formula of every lint.
  const { bases, bindings } = reads;
  for (let i = 0; i < bases.length; i++) if (env.bases.has(bases[i].text) !== bases[i].declared) return false;
  for (let i = 0; i < bindings.length; i++) if (!sameBinding(env.bindings.get(bindings[i].key), bindings[i].binding)) return false;
  return true;
}

/** Equal as the analysis reads them (a new lint builds new binding objects from the same declarations). */
function sameBinding(a: ShapeBinding | undefined, b: ShapeBinding | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.symbol === b.symbol && a.domain === b.domain && sameShape(a.shape, b.shape) && sameMap(a.map, b.map);
}

// Each first compares identity: a binding's shape is the memoized reading of its domain (shapeFromDomain), the same object from lint to lint.
function sameMap(a: MapShape | undefined, b: MapShape | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return sameShape(a.from, b.from) && sameShape(a.to, b.to);
}

function sameShape(a: Shape | null | undefined, b: Shape | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.kind === b.kind && sameDim(a.rows, b.rows) && sameDim(a.cols, b.cols)
    && sameOrigin(a.rowsFrom, b.rowsFrom) && sameOrigin(a.colsFrom, b.colsFrom);
}

function sameOrigin(a: Origin | undefined, b: Origin | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.symbol === b.symbol && a.domain === b.domain;
}

/** The same terms in the same order (messages print them in that order). */
function sameDim(a: Dim | null, b: Dim | null): boolean {
  if (a === b || (a && b && a.terms === b.terms && a.c === b.c)) return true;
  if (!a || !b || a.c !== b.c) return false;
  const names = Object.keys(a.terms);
  const others = Object.keys(b.terms);
  if (names.length !== others.length) return false;
  for (let i = 0; i < names.length; i++) {
    if (names[i] !== others[i] || a.terms[names[i]] !== b.terms[names[i]]) return false;
  }
  return true;
}
