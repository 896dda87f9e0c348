import * as vscode from 'vscode';
import { registerNewNoteCommands } from './newNote';
import { registerPreview } from './preview';
import { registerLinting } from './linting';
import { takeTimings } from './timings';

export function activate(context: vscode.ExtensionContext): ReturnType<typeof registerPreview> {
  const started = performance.now();
  registerNewNoteCommands(context);
  // One parse and lint per document version, shared by diagnostics, hovers, the audit and the preview.
  const notes = registerLinting(context);
  const api = registerPreview(context, notes);
  const activateMs = performance.now() - started;
  // For `npm run bench:vscode`: how long activate() took.
  context.subscriptions.push(
    vscode.commands.registerCommand('mlnotes._test.activateMs', () => activateMs),
    vscode.commands.registerCommand('mlnotes._test.timings', takeTimings),
  );
  return api;
}

export function deactivate(): void {}
