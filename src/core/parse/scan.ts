/**
 * One walk over the markdown-it tokens: blocks with document offsets, math
 * spans with exact ranges, code spans and blocks, then HTML comments found in
 * the source (html is off in our markdown-it, so comments arrive as text and
 * whatever math markdown-it saw inside them is dropped here).
 *
 * All offsets are into `src`, the text with line endings normalised to `\n`
 * (what markdown-it parses). Line/character positions are the same as in the
 * original text, so ranges are built from positions only.
 */
import type { InlineTokenMeta, MarkdownToken, MathTokenMeta, MathDelimiter } from '../markdown';
import type { LineSpan, ListItem, MathSegment } from '../model';
import type { Position, Range } from '../types';
import { countNewlines, lineOf } from '../text';
import { countWork } from '../work';
import { MathSpanRecord } from './records';

export class Doc {
  readonly lineStarts: number[];
  /** `lineStarts`, when the caller knows them (an edit's: parse/patch.ts), are taken as they are. */
  constructor(readonly src: string, lineStarts?: number[]) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    // Counted first, then filled: pushed one by one, a text of a million lines grew (and copied) the array twenty times.
    const starts = new Array<number>(countNewlines(src) + 1);
    starts[0] = 0;
    let line = 1;
    for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts[line++] = i + 1;
    countWork(2 * src.length);
    this.lineStarts = starts;
  }
  get lineCount(): number { return this.lineStarts.length; }
  lineStart(line: number): number { return this.lineStarts[Math.min(line, this.lineStarts.length - 1)]; }
  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.src.length;
    return this.lineStarts[line + 1] - 1;
  }
  lineText(line: number): string { return this.src.slice(this.lineStart(line), this.lineEnd(line)); }
  lineAt(offset: number): number { return lineOf(this.lineStarts, offset); }
  pos(offset: number): Position {
    const line = lineOf(this.lineStarts, offset);
    return { line, character: offset - this.lineStarts[line] };
  }
  range(start: number, end: number): Range { return { start: this.pos(start), end: this.pos(end) }; }
}

export type BlockKind = 'paragraph' | 'heading' | 'item' | 'math' | 'code' | 'table' | 'hr' | 'front-matter';

export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  startLine: number;
  /** Line after the block. */
  endLine: number;
  /** Nesting inside list items: 0 for top-level blocks and top-level list items. */
  depth: number;
  ordered?: boolean;
  /** Ordered-list number as written, and where it stands. */
  listNumber?: string;
  listNumberStart?: number;
  headingLevel?: number;
  /** Inline content (headings). */
  content?: string;
  /** Offset in src of the inline content's start (headings). */
  contentStart?: number;
}

export interface RawMath {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  tex: string;
  display: boolean;
  delimiter: MathDelimiter;
  block: boolean;
  segments: MathSegment[];
}

export interface RawCode { start: number; end: number; text: string; block: boolean }
export interface RawComment { start: number; end: number; text: string }
/** Raw HTML (blocks, inline tags and elements) and images: neither math nor prose (NOTE-SPEC §2). */
export interface RawOpaque { start: number; end: number }

export interface ScanResult {
  /** Top-level blocks, and headings, code, tables and math at any depth (built on first read). */
  readonly blocks: Block[];
  /** The heading blocks among them. */
  headings: Block[];
  /** Built on first read from `paragraphLines` and `itemLines`. */
  readonly paragraphs: LineSpan[];
  readonly listItems: ListItem[];
  paragraphLines: Int32Array;
  itemLines: Int32Array;
  math: MathSpanRecord[];
  code: RawCode[];
  comments: RawComment[];
  opaque: RawOpaque[];
  frontMatter?: { start: number; end: number; content: string; contentStart: number };
}

const CLOSE_LENGTH: Record<MathDelimiter, number> = { '$': 1, '$$': 2, '\\(': 2, '\\[': 2, 'begin': 0 };

/**
 * Where each line of an inline token's content starts in src. In a GFM table
 * cell markdown-it has turned each `\|` into `|` (`escapes`: where, in the
 * content), so the cell is found in its row as written and offsets after an
 * escape move one further.
 */
interface InlineMap {
  lineOffsets: Numbers;
  docStarts: Numbers;
  /** Leading blanks of a line that stand for fewer characters in src (a tab markdown-it expanded): docStarts is past them. */
  leads: Numbers;
  escapes?: number[];
  /** The line the last offset was found on: offsets are asked for mostly in order. */
  hint: number;
}

