/**
 * Provenance labels (NOTE-SPEC §3): `(VERBATIM)`, `[RECONSTRUCTED]`, … in
 * parentheses or brackets, bold or not, upper case. Near misses
 * (`(RECONSTRUCT)`, `(Reconstructed)`, `(VERBATUM)`) are kept as invalid marks
 * so label-spelling can flag them.
 */
import type { ProvenanceKind, ProvenanceMark } from '../model';
import type { Block, Doc } from './scan';

export const PROVENANCE_KINDS: ProvenanceKind[] = ['VERBATIM', 'RECONSTRUCTED', 'ASSUMPTION', 'GAP', 'LECTURER CLAIM'];

// A group whose content starts with a letter or emphasis: `(…)`, `[…]`, `(**…**)`.
const GROUP = /[([]([*_]*[A-Za-z][^()[\]\n]{0,78})[)\]]/g;
const SEPARATOR = /\s*(?:\/|,|;|\||&|\+|\bor\b|\band\b)\s*/;
const ALTERNATIVES = /\/|\bor\b/;

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The label a word sequence means, and whether it is spelt exactly; undefined if it is no label. */
export function classifyLabel(candidate: string): { kind: ProvenanceKind; valid: boolean } | undefined {
  const words = candidate.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (words.length < 3) return undefined;
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
    for (const part of inner.split(SEPARATOR)) {
      const at = inner.indexOf(part, offset);
      offset = at + part.length;
      const mark = labelIn(part);
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

/** The label at the start of one part of a bracketed group (`RECONSTRUCTED — filled in`, `**VERBATIM**`). */
function labelIn(part: string): { text: string; kind: ProvenanceKind; valid: boolean; from: number } | undefined {
  const lead = /^[\s*_]*/.exec(part)![0].length;
  const words = /^[A-Za-z]+(?:[ -][A-Za-z]+)?/.exec(part.slice(lead));
  if (!words) return undefined;
  const two = words[0];
  const one = /^[A-Za-z]+/.exec(two)![0];
  // The whole part first (so "LECTURER CLAIM" wins over "LECTURER"), then the first word.
  const rest = part.slice(lead + two.length).replace(/[\s*_.:!]+$/, '');
  for (const text of rest === '' ? [two, one] : [one, two]) {
    // With more words after it, only an upper-case word is read as a label: "(Gap analysis)" is prose.
    if ((rest !== '' || text !== two) && text !== text.toUpperCase()) continue;
    const found = classifyLabel(text);
    if (found) return { text, ...found, from: lead };
  }
  return undefined;
}
