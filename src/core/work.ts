/**
 * A count of the work the scanning loops do (characters scanned, lookup
 * steps), so tests can check that it grows linearly with the input without
 * timing anything. Counting is one addition per loop or lookup, never per
 * character, so it costs nothing measurable.
 */
let units = 0;

/** Adds `n` units of work (one per character scanned or lookup step). */
export function countWork(n: number): void {
  units += n;
}

/** The work counted since the process started; read it before and after a call. */
export function workDone(): number {
  return units;
}
