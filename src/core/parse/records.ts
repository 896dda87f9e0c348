/**
 * Math spans and prose runs of the NoteModel as compact records: offsets into
 * the parsed text, and the fields every reader needs. Ranges, logical lines,
 * a run's text and (for a span on one line) segments are derived when read,
 * never stored: a note of 5 MB of `$x_1$` holds half a million spans and as
 * many runs, and each stored range was three objects, each line two more.
 * The records are plain data to copies and JSON (`toJSON`).
 */
import type { MathDelimiter } from '../markdown';
import type { MathLine, MathSegment, MathSpan, ProseRun, SymbolUse } from '../model';
import type { Range } from '../types';
import { logicalLines } from './math-lines';
import { mathRange } from './positions';
import type { Doc } from './scan';
import { comparePositions } from '../text';

/** One math span; the same object is the scanner's raw math (offsets for the parse passes) and the model's MathSpan. */
export class MathSpanRecord implements MathSpan {
  /** Set by the parse once sections are known. */
  section = -1;
  placeholder = false;
  /**
   * Private, so that copies, JSON and comparisons see the span's fields only:
   * the text the span was found in, and its offsets there. A span an edit
   * left where it stood is shared by both versions, so these may be an
   * earlier version's; what a reader sees (ranges, lines, segments) is the same.
   */
  readonly #doc: Doc;
  readonly #start: number;
  readonly #end: number;
  readonly #contentStart: number;
  readonly #contentEnd: number;
  /**
   * Where the lines of the TeX stand, when the parse had to work it out (a
   * line of a paragraph lost its indentation, a table cell's `\|`). Otherwise
   * undefined for math on one line, and LINES for math whose TeX is the
   * text's characters one to one: those are built on first read (a note of
   * 5 MB of `$$x` lines holds half a million spans over two lines, and each
   * array of segments was three objects).
   */
  #segments: MathSegment[] | undefined;
  #range: Range | undefined;
  /** `delimiter`, `display` and `block` in one field (KIND_*): a note can hold a million spans. */
  readonly #kind: number;

  /** A span as the scanner finds it (`segments`: where its lines stand, when the parse had to work that out). */
  static create(doc: Doc, start: number, end: number, contentStart: number, contentEnd: number, tex: string,
    display: boolean, delimiter: MathDelimiter, block: boolean, segments: MathSegment[] | undefined): MathSpanRecord {
    const kind = DELIMITERS.indexOf(delimiter) | (display ? KIND_DISPLAY : 0) | (block ? KIND_BLOCK : 0);
    // One segment is the span's start: derived when read, as is every line of a span one to one with the text.
    const own = segments && segments.length > 1 ? segments : tex.includes('\n') ? LINES : undefined;
    return new MathSpanRecord(doc, start, end, contentStart, contentEnd, tex, kind, own);
  }

  private constructor(
    doc: Doc,
    start: number,
    end: number,
    contentStart: number,
    contentEnd: number,
    readonly tex: string,
    kind: number,
    /** Undefined when the TeX is on one line, LINES when it runs one to one with the text from `contentStart`. */
    segments: MathSegment[] | undefined,
  ) {
    this.#doc = doc;
    this.#start = start;
    this.#end = end;
    this.#contentStart = contentStart;
    this.#contentEnd = contentEnd;
    this.#kind = kind;
    this.#segments = segments;
  }

