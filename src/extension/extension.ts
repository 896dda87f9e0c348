import * as vscode from 'vscode';
import { registerNewNoteCommands } from './newNote';
import { registerPreview } from './preview';
import { registerLinting } from './linting';

export function activate(context: vscode.ExtensionContext): ReturnType<typeof registerPreview> {
  registerNewNoteCommands(context);
  // One parse and lint per document version, shared by diagnostics, hovers, the audit and the preview.
  const notes = registerLinting(context);
  return registerPreview(context, notes);
}

export function deactivate(): void {}
