import * as vscode from 'vscode';
import { registerNewNoteCommands } from './newNote';
import { registerPreview } from './preview';

export function activate(context: vscode.ExtensionContext): ReturnType<typeof registerPreview> {
  registerNewNoteCommands(context);
  void context;
  return registerPreview(context);
}

export function deactivate(): void {}
