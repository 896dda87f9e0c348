/**
 * A note's model after an edit, patched from the previous version's model
 * instead of built again from the whole text.
 *
 * The edit falls in a window of whole top-level blocks. The window is parsed
 * on its own, in a short text that holds, besides the window's lines, the
 * front matter, the section headings and the headings the window sits under
 * (so the format, the sections and each heading's marks are the note's).
 * What the model holds before the window is the previous model's; inside it,
 * the window parse's, moved to where the window stands in the note; after
 * it, the previous model's, as it is when no line moved (positions are all
 * its data reads: records.ts), else moved by the edit's line delta.
 *
 * A window starts and ends where nothing read before it carries on into it:
 * at a top-level block after a blank line, and in a section that holds steps
 * (whose extent runs from block to block) at a heading, which ends any step,
 * or at a step marker's paragraph, which opens one.
 * The patch is not taken (the caller parses the whole note) when an element
 * found in the text rather than in blocks (a `{Rule: …}` statement, a
 * comment) runs into the window from before it or out of it, or when the
 * format, the sections or the metadata's source time would change.
 */
import type { Heading, LineSpan, ListItem, NoteModel, RuleStatement, Section, Step, SymbolUse } from '../model';
import type { Range } from '../types';
import { noteMacros } from '../tex/macros';
import { countWork } from '../work';
import { parseNote, type ParseOptions } from './index';
import { MathSpanRecord, ProseRunRecord, SymbolUseRecord } from './records';
import { Doc } from './scan';
import { refGroupOpen } from './refs';
import { firstIndexFrom } from '../search';
import { equalData } from '../equal';

/** The new lines `from` up to `to` that the patch parsed again. */
export interface PatchWindow { from: number; to: number }

/** The window chosen in the old lines: `markerStart` when its first line is a step's marker paragraph in a section of steps. */
interface OldWindow extends PatchWindow { markerStart: boolean }

export interface Patch {
  model: NoteModel;
  window: PatchWindow;
  /** The same lines before the edit. */
  oldWindow: PatchWindow;
  /** The window parsed on its own, and `move` to place what stands in it (a rule's report) in the note. */
  parse: NoteModel;
  move: <T>(value: T) => T;
  /** Places a rule's report that stood after the window before the edit where it stands after it (the same report when lines did not move). */
  moveAfter: <T>(value: T) => T;
  /** The model fields whose data the edit changed (`text` and `lines` always). */
  changed: Set<string>;
}

/**
 * The line starts of `text` after `edit`, from the old text's: those up to the
 * edit's first line kept, the edited lines' found, those after moved. Linear
 * in the lines, where reading the text again was linear in its characters.
 */
export function editedLineStarts(old: readonly number[], text: string, edit: PatchEdit): number[] | undefined {
  const starts = old.slice(0, edit.first + 1);
  let at = starts[edit.first];
  for (let line = edit.first + 1; line < edit.newEnd; line++) starts.push((at = text.indexOf('\n', at) + 1));
  for (let line = edit.oldEnd; line < old.length; line++) starts.push(old[line] + edit.offsetDelta);
  // The lines after the edit must start after a line break of the new text (undefined: a full parse).
  const next = starts[edit.newEnd];
  return next === undefined || text.charCodeAt(next - 1) === 10 ? starts : undefined;
}

/** What the edit changed: old lines `first` up to `oldEnd` are new lines `first` up to `newEnd`; the rest moved by `offsetDelta`. */
export interface PatchEdit { first: number; oldEnd: number; newEnd: number; offsetDelta: number }

/**
 * `old` patched into the model of `text`, or undefined when a full parse is
 * needed. Neither `text` nor `old.text` holds a `\r` or a NUL (the caller
 * knows: markdown-it parsed them as they are). `reparsed`: the new lines
 * whose blocks the markdown parse read again; `oldBlocks`: the first line of
 * each top-level block of the old text; `lineStarts`, those of `text` when
 * the caller has them (editedLineStarts).
 */