type Numbers = Int32Array | number[];

/**
 * `count` zeros: a plain array for the one or few lines most inline tokens
 * have (a typed array is a much larger object to make, and one is made per
 * line map), a typed array for a paragraph of many lines.
 */
function zeros(count: number): Numbers {
  return count > 16 ? new Int32Array(count) : new Array<number>(count).fill(0);
}

/**
 * Maps each line of `content` (from `firstLine` on) to src. `cursors` holds,
 * per line, where the text of the tokens already mapped on it ends (table
 * cells share their row's line). Lines are read in place, not copied: a
 * paragraph of a million lines is one inline token.
 */
function mapInlineLines(doc: Doc, content: string, firstLine: number, cursors: Map<number, number>, cell = false): InlineMap {
  const escapes = cell && content.includes('|') ? [...content.matchAll(/\|/g)].map((m) => m.index) : undefined;
  const text = escapes ? content.replace(/\|/g, '\\|') : content;
  const count = escapes ? 1 : countNewlines(text) + 1;
  countWork(text.length);
  const map: InlineMap = { lineOffsets: zeros(count), docStarts: zeros(count), leads: zeros(count), escapes, hint: 0 };
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const nl = escapes ? -1 : text.indexOf('\n', offset);
    const partEnd = nl === -1 ? text.length : nl;
    const line = firstLine + i;
    const from = cursors.get(line) ?? 0;
    const lineEnd = doc.lineEnd(line);
    const length = partEnd - offset;
    let col: number;
    let lead = 0;
    if (from === 0 && lineEnd - doc.lineStart(line) >= length && sameText(text, offset, doc.src, lineEnd - length, length)) {
      col = lineEnd - doc.lineStart(line) - length;
    } else {
      [col, lead] = findPart(doc.lineText(line), text.slice(offset, partEnd), from);
    }
    // Only the last line can hold the next token's text too: the lines before it are this token's alone.
    if (i === count - 1 || cursors.has(line)) cursors.set(line, col + length - lead);
    map.lineOffsets[i] = offset;
    map.leads[i] = lead;
    map.docStarts[i] = doc.lineStart(line) + col;
    offset = partEnd + 1;
  }
  return map;
}

/**
 * Whether `a` from `aFrom` and `b` from `bFrom` hold the same `length`
 * characters. Compared as slices with `===`, a native comparison: a loop over
 * the characters, or `startsWith`, took five times as long, and this reads
 * every character of every paragraph.
 */
function sameText(a: string, aFrom: number, b: string, bFrom: number, length: number): boolean {
  const part = aFrom === 0 && length === a.length ? a : a.slice(aFrom, aFrom + length);
  return b.slice(bFrom, bFrom + length) === part;
}

/** Where `part` (a line of an inline token) stands in its source line, from `from` on, and how many of its leading blanks were a tab. */
function findPart(srcLine: string, part: string, from: number): [number, number] {
  const trimmedLength = srcLine.trimEnd().length;
  if (from === 0 && srcLine.endsWith(part)) return [srcLine.length - part.length, 0];
  if (from === 0 && srcLine.slice(0, trimmedLength).endsWith(part)) return [trimmedLength - part.length, 0];
  const col = srcLine.indexOf(part, from);
  if (col >= 0) return [col, 0];
  // Tabs expanded by markdown-it: fall back to the first non-blank character.
  const found = srcLine.indexOf(part.trimStart(), from);
  return found >= 0 ? [found, part.length - part.trimStart().length] : [from, 0];
}

function toDoc(map: InlineMap, offset: number): number {
  const i = lineIndex(map, offset);
  return map.docStarts[i] + Math.max(0, offset - map.lineOffsets[i] - map.leads[i]) + (map.escapes ? countBelow(map.escapes, offset) : 0);
}

/**
 * The line of the inline token that holds `offset`. A paragraph of many lines
 * holds many math tokens, asked for in order: a few steps on from the line
 * found last, else a binary search.
 */
