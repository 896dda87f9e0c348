/**
 * The preview's unit of update: a top-level block of the note (a paragraph,
 * a heading, a whole list, a display equation…). After an edit only the
 * blocks whose source changed are rendered again and sent to the page; the
 * page keeps the others, moving their `data-line` by the lines the edit
 * added or removed.
 *
 * A block's HTML depends on its source and on a little of the rest of the
 * note: equation numbers and `\eqref` targets, the lint markers on it, the
 * macros in force. The numbering and markers of each unchanged block are
 * compared too (its "context"), so a block whose equation number or
 * reference text changed is sent again; a change of macros (or of a link
 * reference definition) renders everything.
 */
import { createMarkdownIt, type MarkdownIt, type MarkdownToken } from '../markdown';
import { computeLineStarts } from '../text';
import type { MathSlots } from './html-policy';
import { MathCache } from './katex-render';
import { makeNonce } from './page';
import { installRenderRules, labelIds, prepareRender, proseHtml, type RenderContext, type RenderOptions } from './render';
import { texForKatex } from './transform';

/** Tokens `from` up to (not including) `to`: one top-level block, or a run of them an open HTML element holds together. */
export interface BlockSpan { from: number; to: number; startLine: number; endLine: number }

/** Elements with no end tag. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Elements an HTML block opens minus those it closes (`<details>` alone: 1; `</details>`: -1). */
export function openElements(html: string): number {
  let depth = 0;
  for (const match of html.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(\/?)>/g)) {
    if (VOID_ELEMENTS.has(match[2].toLowerCase()) || match[3] === '/') continue;
    depth += match[1] ? -1 : 1;
  }
  return depth;
}

/**
 * The note's top-level blocks. Raw HTML may open an element in one block
 * and close it in a later one (`<details>` … `</details>` around Markdown):
 * such a run is one block, so each block's HTML stands on its own.
 */
export function splitBlocks(tokens: MarkdownToken[]): BlockSpan[] {
  const spans: BlockSpan[] = [];
  /** Elements the raw HTML so far left open. */
  let open = 0;
  let i = 0;
  while (i < tokens.length) {
    const from = i;
    const inside = open > 0 && spans.length > 0;
    let depth = 0;
    do {
      depth += tokens[i].nesting;
      if (tokens[i].type === 'html_block') open = Math.max(0, open + openElements(tokens[i].content));
      i++;
    } while (i < tokens.length && depth > 0);
    const last = spans.at(-1);
    const startLine = tokens[from].map?.[0] ?? last?.endLine ?? 0;
    const endLine = tokens[from].map?.[1] ?? startLine;
    if (inside && last) {
      last.to = i;
      last.endLine = Math.max(last.endLine, endLine);
    } else {
      spans.push({ from, to: i, startLine, endLine });
    }
  }
  return spans;
}

/** What identifies a block across versions: its source text and where it starts. */
export interface BlockKey { source: string; startLine: number }

/**
 * The blocks an edit left alone: how many at the start (same source, same
 * line) and at the end (same source, same distance from the end of the
 * note). Everything between them changed.
 */
export function diffBlocks(old: BlockKey[], oldLines: number, next: BlockKey[], nextLines: number): { prefix: number; suffix: number } {
  const most = Math.min(old.length, next.length);
  let prefix = 0;
  while (prefix < most && old[prefix].startLine === next[prefix].startLine && old[prefix].source === next[prefix].source) prefix++;
  let suffix = 0;
  while (suffix < most - prefix) {
    const a = old[old.length - 1 - suffix];
    const b = next[next.length - 1 - suffix];
    if (a.startLine - oldLines !== b.startLine - nextLines || a.source !== b.source) break;
    suffix++;
  }
  return { prefix, suffix };
}

/** One block's HTML for the page; its math is left out as slots when the render asked for them. */
export interface RenderedBlock { id: number; html: string; slots?: MathSlots }

