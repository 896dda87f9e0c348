/**
 * The configuration in force for a document: `.mlnotes.json` / `.mlnotes.jsonc`
 * found upward from it, VS Code settings `mlnotes.*` on top, and the custom
 * formats of settings, config and `*.mlnotes-format.json` files. A broken
 * config file gets diagnostics at its bad values and the defaults apply
 * meanwhile. Everything is read through `vscode.workspace.fs`, so remote and
 * virtual workspaces work.
 */
import * as vscode from 'vscode';
import { defaultConfig, mergeConfigs, parseConfigText, type ResolvedConfig } from '../core/config';
import { builtinFormats, loadFormatText, resolveFormats, type FormatSource } from '../core/formats';
import type { NoteFormat } from '../core/formats/types';
import { toRange } from './convert';
import { exists } from './files';

export const CONFIG_FILE_NAMES = ['.mlnotes.json', '.mlnotes.jsonc'];
const FORMAT_FILE_GLOB = '**/*.mlnotes-format.json';

export interface DocumentConfig {
  resolved: ResolvedConfig;
  formats: NoteFormat[];
  /** The config file in force, if any. */
  file?: vscode.Uri;
}

export class ConfigService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any config, format file or `mlnotes.*` setting changed. */
  readonly onDidChange = this.changed.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('mlnotes-config');
  private readonly configs = new Map<string, Promise<DocumentConfig>>();
  private readonly lookups = new Map<string, Promise<vscode.Uri | undefined>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.mlnotes.json,.mlnotes.jsonc,*.mlnotes-format.json}');
    this.subscriptions.push(
      this.changed, this.diagnostics, watcher,
      watcher.onDidCreate(() => this.invalidate()),
      watcher.onDidDelete(() => this.invalidate()),
      watcher.onDidChange(() => this.invalidate()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isConfigDocument(event.document.uri)) this.invalidate(150);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('mlnotes')) this.invalidate();
      }),
    );
  }

  /** Drops every cached config and tells listeners, after `delay` ms (config files are edited by typing too). */
  private invalidate(delay = 0): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.configs.clear();
      this.lookups.clear();
      this.changed.fire();
    }, delay);
  }

  async forDocument(uri: vscode.Uri): Promise<DocumentConfig> {
    const file = await this.configFileFor(uri);
    const key = file?.toString() ?? `defaults:${workspaceFolderOf(uri)?.uri.toString() ?? ''}`;
    let config = this.configs.get(key);
    if (!config) {
      config = this.load(file, uri);
      this.configs.set(key, config);
    }
    return config;
  }

  private async load(file: vscode.Uri | undefined, scope: vscode.Uri): Promise<DocumentConfig> {
    let fromFile = defaultConfig();
    if (file) {
      const text = await readText(file);
      const parsed = parseConfigText(text ?? '', file.fsPath);
      fromFile = parsed.config;
      this.diagnostics.set(file, parsed.errors.map((error) => configDiagnostic(error.message, toRange(error.range))));
    }
    const resolved = mergeConfigs(fromFile, settingsConfig(scope));
    const formats = await this.formatsFor(resolved, file);
    return { resolved, formats, file };
  }

  private async formatsFor(config: ResolvedConfig, configFile: vscode.Uri | undefined): Promise<NoteFormat[]> {
    const sources: FormatSource[] = [];
    const fileSources = new Map<string, vscode.Uri>();
    for (const entry of config.customFormats) {
      if (typeof entry === 'object') {
        sources.push({ json: entry, source: configFile?.fsPath ?? 'settings (mlnotes.formats)' });
      } else if (configFile) {
        const uri = vscode.Uri.joinPath(configFile, '..', entry);
        await pushFormatFile(uri, sources, fileSources);
      }
    }
    for (const uri of await vscode.workspace.findFiles(FORMAT_FILE_GLOB, '**/node_modules/**', 200)) {
      if (!fileSources.has(uri.fsPath)) await pushFormatFile(uri, sources, fileSources);
    }
    const { formats, errors } = resolveFormats(builtinFormats, sources);
    for (const [source, uri] of fileSources) {
      const own = errors.filter((error) => error.source === source);
      this.diagnostics.set(uri, own.map((error) => configDiagnostic(`${error.path}: ${error.message}`, new vscode.Range(0, 0, 0, 1))));
    }
    return formats;
  }

  /** The nearest `.mlnotes.json(c)` at or above the document's folder, within its workspace folder. */
  private configFileFor(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
    const folder = workspaceFolderOf(uri);
    const start = uri.scheme === 'untitled' ? folder?.uri : vscode.Uri.joinPath(uri, '..');
    if (!start) return Promise.resolve(undefined);
    const key = start.toString();
    let lookup = this.lookups.get(key);
    if (!lookup) {
      lookup = findUpward(start, folder?.uri);
      this.lookups.set(key, lookup);
    }
    return lookup;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function workspaceFolderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
}

async function findUpward(start: vscode.Uri, root: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  let dir = start;
  for (let depth = 0; depth < 64; depth++) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = vscode.Uri.joinPath(dir, name);
      if (await exists(candidate)) return candidate;
    }
    const parent = vscode.Uri.joinPath(dir, '..');
    if (parent.path === dir.path || (root && dir.path === root.path)) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The open document's text when the file is open (unsaved edits count), else the file's. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function pushFormatFile(uri: vscode.Uri, sources: FormatSource[], fileSources: Map<string, vscode.Uri>): Promise<void> {
  const text = await readText(uri);
  fileSources.set(uri.fsPath, uri);
  if (text === undefined) return;
  const loaded = loadFormatText(text, uri.fsPath);
  // Re-validated in resolveFormats; an unparsable file is passed as its raw text so the error names it.
  sources.push({ json: 'format' in loaded ? loaded.format : safeJson(text), source: uri.fsPath });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isConfigDocument(uri: vscode.Uri): boolean {
  const name = uri.path.split('/').pop() ?? '';
  return CONFIG_FILE_NAMES.includes(name) || name.endsWith('.mlnotes-format.json');
}

/** VS Code settings `mlnotes.*` as a config layer. */
function settingsConfig(scope: vscode.Uri): Partial<ResolvedConfig> {
  const settings = vscode.workspace.getConfiguration('mlnotes', scope);
  return {
    rules: settings.get('rules') ?? {},
    macros: settings.get('macros') ?? {},
    vagueWords: settings.get('vagueWords') ?? [],
    ignoreSymbols: settings.get('ignoreSymbols') ?? [],
    customFormats: settings.get('formats') ?? [],
  };
}

function configDiagnostic(message: string, range: vscode.Range): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'mlnotes';
  return diagnostic;
}