function lineIndex(map: InlineMap, offset: number): number {
  const offsets = map.lineOffsets;
  let i = map.hint;
  if (offsets[i] <= offset) {
    const last = Math.min(offsets.length - 1, i + 4);
    while (i < last && offsets[i + 1] <= offset) i++;
    countWork(1 + i - map.hint);
    if (i === offsets.length - 1 || offsets[i + 1] > offset) return (map.hint = i);
  }
  return (map.hint = countBelow(offsets, offset + 1) - 1);
}

/** How many of the sorted `values` are below `limit` (binary search). */
function countBelow(values: ArrayLike<number>, limit: number): number {
  let low = 0;
  let high = values.length;
  let steps = 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] < limit) low = mid + 1; else high = mid;
    steps++;
  }
  countWork(steps);
  return low;
}

/**
 * Where the lines of an inline span's TeX stand in src, or undefined when the
 * TeX runs one to one with src from `contentStart` (the record builds those
 * segments when read: most spans, and a parse of half a million spans over
 * two lines spent a third of its time on them).
 */
function segmentsFor(doc: Doc, tex: string, contentStart: number, map: InlineMap, contentOffset: number): MathSegment[] | undefined {
  if (oneToOne(tex, contentStart, map, contentOffset)) return undefined;
  // No closure here: it would be made again for each of a note's spans.
  const segments: MathSegment[] = [segmentAt(doc, 0, contentStart)];
  for (let i = tex.indexOf('\n'); i !== -1; i = tex.indexOf('\n', i + 1)) {
    segments.push(segmentAt(doc, i + 1, toDoc(map, contentOffset + i + 1)));
    // Past blanks that were a tab in src, the tex runs one-to-one with src again.
    const j = pastBlanks(tex, i + 1);
    if (j > i + 1 && toDoc(map, contentOffset + j) !== toDoc(map, contentOffset + i + 1) + (j - i - 1)) {
      segments.push(segmentAt(doc, j, toDoc(map, contentOffset + j)));
    }
  }
  // After each `|` that was `\|` in the cell, the tex is one character behind the source.
  for (const e of map.escapes ?? []) {
    const texOffset = e + 1 - contentOffset;
    if (texOffset > 0 && texOffset < tex.length) segments.push(segmentAt(doc, texOffset, toDoc(map, e + 1)));
  }
  return segments;
}

/** Whether every segment segmentsFor would make stands at `contentStart` plus its TeX offset. */
function oneToOne(tex: string, contentStart: number, map: InlineMap, contentOffset: number): boolean {
  for (const e of map.escapes ?? []) {
    const texOffset = e + 1 - contentOffset;
    if (texOffset > 0 && texOffset < tex.length) return false;
  }
  for (let i = tex.indexOf('\n'); i !== -1; i = tex.indexOf('\n', i + 1)) {
    if (toDoc(map, contentOffset + i + 1) !== contentStart + i + 1) return false;
    const j = pastBlanks(tex, i + 1);
    if (j > i + 1 && toDoc(map, contentOffset + j) !== contentStart + j) return false;
  }
  return true;
}

/** The offset of the first character at or after `from` that is no space or tab. */
function pastBlanks(tex: string, from: number): number {
  let j = from;
  while (tex[j] === ' ' || tex[j] === '\t') j++;
  return j;
}

function segmentAt(doc: Doc, texOffset: number, docOffset: number): MathSegment {
  const p = doc.pos(docOffset);
  return { tex: texOffset, line: p.line, character: p.character };
}

/** Finds code spans of an inline token in its content, in order, from `cursor`. */
function findCodeSpan(content: string, markup: string, cursor: number): [number, number] | undefined {
  const n = markup.length;
  let i = content.indexOf(markup, cursor);
  while (i !== -1) {
    let runEnd = i;
    while (content[runEnd] === '`') runEnd++;
    if (runEnd - i === n && (i === 0 || content[i - 1] !== '`')) {
      let j = content.indexOf(markup, runEnd);
      while (j !== -1) {
        let closeEnd = j;
        while (content[closeEnd] === '`') closeEnd++;
        if (closeEnd - j === n) return [i, closeEnd];
        j = content.indexOf(markup, closeEnd);
      }
      return undefined;
    }
    i = content.indexOf(markup, runEnd);
  }
  return undefined;
}

/** A block spanning whole source lines (markdown-it's `map`). */
function lineBlock(doc: Doc, kind: BlockKind, map: [number, number], depth: number, ordered?: boolean): Block {
  // `ordered` is a field of every block, so an item's fits in the object (a field added later costs a second one).
  return { kind, start: doc.lineStart(map[0]), end: doc.lineEnd(Math.max(map[0], map[1] - 1)), startLine: map[0], endLine: map[1], depth, ordered };
}

