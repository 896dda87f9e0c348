/**
 * fast-check arbitraries for hostile Markdown + LaTeX: random documents built
 * from note-shaped fragments, and mutations of real text. Mutations are plain
 * data ({kind, at, …}) so a shrunk counterexample prints as something a reader
 * can replay by hand.
 */
import fc from 'fast-check';
import { builtinFormats } from '../../src/core/formats/index';

// ------------------------------------------------------------ vocabulary

/** TeX that parses, TeX that does not, and TeX the parser has special cases for. */
export const TEX_PIECES = [
  'x', 'x_i', 'y^{(t)}', 'W', '\\theta', '\\mathbf{w}', '\\mathbf w', '\\hat{y}', '\\frac{a}{b}', '\\sqrt{x}',
  '\\sum_{i=1}^n', '\\nabla_w \\ell(w)', '\\in', '\\mathbb{R}^{d}', '\\mathbb{R}^{n\\times d}', '=', '\\le', '+', '-',
  '\\left(', '\\right)', '(', ')', '{', '}', '&', '\\\\', '^', '_', '\\label{eq:a}', '\\label{eq:b}', '\\tag{1}',
  '\\eqref{eq:a}', '\\ref{eq:zz}', '\\overset{\\text{(chain rule)}}{=}', '\\text{(product rule)}', '\\boxed{x}',
  '\\newcommand{\\R}{\\mathbb{R}}', '\\def\\a{b}', '\\R', '\\undefinedcommand', '\\begin{aligned}', '\\end{aligned}',
  '\\begin{matrix}', '\\end{pmatrix}', '\\operatorname{tr}', '\\E[X]', 'P(y \\mid x)', '\\%', '\\$', 'é', 'λ', '∑',
  '\\text{é 中文}', '\\href{javascript:alert(1)}{x}', '\\color{red}{x}', '\\\\[2pt]', '\\ ', '~', '\'',
];

/** Prose, markers and Markdown that the parser treats specially. */
export const PROSE_PIECES = [
  'The loss', 'is convex', 'we get', 'obviously', 'clearly', 'Lecture Title: X', 'Source: Y', '**Step 2 (RECONSTRUCTED).**',
  '**Step 3.**', 'Step 1 (VERBATIM)', '(RECONSTRUCT)', '(ASSUMPTION)', '(GAP)', '(LECTURER CLAIM)', '(VERBATM)',
  '{Rule: chain rule}', '{Rule:', '{Rule: }', '}', '{', '\\theta', '\\mathbf{w}^\\top\\mathbf{x}', '\\eqref{eq:a}',
  '\\ref{x}', '\\(', '\\)', '\\[', '\\]', '$', '$$', '\\$5', 'US$ 3', '`code`', '`\\theta`', '<!-- c -->',
  '<!-- mlnotes-disable-next-line -->', '<!-- mlnotes-disable bare-tex -->', '<!--', '-->', '<script>x</script>',
  '[link](javascript:alert(1))', '![i](x.png)', '*', '_', '|', '- ', '* ', '1. ', '> ', '#', '## ', '---', '***',
  '\t', '  ', 'é', 'λ-calculus', '😀', '中文', '\u200b', '\u00a0', '\u2028', '\0', '\uFEFF', '\r', '\\', 'http://x.y',
  '(1)', '(a)', '$x$ (1)', '\\begin{equation}', '\\end{equation}', '\\begin{align}', '\\end{align}', '\\begin{itemize}',
];

/** Every section heading of the built-in formats, in a few spellings. */
function headingPieces(): string[] {
  const out: string[] = [];
  for (const format of builtinFormats) {
    for (const section of format.sections) {
      const hashes = section.number.includes('.') ? '###' : '##';
      out.push(`${hashes} ${section.number}) ${section.title}`, `${hashes} ${section.number}. ${section.title}`);
      for (const alias of section.aliases ?? []) out.push(`${hashes} ${alias}`);
    }
  }
  return out;
}
export const HEADINGS = headingPieces();

const FRONT_MATTERS = [
  '', '---\nformat: lecture\n---\n', '---\nformat: deep-pass\n---\n', '---\nformat: nonsense\n---\n',
  '---\nformat: [unclosed\n---\n', '---\ntitle: "x\n', '---\n---\n', '---\nformat: lecture\n',
];

// ------------------------------------------------------------ random documents

const tex = fc.array(fc.constantFrom(...TEX_PIECES), { minLength: 0, maxLength: 8 }).map((parts) => parts.join(' '));

/** One line-ish fragment of a note. */
const fragment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...PROSE_PIECES), weight: 4 },
  { arbitrary: fc.constantFrom(...HEADINGS), weight: 2 },
  { arbitrary: tex.map((t) => `$${t}$`), weight: 3 },
  { arbitrary: tex.map((t) => `\\(${t}\\)`), weight: 2 },
  { arbitrary: tex.map((t) => `$$${t}$$`), weight: 1 },
  { arbitrary: fc.tuple(tex, tex).map(([a, b]) => `\n$$\n${a}\n${b}\n$$\n`), weight: 2 },
  { arbitrary: fc.tuple(tex, tex).map(([a, b]) => `\n\\[\n${a} \\\\\n${b}\n\\]\n`), weight: 2 },
  { arbitrary: fc.tuple(tex, tex).map(([a, b]) => `\n\\begin{align}\n${a} &= ${b} \\\\\n&= ${a}\n\\end{align}\n`), weight: 1 },
  { arbitrary: tex.map((t) => `- $${t}$: a symbol`), weight: 2 },
  { arbitrary: tex.map((t) => `| $${t}$ | meaning | $${t} \\in \\mathbb{R}$ |`), weight: 1 },
  { arbitrary: tex.map((t) => `\n\`\`\`\n${t}\n\`\`\`\n`), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }), weight: 1 },
);

