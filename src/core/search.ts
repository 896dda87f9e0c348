/**
 * Binary search over items sorted by a key (offsets, lines, indices): a step
 * reads its own statements and tags, a rule that reads one section finds its
 * math and paragraphs, without reading every item of the note.
 */

/** Index of the first item whose key is at least `value` (items.length if none). */
export function firstIndexFrom<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (key(items[mid]) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