/**
 * A list of 32-bit integers that grows: numbers the collector has nothing to
 * trace in, nor copies. Sized at first for what a text usually holds (one
 * entry a line): pages never written cost no memory, and growing a list
 * from small by copies took longer than the numbers' writes.
 */
class IntList {
  private data: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(capacity, 64));
  }

  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const data = new Int32Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }

  /** A view, not a copy: what is kept past the parse is a few bytes a line at most. */
  values(): Int32Array { return this.data.subarray(0, this.length); }
}

/** A top-level list item's block, with the number an ordered one is written with. */
function itemBlock(doc: Doc, first: number, after: number, ordered: boolean): Block {
  const block = lineBlock(doc, 'item', [first, after], 0, ordered);
  if (ordered) {
    const m = /^[\s>]*(\d+)[.)]/.exec(doc.lineText(first));
    if (m) { block.listNumber = m[1]; block.listNumberStart = block.start + m[0].length - 1 - m[1].length; }
  }
  return block;
}

/** The line spans of pairs of numbers (first line, line after). */
export function lineSpans(pairs: Int32Array): LineSpan[] {
  const spans = new Array<LineSpan>(pairs.length / 2);
  for (let i = 0; i < spans.length; i++) spans[i] = { start: pairs[2 * i], end: pairs[2 * i + 1] };
  return spans;
}

/** The list items of pairs of numbers (line, level). */
export function listItemsOf(pairs: Int32Array): ListItem[] {
  const items = new Array<ListItem>(pairs.length / 2);
  for (let i = 0; i < items.length; i++) items[i] = { line: pairs[2 * i], level: pairs[2 * i + 1] };
  return items;
}

/**
 * One walk over the tokens, fed in runs of whole top-level blocks (`parseInRuns`).
 * Paragraphs, list items and top-level items are kept as numbers, and their
 * objects built when the result is read: a list of a million items was three
 * objects an item, all alive to the end of the parse, and the young-generation
 * collections that copied them took a third of its time.
 */
export class TokenScanner {
  /** Blocks but top-level list items (those are in `topItems`). */
  private readonly otherBlocks: Block[] = [];
  readonly headings: Block[] = [];
  /** Per top-level list item: how many other blocks come before it, its first line, the line after it, 1 if ordered. */
  private readonly topItems: IntList;
  /** Per paragraph (in list items and quotes too): its first line and the line after it. */
  private readonly paragraphLines: IntList;
  /** Per list item at every depth: its marker's line and markdown-it's level. */
  private readonly itemLines: IntList;
  readonly math: MathSpanRecord[] = [];
  readonly code: RawCode[] = [];
  readonly opaque: RawOpaque[] = [];
  private frontMatter: ScanResult['frontMatter'];
  private itemDepth = 0;
  private tableDepth = 0;
  private rowLine = -1;
  private readonly cursors = new Map<number, number>();

  constructor(private readonly doc: Doc) {
    // A line starts at most one top-level item and one paragraph, and mostly at most one list item (`- - a` starts two).
    this.topItems = new IntList(4 * doc.lineCount);
    this.paragraphLines = new IntList(2 * doc.lineCount);
    this.itemLines = new IntList(2 * doc.lineCount);
  }

  result(): ScanResult {
    let blocks: Block[] | undefined;
    let paragraphs: LineSpan[] | undefined;
    let listItems: ListItem[] | undefined;
    const scanner = this;
    const paragraphLines = this.paragraphLines.values();
    const itemLines = this.itemLines.values();
    return {
      get blocks() { return (blocks ??= scanner.allBlocks()); },
      get paragraphs() { return (paragraphs ??= lineSpans(paragraphLines)); },
      get listItems() { return (listItems ??= listItemsOf(itemLines)); },
      paragraphLines,
      itemLines,
      headings: this.headings,
      math: this.math, code: this.code, comments: [], opaque: this.opaque, frontMatter: this.frontMatter,
    };
  }

