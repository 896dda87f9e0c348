/**
 * A note's model after an edit that keeps its line count, patched from the
 * previous version's model instead of built again from the whole text.
 *
 * The edit falls in a window of whole top-level blocks. The window is parsed
 * twice on its own, before and after the edit: as a text of the note's line
 * count where every line outside the window is empty except the headings and
 * the front matter (so sections, the format and each heading's marks are the
 * note's). What the model holds outside the window is the previous model's
 * (moved by the edit's offset delta); inside it, the window parse's.
 *
 * The patch is taken only when it is the same as a full parse, as far as the
 * parses can tell: the window parse of the old text gives the old model's
 * elements inside the window (nothing reaches in from outside), the window
 * ends with a guard of unchanged blocks that the old and new window parses
 * read alike (nothing the edit did runs on past the window), and the
 * headings, math count, declarations and glossary entries stay as they were.
 * Otherwise the caller parses the whole note.
 */
import type { NoteModel, Step, SymbolUse } from '../model';
import { noteMacros } from '../tex/macros';
import { countWork } from '../work';
import { parseNote, type ParseOptions } from './index';
import { MathSpanRecord, ProseRunRecord, SymbolUseRecord } from './records';
import { Doc } from './scan';
import { declarationPlace } from './symbols';

/** The lines a patch parsed again: `from` up to `to`, of which `guard` on are unchanged lines read to check the patch. */
export interface PatchWindow { from: number; to: number; guard: number }

export interface Patch {
  model: NoteModel;
  window: PatchWindow;
  /** The window parsed on its own, before and after the edit (for rules that read a window). */
  before: NoteModel;
  after: NoteModel;
  /** The model fields whose data the edit changed (`text` and `lines` always). */
  changed: Set<string>;
}

/** What the edit changed, as lineEdit gives it (lines `first` up to `end` differ; the rest moved by `offsetDelta`). */
export interface PatchEdit { first: number; end: number; offsetDelta: number }

/**
 * `old` patched into the model of `text`, or undefined when a full parse is
 * needed. `reparsed`: the lines whose blocks the markdown parse read again;
 * `oldBlocks`: the first line of each top-level block of the old text.
 */
export function patchModel(old: NoteModel, text: string, edit: PatchEdit, reparsed: { from: number; to: number },
  oldBlocks: readonly number[], options: ParseOptions): Patch | undefined {
  if (text.includes('\r') || text.includes('\0') || old.text.includes('\r') || old.formatError) return undefined;
  const doc = new Doc(text);
  if (doc.lineCount !== old.lines.length) return undefined;
  const window = chooseWindow(old, reparsed, oldBlocks, edit);
  if (!window) return undefined;
  const lines = old.lines.slice();
  for (let line = edit.first; line < edit.end; line++) lines[line] = doc.lineText(line);
  const kept = keptLines(old, window.from);
  const before = parseWindow(old.lines, window, kept, options);
  const after = parseWindow(lines, window, kept, options);
  if (after.format?.id !== old.format?.id || after.formatSource !== old.formatSource || !equalData(after.sections, old.sections)) return undefined;
  if (!sameIn(old.headings, before.headings, window) || !sameIn(old.headings, after.headings, window)) return undefined;
  if (before.sourceTime || after.sourceTime) return undefined;
  if (reachesInto(old, window.from) || reachesOut(before, window.to) || reachesOut(after, window.to)) return undefined;
  const splice = new Splicer(old, before, after, window, doc, edit.offsetDelta);
  const model = splice.build(text, lines);
  return model && { model, window, before, after, changed: splice.changed };
}

// ------------------------------------------------------------ the window

/**
 * The window: from a top-level block at or before the reparsed lines, after a
 * blank line, that no step runs across; to the second such block at or after
 * them (the blocks between the first and the second are the guard).
 */
function chooseWindow(old: NoteModel, reparsed: { from: number; to: number }, blocks: readonly number[], edit: PatchEdit): PatchWindow | undefined {
  const lineCount = old.lines.length;
  const boundary = (line: number) => line === 0 || line >= lineCount
    || (isBlank(old.lines[line - 1]) && !old.steps.some((s) => s.range.start.line < line && s.range.end.line >= line));
  let k = upperBound(blocks, Math.min(reparsed.from, edit.first)) - 1;
  while (k > 0 && !boundary(blocks[k])) k--;
  const from = k < 0 ? 0 : blocks[k];
  const next = (line: number) => {
    let i = lowerBound(blocks, line);
    while (i < blocks.length && !boundary(blocks[i])) i++;
    return i < blocks.length ? blocks[i] : lineCount;
  };
  const guard = next(Math.max(reparsed.to, edit.end));
  const to = guard >= lineCount ? lineCount : next(guard + 1);
  const front = old.frontMatter?.range.end.line;
  if (front !== undefined && from <= front) return undefined;
  return { from, to, guard };
}

