/**
 * Timestamps (the lecture prompt: "anchor derivations to timestamps where
 * possible"): `[12:34]`, `(12:34)`, `@ 12:34`, `[1:02:03]` and ranges
 * `[12:40–13:05]` (`-` and `—` too), in seconds; each step's timestamp; and the
 * lecture's time range from the metadata section's Source.
 *
 * Precision first: a timestamp is read only in those forms, in prose (never in
 * math or code), so ratios (`3:1`, `(1:2)`) and times in math are no
 * timestamps. A parenthesised single time that could be no time (`(1:75)`,
 * likely a ratio) is not read at all; in brackets, after `@`, or as a range it
 * is clearly meant as a time, and its problem is kept for the `timestamp` rule.
 */
import type { NoteModel, Timestamp } from '../model';
import type { Doc } from './scan';
import { comparePositions } from '../text';
import { countWork } from '../work';

const CLOCK = String.raw`\d{1,3}:\d{2}(?::\d{2})?`;
const SPAN = String.raw`(${CLOCK})(?:[ \t]*[-–—][ \t]*(${CLOCK}))?`;
/** Groups: 1–2 in brackets, 3–4 in parentheses, 5–6 after `@`. */
const TIMESTAMP = new RegExp(String.raw`\[[ \t]*${SPAN}[ \t]*\]|\([ \t]*${SPAN}[ \t]*\)|(?<![\w@])@[ \t]*${SPAN}(?!\d|:\d)`, 'g');
/** A Source's time range as metadata-fields accepts it (clock forms only): `05:00–18:30`, `1:02:03 to 1:40:00`. */
const SOURCE_RANGE = new RegExp(String.raw`(?<![\w:/.=])(${CLOCK})[ \t]*(?:[-–—]+|to|until|→)[ \t]*(${CLOCK})(?!\d|:\d)`, 'i');
/** The key of a Source field (`- **Source:**`, `| Source (link, time range) |`, `Time range:`). */
const SOURCE_KEY = /^[\s>]*(?:(?:[-*+]|\d+[.)])\s+)?\|?\s*[*_]*(?:Source|Time range|Video|Recording)\b[^:|\n]{0,30}?[*_]*\s*[:|]/i;
const LIST_OR_ROW = /^[\s>]*(?:[-*+]|\d+[.)]|\|)/;

/** Seconds of `12:34` or `1:02:03`, and the field that cannot be (≥ 60 and not the leading one). */
function clockSeconds(clock: string): { seconds: number; problem?: 'minutes' | 'seconds' } {
  // Digits and colons only (CLOCK), read in place: this runs for every timestamp of every parse.
  let seconds = 0;
  let field = 0;
  let fields = 1;
  let minutes = 0;
  for (let i = 0; i < clock.length; i++) {
    const c = clock.charCodeAt(i);
    if (c !== 58 /* : */) { field = field * 10 + c - 48; continue; }
    seconds = seconds * 60 + field;
    if (fields === 2) minutes = field; // `h:mm:ss`: the second field is minutes
    fields++;
    field = 0;
  }
  seconds = seconds * 60 + field;
  if (fields === 3 && minutes >= 60) return { seconds, problem: 'minutes' };
  if (field >= 60) return { seconds, problem: 'seconds' };
  return { seconds };
}

/** A timestamp (without its range) from the clock texts of its start and end. */
export function toTimestamp(text: string, from: string, to: string | undefined): Omit<Timestamp, 'range'> {
  const start = clockSeconds(from);
  const end = to === undefined ? undefined : clockSeconds(to);
  const problem = start.problem ?? end?.problem ?? (end && end.seconds < start.seconds ? 'order' : undefined);
  const stamp: Omit<Timestamp, 'range'> = { text, start: start.seconds };
  if (end) stamp.end = end.seconds;
  if (problem) stamp.problem = problem;
  return stamp;
}

/**
 * Fills `model.timestamps`, `model.sourceTime` and each step's `timestamp`.
 * `prose` is the text with math, code and comments blanked; `skipBefore` the
 * offset where front matter ends.
 */
export function findTimestamps(model: NoteModel, doc: Doc, prose: string, skipBefore: number): void {
  const metadata = model.sections.filter((s) => s.spec.role === 'metadata').map((s) => [s.heading.line, s.end]);
  const inMetadata = (line: number) => metadata.some(([a, b]) => line >= a && line < b);
  if (prose.includes(':')) {
    TIMESTAMP.lastIndex = skipBefore;
    for (let m = TIMESTAMP.exec(prose); m; m = TIMESTAMP.exec(prose)) {
      if (inMetadata(doc.lineAt(m.index))) continue;
      const parenthesised = m[3] !== undefined;
      const stamp = toTimestamp(m[0], m[1] ?? m[3] ?? m[5], m[2] ?? m[4] ?? m[6]);
      if (parenthesised && stamp.end === undefined && stamp.problem) continue;
      (stamp as Timestamp).range = doc.range(m.index, m.index + m[0].length);
      model.timestamps.push(stamp as Timestamp);
    }
  }
  model.sourceTime = sourceTime(model, doc, prose);
  assignToSteps(model);
}

/** The first clock range of the metadata's Source field (its line and the lines that continue it). */
function sourceTime(model: NoteModel, doc: Doc, prose: string): Timestamp | undefined {
  for (const section of model.sections) {
    if (section.spec.role !== 'metadata') continue;
    for (let line = section.contentStart; line < section.end; line++) {
      if (!SOURCE_KEY.test(doc.lineText(line))) continue;
      const indent = /^\s*/.exec(doc.lineText(line))![0].length;
      let l = line;
      for (; l < section.end; l++) {
        const text = prose.slice(doc.lineStart(l), doc.lineEnd(l));
        countWork(1);
        if (l > line && (!text.trim() || (LIST_OR_ROW.test(text) && /^\s*/.exec(text)![0].length <= indent))) break;
        const m = SOURCE_RANGE.exec(text);
        if (m) {
          const at = doc.lineStart(l) + m.index;
          const stamp = toTimestamp(m[0], m[1], m[2]) as Timestamp;
          stamp.range = doc.range(at, at + m[0].length);
          return stamp;
        }
      }
      line = l - 1; // the lines read as this field's continuation are not read again
    }
  }
  return undefined;
}

/** A step's first own timestamp, else that of the nearest heading above it (by heading level) that has one. */
function assignToSteps(model: NoteModel): void {
  if (!model.timestamps.length || !model.steps.length) return;
  const stamps = model.timestamps;
  const firstOnLine = new Map<number, Timestamp>();
  for (const stamp of stamps) if (!firstOnLine.has(stamp.range.start.line)) firstOnLine.set(stamp.range.start.line, stamp);
  const stack: { level: number; stamp?: Timestamp }[] = [];
  let h = 0;
  let t = 0;
  for (const step of model.steps) {
    for (; h < model.headings.length && model.headings[h].line < step.range.start.line; h++) {
      const heading = model.headings[h];
      while (stack.length && stack[stack.length - 1].level >= heading.level) stack.pop();
      stack.push({ level: heading.level, stamp: firstOnLine.get(heading.line) });
    }
    while (t < stamps.length && comparePositions(stamps[t].range.start, step.range.start) < 0) t++;
    const own = t < stamps.length && comparePositions(stamps[t].range.start, step.range.end) < 0 ? stamps[t] : undefined;
    countWork(1 + stack.length);
    let inherited: Timestamp | undefined;
    for (let k = stack.length - 1; k >= 0 && !inherited; k--) inherited = stack[k].stamp;
    const stamp = own ?? inherited;
    if (stamp) step.timestamp = stamp;
  }
}
