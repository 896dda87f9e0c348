/**
 * The linter and the renderer read a note the same way (NOTE-SPEC §2, issue
 * 13): a checker that lists every place where they do not.
 *
 * (a) The math spans the linter checks are the math tokens the renderer
 *     renders, in order, with the same TeX, and each span's range is where
 *     that TeX stands in the source (a table cell's `\|` read as `|`).
 * (b) Every `math-syntax` report lies on a formula the rendered page shows as
 *     a KaTeX error, or on a delimiter the page leaves as text, followed by
 *     TeX (an unclosed one) or holding TeX (a pair that does not render).
 * (c) No prose rule (`bare-tex`, `vague-language`, `no-code`) reports inside
 *     math, code, raw HTML or alt text.
 */
import { lintText, type LintDiagnostic, type NoteModel, type Position, type Range } from '../../src/core/index';
import { createMarkdownIt, type MarkdownToken } from '../../src/core/markdown';
import { NoteRenderer } from '../../src/core/render/render';

const md = createMarkdownIt();
const PROSE_RULES = new Set(['bare-tex', 'vague-language', 'no-code']);

/** The math tokens the renderer renders, in document order (what NoteRenderer gives KaTeX). */
export function renderedMath(text: string): { tex: string; display: boolean }[] {
  const out: { tex: string; display: boolean }[] = [];
  const visit = (tokens: MarkdownToken[]) => {
    for (const token of tokens) {
      if (token.type === 'math_block') out.push({ tex: token.content, display: true });
      else if (token.type === 'math_inline' || token.type === 'math_inline_double') out.push({ tex: token.content, display: token.type !== 'math_inline' });
      else if (token.type === 'inline') visit(token.children ?? []);
    }
  };
  visit(md.parse(text.replace(/\r\n?/g, '\n'), {}));
  return out;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
function inside(range: Range, p: Position): boolean {
  return !before(p, range.start) && before(p, range.end);
}

/** The source text of a range (lines as the model split them). */
function slice(model: NoteModel, range: Range): string {
  const lines = model.lines.slice(range.start.line, range.end.line + 1);
  if (lines.length === 1) return lines[0].slice(range.start.character, range.end.character);
  lines[0] = lines[0].slice(range.start.character);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, range.end.character);
  return lines.join('\n');
}

/** Source of a math span's content, read as the renderer reads it: blockquote markers and a table cell's `\|` undone. */
function sourceTex(model: NoteModel, index: number): string {
  const span = model.math[index];
  let source = slice(model, span.contentRange);
  // markdown-it unescapes `\|` only in table cells (one line, in a row: a line with a pipe that is no escape).
  const inTableRow = span.range.start.line === span.range.end.line && /(?:^|[^\\])\|/.test(model.lines[span.range.start.line]);
  if (!span.block && inTableRow && source !== span.tex) source = source.replace(/\\\|/g, '|');
  return source;
}

const TEX_LIKE = /\\[A-Za-z]|[\^_{=]/;

export interface Agreement { problems: string[]; model: NoteModel; diagnostics: LintDiagnostic[] }

/** Every disagreement between linter and renderer on `text` (empty when they agree). */
export function agreementProblems(text: string, model?: NoteModel, diagnostics?: LintDiagnostic[]): Agreement {
  if (!model || !diagnostics) ({ model, diagnostics } = lintText(text));
  const problems: string[] = [];
  const where = (p: Position) => `${p.line + 1}:${p.character + 1}`;

  // (a) the same formulas, in the same order, at the right places
  const rendered = renderedMath(text);
  const linted = model.math.map((m) => ({ tex: m.tex, display: m.display }));
  const normalise = (s: string) => s.replace(/\n(?:[ \t]*>)+/g, '\n').replace(/\s+/g, ' ').trim();
  if (rendered.length !== linted.length) problems.push(`(a) the renderer renders ${rendered.length} formulas, the linter checks ${linted.length}`);
  for (let i = 0; i < Math.min(rendered.length, linted.length); i++) {
    if (normalise(rendered[i].tex) !== normalise(linted[i].tex)) {
      problems.push(`(a) formula ${i + 1} at ${where(model.math[i].range.start)}: rendered ${JSON.stringify(rendered[i].tex)}, linted ${JSON.stringify(linted[i].tex)}`);
      break;
    }
  }
  model.math.forEach((span, i) => {
    const source = sourceTex(model!, i);
    if (normalise(source) !== normalise(span.tex)) problems.push(`(a) formula ${i + 1} at ${where(span.range.start)}: the source there is ${JSON.stringify(source)}, not ${JSON.stringify(span.tex)}`);
  });

  // (b) math-syntax on what the page shows as an error, or on a delimiter left as text
  const slots = new NoteRenderer().render(text, { slots: true }).slots!.html;
  for (const d of diagnostics.filter((x) => x.rule === 'math-syntax')) {
    const i = model.math.findIndex((m) => inside(m.range, d.range.start));
    if (d.messageId === 'katex') {
      if (i < 0) problems.push(`(b) ${where(d.range.start)}: a KaTeX report outside any formula`);
      else if (!slots[i]?.includes('mlnotes-math-error')) problems.push(`(b) ${where(d.range.start)}: a KaTeX report on a formula the page renders fine`);
    } else {
      if (i >= 0) problems.push(`(b) ${where(d.range.start)}: a delimiter report inside a formula the page renders`);
      const line = model.lines[d.range.start.line];
      const after = [line.slice(d.range.start.character), ...linesUntilBlank(model.lines, d.range.start.line + 1)].join('\n').slice(0, 240);
      if (!TEX_LIKE.test(after.slice(1))) problems.push(`(b) ${where(d.range.start)}: a delimiter report with no TeX after it`);
    }
  }

  // (c) prose rules only in prose
  const fenced: { what: string; range: Range }[] = [
    ...model.math.map((m) => ({ what: 'math', range: m.range })),
    ...model.code.map((c) => ({ what: 'code', range: c.range })),
    ...model.opaque.map((range) => ({ what: 'HTML, alt text or a link target', range })),
  ];
  // no-code's reports of a code block or inline code are about the code itself: only its prose finding (an API name) counts.
  for (const d of diagnostics.filter((x) => PROSE_RULES.has(x.rule) && !(x.rule === 'no-code' && x.messageId !== 'api'))) {
    const hit = fenced.find((f) => inside(f.range, d.range.start));
    if (hit) problems.push(`(c) ${d.rule} at ${where(d.range.start)} is inside ${hit.what}`);
  }
  return { problems, model, diagnostics };
}

/** The lines from `from` up to the next blank one: the rest of a paragraph, as far as an unclosed delimiter may look for TeX. */
function linesUntilBlank(lines: string[], from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < lines.length && lines[i].trim() !== '' && out.length < 40; i++) out.push(lines[i]);
  return out;
}
