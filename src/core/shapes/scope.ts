/**
 * Declarations in force at a point of a note, and the shape under a document
 * position (for hovers). Shared by the shape-mismatch rule and the hover.
 */
import type { Declaration, MathSpan, NoteModel } from '../model';
import type { Position, Range } from '../types';
import { mathRange } from '../parse/positions';
import { createShapeEnv, declareShape, type DeclaredDomain, type ShapeEnv } from './env';
import { shapeAtOffset, type ShapeAt } from './query';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function toDeclared(d: Declaration): DeclaredDomain {
  return { symbol: d.tex, domain: d.domain, kind: d.kind };
}

/**
 * The declarations in force at a math span: the glossary's everywhere, any
 * other from where it is written on (its own span included), a later
 * declaration of the same symbol replacing an earlier one. A letter reused in
 * another section with another meaning thus never meets the old shape.
 */
export class DeclarationScope {
  private readonly pending: Declaration[];
  private next = 0;
  readonly env: ShapeEnv;

  constructor(model: NoteModel) {
    this.env = createShapeEnv(model.declarations.filter((d) => d.inGlossary).map(toDeclared));
    this.pending = model.declarations.filter((d) => !d.inGlossary)
      .sort((a, b) => (before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0));
  }

  /** The environment for `span`; spans must be asked for in document order. */
  before(span: MathSpan): ShapeEnv {
    while (this.next < this.pending.length && before(this.pending[this.next].range.start, span.range.end)) {
      declareShape(this.env, toDeclared(this.pending[this.next++]), 'shadow');
    }
    return this.env;
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
