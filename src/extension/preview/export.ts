/**
 * "ML Notes: Export preview as HTML": the note as one standalone page
 * (src/core/render/standalone.ts), written through `workspace.fs` to where
 * the save dialog says, so it works on remote and virtual file systems and in
 * VS Code for the web alike.
 */
import * as vscode from 'vscode';
import type { ExportAssets } from '../../core/render/standalone';
import { allowRemoteImages, type PreviewSource } from './panel';
import { settings } from '../settings';
import { engine } from '../lazy';

let assets: Promise<ExportAssets> | undefined;

const standalone = () => engine().standalone();

/**
 * Reads a file of the extension. `workspace.fs` serves `file:` and
 * `vscode-remote:` extension folders; VS Code for the web may install the
 * extension at an https: address no file system provider serves, so fetch it.
 */
async function readExtensionFile(uri: vscode.Uri): Promise<Uint8Array> {
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === undefined && /^https?$/.test(uri.scheme)) {
    const response = await fetch(uri.toString(true));
    if (!response.ok) throw new Error(`${uri.toString(true)}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  return vscode.workspace.fs.readFile(uri);
}

/** KaTeX's CSS with its fonts embedded, and the preview's CSS, from the extension's dist/ (read once). */
export async function exportAssets(extensionUri: vscode.Uri): Promise<ExportAssets> {
  const { EXPORT_ASSET_PATHS, embedKatexFonts } = await standalone();
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const read = async (path: readonly string[]) => new TextDecoder().decode(await readExtensionFile(vscode.Uri.joinPath(dist, ...path)));
  assets ??= (async () => ({
    katexCss: await embedKatexFonts(await read(EXPORT_ASSET_PATHS.katexCss),
      (file) => readExtensionFile(vscode.Uri.joinPath(dist, ...EXPORT_ASSET_PATHS.katexFonts, file))),
    previewCss: await read(EXPORT_ASSET_PATHS.previewCss),
  }))();
  // A failed read is not kept: the next export tries again.
  assets.catch(() => { assets = undefined; });
  return assets;
}

/** Asks where to save (unless `target` is given), renders and writes; returns the file written, or undefined when cancelled. */
export async function exportHtml(extensionUri: vscode.Uri, source: PreviewSource | undefined, uri: vscode.Uri | undefined, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!uri) {
    void vscode.window.showWarningMessage(vscode.l10n.t('ML Notes: open a Markdown note to export it.'));
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const destination = target ?? await vscode.window.showSaveDialog({
    defaultUri: uri.with({ path: uri.path.replace(/\.(md|markdown)$/i, '') + '.html' }),
    filters: { [vscode.l10n.t('HTML page')]: ['html'] },
  });
  if (!destination) return undefined;
  const analysis = source ? await source.analyze(document).catch(() => undefined) : undefined;
  const macros = analysis?.config?.resolved?.macros ?? settings.for(uri).macros;
  try {
    const { renderStandalone } = await standalone();
    const html = renderStandalone(document.getText(), uri.path, { macros, allowRemoteImages: allowRemoteImages(uri) }, await exportAssets(extensionUri));
    await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(html));
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t({
      message: 'ML Notes: could not export {0}: {1}', args: [destination.path.split('/').pop() ?? '', error instanceof Error ? error.message : String(error)],
      comment: ['{0} is a file name, {1} the error from the file system'],
    }));
    return undefined;
  }
  return destination;
}
