/**
 * bare-tex: a TeX command written in prose, outside any math delimiters
 * (`\mathbf{w}` instead of `$\mathbf{w}$`), which renders as raw text.
 * A command is a backslash and letters that KaTeX (or the user's macros, or
 * LaTeX's document commands) knows: Markdown escapes (`\*`, `\_`, `\\`) and
 * stray backslashes (`C:\Users`, `\n`) are not commands. `\eqref{…}` and
 * `\ref{…}` are allowed in prose (NOTE-SPEC §2).
 */
import katex from 'katex';
import type { Rule } from '../types';
import { backslashesBefore, proseSegments } from './util/prose';

interface Options { allow: string[] }

/** LaTeX commands KaTeX lacks that still mean "TeX was pasted here". */
const LATEX_ONLY = new Set(['label', 'cite', 'citep', 'citet', 'section', 'subsection', 'paragraph', 'item', 'footnote',
  'url', 'caption', 'includegraphics', 'textsc', 'autoref', 'cref', 'Cref', 'pageref']);

const rule: Rule<Options> = {
  meta: {
    id: 'bare-tex',
    description: 'A TeX command in prose, outside any math delimiters.',
    severity: { default: 'warning' },
    optionsSchema: {
      type: 'object',
      properties: {
        allow: {
          type: 'array', items: { type: 'string', pattern: '^[A-Za-z]+$' }, uniqueItems: true,
          description: 'Command names (without backslash) allowed in prose.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allow: ['eqref', 'ref'] },
    fixable: false,
    notesOnly: false,
    messages: {
      bare: 'TeX command {{command}} outside math: wrap it in $…$.',
    },
  },
  check(context) {
    const { model } = context;
    const allow = new Set(context.options.allow ?? ['eqref', 'ref']);
    const isUserMacro = (name: string) => `\\${name}` in context.macros || `\\${name}` in model.macros;
    for (const { text, line, character } of proseSegments(model)) {
      if (!text.includes('\\')) continue;
      for (const match of text.matchAll(/\\([A-Za-z]+)/g)) {
        const start = match.index;
        const name = match[1];
        if (backslashesBefore(text, start) % 2 === 1) continue; // `\\name`: an escaped backslash, then text
        if (allow.has(name)) continue;
        if (name.length === 1 && /[0-9]/.test(text[start + 2] ?? '')) continue; // `\u00e9`, `\x41`: character escapes
        if (!isUserMacro(name) && !isTexCommand(name)) continue;
        const end = endOfArguments(text, start + match[0].length);
        context.report({
          messageId: 'bare',
          data: { command: text.slice(start, end) },
          range: { start: { line, character: character + start }, end: { line, character: character + end } },
        });
      }
    }
  },
};

export default rule;

const known = new Map<string, boolean>();
const parse = (katex as unknown as { __parse(tex: string, settings: Record<string, unknown>): unknown }).__parse;

/** Whether KaTeX (or LaTeX proper) defines `\name`: anything but "Undefined control sequence". Cached per name. */
export function isTexCommand(name: string): boolean {
  let answer = known.get(name);
  if (answer === undefined) {
    answer = LATEX_ONLY.has(name);
    if (!answer) {
      try {
        parse(`\\${name}`, { throwOnError: true, strict: 'ignore' });
        answer = true;
      } catch (error) {
        answer = !/Undefined control sequence/.test(String((error as Error).message));
      }
    }
    known.set(name, answer);
  }
  return answer;
}

/** The offset after the braced arguments that follow a command on its line (`\frac{a}{b}`), or `from` if none. */
function endOfArguments(text: string, from: number): number {
  let end = from;
  while (text[end] === '{') {
    let depth = 0;
    let i = end;
    for (; i < text.length; i++) {
      if (text[i] === '\\') { i++; continue; }
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) break;
    }
    if (i >= text.length) return end; // unbalanced: stop at the command
    end = i + 1;
  }
  return end;
}