/**
 * The lines every window parse keeps besides the window: the front matter, the
 * section headings (sections, the format) and, of each heading level, the last
 * heading before the window (the headings a step in the window sits under: its
 * heading marks and the timestamp it inherits).
 */
function keptLines(model: NoteModel, from: number): Set<number> {
  const kept = new Set<number>();
  const keep = (range: { start: { line: number }; end: { line: number } }) => {
    for (let l = range.start.line; l <= range.end.line; l++) kept.add(l);
  };
  for (const section of model.sections) keep(section.heading.range);
  const levels = new Set<number>();
  for (let h = upperBound(model.headings.map((x) => x.line), from - 1) - 1; h >= 0 && levels.size < 6; h--) {
    if (levels.has(model.headings[h].level)) continue;
    levels.add(model.headings[h].level);
    keep(model.headings[h].range);
  }
  if (model.frontMatter) keep(model.frontMatter.range);
  return kept;
}

function parseWindow(lines: readonly string[], window: PatchWindow, kept: Set<number>, options: ParseOptions): NoteModel {
  const text: string[] = new Array<string>(lines.length).fill('');
  for (const line of kept) text[line] = lines[line];
  for (let line = window.from; line < window.to; line++) text[line] = lines[line];
  countWork(lines.length);
  const model = parseNote(text.join('\n'), { formats: options.formats, format: options.format });
  void model.symbols; // Filled now, while the text is at hand.
  return model;
}

// ------------------------------------------------------------ splicing

type Item = Record<string, unknown>;

/** The fields the window's elements are spliced into, each sorted by the line an element starts on. */
const PLAIN_FIELDS = ['labels', 'tags', 'provenance', 'comments', 'code', 'opaque', 'timestamps', 'paragraphs', 'listItems'] as const;

class Splicer {
  readonly changed = new Set<string>(['text', 'lines']);
  /** The window's math: indices in the old model and in each window parse. */
  private readonly math: { old: [number, number]; before: [number, number]; after: [number, number] };
  private readonly records = new Map<unknown, MathSpanRecord>();

  constructor(private readonly old: NoteModel, private readonly before: NoteModel, private readonly after: NoteModel,
    private readonly window: PatchWindow, private readonly doc: Doc, private readonly delta: number) {
    const spanLine = (span: unknown) => (span as MathSpanRecord).range.start.line;
    this.math = {
      old: bounds(old.math, spanLine, window.from, window.to),
      before: bounds(before.math, spanLine, window.from, window.to),
      after: bounds(after.math, spanLine, window.from, window.to),
    };
  }

  build(text: string, lines: string[]): NoteModel | undefined {
    const m = this.math;
    if (m.old[1] - m.old[0] !== m.after[1] - m.after[0] || m.before[1] - m.before[0] !== m.old[1] - m.old[0]) return undefined;
    const fields: Partial<Record<keyof NoteModel, unknown>> = { text, lines, lineStarts: this.doc.lineStarts };
    const math = this.spliceMath();
    const prose = this.spliceProse();
    const steps = this.spliceSteps();
    const symbols = this.spliceSymbols();
    if (!math || !prose || !steps || !symbols) return undefined;
    Object.assign(fields, { math, prose, steps, symbols });
    for (const key of PLAIN_FIELDS) {
      const spliced = this.splice(key, this.old[key] as unknown as Item[], this.before[key] as unknown as Item[], this.after[key] as unknown as Item[]);
      if (!spliced) return undefined;
      fields[key] = spliced;
    }
    const references = this.spliceReferences();
    const statements = this.spliceStatements(steps);
    if (!references || !statements) return undefined;
    fields.references = references;
    fields.ruleStatements = statements;
    for (const key of ['declarations', 'glossary'] as const) {
      if (!this.unchangedIn(key)) return undefined;
      fields[key] = this.old[key];
    }
    if (this.changed.has('math')) {
      const texs = (span: { tex: string }) => span.tex;
      const same = equalData(this.before.math.slice(...m.before).map(texs), this.after.math.slice(...m.after).map(texs));
      fields.macros = same ? this.old.macros : noteMacros(math.map((span) => span.tex));
      if (!same) this.changed.add('macros');
    }
    const model = Object.create(Object.getPrototypeOf(this.old) as object) as NoteModel;
    for (const key of Object.keys(this.old)) (model as unknown as Item)[key] = (this.old as unknown as Item)[key];
    Object.assign(model, fields);
    return model;
  }

