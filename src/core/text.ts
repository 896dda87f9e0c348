/**
 * Plain text, independent of any parse: offsets ↔ positions (lines end at
 * `\r\n`, `\n` or `\r`, as in VS Code) and edit distance.
 */
import type { Position, Range } from './types';
import { countWork } from './work';

/** Offset of the first character of each line. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** How many `\n` the text holds: its line breaks once normalized (markdownSource), a line more than that. */
export function countNewlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Offset of the end of line `line` (before its line break). */
function lineEnd(text: string, lineStarts: number[], line: number): number {
  if (line + 1 >= lineStarts.length) return text.length;
  let end = lineStarts[line + 1];
  if (text.charCodeAt(end - 1) === 10) end--;
  if (text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** The offset of a position; like VS Code, out-of-range positions are clamped into the text. */
export function offsetOf(text: string, lineStarts: number[], position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= lineStarts.length) return text.length;
  const start = lineStarts[position.line];
  const end = lineEnd(text, lineStarts, position.line);
  return Math.min(Math.max(start + position.character, start), end);
}

/** Line index of `offset` (binary search over line starts). */
export function lineOf(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  let steps = 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid; else high = mid - 1;
    steps++;
  }
  countWork(steps);
  return low;
}

/** The position of an offset. */
export function positionOf(lineStarts: number[], offset: number): Position {
  const line = lineOf(lineStarts, offset);
  return { line, character: offset - lineStarts[line] };
}

export function rangeOf(lineStarts: number[], start: number, end: number): Range {
  return { start: positionOf(lineStarts, start), end: positionOf(lineStarts, end) };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

// Two rows reused by every call: edit distances run per bracketed group of a note, and fresh arrays per row showed in the parse's garbage.
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/**
 * Levenshtein distance of `a` and `b`; once every entry of a row exceeds
 * `limit`, returns `limit + 1` without finishing.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (previousRow.length <= b.length) {
    previousRow = new Int32Array(b.length + 1);
    currentRow = new Int32Array(b.length + 1);
  }
  let prev = previousRow;
  let cur = currentRow;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    const done = prev;
    prev = cur;
    cur = done;
  }
  return prev[b.length];
}
