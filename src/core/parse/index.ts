/**
 * parseNote: one pass of markdown-it over the text, then linear passes that
 * build the NoteModel (NOTE-SPEC §1–§4).
 */
import { createLeanMarkdownIt, createMarkdownIt, markdownSource, parseInRuns, type MarkdownIt, type MarkdownToken } from '../markdown';
import { builtinFormats } from '../formats/index';
import type { FormatSection, NoteFormat } from '../formats/types';
import type { Heading, NoteModel, ProseRun, Section } from '../model';
import { computeLineStarts } from '../text';
import { ProseRunRecord } from './records';
import { Doc, TokenScanner, findComments, lineSpans, listItemsOf, masks, type Block, type RawMath, type ScanResult } from './scan';
import { parseFrontMatter } from './front-matter';
import { inferFormat, isSubsection, matchSection, splitHeading } from './headings';
import { buildSteps } from './steps';
import { findEquationRefs } from './refs';
import { noteMacros } from '../tex/macros';
import { findProvenance } from './provenance';
import { fillDeclarations, fillSymbols } from './symbols';
import { findTimestamps } from './timestamps';

/** The text markdown-it parses (markdown.ts). */
export { markdownSource };

export interface ParseOptions {
  /** Formats to match (default: the built-in ones). */
  formats?: NoteFormat[];
  /** Format id to use when the front matter names none. */
  format?: string;
  /**
   * Keep markdown-it's tokens as `model.tokens`, for a render that shares
   * this parse. Without it each run of tokens is dropped once scanned, which
   * makes the parse of a long note faster and its model smaller.
   */
  keepTokens?: boolean;
}

let sharedMd: MarkdownIt | undefined;
let leanMd: MarkdownIt | undefined;

export function parseNote(text: string, options: ParseOptions = {}): NoteModel {
  return parseNoteFrom(text, (src, onRun, lineStarts) => parseInRuns(markdownFor(options), src, onRun, { lineStarts }), options);
}

/**
 * The markdown-it parseNote parses with, for these options (an incremental
 * parse must make the same tokens): tokens that are only scanned need no text
 * (createLeanMarkdownIt); kept ones are rendered.
 */
export function markdownFor(options: ParseOptions): MarkdownIt {
  return options.keepTokens ? (sharedMd ??= createMarkdownIt()) : (leanMd ??= createLeanMarkdownIt());
}

/**
 * Where parseNote gets markdown-it's tokens of `src` (markdownSource(text)):
 * handed to `onRun` in runs of whole top-level blocks, as `parseInRuns` does.
 */
export type TokenSource = (src: string, onRun: (tokens: MarkdownToken[]) => void, lineStarts: readonly number[]) => void;