export function patchModel(old: NoteModel, text: string, edit: PatchEdit, reparsed: { from: number; to: number },
  oldBlocks: readonly number[], options: ParseOptions, lineStarts?: number[]): Patch | undefined {
  if (old.formatError) return undefined;
  const starts = lineStarts ?? editedLineStarts(old.lineStarts, text, edit);
  if (!starts) return undefined;
  const doc = new Doc(text, starts);
  const lineDelta = edit.newEnd - edit.oldEnd;
  if (doc.lineCount !== old.lines.length + lineDelta) return undefined;
  const oldWindow = chooseWindow(old, reparsed, oldBlocks, edit);
  if (!oldWindow || runsAcross(old, oldWindow)) return undefined;
  const source = old.sourceTime?.range.start.line;
  if (source !== undefined && source >= oldWindow.from && source < oldWindow.to) return undefined;
  const window = { from: oldWindow.from, to: oldWindow.to + lineDelta };
  const edited: string[] = [];
  for (let line = edit.first; line < edit.newEnd; line++) edited.push(doc.lineText(line));
  // concat, not spreads: these copy every line and element of a long note at each edit.
  const lines = old.lines.slice(0, edit.first).concat(edited, old.lines.slice(edit.oldEnd));
  const parse = parseWindow(lines, window, keptLines(old, oldWindow, lineDelta), options);
  if (parse.model.format?.id !== old.format?.id || parse.model.formatSource !== old.formatSource || parse.model.sourceTime) return undefined;
  // Front matter is never in the window, but a window at the top may close a `---` that was none.
  if ((parse.model.frontMatter === undefined) !== (old.frontMatter === undefined)) return undefined;
  if (reachesOut(parse.model, parse.to)) return undefined;
  if (oldWindow.markerStart && !markerStep(parse.model.steps, parse.from)) return undefined;
  // A `\label{…}` group read across the window's edge (parse/refs.ts) is seen by no window parse.
  if (refGroupOpen(text, starts[window.from]) || (window.to < starts.length && refGroupOpen(text, starts[window.to]))) return undefined;
  let texts = textsAfter(textsOf(old), oldWindow, window, doc);
  const rebase = new Set(texts.map((run) => run.text)).size > MAX_TEXTS;
  if (rebase) texts = [{ from: 0, text: doc.lineStarts }];
  const splice = new Splicer(old, parse, oldWindow, window, doc, edit, rebase);
  const model = splice.build(text, lines);
  if (model) modelTexts.set(model, texts);
  return model && {
    model, window, oldWindow, parse: parse.model, changed: splice.changed,
    move: (value) => splice.fromWindow(value), moveAfter: (value) => splice.afterWindow(value),
  };
}

// ------------------------------------------------------------ the window

/**
 * The window, in old lines: from a top-level block at or before the edit to
 * one after it, each after a blank line (no block before it reads on into
 * it). In a section that holds steps, each is also a heading, which ends any
 * step, or a paragraph whose step marker ("**Step 3.**", "Equation (4):")
 * opens a step whatever came before it (parse/steps.ts): no step runs across
 * either. A step opened at the window's first line is checked again in the
 * window parse (`markerStart`): the edit may have changed it.
 */
function chooseWindow(old: NoteModel, reparsed: { from: number; to: number }, blocks: readonly number[], edit: PatchEdit): OldWindow | undefined {
  const lineCount = old.lines.length;
  const stepRoles = old.sections.map((s) => s.spec.role === 'derivation' || s.spec.role === 'definitions');
  const sectionStarts = old.sections.map((s) => s.heading.line);
  const heading = (line: number) => old.headings[firstIndexFrom(old.headings, line, (h) => h.line)]?.line === line;
  const boundary = (line: number) => {
    if (line === 0 || line >= lineCount) return true;
    if (!isBlank(old.lines[line - 1])) return false;
    return !stepRoles[upperBound(sectionStarts, line) - 1] || heading(line) || markerStep(old.steps, line);
  };
  let k = upperBound(blocks, Math.min(reparsed.from, edit.first)) - 1;
  while (k > 0 && !boundary(blocks[k])) k--;
  const from = k < 0 ? 0 : blocks[k];
  // The reparsed lines end, in new lines, where the old blocks resume.
  let i = firstIndexFrom(blocks, Math.max(reparsed.to - (edit.newEnd - edit.oldEnd), edit.oldEnd), same);
  while (i < blocks.length && !boundary(blocks[i])) i++;
  const to = i < blocks.length ? blocks[i] : lineCount;
  const front = old.frontMatter?.range.end.line;
  if (front !== undefined && from <= front) return undefined;
  const markerStart = from > 0 && stepRoles[upperBound(sectionStarts, from) - 1] && !heading(from);
  return { from, to, markerStart };
}