  /** Offsets in the text the span was found in (the parse passes read them): the whole span, and its content. */
  get start(): number { return this.#start; }
  get end(): number { return this.#end; }
  get contentStart(): number { return this.#contentStart; }
  get contentEnd(): number { return this.#contentEnd; }

  get display(): boolean { return (this.#kind & KIND_DISPLAY) !== 0; }
  get delimiter(): MathDelimiter { return DELIMITERS[this.#kind & KIND_DELIMITER]; }
  /** A block-level token (its own paragraph) rather than math inside a paragraph, list item or table cell. */
  get block(): boolean { return (this.#kind & KIND_BLOCK) !== 0; }

  /** Computed on first read and kept: rules read a span's range many times (a parse alone reads none). */
  get range(): Range { return (this.#range ??= this.#doc.range(this.start, this.end)); }
  get contentRange(): Range { return this.#doc.range(this.contentStart, this.contentEnd); }

  get segments(): MathSegment[] {
    if (this.#segments === LINES) this.#segments = lineSegments(this.#doc, this.tex, this.contentStart);
    if (this.#segments) return this.#segments;
    const at = this.#doc.pos(this.contentStart);
    return [{ tex: 0, line: at.line, character: at.character }];
  }

  get lines(): MathLine[] {
    return logicalLines(this.tex, this.display).map((l) => ({ tex: this.tex.slice(l.from, l.to), range: mathRange(undefined, this, l.from, l.to) }));
  }

  /**
   * The same span in `doc`, whose text holds its lines, unchanged, `lines`
   * lines further on. The offsets move by as much as the span's first line
   * start moved between the two texts. What is derived when read stays
   * derived: the moved span's lines stand in its new text as in the old.
   */
  movedTo(doc: Doc, lines: number): MathSpanRecord {
    const own = this.#segments;
    const segments = own === undefined || own === LINES || lines === 0 ? own
      : own.map((s) => ({ tex: s.tex, line: s.line + lines, character: s.character }));
    const line = this.#range?.start.line ?? this.#doc.lineAt(this.#start);
    const offsets = doc.lineStarts[line + lines] - this.#doc.lineStarts[line];
    const record = new MathSpanRecord(doc, this.#start + offsets, this.#end + offsets, this.#contentStart + offsets, this.#contentEnd + offsets,
      this.tex, this.#kind, segments);
    record.section = this.section;
    record.placeholder = this.placeholder;
    return record;
  }

  /**
   * Whether `other` gives the same data (toJSON) as this span, compared from
   * what each holds: the derived lines and segments follow from the TeX, the
   * kind and where the content starts, unless the parse placed them.
   */
  sameData(other: MathSpanRecord): boolean {
    if (this.tex !== other.tex || this.#kind !== other.#kind || this.section !== other.section || this.placeholder !== other.placeholder
      || !sameRange(this.range, other.range) || !sameRange(this.contentRange, other.contentRange)) return false;
    // Both undefined or both LINES: derived alike from the TeX and where the content starts.
    return this.#segments === other.#segments || equalSegments(this.segments, other.segments);
  }

  /** The span as plain data (what a MathSpan literal holds). */
  toJSON(): MathSpan {
    const { tex, display, delimiter, range, contentRange, lines, section, placeholder, segments, block } = this;
    return { tex, display, delimiter, range, contentRange, lines, section, placeholder, segments, block };
  }
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

function equalSegments(a: MathSegment[], b: MathSegment[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].tex !== b[i].tex || a[i].line !== b[i].line || a[i].character !== b[i].character) return false;
  return true;
}

const DELIMITERS: readonly MathDelimiter[] = ['$', '$$', '\\(', '\\[', 'begin'];
const KIND_DELIMITER = 7;
const KIND_DISPLAY = 8;
const KIND_BLOCK = 16;

/** Marks a span whose segments are its TeX's lines, each at its own offset in the text (built on first read). */
const LINES: MathSegment[] = [];

/** The segments of TeX that runs one to one with the text from `contentStart`: each line after the first starts a line of the text. */
function lineSegments(doc: Doc, tex: string, contentStart: number): MathSegment[] {
  const at = doc.pos(contentStart);
  const segments: MathSegment[] = [{ tex: 0, line: at.line, character: at.character }];
  let line = at.line;
  for (let i = tex.indexOf('\n'); i !== -1; i = tex.indexOf('\n', i + 1)) segments.push({ tex: i + 1, line: ++line, character: 0 });
  return segments;
}

/**
 * A run of prose: characters `from` up to `to` of one line. The text and the
 * offsets are private, and may be an earlier version's, as a span's are.
 */
export class ProseRunRecord implements ProseRun {
  readonly #doc: Doc;
  readonly #from: number;
  readonly #to: number;

  constructor(doc: Doc, readonly line: number, from: number, to: number, readonly section: number) {
    this.#doc = doc;
    this.#from = from;
    this.#to = to;
  }

  get text(): string { return this.#doc.src.slice(this.#from, this.#to); }

  /** Where the run starts on its line (its range's start character, without building the range). */
  get character(): number { return this.#from - this.#doc.lineStarts[this.line]; }

  get range(): Range {
    const start = this.character;
    return { start: { line: this.line, character: start }, end: { line: this.line, character: start + this.#to - this.#from } };
  }

  /** The same run in `doc`, whose text holds its line, unchanged, `lines` lines further on. */
  movedTo(doc: Doc, lines: number): ProseRunRecord {
    const from = doc.lineStarts[this.line + lines] + this.character;
    return new ProseRunRecord(doc, this.line + lines, from, from + this.#to - this.#from, this.section);
  }

  toJSON(): ProseRun {
    return { text: this.text, range: this.range, section: this.section };
  }

  /** Whether `other` gives the same data (toJSON): the same characters at the same place. */
  sameData(other: ProseRunRecord): boolean {
    return this.line === other.line && this.section === other.section && this.character === other.character
      && this.#to - this.#from === other.#to - other.#from && this.text === other.text;
  }
}

/**
 * One use of a symbol: where it stands in its span's TeX, its range derived on
 * first read. A note holds a symbol use per letter of its math (a 200 KB note
 * has thousands) and most are never placed: a reader that compares uses with
 * declarations of the same span compares TeX offsets (`texStart`, `texEnd`).
 */
export class SymbolUseRecord implements SymbolUse {
  /** Only when true, as a literal SymbolUse writes it. */
  declare dimension?: boolean;
  readonly #span: Pick<MathSpan, 'segments'>;
  readonly #start: number;
  readonly #end: number;
  #range: Range | undefined;

  constructor(readonly key: string, readonly tex: string, readonly math: number, span: Pick<MathSpan, 'segments'>, start: number, end: number) {
    this.#span = span;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range { return (this.#range ??= mathRange(undefined, this.#span, this.#start, this.#end)); }

  /** Offsets of the use in its span's TeX. */
  get texStart(): number { return this.#start; }
  get texEnd(): number { return this.#end; }

  toJSON(): SymbolUse {
    const { key, tex, math, range, dimension } = this;
    return dimension ? { key, tex, math, range, dimension } : { key, tex, math, range };
  }

  /** Whether `other` gives the same data (toJSON). */
  sameData(other: SymbolUseRecord): boolean {
    return this.key === other.key && this.tex === other.tex && this.math === other.math && this.dimension === other.dimension
      && sameRange(this.range, other.range);
  }
}

