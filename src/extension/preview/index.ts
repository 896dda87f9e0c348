/**
 * The live preview: "ML Notes: Open preview to the side", follows the active
 * note (or stays locked on one), comes back after a window reload, exports
 * HTML, and lends its renderer to VS Code's own Markdown preview.
 */
import * as vscode from 'vscode';
import { engine } from '../lazy';
import type { MarkdownIt } from '../../core/markdown';
import type { PersistedState } from '../../core/render/protocol';
import { exportHtml } from './export';
import { PREVIEW_VIEW_TYPE, PreviewPanel, type PreviewSource } from './panel';
import { settings } from '../settings';

export type { PreviewSource } from './panel';

function isMarkdown(document: vscode.TextDocument): boolean {
  return document.languageId === 'markdown';
}

class PreviewManager implements vscode.Disposable {
  private readonly panels = new Set<PreviewPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly source: PreviewSource | undefined) {
    this.subscriptions.push(
      // Saving fires a change with no content change (only the dirty flag changed): not an edit.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.forDocument(event.document.uri).forEach((p) => p.edited(event.document));
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.forDocument(document.uri).forEach((p) => p.saved())),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        const line = event.visibleRanges[0]?.start.line;
        if (line !== undefined) this.forDocument(event.textEditor.document.uri).forEach((p) => p.editorScrolled(line));
      }),
      // The page's CSP changes with allowRemoteImages: a new page, not an update.
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mlnotes.preview.allowRemoteImages')) this.panels.forEach((p) => p.reload());
      }),
      // Settings, config files and custom formats, after the cached configs are dropped.
      source?.onDidChangeConfig?.(() => this.panels.forEach((p) => p.reconfigured())) ?? settings.onDidChange(() => this.panels.forEach((p) => p.reconfigured())),
    );
  }

  private forDocument(uri: vscode.Uri): PreviewPanel[] {
    return [...this.panels].filter((p) => p.documentUri.toString() === uri.toString());
  }

  /** The preview follows the active Markdown editor unless it is locked. */
  private follow(editor: vscode.TextEditor | undefined): void {
    if (!editor || !isMarkdown(editor.document)) return;
    for (const panel of this.panels) if (!panel.locked) panel.show(editor.document.uri);
  }

  add(panel: PreviewPanel): PreviewPanel {
    this.panels.add(panel);
    panel.onDidDispose(() => this.panels.delete(panel));
    return panel;
  }

  create(uri: vscode.Uri, locked: boolean, webviewPanel?: vscode.WebviewPanel): PreviewPanel {
    const panel = webviewPanel ?? vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, vscode.l10n.t('Preview'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableFindWidget: true });
    return this.add(new PreviewPanel(panel, uri, locked, this.context.extensionUri, this.source));
  }

  showToSide(uri: vscode.Uri): PreviewPanel {
    const existing = [...this.panels].find((p) => !p.locked) ?? this.forDocument(uri)[0];
    if (existing) {
      if (!existing.locked) existing.show(uri);
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    return this.create(uri, false);
  }

  /** The preview the user is looking at: the active one, else the only one. */
  current(): PreviewPanel | undefined {
    return [...this.panels].find((p) => p.panel.active) ?? (this.panels.size === 1 ? [...this.panels][0] : undefined);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.panels.forEach((p) => p.panel.dispose());
  }
}

function activeMarkdownUri(manager: PreviewManager, uri?: vscode.Uri): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const editor = vscode.window.activeTextEditor;
  if (editor && isMarkdown(editor.document)) return editor.document.uri;
  return manager.current()?.documentUri;
}

/**
 * Registers the preview. Returns the plugin for VS Code's built-in Markdown
 * preview; `activate` returns it as `extendMarkdownIt`.
 */
export function registerPreview(context: vscode.ExtensionContext, source?: PreviewSource): { extendMarkdownIt(md: MarkdownIt): MarkdownIt } {
  const manager = new PreviewManager(context, source);
  context.subscriptions.push(
    manager,
    vscode.commands.registerCommand('mlnotes.showPreviewToSide', (uri?: vscode.Uri) => {
      const target = activeMarkdownUri(manager, uri);
      if (!target) { void vscode.window.showWarningMessage(vscode.l10n.t('ML Notes: open a Markdown note to preview it.')); return; }
      manager.showToSide(target);
    }),
    vscode.commands.registerCommand('mlnotes.togglePreviewLock', () => manager.current()?.toggleLock()),
    vscode.commands.registerCommand('mlnotes.exportPreviewHtml', (uri?: vscode.Uri, target?: vscode.Uri) =>
      exportHtml(context.extensionUri, source, activeMarkdownUri(manager, uri), target)),
    // Test-only: the page's state and HTML, asked afresh; `{ click: selector }` clicks in the page first;
    // `{ version: n }` first waits until the page shows version n (or a later one); with `fresh: false`
    // that is all (the state the page reported then, no HTML: for the benchmark).
    vscode.commands.registerCommand('mlnotes._test.previewState', async (request?: { click?: string; double?: boolean; version?: number; fresh?: boolean }) => {
      const panel = manager.current();
      if (!panel) return undefined;
      if (request?.version !== undefined) {
        const shown = await panel.shown(request.version);
        if (request.fresh === false) return { uri: panel.documentUri.toString(), state: shown ? { version: request.version } : undefined, render: panel.lastRender, painted: panel.lastPainted };
      }
      const state = await panel.ask(request?.click ? { type: 'test.click', selector: request.click, double: request.double } : { type: 'test.report', html: true });
      const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(panel.panel.webview.html)?.[1];
      // What the page says it shows; no state when it did not answer (a page being replaced loses the request).
      return { uri: state?.uri ?? panel.documentUri.toString(), locked: panel.locked, state, html: state?.html ?? '', shared: panel.lastRenderShared, render: panel.lastRender, csp };
    }),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PersistedState | undefined) {
        if (!state?.uri) { panel.dispose(); return; }
        manager.create(vscode.Uri.parse(state.uri), state.locked ?? false, panel);
      },
    }),
  );
  const userMacros = () => settings.for().macros;
  return { extendMarkdownIt: (md: MarkdownIt) => engine().mlnotesMarkdownItPlugin(md, { macros: userMacros }) };
}
