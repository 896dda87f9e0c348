/**
 * The one reader of the `mlnotes.*` settings: each scope's settings are read
 * once into a typed object and kept until a setting changes. Nothing else in
 * the extension calls `getConfiguration` for them.
 */
import * as vscode from 'vscode';
import type { ResolvedConfig, RuleSetting } from '../core/config';
import type { NoteFormat } from '../core/formats/types';

export type LintScope = 'notes' | 'allMarkdown' | 'off';

export interface MlnotesSettings {
  lint: { enable: LintScope; debounceMs: number; maxSizeKB: number };
  newNote: { location: 'untitled' | 'workspace'; folder: string; frontMatter: boolean };
  preview: { debounceMs: number; maxSizeKB: number; scrollSync: boolean; allowRemoteImages: boolean };
  macros: Record<string, string>;
  /** `mlnotes.rules`, `macros`, `vagueWords`, `ignoreSymbols` and `formats` as a layer over the config file. */
  configLayer: Partial<ResolvedConfig>;
}

function read(scope: vscode.Uri | undefined): MlnotesSettings {
  const c = vscode.workspace.getConfiguration('mlnotes', scope);
  const macros = c.get<Record<string, string>>('macros', {});
  return {
    lint: { enable: c.get<LintScope>('lint.enable', 'notes'), debounceMs: c.get('lint.debounceMs', 120), maxSizeKB: c.get('lint.maxSizeKB', 2048) },
    newNote: { location: c.get('newNote.location', 'untitled'), folder: c.get('newNote.folder', ''), frontMatter: c.get('newNote.frontMatter', true) },
    preview: { debounceMs: c.get('preview.debounceMs', 100), maxSizeKB: c.get('preview.maxSizeKB', 1024), scrollSync: c.get('preview.scrollSync', true), allowRemoteImages: c.get('preview.allowRemoteImages', false) },
    macros,
    configLayer: {
      rules: c.get<Record<string, RuleSetting>>('rules', {}),
      macros,
      vagueWords: c.get<string[]>('vagueWords', []),
      ignoreSymbols: c.get<string[]>('ignoreSymbols', []),
      customFormats: c.get<NoteFormat[]>('formats', []),
    },
  };
}

export class Settings implements vscode.Disposable {
  private readonly cache = new Map<string, MlnotesSettings>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after any `mlnotes.*` setting changed (the cache is already dropped). */
  readonly onDidChange = this.changed.event;
  private readonly listener = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('mlnotes')) return;
    this.cache.clear();
    this.changed.fire();
  });

  /** The settings in force for a resource (its workspace folder's), or the window's without one. */
  for(scope?: vscode.Uri): MlnotesSettings {
    const folder = scope && vscode.workspace.getWorkspaceFolder(scope)?.uri;
    const key = folder?.toString() ?? '';
    let settings = this.cache.get(key);
    if (!settings) {
      settings = read(folder);
      this.cache.set(key, settings);
    }
    return settings;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

/** The extension's one settings reader (disposed with the extension). */
export const settings = new Settings();
