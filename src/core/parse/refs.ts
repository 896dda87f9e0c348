/** `\label`, `\eqref`, `\ref`, `\tag` and prose "Eq. (k)" references. */
import type { NoteModel } from '../model';
import { rangeAt, type Doc, type RawMath } from './scan';

const REF_COMMANDS = 'label|eqref|ref|tag';
/** A command and its brace group, read up to its `}` whatever blocks stand between. */
const TEX_REF = new RegExp(`\\\\(${REF_COMMANDS})(\\*?)\\s*\\{([^{}]*)\\}`, 'g');
/** A command of TEX_REF at the end of a text, its group about to open. */
const REF_OPENER = new RegExp(`\\\\(?:${REF_COMMANDS})\\*?\\s*$`);
const PROSE_REF = /(?<![A-Za-z])[Ee]q(?:s|ns?|uations?)?(\.?)\s*\(\s*(\d+[a-z]?(?:\.\d+)?)\s*\)/g;
/** What may stand before a step marker `Equation (k):` on its line. */
const MARKER_PREFIX = /^[\s>*_#+-]*(?:\d+[.)]\s+)?[*_]*$/;

export function findEquationRefs(model: NoteModel, doc: Doc, noCode: string, math: RawMath[]): void {
  if (noCode.includes('\\label') || noCode.includes('\\ref') || noCode.includes('\\eqref') || noCode.includes('\\tag')) {
    TEX_REF.lastIndex = 0;
    for (let m = TEX_REF.exec(noCode); m; m = TEX_REF.exec(noCode)) {
      const inMathIndex = rangeAt(math, m.index);
      const name = m[3].trim();
      const range = doc.range(m.index, m.index + m[0].length);
      if (m[1] === 'label') model.labels.push({ name, range, math: inMathIndex });
      else if (m[1] === 'tag') { if (inMathIndex >= 0) model.tags.push({ tag: name, range, math: inMathIndex }); }
      else model.references.push({ name, kind: m[1] as 'eqref' | 'ref', range, inMath: inMathIndex >= 0 });
    }
  }
  PROSE_REF.lastIndex = 0;
  for (let m = PROSE_REF.exec(noCode); m; m = PROSE_REF.exec(noCode)) {
    if (rangeAt(math, m.index) >= 0) continue;
    const line = doc.lineAt(m.index);
    const before = doc.src.slice(doc.lineStart(line), m.index);
    const after = noCode.slice(m.index + m[0].length, m.index + m[0].length + 3);
    // `Equation (3):` leading a paragraph is a step marker, not a reference.
    if (MARKER_PREFIX.test(before) && /^[*_]*\s*[:.—–-]/.test(after)) continue;
    model.references.push({ name: m[2], kind: 'prose', range: doc.range(m.index, m.index + m[0].length), inMath: false });
  }
}

/**
 * Whether a TEX_REF group is open at offset `at` of `src`: one that runs
 * across `at` (an incremental parse of the blocks on one side of it cannot
 * see it). The last brace before `at` tells. findEquationRefs reads the text
 * with code, comments and raw HTML blanked: a brace inside those between an
 * open group and `at` is not seen here (looking for those marks too sent a
 * fifth of the one-line edits of real notes to the longer path).
 */
export function refGroupOpen(src: string, at: number): boolean {
  const brace = Math.max(src.lastIndexOf('{', at - 1), src.lastIndexOf('}', at - 1));
  return brace >= 0 && src[brace] === '{' && REF_OPENER.test(src.slice(Math.max(0, brace - 64), brace));
}