  /** The blocks in document order, the top-level items among them. */
  private allBlocks(): Block[] {
    const { doc, otherBlocks } = this;
    const topItems = this.topItems.values();
    if (topItems.length === 0) return otherBlocks.slice();
    const blocks: Block[] = [];
    let next = 0;
    for (let i = 0; i < topItems.length; i += 4) {
      while (next < topItems[i]) blocks.push(otherBlocks[next++]);
      blocks.push(itemBlock(doc, topItems[i + 1], topItems[i + 2], topItems[i + 3] === 1));
    }
    while (next < otherBlocks.length) blocks.push(otherBlocks[next++]);
    return blocks;
  }

  add(tokens: MarkdownToken[]): void {
    const { doc, otherBlocks: blocks, math, code, cursors } = this;
    const sink: Sink = { math, code, opaque: this.opaque, blocks };
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      const map = token.map as [number, number] | null;
      switch (token.type) {
        case 'front_matter':
          if (map) {
            const block = lineBlock(doc, 'front-matter', map, 0);
            this.frontMatter = { start: block.start, end: block.end, content: token.content, contentStart: doc.lineStart(1) };
            blocks.push(block);
          }
          break;
        case 'list_item_open':
          if (map) this.itemLines.push2(map[0], token.level);
          if (map && this.itemDepth === 0) {
            this.topItems.push2(blocks.length, map[0]);
            this.topItems.push2(map[1], token.markup === '.' || token.markup === ')' ? 1 : 0);
          }
          this.itemDepth++;
          break;
        case 'list_item_close':
          this.itemDepth--;
          break;
        case 'table_open':
          if (map) blocks.push(lineBlock(doc, 'table', map, this.itemDepth));
          this.tableDepth++;
          break;
        case 'table_close':
          this.tableDepth--;
          break;
        case 'tr_open':
          // Cell inline tokens carry no map of their own; their row's line is this one.
          if (map) this.rowLine = map[0];
          break;
        case 'hr':
          if (map) blocks.push(lineBlock(doc, 'hr', map, this.itemDepth));
          break;
        case 'fence':
        case 'code_block':
          if (map) {
            const block = lineBlock(doc, 'code', map, this.itemDepth);
            code.push({ start: block.start, end: block.end, text: token.content, block: true });
            blocks.push(block);
          }
          break;
        case 'math_block':
          this.mathBlock(token);
          break;
        case 'html_block':
          if (map) this.opaque.push(lineBlock(doc, 'code', map, this.itemDepth));
          break;
        case 'paragraph_open':
          if (map && this.tableDepth === 0) {
            this.paragraphLines.push2(map[0], map[1]);
            // Only top-level blocks are read as blocks (steps, glossary entries): an item's paragraph is a line span only.
            if (this.itemDepth === 0) blocks.push(lineBlock(doc, 'paragraph', map, 0));
          }
          break;
        case 'heading_open':
          if (map && this.tableDepth === 0) {
            const block = lineBlock(doc, 'heading', map, this.itemDepth);
            // A run holds whole blocks, so the inline token that follows is in it. Only a heading's text is read.
            block.content = tokens[t + 1]?.content ?? '';
            block.headingLevel = Number(token.tag.slice(1));
            blocks.push(block);
            this.headings.push(block);
          }
          break;
        case 'inline':
          if (map) scanInline(doc, token, map[0], cursors, sink, false);
          else if (this.tableDepth > 0 && this.rowLine >= 0) scanInline(doc, token, this.rowLine, cursors, sink, true);
          break;
      }
    }
  }

  private mathBlock(token: MarkdownToken): void {
    const doc = this.doc;
    const meta = token.meta as unknown as MathTokenMeta;
    // Block math meta counts from the start of the token's first line (markdown.ts).
    const base = doc.lineStart(token.map![0]);
    const start = base + meta.start;
    const end = base + meta.end;
    const contentStart = base + meta.contentStart;
    const contentEnd = end - CLOSE_LENGTH[meta.delimiter];
    const slice = doc.src.slice(contentStart, contentEnd);
    // In a blockquote texmath drops the `>` markers (and line breaks) from its content; we blank the
    // markers instead, so tex offsets stay document offsets.
    const quoted = token.content !== slice && /\n[ \t]*>/.test(slice);
    const tex = quoted ? slice.replace(/\n(?:[ \t]*>)+/g, (m) => '\n' + ' '.repeat(m.length - 1)) : slice;
    // The tex is src's characters one to one (a quote's markers blanked), so the record places its lines.
    this.math.push(MathSpanRecord.create(doc, start, end, contentStart, contentEnd, tex, true, meta.delimiter, true, undefined));
    const line = token.map![0];
    this.otherBlocks.push({ kind: 'math', start, end, startLine: line, endLine: doc.lineAt(end) + 1, depth: this.itemDepth });
  }
}

