/**
 * math-syntax: LaTeX that KaTeX cannot parse, at the offending characters,
 * with the macros in force; and a math delimiter in prose that is never
 * closed (`$`, `$$`, `\[`, `\(`). Runs on every Markdown file.
 *
 * `\label`, `\ref`, `\eqref` and `\tag` are never errors (the extension
 * resolves them; see src/core/math/katex-check.ts). Parse results are cached
 * by (tex, display, macros), so an unchanged expression costs nothing on the
 * next lint.
 */
import type { Position, Rule } from '../types';
import type { NoteModel, ProseRun } from '../model';
import { checkMath } from '../math/katex-check';
import { mathRange } from '../parse/positions';
import { countWork } from '../work';

const rule: Rule = {
  meta: {
    id: 'math-syntax',
    description: 'LaTeX that KaTeX cannot parse, or a math delimiter that is never closed.',
    severity: { default: 'error' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: false,
    messages: {
      katex: 'KaTeX cannot parse this math: {{message}}.',
      unclosed: 'The math delimiter {{delimiter}} is never closed{{hint}}.',
    },
  },
  check(context) {
    const { model } = context;
    for (const span of model.math) {
      const result = checkMath(span.tex, span.display, context.macros);
      if (result.ok) continue;
      context.report({
        messageId: 'katex',
        data: { message: result.message.replace(/\.$/, '') },
        range: mathRange(model, span, result.start, result.end),
      });
    }
    for (const found of unclosedDelimiters(model)) {
      context.report({
        messageId: 'unclosed',
        data: { delimiter: found.delimiter, hint: found.hint },
        range: { start: found.start, end: { line: found.start.line, character: found.start.character + found.delimiter.length } },
      });
    }
  },
};

export default rule;

interface Unclosed { delimiter: string; hint: string; start: Position }

/**
 * Delimiters left in prose: every well-formed math span was taken out of the
 * prose by the parser, so a delimiter still there was never closed (before a
 * blank line, for display math). A lone `$` counts only when it opens
 * something (a non-space, non-digit follows: `$5` and `US$ 3` are money);
 * `\[` and `\(` only when TeX follows on the line (`\[1\]`-style escaped
 * brackets in Markdown are not math).
 */
export function unclosedDelimiters(model: Pick<NoteModel, 'prose'>): Unclosed[] {
  const found: Unclosed[] = [];
  for (const run of model.prose) {
    if (!run.text.includes('$') && !run.text.includes('\\')) continue;
    scanRun(run, found);
  }
  return found;
}

/** Where the last TeX-looking character of `text` starts (`\\` + letter, `^`, `_`, `=`), or -1. */
function lastTex(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '^' || c === '_' || c === '=' || (c === '\\' && /[A-Za-z]/.test(text[i + 1] ?? ''))) {
      countWork(text.length - i);
      return i;
    }
  }
  countWork(text.length);
  return -1;
}

function scanRun(run: ProseRun, found: Unclosed[]): void {
  const text = run.text;
  const at = (offset: number): Position => ({ line: run.range.start.line, character: run.range.start.character + offset });
  // Found once per run: asked at every `\\(`, a search to the end would make a line of them quadratic.
  let texFrom: number | undefined;
  const closerFrom: Record<string, number> = {};
  countWork(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if ((next === '[' || next === '(') && !escaped(text, i) && (texFrom ??= lastTex(text)) >= i + 2) {
        const closer = next === '[' ? '\\]' : '\\)';
        if ((closerFrom[closer] ??= text.lastIndexOf(closer)) < i + 2) {
          found.push({ delimiter: `\\${next}`, hint: ` (no ${closer} before the end of the paragraph)`, start: at(i) });
          return;
        }
      }
      i++; // skip the escaped character
      continue;
    }
    if (c !== '$') continue;
    if (text[i + 1] === '$') {
      found.push({ delimiter: '$$', hint: ' (display math ends at a blank line at the latest)', start: at(i) });
      return;
    }
    const after = text[i + 1];
    if (after === undefined || /\s|\d/.test(after)) continue;
    found.push({ delimiter: '$', hint: ' (write \\$ for a dollar sign)', start: at(i) });
    return;
  }
}

/** Whether the character at `i` is preceded by an odd number of backslashes. */
function escaped(text: string, i: number): boolean {
  let n = 0;
  for (let k = i - 1; k >= 0 && text[k] === '\\'; k--) n++;
  return n % 2 === 1;
}
