/**
 * One parse and one lint per document version, shared by diagnostics, code
 * actions, hovers, the status bar, the audit report and the preview. Each
 * version is analysed from the previous one (src/core/incremental.ts: the
 * blocks and rule runs an edit did not touch are kept), with the same result
 * as a full parse and lint.
 */
import * as vscode from 'vscode';
import { engine } from './lazy';
import type { NoteModel } from '../core/model';
import type { Analysis } from '../core/incremental';
import type { LintDiagnostic } from '../core/types';
import type { ConfigService, DocumentConfig } from './config';
import { settings } from './settings';
import { record, timed } from './timings';

export interface AnalyzedNote {
  uri: string;
  version: number;
  model: NoteModel;
  diagnostics: LintDiagnostic[];
  config: DocumentConfig;
  /** Above `mlnotes.lint.maxSizeKB`: parsed (the preview needs it) but not linted. */
  tooLarge: boolean;
  /** What the next version's analysis builds on. */
  analysis: Analysis;
}

/** Whether a document is above `mlnotes.lint.maxSizeKB`: then nothing lints it, so typing never waits on it. */
export function isTooLarge(document: vscode.TextDocument): boolean {
  return textLength(document) > settings.for(document.uri).lint.maxSizeKB * 1024;
}

/**
 * The document's length in characters, without building its text (getText
 * joins every line: megabytes for a large note, on every hover, light bulb
 * and keystroke that asks).
 */
export function textLength(document: vscode.TextDocument): number {
  return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

export interface AnalyzeOptions {
  /**
   * Keep markdown-it's tokens on the model, for a render that shares the
   * parse (the preview). Once asked for, every later version of the
   * document keeps them too, until it is closed.
   */
  tokens?: boolean;
}

export class NoteService implements vscode.Disposable {
  private readonly cache = new Map<string, AnalyzedNote>();
  /** Documents whose parses keep their tokens: a preview renders them. */
  private readonly keepTokens = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Fires when a setting, config file or custom format changed, after the cached analyses are dropped. */
  private readonly configChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeConfig = this.configChanged.event;

  /**
   * Fires when a version's lint is done, before whoever asked for it goes on:
   * the diagnostics are published then, not after the preview that asked has rendered.
   */
  private readonly analyzed = new vscode.EventEmitter<{ document: vscode.TextDocument; note: AnalyzedNote }>();
  readonly onDidAnalyze = this.analyzed.event;

  constructor(private readonly configs: ConfigService) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cache.delete(document.uri.toString());
        this.keepTokens.delete(document.uri.toString());
      }),
      this.configChanged,
      this.analyzed,
      configs.onDidChange(() => { this.cache.clear(); this.configChanged.fire(); }),
    );
  }

  /** The analysis of the document's current version, computed at most once per version and config. */
  async analyze(document: vscode.TextDocument, options: AnalyzeOptions = {}): Promise<AnalyzedNote> {
    if (options.tokens) this.keepTokens.add(document.uri.toString());
    const config = await this.configs.forDocument(document.uri);
    return this.analyzeWith(document, config);
  }

  /** The last analysis made of the document, of whichever version: for what must not wait for (or cause) a lint. */
  latest(document: vscode.TextDocument): AnalyzedNote | undefined {
    return this.cache.get(document.uri.toString());
  }

  /** Parse and lint a text that is not (yet) a document version, e.g. to apply fixes in passes. */
  lintText(text: string, config: DocumentConfig): LintDiagnostic[] {
    const { lintModel, parseNote } = engine();
    return lintModel(parseNote(text, { formats: config.formats }), config.resolved);
  }

  private analyzeWith(document: vscode.TextDocument, config: DocumentConfig): AnalyzedNote {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    const keepTokens = this.keepTokens.has(key);
    const same = cached && cached.version === document.version && cached.config === config ? cached : undefined;
    if (same && (same.model.tokens || !keepTokens)) return same;
    // A version parsed before a preview opened is parsed once more for its tokens (its rules' runs are kept).
    const previous = cached?.config === config ? cached.analysis : undefined;
    const tooLarge = isTooLarge(document);
    const options = { config: config.resolved, formats: config.formats, keepTokens, lint: !tooLarge };
    const analysis = timed('analyze: parse and lint', () => engine().analyzeNote(document.getText(), options, previous));
    recordReuse(analysis, previous);
    const diagnostics = same ? same.diagnostics : analysis.diagnostics;
    const analyzed = { uri: key, version: document.version, model: analysis.model, diagnostics, config, tooLarge, analysis };
    this.cache.set(key, analyzed);
    if (!same) this.analyzed.fire({ document, note: analyzed });
    return analyzed;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.cache.clear();
    this.keepTokens.clear();
  }
}

/** Counts, not times, for `npm run bench:vscode`: how much of the note the version's analysis did again. */
function recordReuse(analysis: Analysis, previous: Analysis | undefined): void {
  const { from, to } = analysis.blocks.reparsed;
  record('analyze: lines parsed again (count)', to - from);
  record('analyze: rules run again (count)', [...analysis.rules].filter(([id, memo]) => previous?.rules.get(id) !== memo).length);
}
