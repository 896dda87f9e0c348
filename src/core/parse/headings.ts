/**
 * Section headings: the number and title as NOTE-SPEC §1 reads them, matching
 * against a format's sections, and format inference.
 */
import type { NoteFormat, FormatSection } from '../formats/types';
import { memoizeText } from '../memo';

const EMPHASIS = /(\*\*|__|\*|_|~~|`)/g;
// Emoji pictographs, their modifiers and joiners; keycap digits (4️⃣) are kept as the digit.
const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u200D]/gu;
const KEYCAP = /([0-9])\uFE0F?\u20E3/g;
const NUMBER = /^(?:§\s*|(?:section|part)\s+)?\(?(\d+(?:\.(?:\d+|[A-Za-z](?![A-Za-z])))*(?:[A-Za-z](?![A-Za-z]))?)(?=$|[\s.):\-–—])[\s.):\-–—]*/i;

export interface HeadingParts { number?: string; title: string }

/** Removes emphasis markers, emoji and link syntax from heading text. */
export function cleanHeadingText(text: string): string {
  return text
    .replace(KEYCAP, '$1) ')
    .replace(EMOJI, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(EMPHASIS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `4.a`, `4A` → `4.A`. */
export function normaliseNumber(n: string): string {
  return n.toUpperCase().replace(/^(\d+)([A-Z])$/, '$1.$2');
}

/** Kept per heading text across parses, as titleKeys: a re-parse meets the same headings, and the emoji pattern is the dear part. */
export const splitHeading: (text: string) => Readonly<HeadingParts> = memoizeText((text) => Object.freeze(readHeading(text)), 4096);

function readHeading(text: string): HeadingParts {
  const clean = cleanHeadingText(text);
  const m = NUMBER.exec(clean);
  if (!m) return { title: clean };
  const rest = clean.slice(m[0].length).trim();
  if (!rest && !/^(§|section|part)/i.test(clean)) return { title: clean };
  return { number: normaliseNumber(m[1]), title: rest };
}

/** Title key: case, punctuation, `&`/`and`, `+` ignored. */
export function titleKey(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w && w !== 'and')
    .join(' ');
}

/**
 * The keys a heading title may be compared by: as written, without trailing
 * remarks, before a dash or colon. Kept per title across parses: every
 * re-parse of a note matches the same headings again, and Unicode
 * normalisation is the dear part.
 */
export const titleKeys: (title: string) => readonly string[] = memoizeText((title) => Object.freeze(computeTitleKeys(title)), 4096);

function computeTitleKeys(title: string): string[] {
  const keys = new Set<string>();
  keys.add(titleKey(title));
  let stripped = title;
  for (let prev = ''; prev !== stripped;) {
    prev = stripped;
    stripped = stripped.replace(/\s*[([][^()[\]]*[)\]]\s*[.:]?\s*$/, '');
  }
  keys.add(titleKey(stripped));
  const dash = stripped.split(/\s+[—–-]\s+|:\s/)[0];
  keys.add(titleKey(dash));
  keys.delete('');
  return [...keys];
}

interface FormatIndex { byKey: Map<string, FormatSection[]>; byNumber: Map<string, FormatSection> }
const indexCache = new WeakMap<NoteFormat, FormatIndex>();

function indexFormat(format: NoteFormat): FormatIndex {
  let index = indexCache.get(format);
  if (index) return index;
  index = { byKey: new Map(), byNumber: new Map() };
  for (const section of format.sections) {
    index.byNumber.set(normaliseNumber(section.number), section);
    for (const name of [section.title, ...section.aliases]) {
      for (const key of titleKeys(name)) {
        const list = index.byKey.get(key) ?? [];
        if (!list.includes(section)) list.push(section);
        index.byKey.set(key, list);
      }
    }
  }
  indexCache.set(format, index);
  return index;
}

/**
 * The format section a heading names: number and title agreeing, or a title
 * alone that matches one section only. A number with a foreign title is a
 * sub-heading, not a section.
 */
export function matchSection(format: NoteFormat, parts: HeadingParts): FormatSection | undefined {
  const index = indexFormat(format);
  const keys = titleKeys(parts.title);
  const titled = new Set<FormatSection>();
  for (const key of keys) for (const s of index.byKey.get(key) ?? []) titled.add(s);
  if (parts.number !== undefined) {
    const numbered = index.byNumber.get(parts.number);
    if (numbered && titled.has(numbered)) return numbered;
    if (numbered && !parts.title) return undefined;
  }
  if (titled.size === 1) return [...titled][0];
  return undefined;
}

/** The format with the most matched sections, if at least three (NOTE-SPEC §1). */
export function inferFormat(formats: NoteFormat[], headings: HeadingParts[]): NoteFormat | undefined {
  let best: NoteFormat | undefined;
  let bestCount = 2;
  for (const format of formats) {
    const matched = new Set<FormatSection>();
    for (const h of headings) {
      const s = matchSection(format, h);
      if (s) matched.add(s);
    }
    if (matched.size > bestCount) { best = format; bestCount = matched.size; }
  }
  return best;
}

/** Whether section `child` is a subsection of `parent` (4.A of 4). */
export function isSubsection(parent: FormatSection, child: FormatSection): boolean {
  return normaliseNumber(child.number).startsWith(normaliseNumber(parent.number) + '.');
}
