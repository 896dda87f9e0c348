/**
 * Quick fixes from the rules' fixes, "Fix all mlnotes problems" as a source
 * action (usable from editor.codeActionsOnSave), and actions that insert a
 * suppression comment. Every action is one WorkspaceEdit: one undo step.
 */
import * as vscode from 'vscode';
import { engine } from './lazy';
import { isTooLarge, type AnalyzedNote, type NoteService } from './notes';
import { originOf, toWorkspaceEdit } from './convert';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('mlnotes');

export class NoteCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly notes: NoteService) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (isTooLarge(document)) return [];
    const actions: vscode.CodeAction[] = [];
    if (!context.only || context.only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(context.only)) {
      for (const diagnostic of context.diagnostics.filter((d) => d.source === 'mlnotes')) {
        actions.push(...this.quickFixes(document, diagnostic));
      }
    }
    if (!context.only || FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND)) {
      // The light bulb asks after every edit and cursor move: it is answered from the last analysis,
      // so typing is not linted outside the debounce; asked for (on save, from the menu), the current version is.
      const lightBulb = !context.only && context.triggerKind === vscode.CodeActionTriggerKind.Automatic;
      const fixAll = await this.fixAll(document, lightBulb);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  private quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const origin = originOf(diagnostic);
    const actions: vscode.CodeAction[] = [];
    if (origin?.fix) {
      const action = new vscode.CodeAction(origin.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document.uri, [origin.fix]);
      action.diagnostics = [diagnostic];
      action.isPreferred = origin.fix.preferred ?? false;
      actions.push(action);
    }
    const rule = ruleOf(diagnostic);
    if (rule) actions.push(disableForLine(document, diagnostic, rule), disableForFile(document, diagnostic, rule));
    return actions;
  }

  /**
   * Offered whenever a safe fix exists; its edit (all safe fixes, applied in
   * passes until stable, as one edit of the whole text) is only computed when
   * the action is chosen, not on every light bulb request.
   */
  private async fixAll(document: vscode.TextDocument, lastAnalysis: boolean): Promise<vscode.CodeAction | undefined> {
    const note = lastAnalysis ? this.notes.latest(document) : await this.notes.analyze(document);
    if (!note?.diagnostics.some((d) => d.fix?.safe)) return undefined;
    return new FixAllAction(document);
  }

  async resolveCodeAction(action: vscode.CodeAction): Promise<vscode.CodeAction> {
    if (!(action instanceof FixAllAction)) return action;
    const { document } = action;
    const note = await this.notes.analyze(document);
    const text = document.getText();
    const fixed = engine().applyFixes(text, note.diagnostics, { safeOnly: true, reparse: (next: string) => this.relint(next, note) });
    if (fixed !== text) {
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), fixed);
    }
    return action;
  }

  private relint(text: string, note: AnalyzedNote) {
    return this.notes.lintText(text, note.config);
  }
}

class FixAllAction extends vscode.CodeAction {
  constructor(readonly document: vscode.TextDocument) {
    super(vscode.l10n.t('Fix all mlnotes problems in this file'), FIX_ALL_KIND);
  }
}

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

function disableForLine(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, rule: string): vscode.CodeAction {
  const line = document.lineAt(diagnostic.range.start.line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const action = new vscode.CodeAction(vscode.l10n.t({ message: 'Disable {0} for this line', args: [rule], comment: ['{0} is a rule id such as step-rule, not translated'] }), vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, line.range.start, `${indent}<!-- mlnotes-disable-next-line ${rule} -->${eol(document)}`);
  action.diagnostics = [diagnostic];
  return action;
}

function disableForFile(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, rule: string): vscode.CodeAction {
  const action = new vscode.CodeAction(vscode.l10n.t({ message: 'Disable {0} for this file', args: [rule], comment: ['{0} is a rule id such as step-rule, not translated'] }), vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  action.edit.insert(document.uri, fileCommentPosition(document), `<!-- mlnotes-disable-file ${rule} -->${eol(document)}`);
  action.diagnostics = [diagnostic];
  return action;
}

/** After the front matter, if any, so it stays the first thing in the file. */
function fileCommentPosition(document: vscode.TextDocument): vscode.Position {
  if (document.lineCount > 0 && document.lineAt(0).text.trim() === '---') {
    for (let line = 1; line < document.lineCount; line++) {
      const text = document.lineAt(line).text.trim();
      if (text === '---' || text === '...') return new vscode.Position(line + 1, 0);
    }
  }
  return new vscode.Position(0, 0);
}

function eol(document: vscode.TextDocument): string {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}
