/**
 * A bounded cache of a pure function of one string, for what the linter reads
 * from each formula's TeX (symbols, declarations): a re-lint after an edit
 * meets the same formulas again, as the KaTeX check cache does. Like that
 * cache it is cleared when it grows past `maxEntries`, so memory stays
 * bounded on notes with more distinct formulas than that. Results are
 * shared between callers: they are read-only.
 */
export function memoizeText<T>(compute: (text: string) => T, maxEntries = 20000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const cached = cache.get(text);
    if (cached !== undefined) return cached;
    if (cache.size >= maxEntries) cache.clear();
    const result = compute(text);
    cache.set(text, result);
    return result;
  };
}
