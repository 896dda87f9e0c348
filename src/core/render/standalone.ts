/**
 * A note as one standalone HTML page (KaTeX's CSS inlined with its woff2 fonts
 * as data: URLs, no script): `mlnotes render` and the extension's "Export
 * preview as HTML" both build it here. Reading the asset files is the
 * caller's business (Node's fs in the CLI, `workspace.fs` or fetch in the
 * extension), so this runs in a web worker too.
 */
import { NoteRenderer, noteMathIfNeeded, type HtmlSink, type RenderOptions } from './render';
import { katexCssWithFonts, makeNonce, noteTitle, standalonePage } from './page';
import { sanitizeBody } from './sanitize';
import { attributeAllowed, urlAllowed } from './html-policy';
import type { MarkdownToken } from '../markdown';

export interface ExportAssets { katexCss: string; previewCss: string }

/** Where the export's assets lie in the built extension, relative to `dist/`. */
export const EXPORT_ASSET_PATHS = {
  katexCss: ['media', 'katex', 'katex.min.css'],
  katexFonts: ['media', 'katex', 'fonts'],
  previewCss: ['webview', 'preview.css'],
} as const;

export interface ExportOptions extends RenderOptions {
  /** Let the page load https images (setting `mlnotes.preview.allowRemoteImages`, flag `--allow-remote-images`). */
  allowRemoteImages?: boolean;
}

/** A note as one standalone HTML page; `fileName` names it when it has no heading. */
export function renderStandalone(text: string, fileName: string, options: ExportOptions, assets: ExportAssets): string {
  const { allowRemoteImages, ...renderOptions } = options;
  // The page has no script: the note's raw HTML is sanitized here, by the preview's policy.
  const { html, slots } = new NoteRenderer().render(text, { ...renderOptions, slots: true });
  return standalonePage({ nonce: makeNonce(), title: noteTitle(text, baseName(fileName)), bodyHtml: sanitizeBody(html, slots), ...assets, allowRemoteImages });
}

/**
 * The page of `renderStandalone`, written piece by piece (`mlnotes render`):
 * memory holds one run of blocks, never the page. A note with raw HTML is
 * sanitized whole first, as the sanitizer needs every tag; a note without
 * any holds only what the renderer writes, and of that the sanitizer would
 * only drop attributes, which are dropped here by the same policy.
 */
export function writeStandalone(text: string, fileName: string, options: ExportOptions, assets: ExportAssets, write: HtmlSink): void {
  const math = noteMathIfNeeded(text);
  if (math?.rawHtml) {
    write(renderStandalone(text, fileName, options, assets));
    return;
  }
  const { allowRemoteImages, ...renderOptions } = options;
  const nonce = makeNonce();
  const body = `<!--body ${nonce}-->`;
  const page = standalonePage({ nonce, title: noteTitle(text, baseName(fileName)), bodyHtml: body, ...assets, allowRemoteImages });
  const at = page.indexOf(body);
  write(page.slice(0, at));
  new NoteRenderer().renderTo(text, { ...renderOptions, attributes: keepAllowedAttributes }, write, math);
  write(page.slice(at + body.length));
}

/** The sanitizer's attribute policy (./sanitize.ts) on one token; like sanitize-html, it drops empty attributes but `alt`. */
function keepAllowedAttributes(token: MarkdownToken): void {
  token.attrs = token.attrs!.filter(([name, value]) => attributeAllowed(token.tag, name) && (value !== '' || name === 'alt')
    && ((name !== 'href' && name !== 'src') || urlAllowed(token.tag, String(value))));
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

/** KaTeX's CSS with each woff2 font it names embedded as a data: URL; `readFont` gets a file name in the fonts folder. */
export async function embedKatexFonts(css: string, readFont: (file: string) => Promise<Uint8Array>): Promise<string> {
  const names: string[] = [];
  katexCssWithFonts(css, (file) => { names.push(file); return ''; });
  const urls = new Map<string, string>();
  await Promise.all(names.map(async (file) => urls.set(file, `data:font/woff2;base64,${base64(await readFont(file))}`)));
  return katexCssWithFonts(css, (file) => urls.get(file) ?? '');
}

/** Base64 of bytes with the platform's `btoa` (Node and browsers both have it); chunked so no call gets too many arguments. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
