/**
 * The two HTML pages a rendered note goes into: the preview webview's page
 * and the standalone exported file. Both carry a Content-Security-Policy
 * that runs no script but ours (webview) or none at all (export).
 */
import { escapeHtml } from './escape';

/** A random nonce for the one script tag (the webview is rebuilt with a new one each load). */
export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface WebviewPageOptions {
  nonce: string;
  /** `webview.cspSource`: the origin of the extension's own files. */
  cspSource: string;
  katexCssUri: string;
  previewCssUri: string;
  scriptUri: string;
  /** Base for relative images and links (the note's folder), ending with `/`. */
  baseUri?: string;
  title: string;
  /**
   * The first render (the preview's first `blocks` message). It reaches the
   * page as data (`data-initial`), never as markup: the page script
   * sanitizes it before it enters the document.
   */
  body: object;
  /** Read by the page script: document uri, version, locked, line to show first. */
  settings: Record<string, string>;
  /** Let the note load images from https URLs (off by default: a remote image tells its server who reads the note). */
  allowRemoteImages?: boolean;
}

/** Remote (https) images only when allowed; like VS Code's own preview security levels, off unless the user opts in. */
const remoteImages = (allow: boolean | undefined) => (allow ? ' https:' : '');

/** The webview's CSP: nothing but our nonce'd script; styles and fonts only from the extension; images from it and data (https if allowed). */
export function webviewCsp(cspSource: string, nonce: string, allowRemoteImages = false): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:${remoteImages(allowRemoteImages)}`,
    `style-src ${cspSource}`,
    // KaTeX positions glyphs with style attributes; no <style> element is allowed.
    "style-src-attr 'unsafe-inline'",
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'self' " + cspSource,
    "form-action 'none'",
  ].join('; ');
}

export function webviewPage(o: WebviewPageOptions): string {
  const data = { ...o.settings, initial: JSON.stringify(o.body) };
  const settings = Object.entries(data).map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(webviewCsp(o.cspSource, o.nonce, o.allowRemoteImages))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.baseUri ? `<base href="${escapeHtml(o.baseUri)}">\n` : ''}<link rel="stylesheet" href="${escapeHtml(o.katexCssUri)}">
<link rel="stylesheet" href="${escapeHtml(o.previewCssUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="mlnotes-settings"${settings} hidden></div>
<div id="mlnotes-content"></div>
<script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}

export interface StandalonePageOptions {
  nonce: string;
  title: string;
  bodyHtml: string;
  /** KaTeX's CSS with its fonts already embedded (or pointing next to the file). */
  katexCss: string;
  previewCss: string;
  /** Let the page load images from https URLs (off by default). */
  allowRemoteImages?: boolean;
}

/** The exported page's CSP: no script at all; only its own inline styles; fonts embedded; images from data and next to it (https if allowed). */
export function standaloneCsp(nonce: string, allowRemoteImages = false): string {
  return [
    "default-src 'none'",
    `img-src 'self' data:${remoteImages(allowRemoteImages)}`,
    `style-src 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function standalonePage(o: StandalonePageOptions): string {
  // A stylesheet must not close its own <style> element.
  const css = (text: string) => text.replace(/<\/style/gi, '<\\/style');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(standaloneCsp(o.nonce, o.allowRemoteImages))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mlnotes">
<title>${escapeHtml(o.title)}</title>
<style nonce="${o.nonce}">${css(o.katexCss)}</style>
<style nonce="${o.nonce}">${css(o.previewCss)}</style>
</head>
<body>
<main id="mlnotes-content">${o.bodyHtml}</main>
</body>
</html>
`;
}

/** Rewrites KaTeX's @font-face sources to the woff2 files only, each through `url(name)`. */
export function katexCssWithFonts(css: string, fontUrl: (file: string) => string): string {
  return css.replace(/src:\s*([^;}]+)/g, (whole, sources: string) => {
    const woff2 = /url\((?:["']?)(?:\.\/)?fonts\/([^)"']+\.woff2)(?:["']?)\)\s*format\(["']?woff2["']?\)/.exec(sources);
    return woff2 ? `src:url(${fontUrl(woff2[1])}) format("woff2")` : whole;
  });
}

/** The title of a note: its first heading, else the file name. */
export function noteTitle(text: string, fallback: string): string {
  const heading = /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(text);
  return heading ? heading[1] : fallback;
}
