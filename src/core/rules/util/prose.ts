/**
 * Prose views of a note for the text-scanning rules (bare-tex, vague-language,
 * no-code) and the content checks. Blanking keeps every column, so a match in
 * a blanked text is at the same position in the document. Each view is
 * computed once per model.
 */
import type { NoteModel } from '../../model';
import type { Range } from '../../types';

/** Replaces the characters of `ranges` in `lines` (a copy is returned) with `fill`. */
export function maskRanges(lines: readonly string[], ranges: Iterable<Range>, fill = ' '): string[] {
  const out = lines.slice();
  for (const range of ranges) {
    for (let line = range.start.line; line <= range.end.line && line < out.length; line++) {
      const text = out[line];
      const from = line === range.start.line ? range.start.character : 0;
      const to = line === range.end.line ? Math.min(range.end.character, text.length) : text.length;
      if (to > from) out[line] = text.slice(0, from) + fill.repeat(to - from) + text.slice(to);
    }
  }
  return out;
}

const commentCache = new WeakMap<NoteModel, string[]>();
const proseCache = new WeakMap<NoteModel, ProseSegment[]>();

/** The lines with HTML comments blanked. */
export function maskedCommentLines(model: NoteModel): string[] {
  let lines = commentCache.get(model);
  if (!lines) {
    lines = maskRanges(model.lines, model.comments.map((c) => c.range));
    commentCache.set(model, lines);
  }
  return lines;
}

/** A link destination `](…)`, a reference definition's URL, an autolink `<…>` or a bare URL. */
const LINK_TARGET = /\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)|^\s*\[[^\]]+\]:\s*\S+|<[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*>|\bhttps?:\/\/[^\s<>)\]]+|\bwww\.[^\s<>)\]]+/g;

function maskLinkTargets(text: string): string {
  if (!text.includes('](') && !text.includes(':') && !text.includes('www.')) return text;
  return text.replace(LINK_TARGET, (m) => (m.startsWith('](') ? `]${' '.repeat(m.length - 1)}` : ' '.repeat(m.length)));
}

/** A run of prose on one line; `text` has link targets blanked, so offsets in it are columns from `character`. */
export interface ProseSegment { text: string; line: number; character: number }

/**
 * The note's prose (model.prose: text outside math, code, comments and front
 * matter, one run per stretch of a line) with link targets blanked.
 */
export function proseSegments(model: NoteModel): ProseSegment[] {
  let segments = proseCache.get(model);
  if (!segments) {
    segments = [];
    for (const run of model.prose) {
      const { line, character } = run.range.start;
      // Runs are single-line; keep only the first line if a parser ever gives more.
      const text = run.range.end.line === line ? run.text : run.text.split('\n')[0];
      segments.push({ text: maskLinkTargets(text), line, character });
    }
    proseCache.set(model, segments);
  }
  return segments;
}

/** Number of backslashes right before `index` in `line`. */
export function backslashesBefore(line: string, index: number): number {
  let count = 0;
  while (index - count - 1 >= 0 && line.charCodeAt(index - count - 1) === 92 /* \ */) count++;
  return count;
}
