/**
 * Symbols, declarations and glossary entries (NOTE-SPEC §4). The TeX reading
 * is src/core/math's (findSymbols, findDeclarations); this file maps its
 * offsets to the document and groups the glossary section into entries.
 */
import type { Declaration, DeclarationKind, GlossaryEntry, MathSpan, NoteModel } from '../model';
import { findDeclarations, findSymbols } from '../math/index';
import { mathPosition } from './positions';
import type { Block, Doc, RawMath } from './scan';
import { rangeAt } from './scan';
import { SymbolUseRecord } from './records';

const outsideGlossary = (): boolean => false;

/** The declarations of a file that is no note (no glossary), without reading every symbol. */
export function fillDeclarations(model: NoteModel): void {
  model.math.forEach((span, index) => {
    if (span.placeholder) return;
    model.declarations.push(...toDeclarations(model, span, index, outsideGlossary));
  });
}

function toDeclarations(model: NoteModel, span: MathSpan, index: number, inGlossary: (index: number) => boolean): Declaration[] {
  const found = findDeclarations(span.tex);
  if (!found.length) return [];
  // Asked only of a span that declares: it is a line look-up per glossary section.
  const glossary = inGlossary(index);
  const at = segmentsReadOnce(span);
  return found.map((d): Declaration => {
    const declaration: Declaration = {
      symbol: d.symbol, tex: d.tex, kind: d.kind, domain: d.domain, inGlossary: glossary,
      range: { start: mathPosition(model, at, d.start), end: mathPosition(model, at, d.end) },
      symbolRange: { start: mathPosition(model, at, d.symbolStart), end: mathPosition(model, at, d.symbolEnd) },
    };
    declarationPlaces.set(declaration, { math: index, start: d.start, end: d.end, symbolStart: d.symbolStart, symbolEnd: d.symbolEnd });
    return declaration;
  });
}

/** Where a declaration the parser read stands: its span and its offsets (and its symbol's) in the span's TeX. */
export interface DeclarationPlace { math: number; start: number; end: number; symbolStart: number; symbolEnd: number }

const declarationPlaces = new WeakMap<Declaration, DeclarationPlace>();

/** The place of a declaration read from a span; undefined for one built otherwise (a glossary table's cells, by hand). */
export function declarationPlace(declaration: Declaration): DeclarationPlace | undefined {
  return declarationPlaces.get(declaration);
}

/**
 * The span with its segments read once, for placing many offsets: a span on
 * one line builds its segments (a position lookup) on each read.
 */
function segmentsReadOnce(span: MathSpan): Pick<MathSpan, 'segments'> {
  return { segments: span.segments };
}

/** `declared`: the declarations are already filled (a file that is no note has no glossary to add). */
export function fillSymbols(model: NoteModel, doc: Doc, blocks: Block[], math: RawMath[], prose: string, declared = false): void {
  const glossaryLines = glossaryRanges(model);
  // By the span's offset: reading its range would build and keep one on every span.
  const inGlossary = (index: number) => glossaryLines.length > 0 && glossaryLines.some(([a, b]) => {
    const line = doc.lineAt(math[index].start);
    return line >= a && line < b;
  });
  const declarationsBySpan = new Map<number, Declaration[]>();
  // Read once: the model's own properties were defined late, and each read of them is a slow lookup.
  const symbols = model.symbols;
  model.math.forEach((span, index) => {
    if (span.placeholder) return;
    for (const use of findSymbols(span.tex)) {
      const symbol = new SymbolUseRecord(use.key, use.tex, index, span, use.start, use.end);
      if (use.dimension) symbol.dimension = true;
      symbols.push(symbol);
    }
    if (declared) return;
    const list = toDeclarations(model, span, index, inGlossary);
    if (!list.length) return;
    declarationsBySpan.set(index, list);
    model.declarations.push(...list);
  });
  if (glossaryLines.length) model.glossary = glossaryEntries(model, doc, blocks, math, prose, glossaryLines, declarationsBySpan);
}

/** Line ranges [start, end) of the sections whose role is `glossary`. */
function glossaryRanges(model: NoteModel): [number, number][] {
  const out: [number, number][] = [];
  model.sections.forEach((s, i) => {
    if (s.spec.role !== 'glossary') return;
    const next = model.sections[i + 1];
    out.push([s.contentStart, next ? Math.min(s.end, next.heading.line) : s.end]);
  });
  return out;
}