export type BlockUpdate =
  /** The whole note, block by block: the page replaces everything it shows. */
  | { kind: 'reset'; blocks: RenderedBlock[] }
  /**
   * The edited blocks: `remove` goes, `insert` comes after block `after`
   * (at the start when undefined), blocks from `shift.from` on move by
   * `shift.delta` lines, and `replace` (unchanged source, changed numbers,
   * references or markers) gets new HTML.
   */
  | { kind: 'patch'; after?: number; remove: number[]; insert: RenderedBlock[]; replace: RenderedBlock[]; shift?: { from: number; delta: number } };

interface BlockEntry extends BlockKey {
  id: number;
  /** Whether the block's HTML reads equation numbers or reference targets (decided by its source alone). */
  numbered: boolean;
  /** Its numbers, references and markers as last sent. */
  context: string;
}

interface Previous { blocks: BlockEntry[]; lineCount: number; global: string }

/** What the last update did (for tests and the benchmark). */
export interface BlockStats { blocks: number; rendered: number; kind: BlockUpdate['kind'] }

const MATH_TOKENS = new Set(['math_block', 'math_inline', 'math_inline_double']);
const REFERENCE_DEFINITION = /^(?:[ \t>]|(?:[-+*]|\d{1,9}[.)])[ \t])*\[[^\]\n]+\]:.*$/gm;

/**
 * Renders a note block by block and, after an edit, only the blocks the
 * edit changed. One per preview; its KaTeX cache lives as long as it does.
 */
export class BlockRenderer {
  private readonly md: MarkdownIt;
  readonly cache = new MathCache();
  private previous: Previous | undefined;
  private nextId = 1;
  stats: BlockStats = { blocks: 0, rendered: 0, kind: 'reset' };

  constructor() {
    this.md = createMarkdownIt();
    installRenderRules(this.md);
  }

  /** The next update renders and sends the whole note (a new page, or a page that lost track). */
  reset(): void {
    this.previous = undefined;
  }

  /** Renders `text` (pass the tokens of the parse shared with lint, if any) as an update of the last one. */
  update(text: string, options: RenderOptions = {}, tokens = this.md.parse(text, {}), lineStarts = computeLineStarts(text)): BlockUpdate {
    const context = prepareRender(tokens, this.cache, { ...options, slots: false });
    const slots = options.slots ?? false;
    const spans = splitBlocks(tokens);
    const keys = spans.map((span) => ({ source: sourceOf(text, lineStarts, span), startLine: span.startLine }));
    const global = `${context.macrosKey}\u0000${text.includes(']:') ? (text.match(REFERENCE_DEFINITION) ?? []).join('\n') : ''}`;
    const markers = markerContexts(context, spans);
    const render = (i: number, id: number): [RenderedBlock, BlockEntry] => {
      context.slots = slots ? { nonce: makeNonce(), html: [] } : undefined;
      const html = this.md.renderer.render(tokens.slice(spans[i].from, spans[i].to), this.md.options, { mlnotes: context });
      const numbered = readsNumbering(tokens, spans[i], context);
      const entry = { ...keys[i], id, numbered, context: contextOf(tokens, spans[i], context, numbered, markers[i]) };
      return [{ id, html, ...(context.slots ? { slots: context.slots } : {}) }, entry];
    };
    const previous = this.previous;
    // Every entry a cache kept through many patches holds is dropped on the next whole render.
    const overgrown = this.cache.size > 2 * context.items.length + 200;
    let update: BlockUpdate;
    let entries: BlockEntry[];
    let rendered = 0;
    if (!previous || previous.global !== global || overgrown) {
      // A pass of its own: what the patches since the last whole render added and no block uses now is dropped after it.
      this.cache.beginPass();
      const pairs = spans.map((_, i) => render(i, this.nextId++));
      rendered = pairs.length;
      update = { kind: 'reset', blocks: pairs.map(([block]) => block) };
      entries = pairs.map(([, entry]) => entry);
      this.cache.endPass();
    } else {
      const lineCount = lineStarts.length;
      const { prefix, suffix } = diffBlocks(previous.blocks, previous.lineCount, keys, lineCount);
      const inserted = spans.slice(prefix, spans.length - suffix).map((_, k) => render(prefix + k, this.nextId++));
      const kept = (i: number): BlockEntry => previous.blocks[i < prefix ? i : i - spans.length + previous.blocks.length];
      const replace: RenderedBlock[] = [];
      entries = spans.map((span, i) => {
        if (i >= prefix && i < spans.length - suffix) return inserted[i - prefix][1];
        const old = kept(i);
        const now = contextOf(tokens, span, context, old.numbered, markers[i]);
        if (now === old.context) return { ...old, startLine: keys[i].startLine };
        const [block, entry] = render(i, old.id);
        replace.push(block);
        return entry;
      });
      rendered = inserted.length + replace.length;
      const firstKept = suffix > 0 ? previous.blocks[previous.blocks.length - suffix] : undefined;
      const delta = lineCount - previous.lineCount;
      update = {
        kind: 'patch',
        after: prefix > 0 ? previous.blocks[prefix - 1].id : undefined,
        remove: previous.blocks.slice(prefix, previous.blocks.length - suffix).map((b) => b.id),
        insert: inserted.map(([block]) => block),
        replace,
        ...(firstKept && delta !== 0 ? { shift: { from: firstKept.id, delta } } : {}),
      };
    }
    this.previous = { blocks: entries, lineCount: lineStarts.length, global };
    this.stats = { blocks: spans.length, rendered, kind: update.kind };
    return update;
  }
}