/** parseNote with the tokens from `source`: an incremental parse hands over the blocks it kept and those it parsed again. */
export function parseNoteFrom(text: string, source: TokenSource, options: ParseOptions = {}): NoteModel {
  const doc = new Doc(markdownSource(text));
  const scanner = new TokenScanner(doc);
  const tokens: MarkdownToken[] | undefined = options.keepTokens ? [] : undefined;
  source(doc.src, (run) => {
    scanner.add(run);
    if (tokens) for (const token of run) tokens.push(token);
  }, doc.lineStarts);
  const scan = scanner.result();
  scan.math.sort((a, b) => a.start - b.start);
  scan.code.sort((a, b) => a.start - b.start);
  findComments(doc, scan);

  // Offsets only differ from the normalised text's when line breaks were.
  const lineStarts = !text.includes('\r') ? doc.lineStarts : computeLineStarts(text);
  const model = newModel(doc.src, { paragraphs: scan.paragraphLines, listItems: scan.itemLines }, text, lineStarts, tokens);

  if (scan.frontMatter) model.frontMatter = parseFrontMatter(doc, scan.frontMatter);
  model.comments = scan.comments.map((c) => ({ text: c.text, range: doc.range(c.start, c.end) }));
  model.code = scan.code.map((c) => ({ text: c.text, block: c.block, range: doc.range(c.start, c.end) }));
  model.opaque = scan.opaque.map((o) => doc.range(o.start, o.end));

  const headingBlocks = scan.headings;
  model.headings = headingBlocks.map((b) => toHeading(doc, b));
  chooseFormat(model, doc, options);
  model.sections = matchSections(model, doc);

  const sectionOfLine = sectionIndexer(model);
  // A new span is in no section and no placeholder: only a note's sections need a look-up per span.
  if (model.sections.length) for (const span of scan.math) {
    span.section = sectionOfLine(doc.lineAt(span.start));
    span.placeholder = span.section >= 0 && model.sections[span.section].spec.role === 'identities';
  }
  model.math = scan.math;

  // Masks: code, comments and raw HTML blanked (for references and labels), math blanked too (for prose).
  const { noCode, prose } = masks(doc.src, [...scan.code, ...scan.comments, ...scan.opaque], scan.math);
  model.macros = noteMacros(model.math);
  findEquationRefs(model, doc, noCode, scan.math);
  model.provenance = findProvenance(doc, noCode, headingBlocks);
  model.prose = proseRuns(doc, prose, scan, sectionOfLine);
  // Only steps (in derivation and definitions sections) and glossary entries read blocks: other notes never build them.
  const roles = new Set(model.sections.map((s) => s.spec.role));
  buildSteps(model, doc, roles.has('derivation') || roles.has('definitions') ? scan.blocks : [], scan.math, noCode, prose, sectionOfLine);
  findTimestamps(model, doc, prose, scan.frontMatter?.end ?? 0);
  // The fill reads blocks only for glossary entries: without a glossary section they need not stay alive.
  const blocks = roles.has('glossary') ? scan.blocks : [];
  (model as Unfilled)[fillLater] = { doc, blocks, math: scan.math, prose };
  return model;
}

/**
 * `symbols`, `declarations` and `glossary` are computed on first read: they
 * cost more than the rest of the parse, and only rules on notes and hovers
 * read them. The accessors sit on one shared prototype and, on first read,
 * give way to plain own arrays; what the fill needs is kept as plain data.
 * (A closure kept on the model, as per-model accessors were, made V8 keep
 * every parse alive through young-generation collections: each was promoted
 * to the old generation, and collecting took a third of the parse.)
 */
const LAZY_KEYS = ['symbols', 'declarations', 'glossary'] as const;
const fillLater = Symbol('fill symbols');
type Unfilled = NoteModel & { [fillLater]?: { doc: Doc; blocks: Block[]; math: RawMath[]; prose: string } };

/**
 * `lines` is split from the parsed text on first read, the same way: the
 * lint of a note that is no note never reads it, and a text of a million
 * short lines was a million strings.
 */
const linesOf = Symbol('text of the lines');
type Unsplit = NoteModel & { [linesOf]?: string };

/**
 * `paragraphs` and `listItems` are built on first read from the scan's
 * numbers, the same way: a list of a million items was two million objects
 * kept through the parse, and most lints never read them.
 */
const spansOf = Symbol('paragraph and item lines');
const SPAN_KEYS = { paragraphs: lineSpans, listItems: listItemsOf } as const;
type Unbuilt = NoteModel & { [spansOf]?: Record<keyof typeof SPAN_KEYS, Int32Array | undefined> };

const lazyPrototype: object = Object.create(Object.prototype, {
  ...Object.fromEntries(LAZY_KEYS.map((key) => [key, {
    configurable: true,
    get(this: Unfilled) {
      // A file that is no note has no glossary; its declarations alone (for shape-mismatch) skip reading every symbol.
      if (key === 'declarations' && !this.format) fillDeclarationsOnly(this);
      else materialise(this);
      return this[key];
    },
    set(this: Unfilled, value: never) { materialise(this); this[key] = value; },
  }])),
  ...Object.fromEntries(Object.entries(SPAN_KEYS).map(([key, build]) => [key, {
    configurable: true,
    get(this: Unbuilt) { return ownValue(this, key as keyof typeof SPAN_KEYS, build(this[spansOf]![key as keyof typeof SPAN_KEYS]!)); },
    set(this: Unbuilt, value: never) { ownValue(this, key as keyof typeof SPAN_KEYS, value); },
  }])),
  lines: {
    configurable: true,
    get(this: Unsplit) { return ownLines(this, this[linesOf]!.split('\n')); },
    set(this: Unsplit, value: string[]) { ownLines(this, value); },
  },
});

