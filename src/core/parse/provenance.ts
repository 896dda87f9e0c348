/**
 * Provenance labels (NOTE-SPEC §3): `(VERBATIM)`, `[RECONSTRUCTED]`, … in
 * parentheses or brackets, bold or not, upper case. Near misses
 * (`(RECONSTRUCT)`, `(Reconstructed)`, `(VERBATUM)`) are kept as invalid marks
 * so label-spelling can flag them.
 */
import type { ProvenanceKind, ProvenanceMark } from '../model';
import { editDistance } from '../text';
import { memoizeText } from '../memo';
import type { Block, Doc } from './scan';

export const PROVENANCE_KINDS: ProvenanceKind[] = ['VERBATIM', 'RECONSTRUCTED', 'ASSUMPTION', 'GAP', 'LECTURER CLAIM'];

// A group whose content starts with a letter or emphasis: `(…)`, `[…]`, `(**…**)`. Every label has a run of
// three letters (classifyLabel reads no shorter word): groups without one (`(x)`, `(i)`, `[a, b]`), most of
// those in a note, are not matched at all.
const GROUP = /[([](?=[^()[\]\n]*?[A-Za-z]{3})([*_]*[A-Za-z][^()[\]\n]{0,78})[)\]]/g;
const SEPARATOR = /\s*(?:\/|,|;|\||&|\+|\bor\b|\band\b)\s*/;
/** SEPARATOR without its spaces: tested first, so a group with one part is not split at all. */
const HAS_SEPARATOR = /\/|,|;|\||&|\+|\bor\b|\band\b/;
const ALTERNATIVES = /\/|\bor\b/;
const NEEDS_NORMALISING = /[-_\s]/;

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The label a word sequence means, and whether it is spelt exactly; undefined if it is no label. */
export function classifyLabel(candidate: string): { kind: ProvenanceKind; valid: boolean } | undefined {
  const words = NEEDS_NORMALISING.test(candidate) ? candidate.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim() : candidate;
  // Cheap rejections first: most groups hold math (`(x)`) or short acronyms (`(MLE)`).
  if (words.length < 3 || words.length === 4 || words.length === 5) return undefined;
  if (words.length === 3) {
    if (words === 'GAP') return { kind: 'GAP', valid: true };
    return words.toUpperCase() === 'GAP' ? { kind: 'GAP', valid: false } : undefined;
  }
  const upper = words.toUpperCase();
  for (const kind of PROVENANCE_KINDS) {
    if (words === kind) return { kind, valid: true };
    if (upper === kind) return { kind, valid: false };
  }
  for (const kind of PROVENANCE_KINDS) {
    if (kind === 'GAP') continue;
    const limit = kind.length >= 8 ? 2 : 1;
    if (editDistance(upper, kind, limit) <= limit || (!upper.includes(' ') && commonPrefix(upper, kind) >= 0.75 * kind.length)) return { kind, valid: false };
  }
  return undefined;
}

export function findProvenance(doc: Doc, noCode: string, headings: Block[]): ProvenanceMark[] {
  const marks: ProvenanceMark[] = [];
  let h = 0;
  GROUP.lastIndex = 0;
  for (let m = GROUP.exec(noCode); m; m = GROUP.exec(noCode)) {
    const inner = m[1];
    const innerStart = m.index + 1;
    const line = doc.lineAt(m.index);
    while (h < headings.length && headings[h].endLine <= line) h++;
    const inHeading = h < headings.length && headings[h].startLine <= line;
    const group: ProvenanceMark[] = [];
    let offset = 0;
    for (const part of HAS_SEPARATOR.test(inner) ? inner.split(SEPARATOR) : [inner]) {
      const at = inner.indexOf(part, offset);
      offset = at + part.length;
      const mark = labelOfPart(part).label;
      if (!mark) continue;
      const start = innerStart + at + mark.from;
      group.push({ text: mark.text, kind: mark.kind, valid: mark.valid, range: doc.range(start, start + mark.text.length), inHeading });
    }
    // `(VERBATIM/RECONSTRUCTED)` lists the choices (the lecture prompt's own 4.A heading): no label is chosen.
    if (group.length > 1 && ALTERNATIVES.test(inner)) continue;
    marks.push(...group);
  }
  return marks;
}

/**
 * Kept per part text across parses (read-only): a note repeats its labels and
 * bracketed remarks, and every re-parse reads them again.
 */
const labelOfPart = memoizeText((part) => ({ label: labelIn(part) }));

/** The label at the start of one part of a bracketed group (`RECONSTRUCTED — filled in`, `**VERBATIM**`). */
function labelIn(part: string): { text: string; kind: ProvenanceKind; valid: boolean; from: number } | undefined {
  let lead = 0;
  while (lead < part.length && LEADING.test(part[lead])) lead++;
  // One word, or two joined by a space or a hyphen.
  const oneEnd = lettersEnd(part, lead);
  if (oneEnd === lead) return undefined;
  const joiner = part.charCodeAt(oneEnd);
  const secondEnd = joiner === 32 || joiner === 45 ? lettersEnd(part, oneEnd + 1) : oneEnd + 1;
  const twoEnd = secondEnd > oneEnd + 1 ? secondEnd : oneEnd;
  const two = part.slice(lead, twoEnd);
  const one = twoEnd === oneEnd ? two : part.slice(lead, oneEnd);
  // The whole part first (so "LECTURER CLAIM" wins over "LECTURER"), then the first word.
  const alone = TRAILING.test(part.slice(twoEnd));
  const first = alone ? two : one;
  const found = labelWord(first, alone && first === two) ?? labelWord(alone ? one : two, alone && one === two);
  return found && { ...found, from: lead };
}

/** A candidate word's label. With more words after it, only an upper-case word is read as a label: "(Gap analysis)" is prose. */
function labelWord(text: string, wholePart: boolean): { text: string; kind: ProvenanceKind; valid: boolean } | undefined {
  if (!wholePart && LOWER_CASE.test(text)) return undefined;
  const found = classifyLabel(text);
  return found && { text, ...found };
}

const LEADING = /[\s*_]/;
const TRAILING = /^[\s*_.:!]*$/;
const LOWER_CASE = /[a-z]/;

/** End of the run of ASCII letters at `from`. */
function lettersEnd(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = text.charCodeAt(++i));
  return i;
}