  /** Whether the window's elements of `key` are the same in the old model and both window parses (so the old ones stand). */
  private unchangedIn(key: 'declarations' | 'glossary'): boolean {
    const line = (item: unknown) => (item as { range: { start: { line: number } } }).range.start.line;
    const [a, b] = bounds(this.old[key], line, this.window.from, this.window.to);
    const [c, d] = bounds(this.before[key], line, this.window.from, this.window.to);
    const [e, f] = bounds(this.after[key], line, this.window.from, this.window.to);
    // A declaration's place (its span and TeX offsets) is read by rules beside its fields.
    const data = (list: unknown[], from: [number, number]) => list.map((item) => {
      const place = key === 'declarations' ? declarationPlace(item as never) : undefined;
      return place ? [item, { ...place, math: place.math - from[0] + this.math.old[0] }] : item;
    });
    const oldData = data(this.old[key].slice(a, b), this.math.old);
    return equalData(oldData, data(this.before[key].slice(c, d), this.math.before))
      && equalData(oldData, data(this.after[key].slice(e, f), this.math.after));
  }

  private toOld(item: unknown, from: [number, number]): unknown {
    return withMath(item, (index) => index - from[0] + this.math.old[0]);
  }

  /**
   * Old elements before the window, the new window parse's inside it, old
   * ones moved after it; undefined when the old window parse differs from the
   * old model inside the window, or the window parses differ in the guard.
   */
  private splice<T>(key: string, old: T[], before: T[], after: T[], line: (item: T) => number = itemLine, convert = (item: T): T => this.fromWindow(item)): T[] | undefined {
    const w = this.window;
    const [a, b] = bounds(old, line, w.from, w.to);
    const [c, d] = bounds(before, line, w.from, w.to);
    const [e, f] = bounds(after, line, w.from, w.to);
    const mapBefore = (item: T) => this.toOld(item, this.math.before);
    const mapAfter = (item: T) => this.toOld(item, this.math.after);
    const oldWindow = old.slice(a, b);
    if (!equalData(oldWindow, before.slice(c, d).map(mapBefore))) return undefined;
    const [g] = bounds(before, line, w.guard, w.to);
    const [h] = bounds(after, line, w.guard, w.to);
    if (!equalData(before.slice(g, d).map(mapBefore), after.slice(h, f).map(mapAfter))) return undefined;
    const middle = after.slice(e, f);
    if (!equalData(oldWindow, middle.map(mapAfter))) this.changed.add(key);
    countWork(old.length);
    return [...old.slice(0, a), ...middle.map(convert), ...old.slice(b).map((item) => this.moved(item))];
  }

  /** A window parse's element as the patched model's: its math index the model's, its span records the model's. */
  private fromWindow<T>(item: T): T {
    const converted = withMath(item, (index) => index - this.math.after[0] + this.math.old[0]) as T;
    return converted;
  }

  /** An old element after the window: the same, unless it holds offsets (records) or spans, which moved. */
  private moved<T>(item: T): T {
    if (this.delta === 0) return item;
    if (item instanceof MathSpanRecord) return this.movedRecord(item) as T;
    if (item instanceof ProseRunRecord) return new ProseRunRecord(this.doc, item.line, item.from + this.delta, item.to + this.delta, item.section) as T;
    return item;
  }

  /** The patched model's record for a span record of the old model after the window (moved by the edit's delta). */
  private movedRecord(span: MathSpanRecord): MathSpanRecord {
    return this.recordOf(span, this.delta);
  }

  /** The patched model's record for a span record of the new window parse. */
  private windowRecord(span: MathSpanRecord): MathSpanRecord {
    return this.recordOf(span, this.windowOffset(span.start));
  }

  private recordOf(span: MathSpanRecord, shift: number): MathSpanRecord {
    let record = this.records.get(span);
    if (!record) {
      record = new MathSpanRecord(this.doc, span.start + shift, span.end + shift, span.contentStart + shift, span.contentEnd + shift,
        span.tex, span.display, span.delimiter, span.block, span.segments);
      record.section = span.section;
      record.placeholder = span.placeholder;
      this.records.set(span, record);
    }
    return record;
  }