/**
 * An empty model on the lazy prototype. Its fields are set one by one: V8
 * keeps an object that Object.assign gave this many fields as a hash table,
 * and then every read of `model.math`, `model.steps`, … in the parse and in
 * every rule was a look-up in it.
 */
function newModel(src: string, spans: Unbuilt[typeof spansOf], text: string, lineStarts: number[], tokens: MarkdownToken[] | undefined): NoteModel {
  const model = Object.create(lazyPrototype) as NoteModel & Unsplit & Unbuilt;
  model[linesOf] = src;
  model[spansOf] = spans;
  model.text = text;
  model.lineStarts = lineStarts;
  model.tokens = tokens;
  model.headings = [];
  model.sections = [];
  model.math = [];
  model.steps = [];
  model.labels = [];
  model.references = [];
  model.tags = [];
  model.ruleStatements = [];
  model.provenance = [];
  model.macros = {};
  model.comments = [];
  model.code = [];
  model.opaque = [];
  model.prose = [];
  model.timestamps = [];
  return model;
}

function ownLines(model: Unsplit, lines: string[]): string[] {
  model[linesOf] = undefined;
  Object.defineProperty(model, 'lines', { value: lines, writable: true, enumerable: true, configurable: true });
  return lines;
}

function ownValue<K extends keyof typeof SPAN_KEYS>(model: Unbuilt, key: K, value: NoteModel[K]): NoteModel[K] {
  const spans = model[spansOf];
  if (spans) spans[key] = undefined;
  if (spans && !spans.paragraphs && !spans.listItems) model[spansOf] = undefined;
  Object.defineProperty(model, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

function materialise(model: Unfilled): void {
  const parts = model[fillLater];
  model[fillLater] = undefined;
  const declared = Object.prototype.hasOwnProperty.call(model, 'declarations');
  for (const key of LAZY_KEYS) {
    if (key === 'declarations' && declared) continue;
    Object.defineProperty(model, key, { value: [], writable: true, enumerable: true, configurable: true });
  }
  if (parts) fillSymbols(model, parts.doc, parts.blocks, parts.math, parts.prose, declared);
}

function fillDeclarationsOnly(model: Unfilled): void {
  Object.defineProperty(model, 'declarations', { value: [], writable: true, enumerable: true, configurable: true });
  fillDeclarations(model);
}

function toHeading(doc: Doc, block: Block): Heading {
  const text = block.content ?? '';
  const parts = splitHeading(text);
  return {
    level: block.headingLevel ?? 1,
    text,
    range: doc.range(doc.lineStart(block.startLine), doc.lineEnd(block.endLine - 1)),
    line: block.startLine,
    number: parts.number,
    title: parts.title,
  };
}

function chooseFormat(model: NoteModel, doc: Doc, options: ParseOptions): void {
  const formats = options.formats ?? builtinFormats;
  const named = model.frontMatter?.data.format;
  if (typeof named === 'string' && named.trim()) {
    const format = formats.find((f) => f.id === named.trim());
    if (format) { model.format = format; model.formatSource = 'front-matter'; return; }
    const line = model.lines.findIndex((l) => /^format\s*:/.test(l));
    const at = line >= 0 ? line : 0;
    model.formatError = {
      message: `Unknown note format "${named}" (known: ${formats.map((f) => f.id).join(', ')}).`,
      range: doc.range(doc.lineStart(at), doc.lineEnd(at)),
    };
  }
  if (options.format) {
    const format = formats.find((f) => f.id === options.format);
    if (format) { model.format = format; model.formatSource = 'option'; return; }
  }
  const format = inferFormat(formats, model.headings);
  if (format) { model.format = format; model.formatSource = 'inferred'; }
}

function matchSections(model: NoteModel, doc: Doc): Section[] {
  const format = model.format;
  if (!format) return [];
  const sections: Section[] = [];
  const candidates = model.headings
    .map((heading) => ({ heading, spec: matchSection(format, heading) }))
    .filter((c): c is { heading: Heading; spec: FormatSection } => c.spec !== undefined);
  const level = sectionLevel(candidates);
  let top: Section | undefined;
  for (const { heading, spec } of candidates) {
    if (isSubHeading(heading, spec, level, top)) continue;
    const section = { heading, spec, contentStart: heading.range.end.line + 1, end: doc.lineCount };
    sections.push(section);
    if (!spec.number.includes('.')) top = section;
  }
  for (let i = 0; i < sections.length; i++) {
    for (let j = i + 1; j < sections.length; j++) {
      if (!isSubsection(sections[i].spec, sections[j].spec)) { sections[i].end = sections[j].heading.line; break; }
    }
  }
  return sections;
}

/** The heading level most of the note's top-level sections are written at. */
function sectionLevel(candidates: { heading: Heading; spec: FormatSection }[]): number {
  const counts = new Map<number, number>();
  for (const { heading, spec } of candidates) {
    if (!spec.number.includes('.')) counts.set(heading.level, (counts.get(heading.level) ?? 0) + 1);
  }
  let best = 1;
  for (const [level, count] of counts) if (count > (counts.get(best) ?? 0)) best = level;
  return best;
}

/**
 * An unnumbered heading deeper than the note's section headings is a
 * sub-heading of the section it stands in (`#### Summary` inside §4), even when
 * its title alone names another section; unless it names a subsection of the
 * top-level section it stands in (`#### Definitions` under §4 is 4.A).
 */
function isSubHeading(heading: Heading, spec: FormatSection, sectionLevel: number, top: Section | undefined): boolean {
  if (heading.number !== undefined || heading.level <= sectionLevel) return false;
  return top !== undefined && !isSubsection(top.spec, spec);
}

/** Section index of a line: the last section heading at or before it (−1 before the first). */
function sectionIndexer(model: NoteModel): (line: number) => number {
  const starts = model.sections.map((s) => s.heading.line);
  return (line: number) => {
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid] <= line) { found = mid; low = mid + 1; } else high = mid - 1;
    }
    return found;
  };
}

