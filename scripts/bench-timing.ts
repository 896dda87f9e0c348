// Timing for `npm run bench`: wall-clock medians of interleaved rounds.
// Targets are reported by the benches, never asserted.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one call, in ms. */
export function wallTime(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export interface Case {
  fn: () => void;
  /** Runs untimed before every call. */
  before?: () => void;
  /** Calls per round for this case (default: the `batch` given to `interleaved`). */
  batch?: number;
}

/**
 * Time per call of each case: the median over `rounds` of the mean time of a
 * batch of `batch` calls, after one warm-up round. Rounds interleave the
 * cases, so each sees the same machine load. Within a round a case makes its
 * calls back to back, so it pays for the young-generation collections its
 * own garbage causes (one every few calls at 1×) instead of leaving them to
 * whichever case runs next. A case may set its own batch.
 */
export function interleaved<K extends string>(rounds: number, cases: Record<K, Case>, batch = 1): Record<K, number> {
  const names = Object.keys(cases) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = -1; round < rounds; round++) {
    for (const name of names) {
      const calls = cases[name].batch ?? batch;
      let total = 0;
      for (let call = 0; call < calls; call++) {
        cases[name].before?.();
        total += wallTime(cases[name].fn);
      }
      if (round >= 0) times[name].push(total / calls);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<K, number>;
}

/** Median time per call of `fn` alone (see `interleaved`). */
export function medianTime(fn: () => void, rounds: number, before?: () => void, batch = 1): number {
  return interleaved(rounds, { only: { fn, before } }, batch).only;
}
