/**
 * How long each stage of the work an edit causes takes in the extension
 * host (lint: parse, rules, conversion, publishing; preview: render,
 * posting), kept for the last edits. `npm run bench:vscode` reads them
 * through the `mlnotes._test.timings` command; nothing else does.
 */
const KEPT = 50;
const stages = new Map<string, number[]>();

/** Runs `work`, recording its duration under `stage`. */
export function timed<T>(stage: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    record(stage, performance.now() - start);
  }
}

export function record(stage: string, ms: number): void {
  const list = stages.get(stage) ?? [];
  list.push(ms);
  if (list.length > KEPT) list.shift();
  stages.set(stage, list);
}

/** Every stage's recorded durations since the last call, which forgets them. */
export function takeTimings(): Record<string, number[]> {
  const taken = Object.fromEntries(stages);
  stages.clear();
  return taken;
}