type Sink = Pick<TokenScanner, 'math' | 'code' | 'opaque'> & { blocks: Block[] };

function scanInline(doc: Doc, token: MarkdownToken, firstLine: number, cursors: Map<number, number>, sink: Sink, cell: boolean): void {
  const { math, code, blocks } = sink;
  const children = token.children ?? [];
  const opaque = (token.meta as InlineTokenMeta | null)?.opaque;
  if (!opaque && !children.some((c) => c.type.startsWith('math') || c.type === 'code_inline')) {
    recordHeadingStart(doc, token, firstLine, cursors, blocks);
    return;
  }
  const map = mapInlineLines(doc, token.content, firstLine, cursors, cell);
  for (const [from, to] of opaque ?? []) sink.opaque.push({ start: toDoc(map, from), end: toDoc(map, to) });
  const last = blocks[blocks.length - 1];
  if (last && last.kind === 'heading' && last.contentStart === undefined) last.contentStart = map.docStarts[0];
  let cursor = 0;
  for (let c = 0; c < children.length; c++) {
    const child = children[c];
    if (child.type === 'math_inline' || child.type === 'math_inline_double') {
      const meta = child.meta as unknown as MathTokenMeta;
      const contentEnd = meta.end - CLOSE_LENGTH[meta.delimiter];
      const tex = token.content.slice(meta.contentStart, contentEnd);
      const docContentStart = toDoc(map, meta.contentStart);
      math.push(MathSpanRecord.create(doc, toDoc(map, meta.start), toDoc(map, meta.end), docContentStart, toDoc(map, contentEnd), tex,
        meta.display, meta.delimiter, false, segmentsFor(doc, tex, docContentStart, map, meta.contentStart)));
      cursor = meta.end;
    } else if (child.type === 'code_inline') {
      const found = findCodeSpan(token.content, child.markup, cursor);
      if (found) {
        code.push({ start: toDoc(map, found[0]), end: toDoc(map, found[1]), text: child.content, block: false });
        cursor = found[1];
      }
    }
  }
}

function recordHeadingStart(doc: Doc, token: MarkdownToken, firstLine: number, cursors: Map<number, number>, blocks: Block[]): void {
  const last = blocks[blocks.length - 1];
  if (last && last.kind === 'heading' && last.contentStart === undefined) {
    last.contentStart = mapInlineLines(doc, token.content, firstLine, cursors).docStarts[0];
  }
}

/**
 * HTML comments outside code and math, and the math/code inside comments
 * removed. `math` and `code` are sorted by start.
 */
export function findComments(doc: Doc, result: ScanResult): void {
  const src = doc.src;
  result.opaque.sort((a, b) => a.start - b.start);
  // Most texts have no comment: no need to merge every math span and code span to skip them.
  if (!src.includes('<!--')) {
    result.comments = [];
    return;
  }
  const skip = [...result.code, ...result.math].sort((a, b) => a.start - b.start);
  const comments: RawComment[] = [];
  let k = 0;
  let from = 0;
  for (;;) {
    const open = src.indexOf('<!--', from);
    if (open === -1) break;
    // A comment is what markdown-it reads as HTML; a `<!--` it left as text (one that runs past a blank line) is text.
    if (rangeAt(result.opaque, open) < 0) { from = open + 4; continue; }
    while (k < skip.length && skip[k].end <= open) k++;
    // A range that starts inside an earlier comment does not count (it is dropped below).
    let inside = false;
    for (let j = k; j < skip.length && skip[j].start <= open; j++) {
      if (skip[j].end > open && rangeAt(comments, skip[j].start) < 0) { inside = true; from = skip[j].end; break; }
    }
    if (inside) continue;
    const close = src.indexOf('-->', open + 4);
    const end = close === -1 ? src.length : close + 3;
    comments.push({ start: open, end, text: src.slice(open + 4, close === -1 ? src.length : close) });
    from = end;
  }
  result.comments = comments;
  if (comments.length) {
    result.math = result.math.filter((m) => rangeAt(comments, m.start) < 0);
    result.code = result.code.filter((c) => rangeAt(comments, c.start) < 0);
  }
}

