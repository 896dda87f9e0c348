/**
 * required-section: a required section of the note's format is missing. The
 * fix inserts its heading where it belongs in order, written like the note's
 * neighbouring section headings (level, number style, emphasis).
 */
import type { Rule, Range, TextEdit } from '../types';
import type { NoteModel, Section } from '../model';
import type { FormatSection } from '../formats/types';
import { noteSections, sectionDepth, sectionLabel } from './util/sections';

const rule: Rule = {
  meta: {
    id: 'required-section',
    description: 'A required section of the note\'s format is missing.',
    severity: { default: 'error' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: true,
    notesOnly: true,
    messages: {
      missing: 'Required section "{{section}}" is missing.',
    },
  },
  check(context) {
    const { model } = context;
    const format = model.format;
    if (!format) return;
    const present = firstOccurrences(model);
    // The document's own line breaks, looked up only for a fix (a note with every section never reads its text).
    let eol: string | undefined;
    const lineBreak = () => (eol ??= /\r\n?/.exec(model.text)?.[0] ?? '\n');
    format.sections.forEach((spec, order) => {
      if (!spec.required || present.has(spec.number)) return;
      const next = successor(format.sections, order, present);
      const heading = headingText(spec, order, format.sections, present);
      context.report({
        messageId: 'missing',
        data: { section: sectionLabel(spec) },
        range: anchorRange(model, next, present),
        fix: { title: `Insert the heading "${heading.replace(/^#+\s*/, '')}"`, edits: [insertion(model, next, heading, lineBreak())], safe: true, preferred: true },
      });
    });
  },
};

export default rule;

/** The first heading matched to each format section, by section number. */
function firstOccurrences(model: NoteModel): Map<string, Section> {
  const present = new Map<string, Section>();
  for (const section of noteSections(model)) if (!present.has(section.spec.number)) present.set(section.spec.number, section);
  return present;
}

/** The present section that comes first after format position `order`. */
function successor(specs: FormatSection[], order: number, present: Map<string, Section>): Section | undefined {
  for (let i = order + 1; i < specs.length; i++) {
    const section = present.get(specs[i].number);
    if (section) return section;
  }
  return undefined;
}

/** Where the diagnostic shows: the heading the section belongs before, else the last section heading, else line 0. */
function anchorRange(model: NoteModel, next: Section | undefined, present: Map<string, Section>): Range {
  if (next) return next.heading.range;
  const last = [...present.values()].pop();
  if (last) return last.heading.range;
  const line = model.frontMatter ? model.frontMatter.range.end.line : 0;
  return { start: { line, character: 0 }, end: { line, character: model.lines[line]?.length ?? 0 } };
}

/** Inserts the heading before `next`'s heading, or at the end of the text, with a blank line around it. */
function insertion(model: NoteModel, next: Section | undefined, heading: string, eol: string): TextEdit {
  const blank = (line: number) => line < 0 || (model.lines[line] ?? '').trim() === '';
  if (next) {
    const line = next.heading.range.start.line;
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: `${blank(line - 1) ? '' : eol}${heading}${eol}${eol}` };
  }
  const last = model.lines.length - 1;
  const at = { line: last, character: model.lines[last].length };
  // The last line is '' when the text ends with a line break.
  const endsWithBreak = last > 0 && model.lines[last] === '';
  const before = endsWithBreak ? (blank(last - 1) ? '' : eol) : (model.lines[last] === '' ? '' : eol + eol);
  return { range: { start: at, end: at }, newText: `${before}${heading}${eol}` };
}

interface HeadingStyle { level: number; prefix: string; separator: string; suffix: string; numbered: boolean }

/** The heading line for `spec`, styled after the nearest present section of the same depth (else any depth). */
function headingText(spec: FormatSection, order: number, specs: FormatSection[], present: Map<string, Section>): string {
  const style = neighbourStyle(spec, order, specs, present);
  const number = style.numbered && spec.number ? `${style.prefix}${spec.number}${style.separator}` : style.prefix;
  return `${'#'.repeat(style.level)} ${number}${spec.title}${style.suffix}`;
}

function neighbourStyle(spec: FormatSection, order: number, specs: FormatSection[], present: Map<string, Section>): HeadingStyle {
  const depth = sectionDepth(spec);
  let best: { section: Section; distance: number; sameDepth: boolean } | undefined;
  specs.forEach((other, i) => {
    const section = present.get(other.number);
    if (!section) return;
    const candidate = { section, distance: Math.abs(i - order), sameDepth: sectionDepth(other) === depth };
    // Same depth first, then the nearest; on a tie the one after (the heading it is inserted before).
    if (!best || (candidate.sameDepth && !best.sameDepth)
      || (candidate.sameDepth === best.sameDepth && candidate.distance <= best.distance)) best = candidate;
  });
  if (!best) return { level: 2 + depth, prefix: '', separator: depth ? ' ' : ') ', suffix: '', numbered: true };
  const { section } = best;
  const level = Math.min(6, Math.max(1, section.heading.level + depth - sectionDepth(section.spec)));
  return { level, ...numberStyle(section) };
}

/** How a heading writes its number: `**1) Title**` → prefix `**`, separator `) `, suffix `**`. */
function numberStyle(section: Section): Omit<HeadingStyle, 'level'> {
  const { text, number } = section.heading;
  const written = text.trim();
  const emphasis = /^[*_]*/.exec(written)![0];
  const suffix = emphasis && written.endsWith([...emphasis].reverse().join('')) ? [...emphasis].reverse().join('') : '';
  const at = number ? written.toLowerCase().indexOf(number.toLowerCase()) : -1;
  if (!number || at < 0) return { prefix: emphasis, separator: '', suffix, numbered: false };
  const before = written.slice(emphasis.length, at);
  const numberWord = /(?:§\s*|section\s+)$/i.exec(before)?.[0] ?? '';
  const separator = /^\s*(?:[).:]|[-–—](?=\s))?\s*/.exec(written.slice(at + number.length))![0] || ' ';
  return { prefix: emphasis + numberWord, separator, suffix, numbered: true };
}
