/**
 * Diagnostics while typing: lint on open, on change after a short debounce,
 * on config change; clear on close. Only the current version is ever
 * published, so a slow lint never shows stale results.
 */
import * as vscode from 'vscode';
import { isTooLarge, textLength, type NoteService, type AnalyzedNote } from './notes';
import type { ConfigService } from './config';
import { toDiagnostic } from './convert';
import { settings, type LintScope } from './settings';
import { record, timed } from './timings';

export type { LintScope };

export function lintScope(uri?: vscode.Uri): LintScope {
  return settings.for(uri).lint.enable;
}

export function isMarkdown(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown';
}

/** Which diagnostics a document shows under the scope setting. */
export function visibleDiagnostics(note: AnalyzedNote, scope: LintScope) {
  if (scope === 'off') return [];
  if (scope === 'notes' && !note.model.format) return [];
  return note.diagnostics;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('mlnotes');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly published = new Map<string, { version: number; at: number }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<AnalyzedNote>();
  /** Fires after a document's diagnostics were published (status bar, preview markers). */
  readonly onDidPublish = this.changed.event;

  constructor(private readonly notes: NoteService, configs: ConfigService, private readonly extensionUri: vscode.Uri) {
    this.subscriptions.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      // Fires for config files and every `mlnotes.*` setting, after the cached configs are dropped.
      configs.onDidChange(() => this.lintAll()),
      notes.onDidAnalyze(({ document, note }) => this.analyzedElsewhere(document, note)),
    );
    this.lintAll();
  }

  lintAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay = debounceMs(document.uri)): void {
    if (!isMarkdown(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.publish(document);
    }, delay));
  }

  private async publish(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const scope = lintScope(document.uri);
    if (scope === 'off') {
      this.collection.delete(document.uri);
      return;
    }
    if (timed('publish: size check', () => isTooLarge(document))) {
      this.collection.set(document.uri, [tooLargeDiagnostic(textLength(document), maxSizeKB(document.uri))]);
      return;
    }
    const version = document.version;
    const started = performance.now();
    const note = await this.notes.analyze(document);
    record('publish: analyze (config, parse, lint)', performance.now() - started);
    // The document changed while the config was read: the next scheduled lint publishes.
    if (document.isClosed || document.version !== version) return;
    this.show(document, note, scope);
  }

  /**
   * Someone else (the preview) had this version analysed before the debounce
   * ended: publish its diagnostics now, before that someone does its own work.
   */
  private analyzedElsewhere(document: vscode.TextDocument, note: AnalyzedNote): void {
    const key = document.uri.toString();
    if (!this.timers.has(key) || note.tooLarge || note.version !== document.version || document.isClosed) return;
    const scope = lintScope(document.uri);
    if (scope === 'off') return;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.show(document, note, scope);
  }

  private show(document: vscode.TextDocument, note: AnalyzedNote, scope: LintScope): void {
    const diagnostics = timed('publish: convert', () => visibleDiagnostics(note, scope).map((d) => toDiagnostic(d, document.uri, this.extensionUri)));
    timed('publish: set', () => this.collection.set(document.uri, diagnostics));
    this.published.set(document.uri.toString(), { version: note.version, at: performance.now() });
    timed('publish: listeners (status bar)', () => this.changed.fire(note));
  }

  /**
   * When the diagnostics of a document's version were handed to VS Code (the
   * extension host's clock), for `npm run bench:vscode`: VS Code delays the
   * extension host's diagnostics change event by 50 ms, not the editor's update.
   */
  publishedAt(uri: string): { version: number; at: number } | undefined {
    return this.published.get(uri);
  }

  private clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.published.delete(uri.toString());
    this.collection.delete(uri);
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function debounceMs(uri: vscode.Uri): number {
  return settings.for(uri).lint.debounceMs;
}

function maxSizeKB(uri: vscode.Uri): number {
  return settings.for(uri).lint.maxSizeKB;
}

/** Above the size limit the note is not linted, and the user is told why instead of waiting on a frozen editor. */
function tooLargeDiagnostic(size: number, limitKB: number): vscode.Diagnostic {
  const message = vscode.l10n.t({
    message: 'mlnotes did not lint this file: {0} KB is above mlnotes.lint.maxSizeKB ({1} KB).',
    args: [(size / 1024).toFixed(0), limitKB], comment: ['{0} and {1} are numbers of kilobytes; mlnotes.lint.maxSizeKB is a setting name, not translated'],
  });
  const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), message, vscode.DiagnosticSeverity.Information);
  diagnostic.source = 'mlnotes';
  diagnostic.code = 'file-too-large';
  return diagnostic;
}
