import * as vscode from 'vscode';
import { registerNewNoteCommands } from './newNote';
import { registerPreview } from './preview';
import { registerLinting } from './linting';

export function activate(context: vscode.ExtensionContext): ReturnType<typeof registerPreview> {
  registerNewNoteCommands(context);
  registerLinting(context);
  void context;
  return registerPreview(context);
}

export function deactivate(): void {}
