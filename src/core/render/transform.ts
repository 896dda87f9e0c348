/**
 * Turns a note's math into what KaTeX can render: labels removed, our
 * numbers written in as `\tag{n}` (numbered environments starred, so KaTeX
 * adds none of its own), `\eqref`/`\ref` replaced by the linked number (or a
 * visible "??"), `multline` shown as `gather*`.
 */
import { scanCommands } from '../tex/commands';
import { blankDefinitions } from '../tex/macros';
import { referenceText, type MathItem, type Numbering } from './numbering';

/** Escapes text for KaTeX's text mode. */
export function texText(text: string): string {
  return text.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));
}

/** The anchor prefix the KaTeX `trust` check lets `\href` point to, and nothing else. */
export const ANCHOR_HREF = /^#mlnotes-eq-[A-Za-z0-9_-]+$/;

function referenceTex(numbering: Numbering, kind: 'eqref' | 'ref', name: string): string {
  const target = numbering.labels.get(name);
  const text = referenceText(target, kind);
  if (target && text !== undefined) return `\\href{#${target.anchor}}{\\text{${texText(text)}}}`;
  // A dangling reference stays visible: "??" and the name it wanted.
  return `{\\color{#d13438}\\text{(??\\,${texText(name)})}}`;
}

/**
 * The environment KaTeX gets for a top-level one: numbered environments
 * become starred, because our numbers go in as `\tag{n}` and KaTeX's own
 * CSS counter would number the other rows differently; KaTeX has no
 * multline, and gather* shows the same lines, centred.
 */
function katexEnvironment(env: string): string {
  if (/^multline\*?$/.test(env)) return 'gather*';
  return /^(?:equation|align|gather|flalign|alignat)$/.test(env) ? `${env}*` : env;
}

/** The tex KaTeX renders for math item `index`; the note's macro definitions are blanked (they are passed as macros). */
export function texForKatex(item: MathItem, index: number, numbering: Numbering): string {
  const tex = blankDefinitions(item.tex);
  if (!/\\(?:label|tag|eqref|ref|begin)/.test(tex)) return tex;
  const inserts = new Map<number, string>();
  for (const row of numbering.rows[index] ?? []) if (row.auto !== undefined) inserts.set(row.insertAt, `\\tag{${row.auto}}`);
  let out = '';
  let last = 0;
  const flushTo = (offset: number) => {
    for (const [at, text] of [...inserts].filter(([at]) => at >= last && at <= offset).sort((a, b) => a[0] - b[0])) {
      out += tex.slice(last, at) + text;
      last = at;
      inserts.delete(at);
    }
    out += tex.slice(last, offset);
    last = offset;
  };
  let depth = 0;
  for (const command of scanCommands(tex)) {
    if (command.name === '\\label') {
      flushTo(command.start);
      last = command.end;
    } else if ((command.name === '\\eqref' || command.name === '\\ref') && command.arg !== undefined) {
      flushTo(command.start);
      out += referenceTex(numbering, command.name === '\\eqref' ? 'eqref' : 'ref', command.arg);
      last = command.end;
    } else if (command.name === '\\begin' || command.name === '\\end') {
      if (command.name === '\\end') depth--;
      const env = depth === 0 ? katexEnvironment(command.arg ?? '') : undefined;
      if (command.name === '\\begin') depth++;
      if (env !== undefined && env !== command.arg) {
        flushTo(command.start);
        out += `${command.name}{${env}}`;
        last = command.end;
      }
    }
  }
  flushTo(tex.length);
  return out;
}