const separator = fc.constantFrom(' ', ' ', '\n', '\n', '\n\n', '\r\n', '\t', '');

/** A random note-like document: optional BOM and front matter, then fragments joined by separators. */
export const randomDocument: fc.Arbitrary<string> = fc.record({
  bom: fc.boolean(),
  frontMatter: fc.constantFrom(...FRONT_MATTERS),
  parts: fc.array(fc.tuple(fragment, separator), { maxLength: 60 }),
}).map(({ bom, frontMatter, parts }) => `${bom ? '\uFEFF' : ''}${frontMatter}${parts.map(([f, s]) => f + s).join('')}`);

// ------------------------------------------------------------ mutations of real text

/** What can be inserted at a random place: unbalanced delimiters, stray markers, control characters. */
export const INSERTS = [
  '$', '$$', '\\[', '\\]', '\\(', '{', '}', '\\begin{align}', '\\end{align}', '\\begin{equation}', '\\left(',
  '{Rule:', '{Rule: }', '\\label{eq:a}', '\\eqref{', '\\', '`', '```', '<!--', '-->', '\0', '\uFEFF', '\r', '\r\n',
  '\t', 'é', '😀', '\uD800', '\u2028', '\n## 4.B Step-by-Step Derivation\n', '\n---\nformat: lecture\n---\n',
  '**Step 9 (RECONSTRUCT).**', '(GAP)', '| $x$ |', '\\def\\a{\\a\\a}\\a',
];

export type Mutation =
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapLines'; at: number; other: number }
  | { kind: 'insert'; at: number; piece: number }
  | { kind: 'deleteChars'; at: number; length: number }
  | { kind: 'nest'; at: number; depth: number; open: number }
  | { kind: 'longLine'; at: number; times: number }
  | { kind: 'crlf' }
  | { kind: 'loneCr' }
  | { kind: 'tabs' }
  | { kind: 'bom' };

/** Openers for deep nesting; each with the closer that balances it (some are left unbalanced on purpose). */
export const NESTERS: [string, string][] = [['{', '}'], ['\\frac{', '}{x}'], ['\\left(', '\\right)'], ['$', ''], ['> ', ''], ['- ', ''], ['\\sqrt{', ''], ['\\underbrace{', '}_{a}']];

const at = fc.nat({ max: 1_000_000 });
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteLine' as const), at }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at }),
  fc.record({ kind: fc.constant('swapLines' as const), at, other: at }),
  fc.record({ kind: fc.constant('insert' as const), at, piece: fc.nat({ max: INSERTS.length - 1 }) }),
  fc.record({ kind: fc.constant('deleteChars' as const), at, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('nest' as const), at, depth: fc.integer({ min: 1, max: 300 }), open: fc.nat({ max: NESTERS.length - 1 }) }),
  fc.record({ kind: fc.constant('longLine' as const), at, times: fc.integer({ min: 2, max: 400 }) }),
  fc.constant({ kind: 'crlf' as const }),
  fc.constant({ kind: 'loneCr' as const }),
  fc.constant({ kind: 'tabs' as const }),
  fc.constant({ kind: 'bom' as const }),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 5 });

const MAX_LONG_LINE = 200_000;

function withLines(text: string, edit: (lines: string[]) => void): string {
  const lines = text.split('\n');
  edit(lines);
  return lines.join('\n');
}

/** Applies one mutation; positions are taken modulo the text's size so any number is valid. */
export function applyMutation(text: string, m: Mutation): string {
  const offset = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (m.kind) {
    case 'deleteLine': return withLines(text, (lines) => { lines.splice(m.at % lines.length, 1); });
    case 'duplicateLine': return withLines(text, (lines) => { const i = m.at % lines.length; lines.splice(i, 0, lines[i]); });
    case 'swapLines': return withLines(text, (lines) => {
      const i = m.at % lines.length;
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
    });
    case 'insert': { const o = offset(m.at); return text.slice(0, o) + INSERTS[m.piece] + text.slice(o); }
    case 'deleteChars': { const o = offset(m.at); return text.slice(0, o) + text.slice(o + m.length); }
    case 'nest': {
      const o = offset(m.at);
      const [open, close] = NESTERS[m.open];
      return text.slice(0, o) + open.repeat(m.depth) + 'x' + close.repeat(m.depth) + text.slice(o);
    }
    case 'longLine': return withLines(text, (lines) => {
      const i = m.at % lines.length;
      // Capped so a long line stays a long line (≤ ~200 KB), not a memory bomb of the test itself.
      const times = Math.max(1, Math.min(m.times, Math.floor(MAX_LONG_LINE / (lines[i].length + 1))));
      lines[i] = Array(times).fill(lines[i]).join(' ');
    });
    case 'crlf': return text.replace(/\r?\n/g, '\r\n');
    case 'loneCr': return text.replace(/\r?\n/g, '\r');
    case 'tabs': return text.replace(/ {2}/g, '\t');
    case 'bom': return `\uFEFF${text}`;
  }
}

export function applyMutations(text: string, list: readonly Mutation[]): string {
  return list.reduce(applyMutation, text);
}

/** A window of `text`'s lines (start and length taken modulo the line count): fuzzing the corpus piecewise keeps each run fast. */
export function lineWindow(text: string, start: number, length: number): string {
  const lines = text.split('\n');
  const from = start % lines.length;
  return lines.slice(from, from + length).join('\n');
}