function sourceOf(text: string, lineStarts: number[], span: BlockSpan): string {
  const end = span.endLine < lineStarts.length ? lineStarts[span.endLine] : text.length;
  return text.slice(lineStarts[span.startLine] ?? text.length, end);
}

/** The math items and prose text tokens of a block, with the math item's index. */
function* pieces(tokens: MarkdownToken[], span: BlockSpan, context: RenderContext): Generator<{ token: MarkdownToken; index?: number }> {
  for (let t = span.from; t < span.to; t++) {
    const token = tokens[t];
    if (MATH_TOKENS.has(token.type)) yield { token, index: context.indexOf.get(token) };
    for (const child of token.children ?? []) {
      if (MATH_TOKENS.has(child.type)) yield { token: child, index: context.indexOf.get(child) };
      else if (child.type === 'text') yield { token: child };
    }
  }
}

/** Whether a block shows equation numbers or references: a label, tag or numbered environment, or a `\ref`/`\eqref`. */
function readsNumbering(tokens: MarkdownToken[], span: BlockSpan, context: RenderContext): boolean {
  for (const { token, index } of pieces(tokens, span, context)) {
    if (index === undefined ? token.content.includes('ref{') : context.numbering.rows[index]?.length || /\\(?:eq)?ref\b/.test(token.content)) return true;
  }
  return false;
}

/** What a block's HTML takes from the rest of the note: its numbers, its references' text and its markers. */
function contextOf(tokens: MarkdownToken[], span: BlockSpan, context: RenderContext, numbered: boolean, markers: string): string {
  if (!numbered) return markers;
  const parts = [markers];
  for (const { token, index } of pieces(tokens, span, context)) {
    if (index === undefined) {
      if (token.content.includes('ref{')) parts.push(proseHtml(token.content, context.numbering));
    } else {
      parts.push(texForKatex(context.items[index], index, context.numbering), labelIds(context, index).join(' '));
    }
  }
  return parts.join('\u0000');
}

/** Per block, the lint markers placed in it, by line within the block. */
function markerContexts(context: RenderContext, spans: BlockSpan[]): string[] {
  const out = spans.map(() => [] as string[]);
  for (const [token, list] of context.markers) {
    const line = token.map?.[0] ?? 0;
    const i = spanAt(spans, line);
    out[i].push(`${line - spans[i].startLine} ${token.type} ${list.map((m) => `${m.severity}:${m.message}`).join('\n')}`);
  }
  return out.map((list) => list.sort().join('\u0001'));
}

/** The last span starting at or before `line`. */
function spanAt(spans: BlockSpan[], line: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (spans[mid].startLine <= line) low = mid; else high = mid - 1;
  }
  return low;
}
