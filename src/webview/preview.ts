// The preview page script (runs inside the webview, under a nonce CSP).
// Patches each new render into the page with morphdom so scroll position and
// focus survive, keeps scroll in sync with the editor both ways, and hands
// every link that leaves the page to the extension.
import morphdom from 'morphdom';
import './preview.css';
import type { FromPage, PageState, PersistedState, ToPage } from '../core/render/protocol';
import type { PageBody } from '../core/render/page';
import { sanitizeBody } from './sanitize';

declare function acquireVsCodeApi(): {
  postMessage(message: FromPage): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
};

const vscode = acquireVsCodeApi();
const content = document.getElementById('mlnotes-content')!;
const settings = document.getElementById('mlnotes-settings')!.dataset;

const persisted: PersistedState = { ...(vscode.getState() ?? {}), uri: settings.uri, locked: settings.locked === 'true' };
persisted.loads = (persisted.loads ?? 0) + 1;
vscode.setState(persisted);

let renders = 0;
let version = Number(settings.version ?? 0);
let lastTarget: string | undefined;

function pageState(): PageState {
  const target = lastTarget ? document.getElementById(lastTarget) : null;
  return {
    loads: persisted.loads ?? 1,
    renders,
    version,
    katexCount: content.querySelectorAll('.katex').length,
    scrollY: window.scrollY,
    topLine: lineAtTop(),
    lastTarget,
    targetVisible: target ? isInView(target) : undefined,
    notice: document.getElementById('mlnotes-notice')?.textContent ?? undefined,
  };
}

function isInView(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}

// ---- Scroll sync -------------------------------------------------------

interface LineElement { line: number; element: HTMLElement }

function lineElements(): LineElement[] {
  return Array.from(content.querySelectorAll<HTMLElement>('[data-line]'))
    .map((element) => ({ line: Number(element.dataset.line), element }))
    .filter((entry) => Number.isFinite(entry.line));
}

/** The blocks just before and after (0-based, fractional) `line`. */
function blocksAround(line: number): { before?: LineElement; after?: LineElement } {
  let before: LineElement | undefined;
  let after: LineElement | undefined;
  for (const entry of lineElements()) {
    if (entry.line <= line) {
      if (!before || entry.line >= before.line) before = entry;
    } else if (!after || entry.line < after.line) {
      after = entry;
    }
  }
  return { before, after };
}

const top = (element: HTMLElement) => element.getBoundingClientRect().top + window.scrollY;

/** Ignore the scroll events our own scrolling causes, so the editor is not moved back. */
let ignoreScrollUntil = 0;

function scrollToLine(line: number): void {
  const { before, after } = blocksAround(line);
  if (!before) { scrollProgrammatically(0); return; }
  let y = top(before.element);
  if (after && after.line > before.line) {
    const fraction = (line - before.line) / (after.line - before.line);
    y += fraction * (top(after.element) - y);
  } else {
    const fraction = line - Math.floor(line);
    y += fraction * before.element.getBoundingClientRect().height;
  }
  scrollProgrammatically(y);
}

function scrollProgrammatically(y: number): void {
  ignoreScrollUntil = Date.now() + 200;
  window.scrollTo(0, Math.max(0, y));
}

/** The source line (fractional) shown at the top of the view. */
function lineAtTop(): number {
  const entries = lineElements();
  let previous: LineElement | undefined;
  for (const entry of entries) {
    const box = entry.element.getBoundingClientRect();
    if (box.top > 0) {
      if (!previous) return entry.line;
      const prevBox = previous.element.getBoundingClientRect();
      const span = box.top - prevBox.top;
      const fraction = span > 0 ? Math.min(1, Math.max(0, -prevBox.top / span)) : 0;
      return previous.line + fraction * (entry.line - previous.line);
    }
    previous = entry;
  }
  return previous?.line ?? 0;
}

let scrollFrame = 0;
window.addEventListener('scroll', () => {
  if (Date.now() < ignoreScrollUntil || scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    const line = lineAtTop();
    persisted.scrollLine = line;
    vscode.setState(persisted);
    vscode.postMessage({ type: 'revealLine', line });
  });
});

// ---- Clicks --------------------------------------------------------------

function flash(element: HTMLElement): void {
  element.classList.add('mlnotes-flash');
  setTimeout(() => element.classList.remove('mlnotes-flash'), 1200);
}

/** In-page links (equation references) scroll here; every other link goes to the extension. */
function onLinkClick(link: HTMLAnchorElement, event: Event): void {
  event.preventDefault();
  const href = link.getAttribute('href');
  if (!href) return; // an anchor (`<a name>`) or a link the sanitizer took the URL from
  if (href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    const target = document.getElementById(id);
    if (!target) return;
    lastTarget = id;
    target.scrollIntoView({ block: 'center' });
    flash(target);
    vscode.postMessage({ type: 'state', state: pageState() });
    return;
  }
  vscode.postMessage({ type: 'openLink', href });
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a');
  if (link) onLinkClick(link as HTMLAnchorElement, event);
});

document.addEventListener('dblclick', (event) => {
  const block = (event.target as Element | null)?.closest?.('[data-line]') as HTMLElement | null;
  if (block) vscode.postMessage({ type: 'doubleClick', line: Number(block.dataset.line) });
});

// ---- Messages from the extension -------------------------------------------

function showNotice(text: string | undefined): void {
  let notice = document.getElementById('mlnotes-notice');
  if (!text) { notice?.remove(); return; }
  if (!notice) {
    notice = document.createElement('div');
    notice.id = 'mlnotes-notice';
    content.before(notice);
  }
  notice.textContent = text;
}

/** Patches a render into the page: the note's HTML sanitized (DOMPurify), then its math filled in. */
function show(body: PageBody): void {
  const next = document.createElement('div');
  next.id = content.id;
  next.innerHTML = sanitizeBody(body.html, body.slots);
  morphdom(content, next, {
    // KaTeX output of an unchanged expression is identical: skip the subtree walk.
    onBeforeElUpdated: (from, to) => !from.isEqualNode(to),
  });
}

function update(body: PageBody, newVersion: number, title: string): void {
  show(body);
  document.title = title;
  version = newVersion;
  renders++;
  vscode.postMessage({ type: 'rendered', state: pageState() });
}

window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const message = event.data;
  switch (message.type) {
    case 'update':
      update({ html: message.html, slots: message.slots }, message.version, message.title);
      break;
    case 'scrollToLine':
      scrollToLine(message.line);
      break;
    case 'test.click': {
      const element = document.querySelector(message.selector);
      element?.dispatchEvent(new MouseEvent(message.double ? 'dblclick' : 'click', { bubbles: true, cancelable: true }));
      vscode.postMessage({ type: 'state', state: pageState() });
      break;
    }
    case 'notice':
      showNotice(message.text);
      break;
    case 'test.report':
      vscode.postMessage({ type: 'state', state: pageState() });
      break;
  }
});

// The first render came with the page, as data.
if (settings.initial) show(JSON.parse(settings.initial) as PageBody);

// Restore the scroll position after a reload, then say hello.
if (settings.line) scrollToLine(Number(settings.line));
else if (persisted.scrollLine !== undefined) scrollToLine(persisted.scrollLine);
vscode.postMessage({ type: 'ready', state: pageState() });