/** Index of the range holding `offset` among ranges sorted by start that do not overlap, or -1 (binary search). */
export function rangeAt(ranges: { start: number; end: number }[], offset: number): number {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (ranges[mid].end <= offset) low = mid + 1;
    else if (ranges[mid].start > offset) high = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * The text's two masks, offsets kept: `noCode` with the code, comments and
 * raw HTML blanked (line breaks kept), and `prose` with the math blanked too.
 */
export function masks(src: string, hidden: readonly Span[], math: readonly Span[]): { noCode: string; prose: string } {
  const noCode = hidden.length ? blanked(src, hidden) : src;
  return { noCode, prose: math.length ? blanked(noCode, math) : noCode };
}

interface Span { start: number; end: number }

/**
 * `text` with the ranges blanked. A note's ranges are sparse: slices of the
 * text and runs of spaces, joined, copy it once (the UTF-16 decoder took
 * twice as long). Dense ones (half a million one-character spans over two
 * lines) would be millions of pieces to join: those are blanked in a buffer
 * of code units, decoded in one native call.
 */
function blanked(text: string, ranges: readonly Span[]): string {
  const sorted = inOrder(ranges) ? ranges : [...ranges].sort((a, b) => a.start - b.start);
  countWork(text.length + ranges.length);
  return sorted.length * PIECES_PER_CHARACTER < text.length ? blankedBySlices(text, sorted) : blankedInBuffer(text, sorted);
}

/** Below one range in this many characters, slices are faster than the buffer. */
const PIECES_PER_CHARACTER = 32;

function blankedBySlices(text: string, sorted: readonly Span[]): string {
  const parts: string[] = [];
  let cursor = 0;
  // The first line break at or after `cursor`, kept ahead: each range looks for its own from there, not to the end of the text.
  let nextBreak = -1;
  for (let k = 0; k < sorted.length; k++) {
    let at = Math.max(sorted[k].start, cursor);
    const end = Math.min(sorted[k].end, text.length);
    if (end <= at) continue;
    if (at > cursor) parts.push(text.slice(cursor, at));
    if (nextBreak < at) nextBreak = lineBreakFrom(text, at);
    while (nextBreak < end) {
      if (nextBreak > at) parts.push(spaces(nextBreak - at));
      parts.push('\n');
      at = nextBreak + 1;
      nextBreak = lineBreakFrom(text, at);
    }
    if (end > at) parts.push(spaces(end - at));
    cursor = end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

function lineBreakFrom(text: string, at: number): number {
  const found = text.indexOf('\n', at);
  return found === -1 ? text.length : found;
}

const SPACES = ' '.repeat(1024);
function spaces(count: number): string {
  return count <= SPACES.length ? SPACES.slice(0, count) : ' '.repeat(count);
}

/** Keeps a leading BOM, as every offset must stay. */
const decoder = new TextDecoder('utf-16le', { ignoreBOM: true });

function blankedInBuffer(text: string, sorted: readonly Span[]): string {
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  let cursor = 0;
  // An index loop: this runs over up to a million ranges, where an array iterator not yet optimised makes an object per step.
  for (let k = 0; k < sorted.length; k++) {
    const end = Math.min(sorted[k].end, codes.length);
    for (let i = Math.max(sorted[k].start, cursor); i < end; i++) if (codes[i] !== 10) codes[i] = 32;
    cursor = Math.max(cursor, end);
  }
  return decode(codes);
}

/** The string of these code units. */
function decode(codes: Uint16Array): string {
  const text = decoder.decode(codes);
  // The decoder writes U+FFFD for a lone surrogate (the text's own, or half a pair a range split): put the code unit back.
  let at = text.indexOf('\uFFFD');
  if (at === -1) return text;
  const parts: string[] = [];
  let from = 0;
  for (; at !== -1; at = text.indexOf('\uFFFD', at + 1)) {
    if (codes[at] === 0xfffd) continue;
    parts.push(text.slice(from, at), String.fromCharCode(codes[at]));
    from = at + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Whether the ranges are sorted by start (a note's math is). */
function inOrder(ranges: readonly Span[]): boolean {
  for (let k = 1; k < ranges.length; k++) if (ranges[k].start < ranges[k - 1].start) return false;
  return true;
}
