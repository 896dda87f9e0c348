// Shared helpers for the integration tests (they run inside VS Code's
// extension host, against the real `vscode` API).
import * as vscode from 'vscode';
import { testEnv } from './env';

export const EXTENSION_ID = 'mlnotes.mlnotes';

export interface WaitOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeout?: number;
  /** Poll every this many milliseconds (default 50). */
  interval?: number;
  /** Said in the error when the deadline passes. */
  message?: string;
}

/** What a truthy check leaves of T. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `predicate` until it returns a truthy value, and returns that value.
 * Throws when the deadline passes; the error carries `message` and the last
 * error `predicate` threw, if any. Use it instead of fixed sleeps.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitOptions = {}): Promise<Truthy<T>> {
  const timeout = options.timeout ?? 10_000;
  const interval = options.interval ?? 50;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(interval);
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`${options.message ?? 'Condition not met'} within ${timeout} ms${why}`);
}

/** The test workspace folder (a fresh copy of test/fixtures/workspace). */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The integration tests need a workspace folder open.');
  return folder.uri;
}

/** URI of a file in the test workspace, e.g. `fixtureUri('notes/defects.md')`. */
export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), ...name.split('/'));
}

/** Opens a workspace file in an editor and makes it active. */
export async function openFixture(name: string, column = vscode.ViewColumn.One): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document, { viewColumn: column, preview: false });
}

/** Closes every editor (without saving), so each test starts from a clean workbench. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The extension under test, activated. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`Extension ${EXTENSION_ID} is not loaded in this VS Code.`);
  await extension.activate();
  return extension;
}

/** Diagnostics VS Code holds for `uri` from our extension (source starts with "mlnotes"). */
export function mlnotesDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => (d.source ?? '').toLowerCase().startsWith('mlnotes'));
}

/**
 * Changes a setting and returns a function that restores the old value.
 * Default target: the workspace (the copied test workspace's .vscode/settings.json).
 */
export async function setSetting(
  key: string,
  value: unknown,
  target: vscode.ConfigurationTarget = vscode.ConfigurationTarget.Workspace,
): Promise<() => Promise<void>> {
  const dot = key.lastIndexOf('.');
  const config = vscode.workspace.getConfiguration(key.slice(0, dot));
  const name = key.slice(dot + 1);
  const inspected = config.inspect(name);
  const previous =
    target === vscode.ConfigurationTarget.Global ? inspected?.globalValue
    : target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue
    : inspected?.workspaceFolderValue;
  await config.update(name, value, target);
  return async () => {
    await vscode.workspace.getConfiguration(key.slice(0, dot)).update(name, previous, target);
  };
}

/** Switches the color theme (user setting) at runtime, e.g. 'Default Dark Modern'; returns a restore function. */
export function setColorTheme(theme: string): Promise<() => Promise<void>> {
  return setSetting('workbench.colorTheme', theme, vscode.ConfigurationTarget.Global);
}

/**
 * Asks the harness for a screenshot of the whole workbench, saved as
 * `test-artifacts/screenshots/<name>.png`, and waits until it is written;
 * returns its path. Throws if the harness could not take it. Under a runner
 * without screenshot support (test-electron) it does nothing and returns
 * undefined.
 */
export async function screenshot(name: string): Promise<string | undefined> {
  const acks = testEnv('MLNOTES_SCREENSHOT_ACKS');
  if (!acks) return undefined;
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  // The answer is a file on the machine that runs the harness: the workspace's
  // file system reaches it from either extension host (the web worker has no other).
  const ack = workspaceFolder().with({ path: `${acks}/${safe}.json` });
  await vscode.workspace.fs.delete(ack, { useTrash: false }).then(undefined, () => undefined);
  // The harness watches the suite's log for this line (scripts/vscode-test/run.mjs)
  // and answers in `ack` once the file is saved.
  console.log(`MLNOTES_SCREENSHOT ${safe}`);
  const text = await waitFor(async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(ack)),
    { timeout: 20_000, message: `The harness did not answer the screenshot request ${safe}` });
  const answer = JSON.parse(text) as { file?: string; error?: string };
  if (!answer.file) throw new Error(`Screenshot ${safe} failed: ${answer.error ?? 'no file'}`);
  return answer.file;
}