/** Whether a step of `steps` (in line order) starts on `line` with its marker there: the block there opened it, whatever came before. */
function markerStep(steps: readonly Step[], line: number): boolean {
  const step = steps[firstIndexFrom(steps, line, (s) => s.range.start.line)];
  return step !== undefined && step.range.start.line === line && step.numberSource === 'marker' && step.numberRange?.start.line === line;
}

/**
 * The old lines every window parse keeps besides the window: the front
 * matter, the section headings and, of each heading level, the last heading
 * before the window (the headings a step in the window sits under: its
 * heading marks and the timestamp it inherits).
 */
function keptLines(model: NoteModel, window: PatchWindow, lineDelta: number): number[] {
  const kept = new Set<number>();
  const keep = (range: { start: { line: number }; end: { line: number } }) => {
    for (let l = range.start.line; l <= range.end.line; l++) if (l < window.from || l >= window.to) kept.add(l);
  };
  if (model.frontMatter) keep(model.frontMatter.range);
  for (const section of model.sections) keep(section.heading.range);
  const levels = new Set<number>();
  for (let h = upperBound(model.headings.map((x) => x.line), window.from - 1) - 1; h >= 0 && levels.size < 6; h--) {
    if (levels.has(model.headings[h].level)) continue;
    levels.add(model.headings[h].level);
    keep(model.headings[h].range);
  }
  // In new lines.
  return [...kept].sort((a, b) => a - b).map((l) => (l >= window.to ? l + lineDelta : l));
}

/** An HTML comment line: it ends the blocks before it, as any top-level block does, and holds nothing a rule reads. */
const WINDOW_END = '<!-- -->';

/** The window parse: its model, and where the window stands in it (its lines `from` up to `to`). */
interface WindowParse { model: NoteModel; from: number; to: number; noteLine: number[] }

/** Parses the window with the kept lines (new lines), a blank line between runs that are not adjacent. */
function parseWindow(lines: readonly string[], window: PatchWindow, kept: number[], options: ParseOptions): WindowParse {
  const text: string[] = [];
  const noteLine: number[] = [];
  const add = (line: number) => {
    if (noteLine.length && noteLine[noteLine.length - 1] !== line - 1) { text.push(''); noteLine.push(-1); }
    text.push(lines[line]);
    noteLine.push(line);
  };
  let k = 0;
  for (; k < kept.length && kept[k] < window.from; k++) add(kept[k]);
  const from = text.length + (noteLine.length && noteLine[noteLine.length - 1] !== window.from - 1 ? 1 : 0);
  for (let line = window.from; line < window.to; line++) add(line);
  const to = from + (window.to - window.from);
  // In the note a top-level block follows the window's last (blank) line. When that block's line is not kept, an inert
  // line stands for it: a blank line there would make a list item that ends the window end one line later than in the note.
  if (window.to < lines.length && kept[k] !== window.to) {
    text.push(WINDOW_END);
    noteLine.push(-1);
  }
  for (; k < kept.length; k++) add(kept[k]);
  // A last blank line, unless the window ends the note: what runs to the end of this text (an unclosed `{Rule:`) is seen to run past the window.
  if (window.to < lines.length) {
    text.push('');
    noteLine.push(-1);
  }
  countWork(text.length);
  const model = parseNote(text.join('\n'), { formats: options.formats, format: options.format });
  void model.symbols; // Filled now, while the text is at hand.
  return { model, from, to, noteLine };
}

// ------------------------------------------------------------ the texts records hold

/**
 * The records an edit leaves where they stood are the previous version's,
 * and hold its text (records.ts): a model's records may hold several
 * versions' texts. A model keeps, in runs of lines, which text each line's
 * records hold (a text known by its line starts, the Doc's own array), so
 * that a patch can bound them.
 */
interface TextRun { from: number; text: readonly number[] }
const modelTexts = new WeakMap<NoteModel, TextRun[]>();

/** How many texts a model's records may hold: past it, a patch makes every record again in the new text. */
const MAX_TEXTS = 4;

/** A parse's records all hold its text. */
function textsOf(model: NoteModel): TextRun[] {
  return modelTexts.get(model) ?? [{ from: 0, text: model.lineStarts }];
}

/**
 * The runs after a patch, in new lines: those before the window kept, the
 * window in the new text, and after it the old runs when no line moved (the
 * records are kept), else the new text (they are made again).
 */
