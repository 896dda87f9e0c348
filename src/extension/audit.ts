/**
 * The audit status bar item for the active note, and the read-only
 * "ML Notes: Audit report" document it opens.
 */
import * as vscode from 'vscode';
import { engine } from './lazy';
import { isTooLarge, type NoteService, type AnalyzedNote } from './notes';
import type { DiagnosticsPublisher } from './diagnostics';
import { isMarkdown, lintScope } from './diagnostics';

export const REPORT_SCHEME = 'mlnotes-report';

export class AuditStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('mlnotes.audit', vscode.StatusBarAlignment.Left, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private shown = false;

  constructor(private readonly notes: NoteService, publisher: DiagnosticsPublisher) {
    this.item.name = vscode.l10n.t('ML Notes audit');
    this.item.command = 'mlnotes.showAuditReport';
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      publisher.onDidPublish((note) => {
        if (note.uri === vscode.window.activeTextEditor?.document.uri.toString()) this.show(note);
      }),
    );
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isMarkdown(document) || lintScope(document.uri) === 'off' || isTooLarge(document)) {
      this.hide();
      return;
    }
    this.show(await this.notes.analyze(document));
  }

  private show(note: AnalyzedNote): void {
    if (!note.model.format || note.tooLarge) {
      this.hide();
      return;
    }
    const { auditStatusText, auditStatusTooltip, computeAudit } = engine();
    const audit = computeAudit(note.model, note.diagnostics);
    this.item.text = `$(checklist) ${auditStatusText(audit)}`;
    this.item.tooltip = auditStatusTooltip(audit);
    this.item.show();
    this.shown = true;
  }

  private hide(): void {
    this.item.hide();
    this.shown = false;
  }

  /** The text shown, or undefined while hidden. */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  /** The tooltip shown, or undefined while hidden. */
  get tooltip(): string | undefined {
    return this.shown && typeof this.item.tooltip === 'string' ? this.item.tooltip : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** Serves `mlnotes-report:` documents: read-only by construction. */
export class AuditReportProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly notes: NoteService) {}

  static uriFor(note: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${basename(note)} audit.md`, query: note.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const noteUri = vscode.Uri.parse(uri.query);
    const document = await vscode.workspace.openTextDocument(noteUri);
    const note = await this.notes.analyze(document);
    const { computeAudit, renderAuditReport } = engine();
    const audit = computeAudit(note.model, note.diagnostics);
    return renderAuditReport(audit, {
      title: basename(noteUri),
      lineLink: (line) => noteUri.with({ fragment: `L${line + 1}` }).toString(),
    });
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}

export async function showAuditReport(provider: AuditReportProvider): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isMarkdown(editor.document) || editor.document.uri.scheme === REPORT_SCHEME) {
    void vscode.window.showInformationMessage(vscode.l10n.t('ML Notes: open a note to see its audit report.'));
    return undefined;
  }
  const uri = AuditReportProvider.uriFor(editor.document.uri);
  provider.refresh(uri);
  const report = await vscode.workspace.openTextDocument(uri);
  // As Markdown source: the built-in Markdown preview shows nothing for a virtual document (seen in VS Code 1.139).
  await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  return report;
}
