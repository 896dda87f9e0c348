// Loading a bundle of the extension outside VS Code, with `vscode` stubbed:
// for the unit test that checks what activation loads, and for
// `npm run bench:vscode`, which times reading, compiling and evaluating the
// entry bundle (what comes before its first statement cannot be timed inside VS Code).
import Module from 'node:module';

/** Anything: any property of it, a call or `new` gives it again; iterating it gives nothing. */
export const anything: object = new Proxy(function () {}, {
  get: (_target, key) => (key === Symbol.iterator ? function* () {} : key === 'prototype' ? {} : anything),
  apply: () => anything,
  construct: () => anything,
  set: () => true,
});

/** Requires `file` with `vscode` stubbed: every name read from it is `anything` (esbuild copies the module onto an object of its prototype). */
export function requireWithStubbedVscode(file: string): unknown {
  const stub = Object.create(new Proxy({}, { get: () => anything }));
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) { return request === 'vscode' ? stub : original.call(this, request, ...rest); };
  try {
    return require(file);
  } finally {
    loader._load = original;
  }
}

// `node --import tsx scripts/vscode-test/vscode-stub.ts FILE`: prints how long requiring FILE took, in ms.
if (require.main === module) {
  const start = performance.now();
  requireWithStubbedVscode(process.argv[2]);
  console.log((performance.now() - start).toFixed(2));
}
