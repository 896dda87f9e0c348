/**
 * Structural equality of model data, for what an edit or a config change
 * left as it was: the incremental analysis (a rule's inputs), the model
 * patch (the data of a window) and the lint's kept rule settings.
 */

/** What a record's toJSON gives, worked out once per record (steps hold the spans of `math`; the next version compares them again). */
const recordsData = new WeakMap<object, unknown>();

function recordData(record: object): unknown {
  let data = recordsData.get(record);
  if (data === undefined) recordsData.set(record, (data = (record as { toJSON(): unknown }).toJSON()));
  return data;
}

/**
 * Primitives, arrays, plain objects, and records of one class by what their
 * toJSON gives (the data a reader sees); anything else only when it is the
 * same object.
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
    return typeof (a as { toJSON?: unknown }).toJSON === 'function' && equalData(recordData(a), recordData(b));
  }
  let keys = 0;
  for (const key in a) {
    keys++;
    if (!Object.prototype.hasOwnProperty.call(b, key) || !equalData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  for (const _key in b) keys--;
  return keys === 0;
}
