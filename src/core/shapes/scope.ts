/**
 * Declarations in force at a point of a note, and the shape under a document
 * position (for hovers). Shared by the shape-mismatch rule and the hover.
 */
import type { Declaration, MathSpan, NoteModel, SymbolUse } from '../model';
import type { Position, Range } from '../types';
import { mathRange } from '../parse/positions';
import { SymbolUseRecord } from '../parse/records';
import { createShapeEnv, declareShape, type DeclaredDomain, type ShapeEnv } from './env';
import { shapeAtOffset, type ShapeAt } from './query';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function toDeclared(d: Declaration): DeclaredDomain {
  return { symbol: d.tex, domain: d.domain, kind: d.kind };
}

interface Layer { level: number; env: ShapeEnv }

/**
 * The declarations in force at a math span (NOTE-SPEC §4, scope): a use takes
 * the nearest declaration before it in its own section (the innermost heading,
 * then the headings around it), else the glossary's, else the nearest one
 * before it in the note. Declarations of different shapes in force together
 * (in the glossary, or in one section) make a symbol unknown: the check is
 * then silent.
 *
 * Walked once in document order: `env` is the merged view, updated as
 * declarations and headings are passed; leaving a heading restores what its
 * declarations covered, so the walk stays linear in the note.
 */
export class DeclarationScope {
  private readonly pending: Declaration[];
  private next = 0;
  private readonly headings: { line: number; level: number }[];
  private nextHeading = 0;
  private readonly glossary: ShapeEnv;
  /** Every declaration passed so far, the newest winning; shares `env`'s bases (a quick filter only). */
  private readonly note: ShapeEnv;
  private readonly layers: Layer[] = [{ level: 0, env: createShapeEnv() }];
  readonly env: ShapeEnv;

  constructor(model: NoteModel) {
    this.glossary = createShapeEnv(model.declarations.filter((d) => d.inGlossary).map(toDeclared));
    this.env = { bindings: new Map(this.glossary.bindings), bases: new Set(this.glossary.bases), problemBases: new Set(this.glossary.problemBases) };
    this.note = { bindings: new Map(), bases: this.env.bases, problemBases: this.env.problemBases };
    this.pending = model.declarations.filter((d) => !d.inGlossary)
      .sort((a, b) => (before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0));
    this.headings = model.headings.map((h) => ({ line: h.line, level: h.level }));
  }

  /** The environment for `span`; spans must be asked for in document order. */
  before(span: MathSpan): ShapeEnv {
    while (this.next < this.pending.length && before(this.pending[this.next].range.start, span.range.end)) {
      const declaration = this.pending[this.next++];
      this.passHeadings(declaration.range.start.line);
      this.declare(declaration);
    }
    this.passHeadings(span.range.start.line);
    return this.env;
  }

  private declare(declaration: Declaration): void {
    const declared = toDeclared(declaration);
    declareShape(this.note, declared, 'shadow');
    const layer = this.layers[this.layers.length - 1].env;
    // Two declarations of different shapes in one section are both in force: the symbol is unknown there.
    for (const key of declareShape(layer, declared, 'conflict')) this.env.bindings.set(key, layer.bindings.get(key)!);
  }

  private passHeadings(line: number): void {
    while (this.nextHeading < this.headings.length && this.headings[this.nextHeading].line <= line) {
      const { level } = this.headings[this.nextHeading++];
      while (this.layers.length > 1 && this.layers[this.layers.length - 1].level >= level) this.leave();
      this.layers.push({ level, env: createShapeEnv() });
    }
  }

  /** Leaves the innermost heading: its declarations give way to the enclosing ones, the glossary's, the note's. */
  private leave(): void {
    const left = this.layers.pop()!;
    for (const key of left.env.bindings.keys()) {
      let binding = undefined;
      for (let i = this.layers.length - 1; i >= 0 && !binding; i--) binding = this.layers[i].env.bindings.get(key);
      binding ??= this.glossary.bindings.get(key) ?? this.note.bindings.get(key);
      if (binding) this.env.bindings.set(key, binding);
      else this.env.bindings.delete(key);
    }
  }
}

/** The environment in force at one span. */
export function shapeEnvironmentAt(model: NoteModel, span: MathSpan): ShapeEnv {
  return new DeclarationScope(model).before(span);
}

/** The offset in `span.tex` of a document position inside its content, or -1. */
export function texOffsetAt(span: MathSpan, position: Position): number {
  const { start, end } = span.contentRange;
  if (before(position, start) || before(end, position)) return -1;
  let i = span.segments.length - 1;
  while (i > 0 && before(position, { line: span.segments[i].line, character: span.segments[i].character })) i--;
  const seg = span.segments[i];
  if (!seg) return -1;
  if (seg.line !== position.line) return -1;
  return seg.tex + position.character - seg.character;
}

/** Where a symbol use starts in its span's TeX (see texOffsetAt). */
export function useTexOffset(span: MathSpan, use: SymbolUse): number {
  return use instanceof SymbolUseRecord ? use.texStart : texOffsetAt(span, use.range.start);
}

export interface ShapeAtPosition extends ShapeAt {
  /** The sub-expression's range in the document. */
  range: Range;
}

/** The inferred shape of the sub-expression under a document position (hover), if any is known. */
export function shapeAtPosition(model: NoteModel, position: Position): ShapeAtPosition | undefined {
  const span = model.math.find((m) => !before(position, m.contentRange.start) && !before(m.contentRange.end, position));
  if (!span || span.placeholder) return undefined;
  const offset = texOffsetAt(span, position);
  if (offset < 0) return undefined;
  const found = shapeAtOffset(span.tex, shapeEnvironmentAt(model, span), offset);
  return found && { ...found, range: mathRange(model, span, found.start, found.end) };
}
