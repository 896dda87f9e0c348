/**
 * One preview panel: renders a document with its own KaTeX cache, patches
 * updates into the page, and keeps the editor and the page in step.
 */
import * as vscode from 'vscode';
import type { MarkdownToken } from '../../core/markdown';
import type { Range, Severity } from '../../core/types';
import { NoteRenderer, type DiagnosticMarker } from '../../core/render/render';
import { makeNonce, noteTitle, webviewPage, type PageBody } from '../../core/render/page';
import { fillSlots } from '../../core/render/html-policy';
import type { FromPage, PageState, ToPage } from '../../core/render/protocol';
import { classifyLink } from './links';
import { settings } from '../settings';

export const PREVIEW_VIEW_TYPE = 'mlnotes.preview';

/** What the preview needs from the shared analysis (the NoteService's `AnalyzedNote` fits). */
export interface PreviewAnalysis {
  model: { tokens?: MarkdownToken[]; macros: Record<string, string> };
  diagnostics: { severity: Severity; message: string; range: Range }[];
  config?: { resolved?: { macros?: Record<string, string> } };
}

/** One parse and lint per document version, shared with the linter; `tokens` asks it to keep the parse's tokens. */
export interface PreviewSource {
  analyze(document: vscode.TextDocument, options?: { tokens?: boolean }): Promise<PreviewAnalysis>;
  /** Fires when a setting, a config file or a custom format changed (analyses made before are stale). */
  onDidChangeConfig?: vscode.Event<void>;
}

export function debounceMs(uri?: vscode.Uri): number {
  return settings.for(uri).preview.debounceMs;
}

/** Above this size the preview updates on save only, so typing in a huge note never waits for a re-render. */
export function maxSizeKB(uri?: vscode.Uri): number {
  return settings.for(uri).preview.maxSizeKB;
}

/** Remote (https) images are blocked unless the user allows them (the preview and the export alike). */
export function allowRemoteImages(uri?: vscode.Uri): boolean {
  return settings.for(uri).preview.allowRemoteImages;
}

