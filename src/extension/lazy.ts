/**
 * Loads the analysis and rendering engine (./engine.ts) the first time
 * anything needs it, not at activation: activation then costs only the glue
 * (the target is 50 ms; evaluating the engine alone is several times
 * that). How long the load took is kept for `npm run bench:vscode`.
 */
import { record } from './timings';

type Engine = typeof import('./engine');

let loaded: Engine | undefined;
let loadMs: number | undefined;

export function engine(): Engine {
  if (!loaded) {
    const start = performance.now();
    // A require, not an import: an import would be evaluated with this module, at activation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('./engine') as Engine;
    loadMs = performance.now() - start;
    record('engine: load (first use)', loadMs);
  }
  return loaded;
}

/** How long loading the engine took, or undefined while nothing has needed it. */
export function engineLoadMs(): number | undefined {
  return loadMs;
}