function textsAfter(old: TextRun[], oldWindow: PatchWindow, window: PatchWindow, doc: Doc): TextRun[] {
  const runs: TextRun[] = [];
  const add = (from: number, held: readonly number[]) => {
    if (runs.length === 0 || runs[runs.length - 1].text !== held) runs.push({ from, text: held });
  };
  for (const run of old) if (run.from < window.from) add(run.from, run.text);
  add(window.from, doc.lineStarts);
  if (window.to !== oldWindow.to || window.to >= doc.lineCount) return runs;
  const k = firstIndexFrom(old, oldWindow.to + 1, (run) => run.from) - 1; // The run the window's end falls in.
  for (let i = Math.max(k, 0); i < old.length; i++) add(Math.max(old[i].from, window.to), old[i].text);
  return runs;
}

// ------------------------------------------------------------ moving elements

/** How elements move: their lines and span indices; `span` gives the record a span index stood for before the move. */
interface Move {
  /** Lines move by `lines`, or (a window parse's, whose kept lines stand elsewhere) by `line`. */
  lines: number;
  line?: (line: number) => number;
  math: (index: number) => number;
  record: (span: MathSpanRecord) => MathSpanRecord;
  span: (index: number) => MathSpanRecord;
}

/**
 * A copy of model data moved: positions (`{line, character}`) by `lines`,
 * span records and span indices as `move` maps them. Plain objects and arrays
 * are copied; anything else stays as it is.
 */
function moved<T>(value: T, move: Move): T {
  if (Array.isArray(value)) return value.map((item: unknown) => moved(item, move)) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof MathSpanRecord) return move.record(value) as T;
  if (value instanceof ProseRunRecord) return value as T; // Moved by the splice (they hold the document).
  if (value instanceof SymbolUseRecord) {
    const copy = new SymbolUseRecord(value.key, value.tex, move.math(value.math), move.record(move.span(value.math)), value.texStart, value.texEnd);
    if (value.dimension) copy.dimension = true;
    return copy as T;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const object = value as Record<string, unknown>;
  if (typeof object.line === 'number' && typeof object.character === 'number' && keyCount(object) === 2) {
    return { line: move.line ? move.line(object.line) : object.line + move.lines, character: object.character } as T;
  }
  // A clone keeps the object's shape (keys added one by one to an empty object make V8 build it anew); then what moves is replaced.
  const copy: Record<string, unknown> = { ...object };
  for (const key in copy) {
    const field = copy[key];
    if (typeof field === 'object' && field !== null) copy[key] = moved(field, move);
    else if (key === 'math' && typeof field === 'number' && field >= 0) copy[key] = move.math(field);
  }
  return copy as T;
}

/** How many enumerable keys `object` has (without the array `Object.keys` makes). */
function keyCount(object: object): number {
  let count = 0;
  for (const _key in object) count++;
  return count;
}

// ------------------------------------------------------------ splicing

type Item = Record<string, unknown>;

/** The fields whose elements hold span records (prose runs are records themselves). */
const HOLD_SPANS = new Set(['math', 'steps', 'symbols']);

/** The fields spliced as they are, each sorted by the line an element starts on. */
const PLAIN_FIELDS = ['labels', 'tags', 'provenance', 'comments', 'code', 'opaque', 'timestamps', 'declarations', 'glossary'] as const;

class Splicer {
  readonly changed = new Set<string>(['text', 'lines']);
  /** The window's math: indices in the old model and in the window parse. */
  private readonly math: { old: [number, number]; window: [number, number] };
  private readonly lineDelta: number;
  private readonly records = new Map<MathSpanRecord, MathSpanRecord>();
  private readonly fromWindowMove: Move;
  private readonly afterMove: Move;
  /** Where each heading of the window stands after the edit, by its old line (build). */
  private windowHeadingLines = new Map<number, number>();

  /** The old records before the window (and after it) move to the new text too, so that the model holds few texts (MAX_TEXTS). */
  private readonly beforeMove: Move | undefined;

