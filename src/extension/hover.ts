/** Hovers: the core's hover text for symbols, references and shapes. */
import * as vscode from 'vscode';
import { isTooLarge, type NoteService } from './notes';
import { engine } from './lazy';
import { toRange } from './convert';
import { timed } from './timings';

export class NoteHoverProvider implements vscode.HoverProvider {
  constructor(private readonly notes: NoteService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (isTooLarge(document)) return undefined;
    const note = await this.notes.analyze(document);
    const found = timed('hover: mlnotes provider', () => engine().hoverAt(note.model, { line: position.line, character: position.character }));
    if (!found) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(found.markdown), toRange(found.range));
  }
}
