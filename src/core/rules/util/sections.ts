/**
 * Section helpers shared by the structure rules (required-section,
 * section-order, empty-section, boxed-result, concept-bullets, one-line-recap,
 * metadata-fields). Indices are into noteSections(model); lines are 0-based.
 */
import type { NoteModel, Section } from '../../model';
import type { FormatSection, SectionRole } from '../../formats/types';
import type { Range } from '../../types';
import { firstIndexFrom } from '../../search';
import { maskOnLine } from './prose';

/** "4.C Intermediate Checks": how messages name a section. */
export function sectionLabel(spec: FormatSection): string {
  return spec.number ? `${spec.number} ${spec.title}` : spec.title;
}

/** 0 for `4`, 1 for `4.C`, 2 for `4.C.1`. */
export function sectionDepth(spec: FormatSection): number {
  return spec.number ? spec.number.split('.').length - 1 : 0;
}

/** Whether `child` is a subsection of `parent` in the format (`4.C` of `4`). */
export function isSubsectionOf(child: FormatSection, parent: FormatSection): boolean {
  return !!parent.number && child.number.startsWith(`${parent.number}.`);
}

/** The note's sections (the parser already keeps sub-headings such as `#### Summary` inside §4 out of them). */
export function noteSections(model: NoteModel): Section[] {
  return model.sections;
}

function headingLine(section: Section): number {
  return section.heading.range.start.line;
}

/** First content line of a section: the line after its heading (setext headings span two lines). */
export function bodyStart(section: Section): number {
  return Math.max(section.contentStart, section.heading.range.end.line + 1);
}

/**
 * The line a section's own body ends before: the next section heading
 * (a subsection's heading ends its parent's own body), or the end of the text.
 */
export function bodyEnd(model: NoteModel, index: number): number {
  const next = noteSections(model)[index + 1];
  return next ? headingLine(next) : model.lines.length;
}

/** The line a section ends before, its subsections included: the next section no deeper than it. */
export function extentEnd(model: NoteModel, index: number): number {
  const sections = noteSections(model);
  const depth = sectionDepth(sections[index].spec);
  for (let i = index + 1; i < sections.length; i++) {
    if (sectionDepth(sections[i].spec) <= depth) return headingLine(sections[i]);
  }
  return model.lines.length;
}

/** Sections with this role, with their index in `noteSections(model)`. */
export function sectionsWithRole(model: NoteModel, role: SectionRole): { section: Section; index: number }[] {
  const found: { section: Section; index: number }[] = [];
  noteSections(model).forEach((section, index) => {
    if (section.spec.role === role) found.push({ section, index });
  });
  return found;
}

export interface SectionBody {
  section: Section;
  /** First line of the body, and the line its extent (subsections included) ends before. */
  from: number;
  to: number;
  /** The lines with content; never empty. */
  lines: number[];
}

/** The bodies of the sections with this role that have content (an empty one is empty-section's finding). */
export function sectionBodies(model: NoteModel, role: SectionRole): SectionBody[] {
  const bodies: SectionBody[] = [];
  for (const { section, index } of sectionsWithRole(model, role)) {
    const from = bodyStart(section);
    const to = extentEnd(model, index);
    const lines = contentLines(model, from, to);
    if (lines.length > 0) bodies.push({ section, from, to, lines });
  }
  return bodies;
}

const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** A list marker or quote marker with nothing after it is a placeholder, not content. */
const BARE_MARKER = /^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])?[ \t]*$/;

/**
 * Lines in [from, to) that carry content: not blank, not a heading, not only
 * an HTML comment, not a thematic break, not a bare list marker.
 */
export function contentLines(model: NoteModel, from: number, to: number): number[] {
  return scanContent(model, from, to, Infinity);
}

/** Whether a line in [from, to) carries content (contentLines), read only up to the first that does. */
export function hasContentLine(model: NoteModel, from: number, to: number): boolean {
  return scanContent(model, from, to, 1).length > 0;
}

/**
 * The first `limit` content lines in [from, to). Only these lines, and the
 * comments on them, are read (not the whole text): an incremental lint keeps
 * a rule's previous run while the lines it read are unchanged.
 */
function scanContent(model: NoteModel, from: number, to: number, limit: number): number[] {
  const lines = model.lines;
  const end = Math.min(to, lines.length);
  const comments = model.comments;
  const headingLines = headingLineSet(model);
  // Comments do not overlap, so their end lines ascend: the first that reaches `from` is found by search.
  let c = firstIndexFrom(comments, from, (comment) => comment.range.end.line);
  const found: number[] = [];
  for (let line = from; line < end && found.length < limit; line++) {
    if (headingLines.has(line)) continue;
    while (c < comments.length && comments[c].range.end.line < line) c++;
    let text = lines[line];
    for (let k = c; k < comments.length && comments[k].range.start.line <= line; k++) text = maskOnLine(text, comments[k].range, line);
    if (BARE_MARKER.test(text) || THEMATIC_BREAK.test(text)) continue;
    found.push(line);
  }
  return found;
}

const headingLinesCache = new WeakMap<NoteModel, Set<number>>();

function headingLineSet(model: NoteModel): Set<number> {
  let set = headingLinesCache.get(model);
  if (!set) {
    set = new Set();
    for (const heading of model.headings) {
      for (let line = heading.range.start.line; line <= heading.range.end.line; line++) set.add(line);
    }
    headingLinesCache.set(model, set);
  }
  return set;
}

/** The whole of line `line` as a range. */
export function lineRange(model: NoteModel, line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: model.lines[line]?.length ?? 0 } };
}

/** From the start of line `first` to the end of line `last`. */
export function linesRange(model: NoteModel, first: number, last: number): Range {
  return { start: { line: first, character: 0 }, end: { line: last, character: model.lines[last]?.length ?? 0 } };
}
