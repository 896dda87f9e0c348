// First: its time is when the bundle's modules started to be evaluated.
import { loadStarted } from './load-start';
// Second: VS Code builds the extension's API object on the first require of 'vscode'.
import { apiLoaded } from './api-loaded';
import * as vscode from 'vscode';
import { registerNewNoteCommands } from './newNote';
import { registerPreview } from './preview';
import { registerLinting } from './linting';
import { takeTimings } from './timings';
import { engineLoadMs } from './lazy';

// Every import above has been evaluated: the bundle's modules are done. VS Code
// then builds the extension's context (storage, secrets: round trips to the
// workbench) before it calls activate(), which is not ours to time.
const evaluated = performance.now();

export function activate(context: vscode.ExtensionContext): ReturnType<typeof registerPreview> {
  const started = performance.now();
  registerNewNoteCommands(context);
  // One parse and lint per document version, shared by diagnostics, hovers, the audit and the preview.
  // Nothing here loads the engine (parser, linter, renderer): the first analysis does (./lazy.ts).
  const notes = registerLinting(context);
  const api = registerPreview(context, notes);
  const activateMs = performance.now() - started;
  // For `npm run bench:vscode`: how long activate() took, evaluating the bundle's modules, and VS Code's wait between them.
  const apiMs = apiLoaded - loadStarted;
  const evaluateMs = evaluated - apiLoaded;
  const contextMs = started - evaluated;
  context.subscriptions.push(
    vscode.commands.registerCommand('mlnotes._test.activateMs', () => activateMs),
    vscode.commands.registerCommand('mlnotes._test.evaluateMs', () => evaluateMs),
    vscode.commands.registerCommand('mlnotes._test.contextMs', () => contextMs),
    vscode.commands.registerCommand('mlnotes._test.apiMs', () => apiMs),
    // The engine is not part of activation: it loads on first use (src/extension/lazy.ts).
    vscode.commands.registerCommand('mlnotes._test.engineLoadMs', engineLoadMs),
    vscode.commands.registerCommand('mlnotes._test.timings', takeTimings),
  );
  return api;
}

export function deactivate(): void {}
