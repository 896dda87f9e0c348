// Adversarial inputs (issue 17): for each family of scripts/adversarial.ts, at
// 1 MB and 5 MB, a lint (parse + every rule) and a render, each in a fresh
// Node process so its peak RSS is its own. At 5 MB, where the targets are,
// each runs three times and the median is reported, with the range: on these
// machines one run of the same build varied by a third from the next. The render is `mlnotes render -o`:
// the page written to a file in pieces. Wall time is what a user waits; CPU
// time is what the work costs on a busy machine.
// Both run the built code users run (dist/engine.js, the extension's engine,
// and dist/cli.js, the CLI), not the sources through tsx: tsx wraps every
// function it creates to keep its name, so closures made in hot loops cost up
// to twice as much there (lint of 5 MB of list items: 6.6 s CPU through tsx,
// 3.2 s bundled), in a plain Node process (scripts/adversarial-child.cjs), as
// users run the CLI. `npm run bench` builds first.
// Alone: `npm run build && node --import tsx scripts/bench-adversarial.ts [--mb 1,5] [--family TEXT] [--step lint|render]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench, Measurement } from './bench';
import { FAMILIES, adversarialText, type Family } from './adversarial';
import { median } from './bench-timing';

const MB = 1024 * 1024;
const SIZES = [1 * MB, 5 * MB];
/** Targets of issue 17 at 5 MB. */
const MAX_MS = 3000;
const MAX_RSS_MB = 600;

type Step = 'lint' | 'render';
export interface AdversarialFigures { wallMs: number; cpuMs: number; peakRssMB: number }

/** Lints or renders `family` at `bytes`, `runs` times, each in a fresh Node process. */
export function runAdversarial(family: Family, bytes: number, step: Step, runs = 1): AdversarialFigures[] {
  const dir = mkdtempSync(join(tmpdir(), 'mlnotes-adversarial-'));
  try {
    const file = join(dir, 'note.md');
    writeFileSync(file, adversarialText(family, bytes));
    return Array.from({ length: runs }, () => runChild<AdversarialFigures>(file, [step], `adversarial bench (${family.name}, ${step})`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run of scripts/adversarial-child.cjs on `file` with `args`, in a fresh Node process: the figures it prints. */
export function runChild<T>(file: string, args: string[], what: string): T {
  const child = spawnSync(process.execPath, [resolve(__dirname, 'adversarial-child.cjs'), file, ...args], {
    cwd: resolve(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`${what} failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as T;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function sizeLabel(bytes: number): string {
  return bytes >= MB ? `${round(bytes / MB)} MB` : `${round(bytes / 1024)} KB`;
}

function measurements(families: Family[], sizes: number[], targets: boolean, steps: Step[] = ['lint', 'render']): Measurement[] {
  const out: Measurement[] = [];
  for (const family of families) {
    for (const bytes of sizes) {
      for (const step of steps) {
        const atTarget = targets && bytes === 5 * MB;
        const runs = runAdversarial(family, bytes, step, atTarget ? 3 : 1);
        const wall = runs.map((f) => f.wallMs);
        const range = runs.length > 1 ? `, median of ${runs.length}: ${round(Math.min(...wall))}–${round(Math.max(...wall))} ms` : '';
        const label = `${step}, ${family.name}, ${sizeLabel(bytes)}`;
        out.push(
          { name: `${label}, time`, value: round(median(wall)), unit: 'ms', max: atTarget ? MAX_MS : undefined, note: `CPU ${round(median(runs.map((f) => f.cpuMs)))} ms${range}` },
          { name: `${label}, peak RSS`, value: round(median(runs.map((f) => f.peakRssMB))), unit: 'MB', max: atTarget ? MAX_RSS_MB : undefined },
        );
      }
    }
  }
  return out;
}

export const adversarialBench: Bench = {
  name: 'adversarial inputs',
  run: () => measurements(FAMILIES, SIZES, true),
};

async function main(argv: string[]): Promise<void> {
  let sizes = SIZES;
  let families = FAMILIES;
  let steps: Step[] = ['lint', 'render'];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--mb') sizes = argv[++i].split(',').map((mb) => Number(mb) * MB);
    else if (argv[i] === '--family') { const text = argv[++i]; families = FAMILIES.filter((f) => f.name.includes(text)); }
    else if (argv[i] === '--step' && ['lint', 'render'].includes(argv[i + 1])) steps = [argv[++i] as Step];
    else throw new Error(`unknown option ${argv[i]} (expected --mb N[,N…], --family TEXT, --step lint|render)`);
  }
  for (const m of measurements(families, sizes, true, steps)) {
    const target = m.max === undefined ? '' : `  (target ≤ ${m.max} ${m.unit}: ${m.value <= m.max ? 'met' : 'NOT met'})`;
    console.log(`${m.name.padEnd(78)} ${String(m.value).padStart(9)} ${m.unit}${target}${m.note ? `  ${m.note}` : ''}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => { console.error(error); process.exitCode = 1; });
}