export class PreviewPanel implements vscode.Disposable {
  private renderer = new NoteRenderer();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loaded = false;
  private waitingForSave = false;
  private wasVisible = true;
  private renderedVersion = -1;
  /** Settings or config changed since the last render: re-render even if the document did not change. */
  private configChanged = false;
  /** The editor scroll our own reveal causes, to be ignored (line and deadline); any other editor scroll is followed. */
  private revealEcho = { line: -1, until: 0 };
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** The last state the page reported (for `mlnotes._test.previewState`). */
  lastState: PageState | undefined;
  lastHtml = '';
  /** The last render, sent again when a page says it is ready without it. */
  private lastBody: { html: string; slots?: PageBody['slots']; version: number; title: string } | undefined;
  /** Whether the last render reused the tokens of the parse shared with lint (for `mlnotes._test.previewState`). */
  lastRenderShared = false;
  private waiters: ((state: PageState) => void)[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private uri: vscode.Uri,
    public locked: boolean,
    private readonly extensionUri: vscode.Uri,
    private readonly source: PreviewSource | undefined,
  ) {
    this.configureWebview();
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromPage) => this.onMessage(message)),
      panel.onDidChangeViewState(() => {
        // A hidden webview is discarded and comes back with the first HTML it was given: reload it with the current render.
        if (panel.visible && !this.wasVisible) { this.loaded = false; this.renderedVersion = -1; this.schedule(0); }
        this.wasVisible = panel.visible;
      }),
    );
    this.updateTitle();
    void this.refresh();
  }

  get documentUri(): vscode.Uri { return this.uri; }

  private configureWebview(): void {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.uri, '..'),
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    this.panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: roots };
  }

  /** Builds the page anew (its CSP changes with mlnotes.preview.allowRemoteImages; an update keeps the old page). */
  reload(): void {
    this.loaded = false;
    this.renderedVersion = -1;
    this.schedule(0);
  }

  /** Shows another document (the active note changed); a locked preview stays. */
  show(uri: vscode.Uri): void {
    if (uri.toString() === this.uri.toString()) return;
    this.uri = uri;
    this.renderer = new NoteRenderer();
    this.loaded = false;
    this.renderedVersion = -1;
    this.configureWebview();
    this.updateTitle();
    void this.refresh();
  }

  toggleLock(): void {
    this.locked = !this.locked;
    this.updateTitle();
  }

  private updateTitle(): void {
    const name = this.uri.path.split('/').pop() ?? 'note';
    this.panel.title = `${this.locked ? '[Locked] ' : ''}Preview ${name}`;
  }

  /** An edit: re-render after the debounce, unless the note is above the size limit (then on save). */
  edited(document: vscode.TextDocument): void {
    const limit = maxSizeKB(this.uri);
    if (document.getText().length > limit * 1024) {
      if (!this.waitingForSave) {
        this.waitingForSave = true;
        this.post({ type: 'notice', text: `This note is larger than ${limit} KB (mlnotes.preview.maxSizeKB): the preview updates when you save.` });
      }
      return;
    }
    this.schedule();
  }

  /** A setting, config file or custom format changed: render the same version again with it. */
  reconfigured(): void {
    this.configChanged = true;
    this.schedule(0);
  }

  /** Saved: a large note's preview catches up. */
  saved(): void {
    this.schedule(0);
  }

  /** Re-render after the debounce; only the newest version is ever shown. */
  schedule(delay = debounceMs(this.uri)): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; void this.refresh(); }, delay);
  }

  private document(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
  }

  async refresh(): Promise<void> {
    const document = this.document() ?? await vscode.workspace.openTextDocument(this.uri).then((d) => d, () => undefined);
    if (!document) return;
    const version = document.version;
    if (this.loaded && version === this.renderedVersion && !this.configChanged) {
      this.clearSizeNotice(); // The page already shows this version: nothing waits for a save.
      return;
    }
    this.configChanged = false;
    const text = document.getText();
    let analysis: PreviewAnalysis | undefined;
    try {
      analysis = this.source ? await this.source.analyze(document, { tokens: true }) : undefined;
    } catch {
      analysis = undefined; // Render anyway: the preview never goes blank because lint failed.
    }
    if (document.version !== version) return; // A newer version is already scheduled.
    const userMacros = analysis?.config?.resolved?.macros ?? settings.for(this.uri).macros;
    const noteMacros = analysis && Object.keys(analysis.model.macros).length > 0 ? analysis.model.macros : undefined;
    const diagnostics: DiagnosticMarker[] = (analysis?.diagnostics ?? []).map((d) => ({ line: d.range.start.line, severity: d.severity, message: d.message }));
    const result = this.renderer.render(text, { macros: userMacros, noteMacros, diagnostics, slots: true }, analysis?.model.tokens);
    this.lastHtml = fillSlots(result.html, result.slots);
    this.lastBody = { html: result.html, slots: result.slots, version, title: noteTitle(text, this.uri.path.split('/').pop() ?? 'note') };
    this.lastRenderShared = analysis?.model.tokens !== undefined;
    this.renderedVersion = version;
    const title = noteTitle(text, this.uri.path.split('/').pop() ?? 'note');
    // The notice goes before the update: the page reports its state once the update is applied,
    // and that state must not still show a notice about a render that has already happened.
    this.clearSizeNotice();
    if (!this.loaded) {
      this.loaded = true;
      this.panel.webview.html = this.page({ html: result.html, slots: result.slots }, title, version);
    } else {
      this.post({ type: 'update', html: result.html, slots: result.slots, version, title });
    }
  }

  private clearSizeNotice(): void {
    if (!this.waitingForSave) return;
    this.waitingForSave = false;
    this.post({ type: 'notice' });
  }

  private page(body: PageBody, title: string, version: number): string {
    const webview = this.panel.webview;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', ...path)).toString();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const line = editor?.visibleRanges[0]?.start.line;
    return webviewPage({
      nonce: makeNonce(),
      cspSource: webview.cspSource,
      katexCssUri: asset('media', 'katex', 'katex.min.css'),
      previewCssUri: asset('webview', 'preview.css'),
      scriptUri: asset('webview', 'preview.js'),
      baseUri: `${webview.asWebviewUri(vscode.Uri.joinPath(this.uri, '..')).toString()}/`,
      title,
      body,
      settings: { uri: this.uri.toString(), version: String(version), locked: String(this.locked), ...(line === undefined ? {} : { line: String(line) }) },
      allowRemoteImages: allowRemoteImages(this.uri),
    });
  }

  post(message: ToPage): void {
    void this.panel.webview.postMessage(message);
  }

  /** The editor scrolled: follow it, unless this is the echo of the page moving the editor. */
  editorScrolled(line: number): void {
    const echo = this.revealEcho;
    if (Date.now() < echo.until && Math.abs(line - echo.line) <= 1) return;
    if (!settings.for(this.uri).preview.scrollSync) return;
    this.post({ type: 'scrollToLine', line });
  }

  /** Resolves with the next state the page reports (for tests), or undefined after `timeoutMs`. */
  nextState(timeoutMs = 5000): Promise<PageState | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.waiters.push((state) => { clearTimeout(timer); resolve(state); });
    });
  }

  private onMessage(message: FromPage): void {
    switch (message.type) {
      case 'ready':
      case 'rendered':
      case 'state': {
        // A page that came up empty (its first render arrives as data it could not show) gets it as an update.
        if (message.type === 'ready' && message.state.renders === 0 && message.state.katexCount === 0 && this.lastBody) this.post({ type: 'update', ...this.lastBody });
        this.lastState = message.state;
        const waiters = this.waiters;
        this.waiters = [];
        waiters.forEach((w) => w(message.state));
        break;
      }
      case 'revealLine':
        this.revealLine(message.line, false);
        break;
      case 'doubleClick':
        this.revealLine(message.line, true);
        break;
      case 'openLink':
        void this.openLink(message.href);
        break;
    }
  }

  private revealLine(line: number, select: boolean): void {
    if (!Number.isFinite(line)) return;
    const whole = Math.max(0, Math.floor(line));
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    if (select) {
      const position = new vscode.Position(whole, 0);
      void vscode.window.showTextDocument(this.uri, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
      return;
    }
    if (!editor || !settings.for(this.uri).preview.scrollSync) return;
    this.revealEcho = { line: whole, until: Date.now() + 300 };
    editor.revealRange(new vscode.Range(whole, 0, whole, 0), vscode.TextEditorRevealType.AtTop);
  }

  private async openLink(href: string): Promise<void> {
    const action = classifyLink(href);
    if (action.kind === 'external') {
      await vscode.env.openExternal(vscode.Uri.parse(action.url));
    } else if (action.kind === 'file') {
      const target = action.path.startsWith('/')
        ? vscode.Uri.joinPath(vscode.workspace.getWorkspaceFolder(this.uri)?.uri ?? vscode.Uri.joinPath(this.uri, '..'), action.path)
        : vscode.Uri.joinPath(this.uri, '..', action.path);
      await vscode.commands.executeCommand('vscode.open', target);
    } else {
      void vscode.window.showWarningMessage(`ML Notes: not opening "${href}": ${action.reason}.`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.disposed.fire();
    this.disposed.dispose();
  }
}
