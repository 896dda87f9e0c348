/**
 * The config loader's file system over `vscode.workspace.fs`, so a note in a
 * remote or virtual workspace finds its `.mlnotes.json` too. Loader paths are
 * the URI paths of one scheme and authority (the note's). An open document's
 * text counts over the saved file, so a config is read as it is being edited.
 * Takes the API as arguments (no runtime `vscode` import): unit tests pass a
 * `workspace.fs`-shaped fake.
 */
import type * as vscode from 'vscode';
import type { ConfigFileSystem, FileInfo } from '../core/config-loader';

// vscode.FileType values (a const enum at runtime only inside VS Code).
const FILE = 1;
const DIRECTORY = 2;

/** The parts of a Uri the adapter uses. */
export interface UriLike {
  path: string;
  with(change: { path: string }): UriLike;
  toString(): string;
}

export type WorkspaceFs = Pick<vscode.FileSystem, 'stat' | 'readFile' | 'readDirectory'>;

function info(stat: vscode.FileStat): FileInfo {
  // A symbolic link has its target's type with the SymbolicLink bit added.
  return { type: stat.type & FILE ? 'file' : stat.type & DIRECTORY ? 'directory' : 'other', size: stat.size };
}

/** Whether a `workspace.fs` error means "nothing there" (FileSystemError.FileNotFound). */
function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'FileNotFound' || code === 'EntryNotFound' || code === 'ENOENT';
}

/**
 * `base` gives the scheme and authority; `openText` returns an open
 * document's text for a URI, if it is open.
 */
export function workspaceConfigFs(fs: WorkspaceFs, base: UriLike, openText: (uri: UriLike) => string | undefined = () => undefined): ConfigFileSystem {
  const uri = (path: string) => base.with({ path });
  return {
    async stat(path) {
      try {
        return info(await fs.stat(uri(path) as vscode.Uri));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async readFile(path) {
      return openText(uri(path)) ?? new TextDecoder().decode(await fs.readFile(uri(path) as vscode.Uri));
    },
    async readDirectory(path) {
      return (await fs.readDirectory(uri(path) as vscode.Uri)).map(([name]) => name);
    },
  };
}
