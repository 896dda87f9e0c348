/**
 * Offsets ↔ positions for a parsed note. Positions are 0-based line/character
 * (as in VS Code); lines end at `\r\n`, `\n` or `\r`. Offsets are into
 * `model.text` as given to parseNote.
 */
import type { Position, Range } from '../types';
import type { MathSpan, NoteModel } from '../model';
import { positionOf } from '../text';
import { countWork } from '../work';

/** The document position of an offset into `model.text`. */
export function positionAt(model: Pick<NoteModel, 'lineStarts'>, offset: number): Position {
  return positionOf(model.lineStarts, Math.max(0, offset));
}

/** The offset of a position; out-of-range positions are clamped into the text, like VS Code. */
export function offsetAt(model: Pick<NoteModel, 'lineStarts' | 'lines' | 'text'>, position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= model.lineStarts.length) return model.text.length;
  const start = model.lineStarts[position.line];
  const length = model.lines[position.line]?.length ?? 0;
  return start + Math.min(Math.max(position.character, 0), length);
}

/**
 * The document position of an offset inside `span.tex`. Inline math that runs
 * over several lines of a paragraph or list item lost its indentation in the
 * markdown-it token; the span's segments record where each of its lines starts.
 */
export function mathPosition(_model: unknown, span: Pick<MathSpan, 'segments'>, offsetInTex: number): Position {
  const segments = span.segments;
  // The last segment starting at or before the offset (binary search: a display block can have many lines).
  let low = 0;
  let high = segments.length - 1;
  let steps = 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (segments[mid].tex <= offsetInTex) low = mid; else high = mid - 1;
    steps++;
  }
  countWork(steps);
  const seg = segments[low];
  return { line: seg.line, character: seg.character + Math.max(0, offsetInTex - seg.tex) };
}

/** The document range of `[from, to)` inside `span.tex`. */
export function mathRange(model: unknown, span: Pick<MathSpan, 'segments'>, from: number, to: number): Range {
  return { start: mathPosition(model, span, from), end: mathPosition(model, span, to) };
}
