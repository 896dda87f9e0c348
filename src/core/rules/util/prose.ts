/**
 * Prose views of a note for the text-scanning rules (bare-tex, vague-language,
 * no-code) and the content checks. Blanking keeps every column, so a match in
 * a blanked text is at the same position in the document. Each view is
 * computed once per model.
 */
import type { NoteModel, ProseRun } from '../../model';
import { ProseRunRecord } from '../../parse/records';
import type { Range } from '../../types';

/** Replaces the characters of `ranges` in `lines` (a copy is returned) with `fill`. */
export function maskRanges(lines: readonly string[], ranges: Iterable<Range>, fill = ' '): string[] {
  const out = lines.slice();
  for (const range of ranges) {
    for (let line = range.start.line; line <= range.end.line && line < out.length; line++) out[line] = maskOnLine(out[line], range, line, fill);
  }
  return out;
}

/** `text`, the document's line `line`, with the part of `range` on it replaced by `fill`. */
export function maskOnLine(text: string, range: Range, line: number, fill = ' '): string {
  const from = line === range.start.line ? range.start.character : 0;
  const to = line === range.end.line ? Math.min(range.end.character, text.length) : text.length;
  return to > from ? text.slice(0, from) + fill.repeat(to - from) + text.slice(to) : text;
}

const commentCache = new WeakMap<NoteModel, string[]>();
const textsCache = new WeakMap<readonly ProseRun[], ProseTexts>();
const proseCache = new WeakMap<NoteModel, ProseTexts>();

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
  // What each form needs, tested natively first: most runs hold none (a colon alone is no link: `**Rule:** …`).
  const mayHold = text.includes('](') || text.includes('://') || text.includes('www.') || text.includes(']:') || (text.includes('<') && text.includes(':'));
  if (!mayHold) return text;
  return text.replace(LINK_TARGET, (m) => (m.startsWith('](') ? `]${' '.repeat(m.length - 1)}` : ' '.repeat(m.length)));
}

/**
 * Prose runs read once, as parallel arrays: run `i` is `texts[i]`, starting
 * at line `lines[i]`, character `characters[i]`. A note can have a million
 * runs: an object (and a range of three) per run, made again by each rule,
 * was most of what reading them cost.
 */
export interface ProseTexts {
  readonly texts: readonly string[];
  readonly lines: Int32Array;
  readonly characters: Int32Array;
}

/** The runs' texts and where they start (computed once per array of runs). */
export function proseTexts(runs: readonly ProseRun[]): ProseTexts {
  let found = textsCache.get(runs);
  if (!found) {
    const n = runs.length;
    const texts: string[] = new Array(n);
    const lines = new Int32Array(n);
    const characters = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const run = runs[i];
      texts[i] = run.text;
      // A record knows its start without building its range.
      const start = run instanceof ProseRunRecord ? run : run.range.start;
      lines[i] = start.line;
      characters[i] = start.character;
    }
    textsCache.set(runs, (found = { texts, lines, characters }));
  }
  return found;
}

/**
 * The note's prose (model.prose: text outside math, code, comments and front
 * matter, one run per stretch of a line) with link targets blanked: offsets
 * in a text are columns from its run's character.
 */
export function proseSegments(model: NoteModel): ProseTexts {
  let segments = proseCache.get(model);
  if (!segments) {
    const runs = model.prose;
    const read = proseTexts(runs);
    // Copied only once a text differs: most runs have no link.
    let texts: string[] | undefined;
    for (let i = 0; i < runs.length; i++) {
      const raw = read.texts[i];
      // Runs are single-line; keep only the first line if a parser ever gives more (a record never does).
      const firstLine = runs[i] instanceof ProseRunRecord || runs[i].range.end.line === read.lines[i] ? raw : raw.split('\n')[0];
      const text = maskLinkTargets(firstLine);
      if (text !== raw) (texts ??= read.texts.slice())[i] = text;
    }
    segments = texts ? { texts, lines: read.lines, characters: read.characters } : read;
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
