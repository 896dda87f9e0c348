/**
 * Structural equality of model data, for what an edit or a config change
 * left as it was: the incremental analysis (a rule's inputs), the model
 * patch (the data of a window) and the lint's kept rule settings.
 */

/** A record (parse/records.ts) that tells whether another of its class gives the same data (toJSON) without building it. */
interface Comparable { sameData(other: unknown): boolean }

/**
 * Primitives, arrays, plain objects, and records of one class by the data
 * they give (`sameData`); anything else only when it is the same object.
 */
export function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalData(a[i], b[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(a) as unknown;
  if (Object.getPrototypeOf(b) !== proto || Array.isArray(b)) return false;
  if (proto !== Object.prototype && proto !== null) {
    return typeof (a as Partial<Comparable>).sameData === 'function' && (a as Comparable).sameData(b);
  }
  let keys = 0;
  for (const key in a) {
    keys++;
    if (!Object.prototype.hasOwnProperty.call(b, key) || !equalData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  for (const _key in b) keys--;
  return keys === 0;
}