  constructor(private readonly old: NoteModel, private readonly parse: WindowParse, private readonly oldWindow: PatchWindow,
    private readonly window: PatchWindow, private readonly doc: Doc, private readonly edit: PatchEdit, private readonly rebase: boolean) {
    const spanLine = (span: unknown) => (span as MathSpanRecord).range.start.line;
    this.math = {
      old: bounds(old.math, spanLine, oldWindow.from, oldWindow.to),
      window: bounds(parse.model.math, spanLine, parse.from, parse.to),
    };
    this.lineDelta = window.to - oldWindow.to;
    const mathDelta = (this.math.window[1] - this.math.window[0]) - (this.math.old[1] - this.math.old[0]);
    const windowLines = window.from - parse.from;
    this.fromWindowMove = {
      lines: windowLines,
      line: (line) => (line >= parse.from && line < parse.to ? line + windowLines : parse.noteLine[line] ?? line + windowLines),
      math: (index) => index - this.math.window[0] + this.math.old[0],
      record: (span) => this.record(span, windowLines),
      span: (index) => parse.model.math[index] as MathSpanRecord,
    };
    const oldEnd = this.math.old[1];
    this.afterMove = {
      lines: this.lineDelta,
      // A step after the window may hold the marks and timestamp of a heading before it, in the window too.
      line: (line) => (line >= oldWindow.to ? line + this.lineDelta : this.windowHeadingLines.get(line) ?? line),
      math: (index) => (index >= oldEnd ? index + mathDelta : index),
      // Where no line moved, a span stays as it is: its data does not change (records.ts).
      record: this.lineDelta === 0 && !rebase ? (span) => span : (span) => this.record(span, this.lineDelta),
      span: (index) => old.math[index] as MathSpanRecord,
    };
    this.beforeMove = rebase ? { lines: 0, math: (index) => index, record: (span) => this.record(span, 0), span: (index) => old.math[index] as MathSpanRecord } : undefined;
  }

  /** A window parse's element (or a rule's report on it) where it stands in the note. */
  fromWindow<T>(value: T): T {
    return moved(value, this.fromWindowMove);
  }

  /** A report (plain data, no spans) that stood after the window, where it stands after the edit. */
  afterWindow<T>(value: T): T {
    return this.lineDelta === 0 ? value : moved(value, this.afterMove);
  }

  build(text: string, lines: string[]): NoteModel | undefined {
    const sections = this.sections();
    if (!sections) return undefined;
    const fields: Partial<Record<keyof NoteModel, unknown>> = { text, lines, lineStarts: this.doc.lineStarts, sections };
    // A heading's marks and timestamp pass to the steps under it, after the window too: the window's headings must stay.
    const [a, b] = bounds(this.old.headings, (h) => h.line, this.oldWindow.from, this.oldWindow.to);
    const [c, d] = bounds(this.parse.model.headings, (h) => h.line, this.parse.from, this.parse.to);
    const windowHeadings = this.parse.model.headings.slice(c, d).map((h) => movedHeading(h, this.fromWindowMove.lines));
    // A heading on the edited lines stays where it was, or moves with the lines after it (lines were added before it).
    const oldHeadings = (movedFrom: number) => this.old.headings.slice(a, b).map((h) => movedHeading(h, h.line >= movedFrom ? this.lineDelta : 0));
    if (!equalData(oldHeadings(this.edit.oldEnd), windowHeadings) && !equalData(oldHeadings(this.edit.first), windowHeadings)) return undefined;
    this.windowHeadingLines = new Map(this.old.headings.slice(a, b).map((h, i) => [h.line, windowHeadings[i].line]));
    fields.headings = this.spliceLines('headings', this.old.headings, (h) => h.line, movedHeading);
    if (this.changed.has('headings')) this.changed.add('sections');
    if (this.lineDelta !== 0 || this.doc.src.length !== this.old.text.length) this.changed.add('lineStarts');
    const math = this.splice('math', this.old.math as MathSpanRecord[]);
    fields.math = math;
    fields.prose = this.spliceProse();
    const steps = this.splice('steps', this.old.steps);
    fields.steps = steps;
    fields.symbols = this.spliceSymbols();
    for (const key of PLAIN_FIELDS) fields[key] = this.splice(key, this.old[key] as unknown as Item[]);
    fields.paragraphs = this.spliceLines('paragraphs', this.old.paragraphs, (p) => p.start, (p, d) => ({ start: p.start + d, end: p.end + d }));
    fields.listItems = this.spliceLines('listItems', this.old.listItems, (item) => item.line, (item, d) => ({ ...item, line: item.line + d }));
    const tex = (list: NoteModel['references'], prose: boolean) => list.filter((r) => (r.kind === 'prose') === prose);
    fields.references = [...this.splice('references', tex(this.old.references, false), tex(this.parse.model.references, false)),
      ...this.splice('references', tex(this.old.references, true), tex(this.parse.model.references, true))];
    const statements = this.spliceStatements(steps);
    fields.ruleStatements = statements.statements;
    if (this.old.sourceTime && this.lineDelta !== 0 && this.old.sourceTime.range.start.line >= this.oldWindow.to) {
      fields.sourceTime = moved(this.old.sourceTime, this.afterMove);
    }
    const texs = (span: { tex: string }) => span.tex;
    if (!equalData(this.old.math.slice(...this.math.old).map(texs), this.parse.model.math.slice(...this.math.window).map(texs))) {
      fields.macros = noteMacros(math);
      this.changed.add('macros');
    }
    const model = Object.create(Object.getPrototypeOf(this.old) as object) as NoteModel;
    for (const key of Object.keys(this.old)) (model as unknown as Item)[key] = (this.old as unknown as Item)[key];
    Object.assign(model, fields);
    stepStatements.set(model, statements.ofSteps);
    return model;
  }