/** Entries: top-level list items, table rows, and lines of paragraphs, each with math. */
function glossaryEntries(model: NoteModel, doc: Doc, blocks: Block[], math: RawMath[], prose: string,
  ranges: [number, number][], declarationsBySpan: Map<number, Declaration[]>): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  const inRange = (line: number) => ranges.some(([a, b]) => line >= a && line < b);
  for (const block of blocks) {
    if (block.depth !== 0 || !inRange(block.startLine)) continue;
    if (block.kind === 'item') {
      addEntry(model, doc, math, prose, block.start, block.end, false, declarationsBySpan, entries);
    } else if (block.kind === 'table' || block.kind === 'paragraph') {
      // Table rows after the header and delimiter rows; each line of a paragraph.
      const first = block.kind === 'table' ? block.startLine + 2 : block.startLine;
      for (let line = first; line < block.endLine; line++) {
        // A line of a paragraph is an entry only when it starts with its symbol (`$X\in…$: …`), not an introductory sentence.
        if (block.kind === 'paragraph' && !/^[\s>*_]*(?:\$|\\\()/.test(doc.lineText(line))) continue;
        addEntry(model, doc, math, prose, doc.lineStart(line), doc.lineEnd(line), block.kind === 'table', declarationsBySpan, entries);
      }
    }
  }
  return entries;
}

const SEPARATOR = /:|—|–|\s-\s|\|/;

function addEntry(model: NoteModel, doc: Doc, math: RawMath[], prose: string, start: number, end: number, row: boolean,
  declarationsBySpan: Map<number, Declaration[]>, entries: GlossaryEntry[]): void {
  const spans: number[] = [];
  for (let k = Math.max(0, rangeAt(math, start)); k < math.length && math[k].start < end; k++) {
    if (math[k].start >= start && !model.math[k].placeholder) spans.push(k);
  }
  if (!spans.length) return;
  const text = prose.slice(start, end);
  const declarations = spans.flatMap((k) => declarationsBySpan.get(k) ?? []);
  let nameSpans: number[];
  let meaning: string;
  if (row) {
    const cells = splitCells(text, start);
    const named = cells.find((c) => spans.some((k) => math[k].start >= c.start && math[k].start < c.end));
    nameSpans = named ? spans.filter((k) => math[k].start >= named.start && math[k].start < named.end) : [spans[0]];
    meaning = cells.filter((c) => c.text.trim() && !spans.some((k) => math[k].start >= c.start && math[k].start < c.end)).map((c) => c.text.trim()).join('; ');
    if (!declarations.length && named) declarations.push(...cellDeclarations(model, math, cells, named, spans, nameSpans));
  } else {
    // The name is the math before the first separator after the first span (`$X$: design matrix`).
    const firstEnd = math[spans[0]].end - start;
    const sep = SEPARATOR.exec(text.slice(firstEnd));
    const cut = sep ? start + firstEnd + sep.index : end;
    nameSpans = spans.filter((k) => math[k].start < cut);
    meaning = sep ? text.slice(firstEnd + sep.index + sep[0].length).replace(/\s+/g, ' ').trim() : '';
  }
  const symbols = new Set<string>();
  for (const k of nameSpans) {
    const declared = (declarationsBySpan.get(k) ?? []).map((d) => d.symbol);
    if (declared.length) declared.forEach((s) => symbols.add(s));
    else {
      const first = findSymbols(model.math[k].tex).find((u) => !u.dimension);
      if (first) symbols.add(first.key);
    }
  }
  for (const d of declarations) symbols.add(d.symbol);
  entries.push({ range: doc.range(start, end), symbols: [...symbols], declarations, meaning });
}

interface Cell { text: string; start: number; end: number }

function splitCells(text: string, base: number): Cell[] {
  const cells: Cell[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || (text[i] === '|' && text[i - 1] !== '\\')) {
      cells.push({ text: text.slice(from, i), start: base + from, end: base + i });
      from = i + 1;
    }
  }
  return cells;
}

const DOMAIN_START = /^\s*(?:\\in\b|\\sim\b|\\subseteq\b|\\subset\b|\\ge\b|\\geq\b|\\le\b|\\leq\b|[<>]|\\mathbb\{|\\mathcal\{|\\\{|\[|\\R\b)/;

/** A table row that gives the symbol in one cell and its domain in another (`| $X$ | … | $\mathbb{R}^{n\times d}$ |`). */
function cellDeclarations(model: NoteModel, math: RawMath[], cells: Cell[], named: Cell, spans: number[], nameSpans: number[]): Declaration[] {
  const name = findSymbols(model.math[nameSpans[0]].tex).find((u) => !u.dimension);
  if (!name) return [];
  const out: Declaration[] = [];
  for (const k of spans) {
    if (nameSpans.includes(k) || !DOMAIN_START.test(model.math[k].tex)) continue;
    const cell = cells.find((c) => math[k].start >= c.start && math[k].start < c.end);
    if (!cell || cell === named) continue;
    const tex = model.math[k].tex.trim();
    const kind: DeclarationKind = /^\\sim\b/.test(tex) ? 'distribution' : /^(?:\\subseteq|\\subset)\b/.test(tex) ? 'subset'
      : /^(?:\\ge|\\geq|\\le|\\leq|<|>)/.test(tex) ? 'scalar-bound' : 'set-membership';
    const domain = kind === 'scalar-bound' ? tex : tex.replace(/^\\(?:in|sim|subseteq|subset)\b\s*/, '');
    out.push({ symbol: name.key, tex: name.tex, kind, domain, inGlossary: true, range: model.math[k].range });
  }
  return out;
}
