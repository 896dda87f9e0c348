/**
 * Hostile notes execute nothing (issue 8): the XSS corpus is rendered into
 * the preview's webview page and into the exported HTML, loaded in headless
 * Chromium, poked (clicks, double-clicks, hovers), and must neither set the
 * flag, nor open a dialog, nor request the local "hit" URL. A control page
 * proves the detector does fire on a real script.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { NoteRenderer } from '../../src/core/render/render';
import { BlockRenderer } from '../../src/core/render/blocks';
import type { BlocksMessage } from '../../src/core/render/protocol';
import { makeNonce, standaloneCsp, standalonePage, webviewCsp, webviewPage } from '../../src/core/render/page';
import { loadExportAssets } from '../../src/cli/render';
import { renderStandalone } from '../../src/core/render/standalone';
import { classifyLink } from '../../src/extension/preview/links';

/** The page's first render, as the preview panel sends it: the note block by block, math left out as slots. */
function firstRender(note: string): BlocksMessage {
  return { type: 'blocks', update: new BlockRenderer().update(note, { slots: true }), seq: 1, base: 0, version: 1, title: 'note' };
}

const KATEX_DIR = 'node_modules/katex/dist';

interface Harness { server: Server; origin: string; hits: string[]; pages: Map<string, string>; browser: Browser }

async function startServer(pages: Map<string, string>, hits: string[], script: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (url.startsWith('/hit')) {
      hits.push(url);
      response.writeHead(204).end();
      return;
    }
    const page = pages.get(url);
    if (page !== undefined) { response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page); return; }
    const assets: Record<string, [string, () => Buffer | string]> = {
      '/assets/preview.js': ['text/javascript', () => script],
      '/assets/preview.css': ['text/css', () => readFileSync('src/webview/preview.css')],
      '/assets/katex/katex.min.css': ['text/css', () => readFileSync(join(KATEX_DIR, 'katex.min.css'))],
    };
    if (url.endsWith('/figure.svg')) { response.writeHead(200, { 'content-type': 'image/svg+xml' }).end(FIGURE_SVG); return; }
    const font = /^\/assets\/katex\/fonts\/([\w-]+\.woff2)$/.exec(url);
    const asset = assets[url] ?? (font ? ['font/woff2', () => readFileSync(join(KATEX_DIR, 'fonts', font[1]))] : undefined);
    if (!asset) { if (process.env.MLNOTES_DEBUG) console.log('404', url); response.writeHead(404).end(); return; }
    response.writeHead(200, { 'content-type': asset[0] }).end(asset[1]());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const FIGURE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#2a7"/></svg>';

/** Raw HTML a real note uses, with math around and inside it. */
const HTML_NOTE = `# Raw HTML

<details>
<summary>Proof of $a^2 \\ge 0$ (click)</summary>

Inside: $x_{i}^2 = \\sum_j w_j$ renders as math.

</details>

Water is H<sub>2</sub>O and $e^{i\\pi}$ is E<sup>2</sup>; press <kbd>Ctrl</kbd>+<kbd>K</kbd>.

<img src="figure.svg" alt="A figure with $\\alpha$" width="120">

<pre>echo $HOME \\alpha</pre>
`;

/** The XSS corpus with its "hit" URL pointing at our server, plus a deeply nested \underbrace. */
function hostileNote(origin: string): string {
  const depth = 3000;
  const deep = `$$${'\\underbrace{'.repeat(depth)}x${'}_{u}'.repeat(depth)}$$`;
  return readFileSync('test/fixtures/render/xss.md', 'utf8').replaceAll('HIT', `${origin}/hit`).replace('DEEP_NESTING', deep);
}

/** Clicks, double-clicks and hovers everything; fires every inline-handler event type on every element. */
async function poke(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error', 'click', 'dblclick']) {
        element.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
      }
    }
  });
  for (const link of await page.locator('a').all()) await link.click({ timeout: 2000, force: true }).catch(() => undefined);
  await page.waitForTimeout(300);
}

/** What the DOM must never contain, whatever the CSP would block. */
async function dangerousMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attr of Array.from(element.attributes)) {
        if (/^on/i.test(attr.name)) found.push(`${element.tagName} ${attr.name}`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(attr.name) && /^\s*(javascript|vbscript|data:text)/i.test(attr.value)) found.push(`${element.tagName} ${attr.name}=${attr.value}`);
      }
      if (/^(IFRAME|FRAME|OBJECT|EMBED|FORM|INPUT|BUTTON|TEXTAREA|META|STYLE|LINK|BASE|SCRIPT)$/.test(element.tagName) && !element.closest('head')
        && !(element.tagName === 'SCRIPT' && element.hasAttribute('nonce'))) found.push(element.tagName);
      // KaTeX positions glyphs with style attributes; nothing else in the page may carry one.
      if (element.hasAttribute('style') && !element.closest('.katex, .katex-display, .mlnotes-math-error')) found.push(`${element.tagName} style`);
      if (element.tagName === 'MLNOTES-SLOT') found.push('an unfilled math slot');
    }
    return found;
  });
}