  /** What to add to an offset of the window parse's text to get the note's. */
  private windowOffset(offset: number): number {
    const line = this.after.lineStarts.length > 1 ? lineAt(this.after.lineStarts, offset) : 0;
    return this.doc.lineStarts[line] - this.after.lineStarts[line];
  }

  private spliceMath(): MathSpanRecord[] | undefined {
    const spanLine = (span: MathSpanRecord) => span.range.start.line;
    const before = this.before.math as MathSpanRecord[];
    const after = this.after.math as MathSpanRecord[];
    return this.splice('math', this.old.math as MathSpanRecord[], before, after, spanLine, (span) => this.windowRecord(span));
  }

  private spliceProse(): ProseRunRecord[] | undefined {
    const runLine = (run: ProseRunRecord) => run.line;
    const convert = (run: ProseRunRecord) => {
      const shift = this.windowOffset(run.from);
      return new ProseRunRecord(this.doc, run.line, run.from + shift, run.to + shift, run.section);
    };
    return this.splice('prose', this.old.prose as ProseRunRecord[], this.before.prose as ProseRunRecord[], this.after.prose as ProseRunRecord[], runLine, convert);
  }

  /** Steps hold their spans: a step inside or after the window holds the patched model's records. */
  private spliceSteps(): Step[] | undefined {
    const fromWindow = (step: Step): Step => ({ ...step, math: step.math.map((span) => this.windowRecord(span as MathSpanRecord)) });
    const steps = this.splice('steps', this.old.steps, this.before.steps, this.after.steps, itemLine, fromWindow);
    if (!steps || this.delta === 0) return steps;
    const [, b] = bounds(this.old.steps, itemLine, this.window.from, this.window.to);
    const firstAfter = steps.length - (this.old.steps.length - b);
    for (let i = firstAfter; i < steps.length; i++) steps[i] = { ...steps[i], math: steps[i].math.map((span) => this.movedRecord(span as MathSpanRecord)) };
    return steps;
  }

  /** Symbol uses hold their span (for its segments, which the edit leaves) and its index. */
  private spliceSymbols(): SymbolUse[] | undefined {
    const spanOf = (symbols: SymbolUse[], math: MathSpanRecord[]) => (symbol: SymbolUse) => math[symbol.math ?? 0]?.range.start.line ?? -1;
    const convert = (use: SymbolUse): SymbolUse => {
      const record = use as SymbolUseRecord;
      const span = this.windowRecord(this.after.math[record.math] as MathSpanRecord);
      const copy = new SymbolUseRecord(record.key, record.tex, record.math - this.math.after[0] + this.math.old[0], span, record.texStart, record.texEnd);
      if (record.dimension) copy.dimension = true;
      return copy;
    };
    const w = this.window;
    const old = this.old.symbols;
    const oldLine = spanOf(old, this.old.math as MathSpanRecord[]);
    const beforeLine = spanOf(this.before.symbols, this.before.math as MathSpanRecord[]);
    const afterLine = spanOf(this.after.symbols, this.after.math as MathSpanRecord[]);
    const [a, b] = bounds(old, oldLine, w.from, w.to);
    const [c, d] = bounds(this.before.symbols, beforeLine, w.from, w.to);
    const [e, f] = bounds(this.after.symbols, afterLine, w.from, w.to);
    const toOld = (from: [number, number]) => (use: SymbolUse) => this.toOld(use, from);
    const oldWindow = old.slice(a, b);
    if (!equalData(oldWindow, this.before.symbols.slice(c, d).map(toOld(this.math.before)))) return undefined;
    const middle = this.after.symbols.slice(e, f);
    if (!equalData(oldWindow, middle.map(toOld(this.math.after)))) this.changed.add('symbols');
    return [...old.slice(0, a), ...middle.map(convert), ...old.slice(b)];
  }

  /** References: those read from TeX, then those read from prose, each in document order. */
  private spliceReferences(): NoteModel['references'] | undefined {
    const parts = (list: NoteModel['references'], prose: boolean) => list.filter((r) => (r.kind === 'prose') === prose);
    const tex = this.splice('references', parts(this.old.references, false), parts(this.before.references, false), parts(this.after.references, false));
    const prose = this.splice('references', parts(this.old.references, true), parts(this.before.references, true), parts(this.after.references, true));
    return tex && prose && [...tex, ...prose];
  }

