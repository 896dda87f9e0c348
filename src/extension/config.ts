/**
 * The configuration in force for a document, through the one config loader
 * (src/core/config-loader.ts) over `vscode.workspace.fs`: `.mlnotes.json` /
 * `.mlnotes.jsonc` found upward from it within its workspace folder, VS Code
 * settings `mlnotes.*` on top, and the custom formats. A broken config or
 * format file gets diagnostics at its bad values and the defaults apply
 * meanwhile.
 */
import * as vscode from 'vscode';
import type { ConfigResolver, LoadedConfig } from '../core/config-loader';
import { engine } from './lazy';
import type { ResolvedConfig } from '../core/config';
import type { NoteFormat } from '../core/formats/types';
import { toRange } from './convert';
import { workspaceConfigFs } from './config-fs';
import type { Settings } from './settings';

export interface DocumentConfig {
  resolved: ResolvedConfig;
  formats: NoteFormat[];
  /** The config file in force, if any. */
  file?: vscode.Uri;
}

export class ConfigService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any config, format file or `mlnotes.*` setting changed, after the cached configs are dropped. */
  readonly onDidChange = this.changed.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('mlnotes-config');
  /** One resolver per workspace folder (its settings layer and search root), or per scheme outside folders. */
  private readonly resolvers = new Map<string, { resolver: ConfigResolver; defaults: () => Promise<LoadedConfig> }>();
  /**
   * The one DocumentConfig of each load (its file diagnostics are published
   * when it is made): the same object for as long as the config holds, so
   * the NoteService's one analysis per version and config is found again.
   */
  private readonly configs = new WeakMap<LoadedConfig, DocumentConfig>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** Every config and format file the loads in force examined: a change to any of them (whatever its name) reloads. */
  private readonly examined = new Set<string>();

  /** Whether the config files are watched: from the first load on (before it, no config is cached that a change could make stale). */
  private watching = false;

  constructor(private readonly settings: Settings) {
    this.subscriptions.push(this.changed, this.diagnostics, settings.onDidChange(() => this.invalidate()));
  }

  /** Watches config and format files; their names come with the config loader, which activation does not load. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const { CONFIG_FILE_NAMES, FORMAT_FILE_SUFFIX } = engine();
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${CONFIG_FILE_NAMES.join(',')},*${FORMAT_FILE_SUFFIX}}`);
    // Custom formats listed by path may have any name: those examined are watched among all JSON files.
    const jsonWatcher = vscode.workspace.createFileSystemWatcher('**/*.{json,jsonc}', true, false, false);
    const ifExamined = (uri: vscode.Uri) => { if (this.examined.has(uri.toString())) this.invalidate(); };
    const isConfigDocument = (uri: vscode.Uri) => {
      const name = uri.path.split('/').pop() ?? '';
      return CONFIG_FILE_NAMES.includes(name) || name.endsWith(FORMAT_FILE_SUFFIX);
    };
    this.subscriptions.push(
      watcher, jsonWatcher,
      watcher.onDidCreate(() => this.invalidate()),
      watcher.onDidDelete(() => this.invalidate()),
      watcher.onDidChange(() => this.invalidate()),
      jsonWatcher.onDidChange(ifExamined),
      jsonWatcher.onDidDelete(ifExamined),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isConfigDocument(event.document.uri) || this.examined.has(event.document.uri.toString())) this.invalidate(150);
      }),
    );
  }

  /** Drops every cached config and tells listeners, after `delay` ms (config files are edited by typing too). */
  private invalidate(delay = 0): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.resolvers.clear();
      this.examined.clear();
      this.diagnostics.clear();
      this.changed.fire();
    }, delay);
  }

  async forDocument(uri: vscode.Uri): Promise<DocumentConfig> {
    this.watch();
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
    const start = uri.scheme === 'untitled' ? folder?.uri : vscode.Uri.joinPath(uri, '..');
    const base = start ?? uri;
    const key = folder?.uri.toString() ?? `${base.scheme}://${base.authority}`;
    let entry = this.resolvers.get(key);
    if (!entry) {
      const fs = workspaceConfigFs(vscode.workspace.fs, base, openText);
      const layer = { config: this.settings.for(folder?.uri).configLayer, source: 'settings (mlnotes.formats)' };
      const { ConfigResolver, loadConfig } = engine();
      const resolver = new ConfigResolver(fs, { root: folder && folder.uri.scheme === base.scheme ? folder.uri.path : undefined, layer });
      let defaults: Promise<LoadedConfig> | undefined;
      entry = { resolver, defaults: () => (defaults ??= loadConfig(fs, undefined, layer)) };
      this.resolvers.set(key, entry);
    }
    // An untitled note outside any folder has no folder to search from: settings and defaults only.
    const loaded = start ? await entry.resolver.forFolder(start.path) : await entry.defaults();
    let config = this.configs.get(loaded);
    if (!config) {
      this.publish(base, loaded);
      config = { resolved: loaded.config, formats: loaded.formats, file: loaded.file === undefined ? undefined : base.with({ path: loaded.file }) };
      this.configs.set(loaded, config);
    }
    return config;
  }

  /** Each examined config or format file shows its own errors (none: cleared). */
  private publish(base: vscode.Uri, loaded: LoadedConfig): void {
    for (const file of loaded.files) {
      this.examined.add(base.with({ path: file }).toString());
      const own = loaded.errors.filter((error) => error.file === file);
      this.diagnostics.set(base.with({ path: file }), own.map((error) => configDiagnostic(error.message, toRange(error.range))));
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function openText(uri: { toString(): string }): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();
}

function configDiagnostic(message: string, range: vscode.Range): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'mlnotes';
  return diagnostic;
}