/** Prose: per source line, the text outside math, code, comments and front matter, trimmed. */
function proseRuns(doc: Doc, prose: string, scan: ScanResult, sectionOfLine: (line: number) => number): ProseRun[] {
  const front = scan.frontMatter ? [{ start: scan.frontMatter.start, end: scan.frontMatter.end }] : [];
  const excluded = byStart([scan.math, scan.code, scan.comments, scan.opaque, front]);
  const src = doc.src;
  const runs: ProseRun[] = [];
  let k = 0;
  let line = 0;
  const emit = (from: number, to: number) => {
    let a = from;
    let b = to;
    while (a < b && isBlank(src.charCodeAt(a))) a++;
    while (b > a && isBlank(src.charCodeAt(b - 1))) b--;
    if (b > a) runs.push(new ProseRunRecord(doc, line, a, b, sectionOfLine(line)));
  };
  for (; line < doc.lineCount; line++) {
    const lineStart = doc.lineStarts[line];
    const lineEnd = doc.lineEnd(line);
    let any = false;
    for (let i = lineStart; i < lineEnd; i++) if (!isBlank(prose.charCodeAt(i))) { any = true; break; }
    if (!any) continue;
    while (k < excluded.length && excluded[k].end <= lineStart) k++;
    let cursor = lineStart;
    for (let j = k; j < excluded.length && excluded[j].start < lineEnd; j++) {
      if (excluded[j].end <= cursor) continue;
      if (excluded[j].start > cursor) emit(cursor, excluded[j].start);
      cursor = Math.max(cursor, excluded[j].end);
    }
    if (cursor < lineEnd) emit(cursor, lineEnd);
  }
  return runs;
}

/** The ranges of these lists (each sorted by start) in one list sorted by start; a single list as it is (a note's math alone can be a million spans). */
function byStart(lists: readonly { start: number; end: number }[][]): readonly { start: number; end: number }[] {
  const filled = lists.filter((list) => list.length > 0);
  if (filled.length <= 1) return filled[0] ?? [];
  return filled.flat().sort((a, b) => a.start - b.start);
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

export { positionAt, offsetAt, mathPosition, mathRange } from './positions';