  /**
   * The old sections, moved after the window, a heading in the window the
   * window parse's; undefined unless the window parse finds the same sections
   * (the same headings matched to the same parts of the format).
   */
  private sections(): Section[] | undefined {
    const parse = this.parse;
    const found = parse.model.sections;
    if (found.length !== this.old.sections.length) return undefined;
    const move = (line: number) => (line >= this.oldWindow.to ? line + this.lineDelta : line);
    const sections: Section[] = [];
    for (const [i, s] of this.old.sections.entries()) {
      const heading = parse.noteLine[found[i].heading.line];
      if (found[i].spec !== s.spec || heading !== move(s.heading.line)) return undefined;
      const inWindow = s.heading.line >= this.oldWindow.from && s.heading.line < this.oldWindow.to;
      sections.push(inWindow || this.lineDelta !== 0 ? {
        heading: inWindow ? movedHeading(found[i].heading, this.fromWindowMove.lines) : movedHeading(s.heading, heading - s.heading.line),
        spec: s.spec,
        contentStart: inWindow ? found[i].contentStart + this.fromWindowMove.lines : move(s.contentStart),
        end: move(s.end),
      } : s);
    }
    return sections;
  }

  /** The window parse's span record `span`, or an old record, moved into the note's new text. */
  private record(span: MathSpanRecord, lines: number): MathSpanRecord {
    let record = this.records.get(span);
    if (!record) {
      record = span.movedTo(this.doc, lines);
      this.records.set(span, record);
    }
    return record;
  }

  /** Old elements before the window, the window parse's inside it, old ones moved after it. */
  private splice<T>(key: string, old: T[], fromParse?: T[]): T[] {
    const windowItems = fromParse ?? (this.parse.model as unknown as Record<string, T[]>)[key];
    const [a, b] = bounds(old, itemLine, this.oldWindow.from, this.oldWindow.to);
    const [e, f] = bounds(windowItems, itemLine, this.parse.from, this.parse.to);
    const middle = windowItems.slice(e, f).map((item) => this.fromWindow(item));
    if (!equalData(old.slice(a, b), middle) || (this.lineDelta !== 0 && b < old.length)) this.changed.add(key);
    countWork(old.length);
    const before = old.slice(0, a);
    const after = old.slice(b);
    const beforeMove = this.beforeMove && HOLD_SPANS.has(key) ? this.beforeMove : undefined;
    return (beforeMove ? before.map((item) => this.movedOld(item, beforeMove)) : before)
      .concat(middle, this.movesAfter(key) ? after.map((item) => this.movedOld(item, this.afterMove)) : after);
  }

  /** An old element, moved: when no line moves, a step needs only its spans' records (a copy of all it holds costs more than the rest of the patch). */
  private movedOld<T>(item: T, move: Move): T {
    if (move.lines !== 0 || item instanceof MathSpanRecord) return moved(item, move);
    const step = item as unknown as Step;
    if (Array.isArray(step.math) && move.math(this.math.old[1]) === this.math.old[1]) {
      return { ...step, math: step.math.map((span) => move.record(span as MathSpanRecord)) } as T;
    }
    return moved(item, move);
  }