  /** Rule statements: those found in the text, then each step's annotations and trailing text. */
  private spliceStatements(steps: Step[]): NoteModel['ruleStatements'] | undefined {
    const ofSteps = (list: Step[]) => list.flatMap((s) => s.rules.filter((r) => r.form === 'annotation' || r.form === 'trailing-text'));
    const found = (model: NoteModel) => model.ruleStatements.slice(0, model.ruleStatements.length - ofSteps(model.steps).length);
    const text = this.splice('ruleStatements', found(this.old), found(this.before), found(this.after));
    return text && [...text, ...ofSteps(steps)];
  }
}

/** The fields whose elements are found in the text, not in markdown's blocks, so they may run across blocks. */
const TEXT_FIELDS = ['ruleStatements', 'comments', 'references', 'provenance', 'timestamps'] as const;
const ALL_FIELDS = [...TEXT_FIELDS, 'math', 'steps', 'code', 'opaque', 'paragraphs', 'labels', 'tags', 'declarations', 'glossary'] as const;

/** Whether an element of the old model that starts before line `from` runs on to it (the window parse would not see it). */
function reachesInto(model: NoteModel, from: number): boolean {
  return TEXT_FIELDS.some((key) => (model[key] as unknown[]).some((item) => itemLine(item) < from && itemEndLine(item) >= from));
}

/** Whether an element of a window parse runs on past the window's last line (the note's may run on further). */
function reachesOut(model: NoteModel, to: number): boolean {
  return ALL_FIELDS.some((key) => (model[key] as unknown[]).some((item) => itemLine(item) < to && itemEndLine(item) >= to));
}

/** An element's last line. */
function itemEndLine(item: unknown): number {
  const value = item as { range?: { end: { line: number } }; end?: { line: number } | number; line?: number };
  if (value.range) return value.range.end.line;
  if (typeof value.end === 'number') return value.end - 1; // A LineSpan.
  if (value.end) return value.end.line; // A Range.
  return value.line ?? -1;
}

/** Whether the elements of `a` and `b` in the window are the same. */
function sameIn<T>(a: readonly T[], b: readonly T[], window: PatchWindow): boolean {
  return equalData(a.slice(...bounds(a, itemLine, window.from, window.to)), b.slice(...bounds(b, itemLine, window.from, window.to)));
}

/** An element's first line. */
function itemLine(item: unknown): number {
  const value = item as { range?: { start: { line: number } }; start?: { line: number } | number; line?: number };
  if (value.range) return value.range.start.line;
  if (typeof value.start === 'number') return value.start; // A LineSpan.
  if (value.start) return value.start.line; // A Range.
  return value.line ?? -1;
}

/** `item` with its `math` index mapped (labels, tags, symbol uses), as plain data. */
function withMath(item: unknown, map: (index: number) => number): unknown {
  if (typeof item !== 'object' || item === null || !('math' in item)) return item;
  const math = (item as { math: unknown }).math;
  if (typeof math !== 'number' || math < 0) return item;
  if (item instanceof SymbolUseRecord) return { ...item.toJSON(), math: map(math) };
  return { ...(item as object), math: map(math) };
}

/** The indices [start, end) of the elements of `list` (sorted by `line`) that start on lines `from` up to `to`. */
function bounds<T>(list: readonly T[], line: (item: T) => number, from: number, to: number): [number, number] {
  const first = (limit: number) => {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (line(list[mid]) < limit) low = mid + 1; else high = mid;
    }
    return low;
  };
  return [first(from), first(to)];
}

function upperBound(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] <= limit) low = mid + 1; else high = mid;
  }
  return low;
}

function lowerBound(values: readonly number[], limit: number): number {
  return upperBound(values, limit - 1);
}

function lineAt(starts: readonly number[], offset: number): number {
  return upperBound(starts, offset) - 1;
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Structural equality of model data (records by what their toJSON gives). */
export function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const plainA = toData(a);
  const plainB = toData(b);
  if (plainA !== a || plainB !== b) return equalData(plainA, plainB);
  let keys = 0;
  for (const key in a) {
    keys++;
    if (!Object.prototype.hasOwnProperty.call(b, key) || !equalData((a as Item)[key], (b as Item)[key])) return false;
  }
  for (const _key in b) keys--;
  return keys === 0;
}

function toData(value: object): object {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype || proto === null) return value;
  const toJSON = (value as { toJSON?: () => object }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(value) : value;
}