describe('XSS: hostile notes execute nothing (headless Chromium)', function () {
  this.timeout(120000);
  const h = {} as Harness;
  const dialogs: string[] = [];

  before(async () => {
    const { ensureChromium } = await import('../../scripts/ensure-chromium.mjs');
    let executablePath: string;
    try {
      executablePath = ensureChromium();
    } catch (error) {
      throw new Error(`The XSS suite needs Chromium and could not get it: ${(error as Error).message}`);
    }
    const bundle = await build({ entryPoints: ['src/webview/preview.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', outdir: 'out-xss', logLevel: 'silent' });
    const script = bundle.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
    h.hits = [];
    h.pages = new Map();
    h.server = await startServer(h.pages, h.hits, script);
    h.origin = `http://127.0.0.1:${(h.server.address() as AddressInfo).port}`;
    h.browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });

  after(async () => {
    await h.browser?.close();
    h.server?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await h.browser.newPage();
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    if (process.env.MLNOTES_DEBUG) page.on('console', (m) => console.log('[page]', m.text()));
    if (process.env.MLNOTES_DEBUG) page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    // The webview's API, as VS Code injects it: records what the page posts.
    // (A string, not a function: the test's transpiler would add helpers the page does not have.)
    await page.addInitScript(`
      window.__posted = [];
      let state;
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => { state = s; } });
    `);
    await page.goto(`${h.origin}${path}`);
    return page;
  }

  const flag = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

  it('the detector fires on a real script (control)', async () => {
    h.pages.set('/control.html', `<!DOCTYPE html><img src="x" onerror="window.__pwned = 1; fetch('${h.origin}/hit/control')">`);
    const page = await open('/control.html');
    await page.waitForTimeout(300);
    assert.equal(await flag(page), 1);
    assert.ok(h.hits.includes('/hit/control'));
    h.hits.length = 0;
    await page.close();
  });

  it('the preview webview page: CSP in place, nothing runs, links are handed to the extension only if safe', async () => {
    const note = hostileNote(h.origin);
    // As the panel does: math left out as slots, the note's HTML sanitized by the page script.
    const nonce = makeNonce();
    const asset = (p: string) => `${h.origin}/assets/${p}`;
    h.pages.set('/webview.html', webviewPage({
      nonce, cspSource: h.origin, katexCssUri: asset('katex/katex.min.css'), previewCssUri: asset('preview.css'), scriptUri: asset('preview.js'),
      title: 'Hostile', body: firstRender(note), settings: { uri: 'file:///hostile.md', version: '1', locked: 'false' },
    }));
    const page = await open('/webview.html');
    await page.waitForFunction("window.__posted.some((m) => m.type === 'ready')");
    assert.equal(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), webviewCsp(h.origin, nonce));
    assert.ok(await page.locator('.katex').count() > 5, 'the math rendered');
    assert.ok(await page.locator('.mlnotes-math-error').count() >= 4, 'the macro bombs and the deep nesting show as errors');
    await poke(page);
    assert.deepEqual(await dangerousMarkup(page), []);
    assert.equal(await page.locator('script').count(), 1, 'only our own script');
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string; href?: string }[] }).__posted);
    const opened = posted.filter((m) => m.type === 'openLink').map((m) => m.href!);
    // The one safe link was handed over (so clicks did reach the page script), and nothing else that could run.
    assert.ok(opened.includes('https://example.org/safe'), `posted: ${JSON.stringify(opened)}`);
    assert.deepEqual(opened.filter((href) => classifyLink(href).kind !== 'external'), []);
    assert.equal(await flag(page), undefined);
    assert.deepEqual(h.hits, []);
    assert.deepEqual(dialogs, []);
    await page.close();
  });

  it('the exported HTML: CSP in place, no script at all, nothing runs', async () => {
    // The export has no script to catch clicks: its one safe link would navigate away from the page under test.
    const note = hostileNote(h.origin).replace('[safe](https://example.org/safe), ', '');
    const exported = renderStandalone(note, 'hostile.md', {}, loadExportAssets());
    const nonce = /<style nonce="([0-9a-f]+)">/.exec(exported)![1];
    h.pages.set('/export.html', exported);
    const page = await open('/export.html');
    await page.waitForLoadState('load');
    assert.equal(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), standaloneCsp(nonce));
    assert.equal(await page.locator('script').count(), 0);
    assert.ok(await page.locator('.katex').count() > 5);
    await poke(page);
    assert.deepEqual(await dangerousMarkup(page), []);
    assert.equal(await flag(page), undefined);
    assert.deepEqual(h.hits, []);
    assert.deepEqual(dialogs, []);
    assert.equal(page.url().split("#")[0], `${h.origin}/export.html`, "still on the page (in-page links only)");
    await page.close();
  });

  it('raw HTML renders in the preview and the export: details, sub/sup, kbd, a relative image', async () => {
    const asset = (p: string) => `${h.origin}/assets/${p}`;
    h.pages.set('/notes/html.html', webviewPage({
      nonce: makeNonce(), cspSource: h.origin, katexCssUri: asset('katex/katex.min.css'), previewCssUri: asset('preview.css'), scriptUri: asset('preview.js'),
      baseUri: `${h.origin}/notes/`, title: 'HTML', body: firstRender(HTML_NOTE), settings: { uri: 'file:///notes/html.md', version: '1', locked: 'false' },
    }));
    h.pages.set('/notes/export.html', renderStandalone(HTML_NOTE, 'html.md', {}, loadExportAssets()));
    for (const path of ['/notes/html.html', '/notes/export.html']) {
      const page = await open(path);
      await page.waitForSelector('#mlnotes-content details');
      await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
      await page.click('summary');
      const shown = await page.evaluate(() => ({
        // An HTML block is HTML: its dollars are text (NOTE-SPEC §2); the Markdown paragraph inside <details> has math.
        summary: document.querySelector('details summary')?.textContent,
        insideMath: document.querySelectorAll('details p .katex').length,
        sub: document.querySelector('sub')?.textContent,
        sup: document.querySelector('sup')?.textContent,
        kbd: document.querySelectorAll('kbd').length,
        image: (document.querySelector('#mlnotes-content img') as HTMLImageElement | null)?.naturalWidth,
        alt: document.querySelector('#mlnotes-content img')?.getAttribute('alt'),
        pre: document.querySelector('#mlnotes-content pre')?.textContent,
      }));
      assert.deepEqual(shown, { summary: 'Proof of $a^2 \\ge 0$ (click)', insideMath: 1, sub: '2', sup: '2', kbd: 2, image: 120, alt: 'A figure with $\\alpha$', pre: 'echo $HOME \\alpha' }, path);
      mkdirSync('test-artifacts/screenshots', { recursive: true });
      await page.screenshot({ path: `test-artifacts/screenshots/raw-html-${path.includes('export') ? 'export' : 'preview'}.png`, fullPage: true });
      await page.close();
    }
  });

  describe('remote images: no request unless allowed', () => {
    // A tracking pixel on an https host. The browser's requests to it are caught by the page's router, so a
    // request shows up in `requested` whether or not a server exists; the CSP alone decides whether one is made.
    const TRACKER = 'https://tracker.example/pixel.png';
    const note = `# Remote\n\n![pixel](${TRACKER}?n=1)\n\nBy reference: ![ref][p]; raw HTML: <img src="${TRACKER}?n=3">.\n\n[p]: ${TRACKER}?n=2\n`;

    async function requestsFrom(path: string, html: string): Promise<string[]> {
      h.pages.set(path, html);
      const page = await h.browser.newPage();
      // The webview page's script fills in the note (as VS Code's webview would run it).
      await page.addInitScript('window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });');
      const requested: string[] = [];
      await page.route('https://tracker.example/**', (route) => {
        requested.push(route.request().url());
        void route.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from('89504e470d0a1a0a', 'hex') });
      });
      await page.goto(`${h.origin}${path}`);
      await page.waitForLoadState('load');
      await page.waitForTimeout(300);
      await page.close();
      return requested;
    }

    function webview(allowRemoteImages: boolean | undefined): string {
      const asset = (p: string) => `${h.origin}/assets/${p}`;
      return webviewPage({
        nonce: makeNonce(), cspSource: h.origin, katexCssUri: asset('katex/katex.min.css'), previewCssUri: asset('preview.css'), scriptUri: asset('preview.js'),
        title: 'Remote', body: firstRender(note), settings: { uri: 'file:///remote.md', version: '1', locked: 'false' }, allowRemoteImages,
      });
    }
    const exported = (allowRemoteImages: boolean | undefined) =>
      standalonePage({ nonce: makeNonce(), title: 'Remote', bodyHtml: new NoteRenderer().render(note).html, ...loadExportAssets(), allowRemoteImages });

    it('the rendered note does carry the remote images (so the CSP is what stops them)', () => {
      const html = new NoteRenderer().render(note).html;
      for (const n of [1, 2]) assert.ok(html.includes(`<img src="${TRACKER}?n=${n}"`), html);
    });

    it('by default neither the webview page nor the export requests them', async () => {
      assert.deepEqual(await requestsFrom('/remote-webview.html', webview(undefined)), []);
      assert.deepEqual(await requestsFrom('/remote-export.html', exported(undefined)), []);
    });

    it('when allowed, both load them (control: the detector sees the requests)', async () => {
      for (const [path, html] of [['/remote-webview-allowed.html', webview(true)], ['/remote-export-allowed.html', exported(true)]]) {
        const requested = await requestsFrom(path, html);
        for (const n of [1, 2]) assert.ok(requested.includes(`${TRACKER}?n=${n}`), `${path}: ${JSON.stringify(requested)}`);
      }
    });
  });

  it('the link policy refuses every scheme but http(s) and mailto', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'command:workbench.action.quit', 'vscode://x', '//evil.example/x']) {
      assert.equal(classifyLink(href).kind, 'reject', href);
    }
    assert.equal(classifyLink('https://example.org').kind, 'external');
    assert.deepEqual(classifyLink('other%20note.md#sec'), { kind: 'file', path: 'other note.md', fragment: 'sec' });
  });
});
