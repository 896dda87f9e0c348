/**
 * math-syntax: LaTeX that KaTeX cannot parse, at the offending characters,
 * with the macros in force; a math delimiter in prose that is never closed
 * (`$`, `$$`, `\[`, `\(`) while TeX follows it; and a `$…$` pair holding TeX
 * that does not render, with why and how to write it (`2$\times$`). Runs on
 * every Markdown file.
 *
 * `\label`, `\ref`, `\eqref` and `\tag` are never errors (the extension
 * resolves them; see src/core/math/katex-check.ts). Parse results are cached
 * by (tex, display, macros), so an unchanged expression costs nothing on the
 * next lint.
 */
import type { Position, Rule } from '../types';
import type { NoteModel } from '../model';
import { checkMath } from '../math/katex-check';
import { mathRange } from '../parse/positions';
import { dollarProblems } from './util/dollars';

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
      'digit-before': '{{text}} is not math: no math opens right after a digit (2$ reads as a price). Write {{suggestion}}, or put a space before the $.',
      'digit-after': '{{text}} is not math: no math closes right before a digit. Write {{suggestion}}.',
      'space-inside': '{{text}} is not math: a space right inside a $ delimiter stops it. Write {{suggestion}}.',
    },
  },
  check(context) {
    const { model } = context;
    // An index loop: see noteMacros.
    for (let i = 0; i < model.math.length; i++) {
      const span = model.math[i];
      const result = checkMath(span.tex, span.display, context.macros);
      if (result.ok) continue;
      context.report({
        messageId: 'katex',
        data: { message: result.message.replace(/\.$/, '') },
        range: mathRange(model, span, result.start, result.end),
      });
    }
    for (const found of dollarProblems(model)) {
      if (found.kind === 'unclosed') {
        context.report({
          messageId: 'unclosed',
          data: { delimiter: found.delimiter, hint: found.hint },
          range: { start: found.start, end: { line: found.start.line, character: found.start.character + found.delimiter.length } },
        });
      } else {
        context.report({ messageId: found.reason, data: { text: found.text, suggestion: found.suggestion }, range: { start: found.start, end: found.end } });
      }
    }
  },
};

export default rule;

/** The unclosed delimiters of a note's prose (see util/dollars.ts). */
export function unclosedDelimiters(model: Pick<NoteModel, 'prose' | 'paragraphs'>): { delimiter: string; hint: string; start: Position }[] {
  return dollarProblems(model).flatMap((p) => (p.kind === 'unclosed' ? [{ delimiter: p.delimiter, hint: p.hint, start: p.start }] : []));
}