  /**
   * Whether the elements of `key` after the window move: when lines move;
   * those that hold span indices (declarations by their place) when the
   * window's span count changes; those that hold spans on a rebase. Where
   * only offsets move, spans stay as they are (records.ts).
   */
  private movesAfter(key: string): boolean {
    if (this.afterMove.lines !== 0 || (this.rebase && HOLD_SPANS.has(key))) return true;
    const mathMoves = this.afterMove.math(this.math.old[1]) !== this.math.old[1];
    return mathMoves && ['labels', 'tags', 'declarations', 'glossary', 'symbols'].includes(key);
  }

  /** Fields of line numbers (paragraphs, list items). */
  private spliceLines<T>(key: string, old: T[], line: (item: T) => number, move: (item: T, lines: number) => T): T[] {
    const windowItems = (this.parse.model as unknown as Record<string, T[]>)[key];
    const [a, b] = bounds(old, line, this.oldWindow.from, this.oldWindow.to);
    const [e, f] = bounds(windowItems, line, this.parse.from, this.parse.to);
    const middle = windowItems.slice(e, f).map((item) => move(item, this.fromWindowMove.lines));
    if (!equalData(old.slice(a, b), middle) || (this.lineDelta !== 0 && b < old.length)) this.changed.add(key);
    const after = old.slice(b);
    return old.slice(0, a).concat(middle, this.lineDelta !== 0 ? after.map((item) => move(item, this.lineDelta)) : after);
  }

  /** Prose runs hold the document: each one inside or after the window is made again. */
  private spliceProse(): ProseRunRecord[] {
    const old = this.old.prose as ProseRunRecord[];
    const windowRuns = this.parse.model.prose as ProseRunRecord[];
    const [a, b] = bounds(old, (run) => run.line, this.oldWindow.from, this.oldWindow.to);
    const [e, f] = bounds(windowRuns, (run) => run.line, this.parse.from, this.parse.to);
    const middle = windowRuns.slice(e, f).map((r) => r.movedTo(this.doc, this.fromWindowMove.lines));
    if (!equalData(old.slice(a, b), middle) || (this.lineDelta !== 0 && b < old.length)) this.changed.add('prose');
    const before = old.slice(0, a);
    const after = old.slice(b);
    return (this.rebase ? before.map((r) => r.movedTo(this.doc, 0)) : before)
      .concat(middle, this.lineDelta !== 0 || this.rebase ? after.map((r) => r.movedTo(this.doc, this.lineDelta)) : after);
  }

  /** Symbol uses, by the span they stand in (they hold it, for its segments). */
  private spliceSymbols(): SymbolUse[] {
    const old = this.old.symbols;
    const windowUses = this.parse.model.symbols;
    const [a, b] = bounds(old, (use) => use.math ?? -1, this.math.old[0], this.math.old[1]);
    const [e, f] = bounds(windowUses, (use) => use.math ?? -1, this.math.window[0], this.math.window[1]);
    const middle = windowUses.slice(e, f).map((use) => this.fromWindow(use));
    if (!equalData(old.slice(a, b), middle) || (this.lineDelta !== 0 && b < old.length)) this.changed.add('symbols');
    const before = old.slice(0, a);
    const after = old.slice(b);
    const beforeMove = this.beforeMove;
    // A use reads its span's segments only: after the window they change when lines move.
    return (beforeMove ? before.map((use) => moved(use, beforeMove)) : before)
      .concat(middle, this.movesAfter('symbols') ? after.map((use) => moved(use, this.afterMove)) : after);
  }

  /** Rule statements: those found in the text, then each step's annotations and trailing text. */
  private spliceStatements(steps: Step[]): { statements: NoteModel['ruleStatements']; ofSteps: number } {
    const found = (model: NoteModel) => model.ruleStatements.slice(0, model.ruleStatements.length - foundAfter(model));
    const inText = this.splice('ruleStatements', found(this.old), found(this.parse.model));
    const bySteps = this.statementsOfSteps(steps);
    return { statements: inText.concat(bySteps), ofSteps: bySteps.length };
  }

