/** Wires the linter into VS Code: config, one analysis per version, diagnostics, fixes, hovers, audit. */
import * as vscode from 'vscode';
import { ConfigService } from './config';
import { settings } from './settings';
import { NoteService } from './notes';
import { DiagnosticsPublisher } from './diagnostics';
import { FIX_ALL_KIND, NoteCodeActions } from './codeActions';
import { NoteHoverProvider } from './hover';
import { AuditReportProvider, AuditStatus, REPORT_SCHEME, showAuditReport } from './audit';

const MARKDOWN: vscode.DocumentSelector = { language: 'markdown' };

export function registerLinting(context: vscode.ExtensionContext): NoteService {
  const configs = new ConfigService(settings);
  const notes = new NoteService(configs);
  const publisher = new DiagnosticsPublisher(notes, configs, context.extensionUri);
  const status = new AuditStatus(notes, publisher);
  const reports = new AuditReportProvider(notes);
  const codeActions = new NoteCodeActions(notes);
  context.subscriptions.push(
    settings, configs, notes, publisher, status,
    vscode.languages.registerCodeActionsProvider(MARKDOWN, codeActions, NoteCodeActions.metadata),
    vscode.languages.registerHoverProvider(MARKDOWN, new NoteHoverProvider(notes)),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.commands.registerCommand('mlnotes.showAuditReport', () => showAuditReport(reports)),
    vscode.commands.registerCommand('mlnotes.fixAll', () => fixAll(codeActions)),
    // For the integration tests: the status bar's text cannot be read through the API.
    vscode.commands.registerCommand('mlnotes.auditStatusText', () => status.text),
    vscode.commands.registerCommand('mlnotes.auditStatusTooltip', () => status.tooltip),
    // For `npm run bench:vscode`: when a document's diagnostics were last handed to VS Code.
    vscode.commands.registerCommand('mlnotes._test.publishedAt', (uri: string) => publisher.publishedAt(uri)),
  );
  return notes;
}

/** "ML Notes: Fix all problems in this file": the same edit as the source.fixAll.mlnotes action. */
async function fixAll(codeActions: NoteCodeActions): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return false;
  const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
  const context: vscode.CodeActionContext = { diagnostics: [], only: FIX_ALL_KIND, triggerKind: vscode.CodeActionTriggerKind.Invoke };
  const [offered] = await codeActions.provideCodeActions(editor.document, whole, context);
  const action = offered && await codeActions.resolveCodeAction(offered);
  if (!action?.edit) {
    void vscode.window.showInformationMessage(vscode.l10n.t('ML Notes: nothing to fix automatically in this file.'));
    return false;
  }
  return vscode.workspace.applyEdit(action.edit);
}
