/** Workspace file helpers shared by the config lookup and the new-note commands. */
import * as vscode from 'vscode';

/** Whether `uri` names a file or folder, through `workspace.fs` (so remote and virtual workspaces work too). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
