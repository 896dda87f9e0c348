/**
 * One preview panel: renders a document with its own KaTeX cache, patches
 * updates into the page, and keeps the editor and the page in step.
 */
import * as vscode from 'vscode';
import type { MarkdownToken } from '../../core/markdown';
import type { Range, Severity } from '../../core/types';
import type { DiagnosticMarker } from '../../core/render/render';
import type { BlockRenderer, BlockStats } from '../../core/render/blocks';
import { engine } from '../lazy';
import type { BlocksMessage, FromPage, PageState, ToPage } from '../../core/render/protocol';
import { classifyLink, type LinkAction } from './links';
import { settings } from '../settings';
import { textLength } from '../notes';
import { record, timed } from '../timings';

export const PREVIEW_VIEW_TYPE = 'mlnotes.preview';

/** Blocks per message of a whole-note render (a 2 MB note has some 17 000). */
const SLICE_BLOCKS = 400;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What the preview needs from the shared analysis (the NoteService's `AnalyzedNote` fits). */
export interface PreviewAnalysis {
  model: { tokens?: MarkdownToken[]; lineStarts?: number[]; macros: Record<string, string> };
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
  private renderer: BlockRenderer = new (engine().BlockRenderer)();
  /** Number of the last render sent to the page (a patch applies to the one before it). */
  private seq = 0;
  /** The rest of a new page's first render, posted when the page is ready (see `sliced`). */
  private slices: BlocksMessage[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Closed: a render still waiting for its analysis must not touch the webview (it throws once disposed). */
  private closed = false;
  private loaded = false;
  private waitingForSave = false;
  private wasVisible = true;
  private renderedVersion = -1;
  /** Settings or config changed since the last render: re-render even if the document did not change. */
  private configChanged = false;
  /** The line our own reveal put at the editor's top: editor scrolls to it are its echo, not the user's (any other line ends it). */
  private revealEcho = -1;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** The last state the page reported (for `mlnotes._test.previewState`). */
  lastState: PageState | undefined;
  /** Whether the last render reused the tokens of the parse shared with lint (for `mlnotes._test.previewState`). */
  lastRenderShared = false;
  /** When (`Date.now()`, the page's clock) the page had painted its last version: for the benchmark. */
  lastPainted: { version: number; at: number } | undefined;
  /** What the last render did and sent (for `mlnotes._test.previewState` and the benchmark). */
  lastRender: (BlockStats & { posted: number; characters: number }) | undefined;
  /** The version the page last said it shows, and who waits for a later one. */
  private shownVersion = -1;
  private readonly versionWaiters = new Set<() => void>();
  /** Test requests sent to the page, by number, waiting for its answer. */
  private readonly answers = new Map<number, { message: ToPage; answer: (state: PageState) => void }>();
  private requests = 0;

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
    this.renderer = new (engine().BlockRenderer)();
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
    this.panel.title = this.locked
      ? vscode.l10n.t({ message: '[Locked] Preview {0}', args: [name], comment: ['{0} is the file name of the note'] })
      : vscode.l10n.t({ message: 'Preview {0}', args: [name], comment: ['{0} is the file name of the note'] });
  }

  /** An edit: re-render after the debounce, unless the note is above the size limit (then on save). */
  edited(document: vscode.TextDocument): void {
    const limit = maxSizeKB(this.uri);
    if (textLength(document) > limit * 1024) {
      if (!this.waitingForSave) {
        this.waitingForSave = true;
        this.post({ type: 'notice', text: vscode.l10n.t({
          message: 'This note is larger than {0} KB (mlnotes.preview.maxSizeKB): the preview updates when you save.',
          args: [limit], comment: ['{0} is a number of kilobytes; mlnotes.preview.maxSizeKB is a setting name, not translated'],
        }) });
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
    const due = performance.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      record('preview: debounce timer late by', performance.now() - due); // a busy extension host fires it late
      void this.refresh();
    }, delay);
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
    const started = performance.now();
    try {
      analysis = this.source ? await this.source.analyze(document, { tokens: true }) : undefined;
    } catch {
      analysis = undefined; // Render anyway: the preview never goes blank because lint failed.
    }
    record('preview: analyze (shared)', performance.now() - started);
    if (document.version !== version || this.closed) return; // A newer version is already scheduled, or the preview was closed.
    const userMacros = analysis?.config?.resolved?.macros ?? settings.for(this.uri).macros;
    const noteMacros = analysis && Object.keys(analysis.model.macros).length > 0 ? analysis.model.macros : undefined;
    const diagnostics: DiagnosticMarker[] = (analysis?.diagnostics ?? []).map((d) => ({ line: d.range.start.line, severity: d.severity, message: d.message }));
    if (!this.loaded) this.renderer.reset(); // a new page shows nothing yet: it gets the whole note
    const update = timed('preview: render', () => this.renderer.update(text, { macros: userMacros, noteMacros, diagnostics, slots: true }, analysis?.model.tokens, analysis?.model.lineStarts));
    const title = engine().noteTitle(text, this.uri.path.split('/').pop() ?? 'note');
    const message: BlocksMessage = { type: 'blocks', update, seq: ++this.seq, base: this.seq - 1, version, title };
    const blocks = update.kind === 'reset' ? update.blocks : [...update.insert, ...update.replace];
    this.lastRender = { ...this.renderer.stats, posted: blocks.length, characters: blocks.reduce((n, b) => n + b.html.length + (b.slots?.html.join('').length ?? 0), 0) };
    this.lastRenderShared = analysis?.model.tokens !== undefined;
    this.renderedVersion = version;
    // The notice goes before the update: the page reports its state once the update is applied,
    // and that state must not still show a notice about a render that has already happened.
    this.clearSizeNotice();
    const [first, ...rest] = this.sliced(message);
    if (!this.loaded) {
      this.loaded = true;
      this.slices = rest; // posted once the page says it is ready
      this.panel.webview.html = this.page(first, title, version);
    } else {
      timed('preview: post', () => { this.postSlices(); [first, ...rest].forEach((m) => this.post(m)); });
    }
  }

  /**
   * The whole note for a page, in slices: the first goes with the page, the
   * rest follow as patches appending blocks. The page shows the top of a long
   * note at once and stays responsive while the rest arrives, instead of
   * parsing one page of tens of megabytes before it shows anything.
   */
  private sliced(message: BlocksMessage): BlocksMessage[] {
    const { update } = message;
    if (update.kind !== 'reset' || update.blocks.length <= SLICE_BLOCKS) return [message];
    const messages: BlocksMessage[] = [{ ...message, update: { kind: 'reset', blocks: update.blocks.slice(0, SLICE_BLOCKS) } }];
    for (let start = SLICE_BLOCKS; start < update.blocks.length; start += SLICE_BLOCKS) {
      const insert = update.blocks.slice(start, start + SLICE_BLOCKS);
      const seq = ++this.seq;
      messages.push({ ...message, update: { kind: 'patch', after: update.blocks[start - 1].id, remove: [], insert, replace: [] }, seq, base: seq - 1 });
    }
    return messages;
  }

  /** The slices of a new page's first render not posted yet: they go before anything that patches them. */
  private postSlices(): void {
    const slices = this.slices;
    this.slices = [];
    slices.forEach((m) => this.post(m));
  }

  /** The page lost track of the renders (or came up empty): send it the whole note again. */
  private resync(): void {
    this.renderer.reset();
    this.renderedVersion = -1;
    this.schedule(0);
  }

  private clearSizeNotice(): void {
    if (!this.waitingForSave) return;
    this.waitingForSave = false;
    this.post({ type: 'notice' });
  }

  private page(body: BlocksMessage, title: string, version: number): string {
    const webview = this.panel.webview;
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', ...path)).toString();
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri.toString());
    const line = editor?.visibleRanges[0]?.start.line;
    const { makeNonce, webviewPage } = engine();
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
    if (message.type === 'blocks') message.sentAt = Date.now();
    void this.panel.webview.postMessage(message);
  }

  /** The editor scrolled: follow it, unless this is the echo of the page moving the editor. */
  editorScrolled(line: number): void {
    if (this.revealEcho >= 0 && Math.abs(line - this.revealEcho) <= 1) return;
    this.revealEcho = -1;
    if (!settings.for(this.uri).preview.scrollSync) return;
    this.post({ type: 'scrollToLine', line });
  }

  /**
   * Sends a test request to the page and resolves with the state it answers
   * with (undefined if it never does). A page that is replaced meanwhile gets
   * the request again once the new one is ready.
   */
  ask(message: DistributiveOmit<Extract<ToPage, { request: number }>, 'request'>, timeoutMs = 30_000): Promise<PageState | undefined> {
    const request = ++this.requests;
    const sent = { ...message, request } as ToPage;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.answers.delete(request); resolve(undefined); }, timeoutMs);
      this.answers.set(request, { message: sent, answer: (state) => { clearTimeout(timer); resolve(state); } });
      this.post(sent);
    });
  }

  /** Resolves once the page reported showing `version` or a later one (for tests and the benchmark); false after `timeoutMs`. */
  shown(version: number, timeoutMs = 30_000): Promise<boolean> {
    if (this.shownVersion >= version) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.versionWaiters.delete(waiter); resolve(false); }, timeoutMs);
      const waiter = () => {
        if (this.shownVersion < version) return;
        clearTimeout(timer);
        this.versionWaiters.delete(waiter);
        resolve(true);
      };
      this.versionWaiters.add(waiter);
    });
  }

  private pageShows(version: number): void {
    this.shownVersion = version;
    this.versionWaiters.forEach((waiter) => waiter());
  }

  private onMessage(message: FromPage): void {
    switch (message.type) {
      case 'rendered':
        if (message.inMs !== undefined) record('page: the update on its way to the page', message.inMs);
        if (message.applyMs !== undefined) record('page: apply the update', message.applyMs);
        if (message.frameMs !== undefined) record('page: then to the painted frame', message.frameMs);
        if (message.sentAt !== undefined) {
          record('page: its report on its way back', Date.now() - message.sentAt);
          this.lastPainted = { version: message.version, at: message.sentAt };
        }
        this.pageShows(message.version);
        break;
      case 'ready':
        // A page that came up empty (its first render arrives as data it could not show) gets it again.
        // The rest of its first render follows, unless it gets all of it again.
        if (message.state.blocks === 0 && this.renderedVersion >= 0) { this.slices = []; this.resync(); } else this.postSlices();
        this.lastState = message.state;
        this.pageShows(message.state.version);
        // Test requests sent to the page this one replaced.
        this.answers.forEach((pending) => this.post(pending.message));
        break;
      case 'state':
        this.lastState = message.state;
        if (message.request !== undefined) {
          this.answers.get(message.request)?.answer(message.state);
          this.answers.delete(message.request);
        }
        break;
      case 'resync':
        this.resync();
        break;
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
    this.revealEcho = whole;
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
      void vscode.window.showWarningMessage(refusedLinkMessage(href, action));
    }
  }

  dispose(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.disposed.fire();
    this.disposed.dispose();
  }
}

function refusedLinkMessage(href: string, action: Extract<LinkAction, { kind: 'reject' }>): string {
  const why = action.reason === 'scheme'
    ? vscode.l10n.t({ message: 'links with the {0}: scheme are not opened from the preview', args: [action.scheme ?? ''], comment: ['{0} is a URL scheme such as javascript'] })
    : action.reason === 'not-relative' ? vscode.l10n.t('not a relative path') : vscode.l10n.t('malformed link');
  return vscode.l10n.t({ message: 'ML Notes: not opening "{0}": {1}.', args: [href, why], comment: ['{0} is the link as written, {1} the reason'] });
}