  /**
   * The steps' statements. Where no line moved, the steps before and after
   * the window are the old ones or copies that share their rules, so their
   * statements are the old model's, before the window's first line and from
   * its end on (no step runs across either): only the window's are read.
   */
  private statementsOfSteps(steps: Step[]): RuleStatement[] {
    if (this.lineDelta !== 0) return ofSteps(steps);
    const all = this.old.ruleStatements;
    const old = all.slice(all.length - foundAfter(this.old));
    const line = (statement: RuleStatement) => statement.range.start.line;
    const [a, b] = bounds(this.old.steps, itemLine, this.oldWindow.from, this.oldWindow.to);
    const windowSteps = steps.slice(a, b + steps.length - this.old.steps.length);
    return old.slice(0, firstIndexFrom(old, this.oldWindow.from, line)).concat(ofSteps(windowSteps), old.slice(firstIndexFrom(old, this.oldWindow.to, line)));
  }
}

/** The steps' annotations and trailing text, in order. Loops, not flatMap: this reads every step at every edit. */
function ofSteps(steps: Step[]): RuleStatement[] {
  const statements: RuleStatement[] = [];
  for (const step of steps) for (const rule of step.rules) if (rule.form === 'annotation' || rule.form === 'trailing-text') statements.push(rule);
  return statements;
}

/** How many of a model's rule statements are its steps' (they come last), kept per model (a patch sets its model's). */
const stepStatements = new WeakMap<NoteModel, number>();
function foundAfter(model: NoteModel): number {
  let count = stepStatements.get(model);
  if (count === undefined) stepStatements.set(model, (count = ofSteps(model.steps).length));
  return count;
}

function movedHeading(heading: Heading, lines: number): Heading {
  if (lines === 0) return heading;
  const { start, end } = heading.range;
  return { ...heading, line: heading.line + lines, range: { start: { ...start, line: start.line + lines }, end: { ...end, line: end.line + lines } } };
}

/** The fields whose elements are found in the text, not in markdown's blocks, so they may run across blocks. */
const TEXT_FIELDS = ['ruleStatements', 'comments', 'references', 'labels', 'provenance', 'timestamps'] as const;

const ALL_FIELDS = [...TEXT_FIELDS, 'math', 'steps', 'code', 'opaque', 'paragraphs', 'labels', 'tags', 'declarations', 'glossary'] as const;

/**
 * Whether an element of the old model found in the text runs across the
 * window's first line (the window parse would not see it) or its end (what it
 * did after the window, such as making formulas cited identities, may stop).
 */
function runsAcross(model: NoteModel, window: PatchWindow): boolean {
  // Each of these elements has a range: read directly, one loop per field (objects of one shape), at every edit.
  for (const key of TEXT_FIELDS) {
    const items = model[key] as readonly { range: Range }[];
    for (let i = 0; i < items.length; i++) {
      const start = items[i].range.start.line;
      const end = items[i].range.end.line;
      if ((start < window.from && end >= window.from) || (start < window.to && end >= window.to)) return true;
    }
  }
  return false;
}

/** Whether an element of a window parse runs on past the window's last line (the note's may run on further). */
function reachesOut(model: NoteModel, to: number): boolean {
  return ALL_FIELDS.some((key) => (model[key] as unknown[]).some((item) => itemLine(item) < to && itemEndLine(item) >= to));
}

/** An element's first line. */
function itemLine(item: unknown): number {
  const value = item as { range?: { start: { line: number } }; start?: { line: number } | number; line?: number };
  if (value.range) return value.range.start.line;
  if (typeof value.start === 'number') return value.start; // A LineSpan.
  if (value.start) return value.start.line; // A Range.
  return value.line ?? -1;
}

/** An element's last line. */
function itemEndLine(item: unknown): number {
  const value = item as { range?: { end: { line: number } }; end?: { line: number } | number; line?: number };
  if (value.range) return value.range.end.line;
  if (typeof value.end === 'number') return value.end - 1; // A LineSpan.
  if (value.end) return value.end.line; // A Range.
  return value.line ?? -1;
}

/** The indices [start, end) of the elements of `list` (sorted by `line`) that start on lines `from` up to `to`. */
function bounds<T>(list: readonly T[], line: (item: T) => number, from: number, to: number): [number, number] {
  return [firstIndexFrom(list, from, line), firstIndexFrom(list, to, line)];
}

const same = (value: number) => value;

/** How many of the ascending integers `values` are at most `limit`. */
function upperBound(values: readonly number[], limit: number): number {
  return firstIndexFrom(values, limit + 1, same);
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

export type { LineSpan, ListItem };
