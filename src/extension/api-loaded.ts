/**
 * When VS Code had made the extension's API object: the first `require('vscode')`
 * of the bundle, here, is where the extension host builds it (every
 * namespace, for this extension). Imported second by extension.ts, so the
 * bench can tell that part of the evaluation (VS Code's) from our modules'.
 */
import 'vscode';

export const apiLoaded = performance.now();
