/**
 * metadata-fields: the lecture format's §0 (the `metadata` section) must give
 * a Lecture Title, a Source with a link and a time range, and Topic Tags.
 * A field is a `Key: value` line (bold or italic key, list item or not) or a
 * table row `| Key | value |`; key variants such as "Title" or "Tags" count.
 */
import type { Rule, Range } from '../types';
import type { NoteModel } from '../model';
import { lineRange, sectionBodies, sectionLabel } from './util/sections';
import { maskedCommentLines } from './util/prose';

type FieldKind = 'title' | 'source' | 'tags';

/** The field a key names (lower-cased, letters only): "Topic Tags", "Tags", "Keywords"; "Lecture Title", "Title"; "Source", "Link", "Time range". */
function fieldOfKey(key: string): FieldKind | undefined {
  if (/tag|keyword|topic/.test(key)) return 'tags';
  if (/title/.test(key) || key === 'lecture' || key === 'lecturename' || key === 'talk') return 'title';
  if (/source|link|url|video|recording|time/.test(key)) return 'source';
  return undefined;
}

const FIELD_NAMES: Record<FieldKind, string> = { title: 'Lecture Title', source: 'Source', tags: 'Topic Tags' };

const LINK = /https?:\/\/|\bwww\.|\]\([^)]+\)|<[a-z][a-z0-9+.-]*:[^>]+>|\bdoi:\s*\S/i;
const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const DURATION = String.raw`(?:\d+\s*h\s*)?\d+\s*(?:m|min)(?:\s*\d+\s*s)?|\d+\s*s\b`;
const TIME_RANGE = new RegExp(String.raw`(?:${CLOCK}|${DURATION})\s*(?:[-–—]+|to|until|→)\s*(?:${CLOCK}|${DURATION})`, 'i');

interface Field { kind: FieldKind; value: string; line: number }

const rule: Rule = {
  meta: {
    id: 'metadata-fields',
    description: 'The metadata section lacks Lecture Title, Source (link and time range) or Topic Tags.',
    severity: { default: 'warning', 'deep-pass': 'off' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
    messages: {
      missing: 'Section "{{section}}" has no {{field}} field.',
      noLink: 'The Source in "{{section}}" has no link.',
      noTimeRange: 'The Source in "{{section}}" has no time range (e.g. 12:30–47:05).',
    },
  },
  check(context) {
    const { model } = context;
    for (const { section, lines } of sectionBodies(model, 'metadata')) {
      const fields = readFields(model, lines);
      const label = sectionLabel(section.spec);
      for (const kind of ['title', 'source', 'tags'] as FieldKind[]) {
        if (!fields.some((f) => f.kind === kind && f.value !== '')
          && !(kind === 'source' && fields.some((f) => f.kind === 'source'))) {
          context.report({ messageId: 'missing', data: { section: label, field: FIELD_NAMES[kind] }, range: section.heading.range });
        }
      }
      const source = fields.filter((f) => f.kind === 'source');
      if (source.length === 0) continue;
      const value = source.map((f) => f.value).join(' ');
      const range: Range = lineRange(model, source[0].line);
      if (!LINK.test(value)) context.report({ messageId: 'noLink', data: { section: label }, range });
      if (!TIME_RANGE.test(value)) context.report({ messageId: 'noTimeRange', data: { section: label }, range });
    }
  },
};

export default rule;

function readFields(model: NoteModel, lines: number[]): Field[] {
  const masked = maskedCommentLines(model);
  const fields: Field[] = [];
  let header: (FieldKind | undefined)[] | undefined; // a table with the keys across its first row
  for (const line of lines) {
    const cells = tableCells(masked[line]);
    if (cells && isSeparatorRow(cells)) continue;
    if (cells && cells.length >= 2) {
      const kinds = cells.map(keyKind);
      if (kinds.filter(Boolean).length >= 2) { header = kinds; continue; }
      if (header) {
        header.forEach((kind, i) => { if (kind) fields.push({ kind, value: cells[i] ?? '', line }); });
        continue;
      }
    }
    header = cells ? header : undefined;
    const field = readField(masked[line]);
    if (field) fields.push({ ...field, line });
    // A line that is no field continues the one before (a wrapped value, or sub-bullets under "Source:").
    else if (fields.length) fields[fields.length - 1].value += ` ${masked[line].trim()}`;
  }
  return fields;
}

/** The cells of a table row, or undefined if the line is no table row. */
function tableCells(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('|')) return undefined;
  return trimmed.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
}

function isSeparatorRow(cells: string[]): boolean {
  return cells.every((c) => /^:?-+:?$/.test(c));
}

/** The field a key cell or key text names; undefined for text that is no key (a URL, a sentence). */
function keyKind(key: string): FieldKind | undefined {
  if (!/^[*_]*[A-Za-z][A-Za-z ()/&,-]{0,40}[*_]*:?$/.test(key.trim())) return undefined;
  return fieldOfKey(key.replace(/\*\*|__/g, '').replace(/\(.*?\)/g, '').replace(/[^a-z]/gi, '').toLowerCase());
}

/** `- **Lecture Title:** …`, `Title — …`, `| Source | … |` → the field, or undefined. */
export function readField(text: string): { kind: FieldKind; value: string } | undefined {
  let key: string;
  let value: string;
  const cells = tableCells(text);
  if (cells) {
    if (cells.length < 2 || isSeparatorRow(cells)) return undefined;
    [key, value] = [cells[0], cells.slice(1).join(' | ')];
  } else {
    const body = text.trim().replace(/^(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+/, '').replace(/\*\*|__/g, '');
    const match = /^[*_]?([A-Za-z][A-Za-z ()/&,-]{0,40}?)[*_]?\s*(?::|\s[-–—]\s)\s*[*_]?\s*(.*)$/.exec(body);
    if (!match) return undefined;
    [key, value] = [match[1], match[2]];
  }
  const kind = keyKind(key);
  return kind ? { kind, value: value.replace(/\*\*|__/g, '').trim() } : undefined;
}
