// The preview page script (runs inside the webview, under a nonce CSP).
// Holds the note as blocks and patches in the ones an edit changed (morphdom
// for a block rendered again), so scroll position and focus survive; keeps
// scroll in sync with the editor both ways, and hands every link that leaves
// the page to the extension.
import morphdom from 'morphdom';
import './preview.css';
import type { BlocksMessage, FromPage, PageState, PersistedState, ToPage } from '../core/render/protocol';
import type { BlockUpdate, RenderedBlock } from '../core/render/blocks';
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
/** The render the page shows (a patch applies to one render only). */
let seq = -1;
let lastTarget: string | undefined;
/** The note's blocks by id: each a `.mlnotes-block` element (display: contents) in `content`. */
const blocks = new Map<number, HTMLElement>();

function pageState(withHtml = false): PageState {
  const target = lastTarget ? document.getElementById(lastTarget) : null;
  return {
    uri: settings.uri,
    loads: persisted.loads ?? 1,
    renders,
    blocks: blocks.size,
    version,
    katexCount: content.querySelectorAll('.katex').length,
    scrollY: window.scrollY,
    topLine: lineAtTop(),
    lastTarget,
    targetVisible: target ? isInView(target) : undefined,
    notice: document.getElementById('mlnotes-notice')?.textContent ?? undefined,
    theme: document.body.dataset.vscodeThemeKind,
    ...(withHtml ? { html: content.innerHTML } : {}),
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

/**
 * Where our own scrolling put the page: the scroll events it causes are not
 * the user's, so the editor is not moved back. Known by position, not by a
 * time window a busy machine can outlast.
 */
let programmaticY: number | undefined;

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
  window.scrollTo(0, Math.max(0, y));
  programmaticY = window.scrollY; // where the page could go (the end of the page stops it)
}

/** Whether a scroll event is the echo of our own scrolling; any other position ends the echo. */
function isOwnScroll(): boolean {
  if (programmaticY !== undefined && Math.abs(window.scrollY - programmaticY) <= 1) return true;
  programmaticY = undefined;
  return false;
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
  if (isOwnScroll() || scrollFrame) return;
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

/** A block's element: its HTML sanitized (DOMPurify), then its math filled in. */
function blockElement(block: RenderedBlock): HTMLElement {
  const element = document.createElement('div');
  element.className = 'mlnotes-block';
  element.innerHTML = sanitizeBody(block.html, block.slots);
  return element;
}

/** KaTeX output of an unchanged expression is identical: skip the subtree walk. */
const skipEqual = { onBeforeElUpdated: (from: HTMLElement, to: HTMLElement) => !from.isEqualNode(to) };

/** The whole note: morphed into what the page shows, so unchanged parts (and the scroll position) stay. */
function reset(next: RenderedBlock[]): void {
  const body = document.createElement('div');
  body.id = content.id;
  body.append(...next.map(blockElement));
  morphdom(content, body, skipEqual);
  blocks.clear();
  Array.from(content.children).forEach((element, i) => blocks.set(next[i].id, element as HTMLElement));
}

/** Moves the source lines of every block from `from` on by `delta` (lines added or removed above them). */
function shiftLines(from: HTMLElement | undefined, delta: number): void {
  for (let block = from as Element | null | undefined; block; block = block.nextElementSibling) {
    block.querySelectorAll<HTMLElement>('[data-line]').forEach((element) => { element.dataset.line = String(Number(element.dataset.line) + delta); });
  }
}

function patch(update: Extract<BlockUpdate, { kind: 'patch' }>): void {
  if (update.shift) shiftLines(blocks.get(update.shift.from), update.shift.delta);
  for (const id of update.remove) {
    blocks.get(id)?.remove();
    blocks.delete(id);
  }
  const inserted = update.insert.map((block) => {
    const element = blockElement(block);
    blocks.set(block.id, element);
    return element;
  });
  const after = update.after === undefined ? undefined : blocks.get(update.after);
  if (after) after.after(...inserted); else content.prepend(...inserted);
  for (const block of update.replace) {
    const old = blocks.get(block.id);
    if (old) morphdom(old, blockElement(block), skipEqual);
  }
}

function show(message: BlocksMessage): void {
  const { update } = message;
  if (update.kind === 'patch' && message.base !== seq) {
    // A render is missing in between (the page was reloaded meanwhile): ask for the whole note.
    vscode.postMessage({ type: 'resync' });
    return;
  }
  if (update.kind === 'reset') reset(update.blocks); else patch(update);
  seq = message.seq;
  document.title = message.title;
  version = message.version;
}

/**
 * Tells the extension the page shows `shown` once the update is laid out and
 * painted: after the next frame. With how long the DOM patch took and the
 * frame after it (style, layout, paint), for `npm run bench:vscode`.
 */
function reportShown(shown: number, inMs: number | undefined, applyMs: number): void {
  const applied = performance.now();
  requestAnimationFrame(() => setTimeout(() => {
    vscode.postMessage({ type: 'rendered', version: shown, inMs, applyMs, frameMs: performance.now() - applied, sentAt: Date.now() });
  }));
}

window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const message = event.data;
  switch (message.type) {
    case 'blocks': {
      const start = performance.now();
      const inMs = message.sentAt === undefined ? undefined : Date.now() - message.sentAt;
      show(message);
      if (message.seq === seq) {
        renders++;
        reportShown(version, inMs, performance.now() - start);
      }
      break;
    }
    case 'scrollToLine':
      scrollToLine(message.line);
      break;
    case 'test.click': {
      const element = document.querySelector(message.selector);
      element?.dispatchEvent(new MouseEvent(message.double ? 'dblclick' : 'click', { bubbles: true, cancelable: true }));
      vscode.postMessage({ type: 'state', state: pageState(), request: message.request });
      break;
    }
    case 'notice':
      showNotice(message.text);
      break;
    case 'test.report':
      vscode.postMessage({ type: 'state', state: pageState(message.html), request: message.request });
      break;
  }
});

// The first render came with the page, as data.
if (settings.initial) show(JSON.parse(settings.initial) as BlocksMessage);

// Restore the scroll position after a reload, then say hello.
if (settings.line) scrollToLine(Number(settings.line));
else if (persisted.scrollLine !== undefined) scrollToLine(persisted.scrollLine);
vscode.postMessage({ type: 'ready', state: pageState() });
