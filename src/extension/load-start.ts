/**
 * When the bundle started to run its modules: imported first by
 * extension.ts, so this module is evaluated before any other of ours or our
 * dependencies'. `activate` reports the time from here (for bench:vscode).
 */
export const loadStarted = performance.now();
