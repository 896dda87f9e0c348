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
import { dollarProblems, type DollarProblem } from './util/dollars';
import { GroupEnds } from '../tex/arguments';
import { countWork } from '../work';

interface Options { allow: string[] }

/** LaTeX commands KaTeX lacks that still mean "TeX was pasted here". */
const LATEX_ONLY = new Set(['label', 'cite', 'citep', 'citet', 'section', 'subsection', 'paragraph', 'item', 'footnote',
  'url', 'caption', 'includegraphics', 'textsc', 'autoref', 'cref', 'Cref', 'pageref']);

/** A backslash and a letter: where a command may start. */
const COMMAND = /\\[A-Za-z]/;
/** Each command of a segment, with its name. */
const COMMANDS = /\\([A-Za-z]+)/g;

function isLowerAscii(letter: string): boolean {
  return letter >= 'a' && letter <= 'z';
}

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
    fixable: true,
    notesOnly: false,
    messages: {
      bare: 'TeX command {{command}} outside math: wrap it in $…$.',
    },
  },
  check(context) {
    const { model } = context;
    const allow = new Set(context.options.allow ?? ['eqref', 'ref']);
    const isUserMacro = (name: string) => `\\${name}` in context.macros || `\\${name}` in model.macros;
    // Answered once per name: a note can write the same command a million times.
    const answers = new Map<string, boolean>();
    const isCommand = (name: string) => {
      let answer = answers.get(name);
      if (answer === undefined) answers.set(name, (answer = !allow.has(name) && (isUserMacro(name) || isTexCommand(name))));
      return answer;
    };
    // Meant math that does not render is math-syntax's one report, not a bare command per word.
    const inUnrendered = unrenderedLookup(dollarProblems(model));
    const { texts, lines, characters } = proseSegments(model);
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (!text.includes('\\') || !COMMAND.test(text)) continue;
      const line = lines[i];
      const character = characters[i];
      let consumed = 0; // commands up to here were taken into the previous finding's math
      let groups: GroupEnds | undefined;
      // One global regex walked with exec: matchAll copied it for each segment.
      COMMANDS.lastIndex = 0;
      for (let match = COMMANDS.exec(text); match; match = COMMANDS.exec(text)) {
        const start = match.index;
        const name = match[1];
        if (start < consumed || inUnrendered(line, character + start)) continue;
        if (backslashesBefore(text, start) % 2 === 1) continue; // `\\name`: an escaped backslash, then text
        // `\r\n`, `\t`, `\u00e9`: string escapes; KaTeX's one-letter text accents (`\r{a}`) always take a brace.
        if (name.length === 1 && isLowerAscii(name) && text[start + 2] !== '{') continue;
        if (!isCommand(name)) continue;
        // Prose, not TeX: a `%` here is a percent sign. Findings do not overlap (the next starts past this one's math).
        groups ??= new GroupEnds(text, false, true);
        const end = endOfArguments(text, start + match[0].length, groups);
        const wrapEnd = endOfMath(text, end, isCommand, groups);
        consumed = wrapEnd;
        // Positions are read, never changed: one object per place (a note can have a million findings).
        const at = { line, character: character + start };
        const wrapAt = { line, character: character + wrapEnd };
        context.report({
          messageId: 'bare',
          data: { command: text.slice(start, end) },
          range: { start: at, end: { line, character: character + end } },
          // Not safe: the author may have meant more of the sentence to be math.
          fix: {
            title: `Wrap ${text.slice(start, wrapEnd)} in $…$`,
            edits: [{ range: { start: at, end: at }, newText: '$' }, { range: { start: wrapAt, end: wrapAt }, newText: '$' }],
            safe: false,
          },
        });
      }
    }
  },
};

export default rule;

type Unrendered = Extract<DollarProblem, { kind: 'unrendered' }>;

/**
 * Whether a position is inside meant math that does not render, asked in
 * document order: a pointer per line walks that line's problems once (a line
 * of many such pairs and many commands was read once per command).
 */
function unrenderedLookup(problems: readonly DollarProblem[]): (line: number, character: number) => boolean {
  const byLine = new Map<number, { list: Unrendered[]; next: number }>();
  for (const p of problems) {
    if (p.kind !== 'unrendered') continue;
    const entry = byLine.get(p.start.line);
    if (entry) entry.list.push(p); else byLine.set(p.start.line, { list: [p], next: 0 });
  }
  return (line, character) => {
    const entry = byLine.get(line);
    if (!entry) return false;
    const { list } = entry;
    const from = entry.next;
    while (entry.next < list.length && list[entry.next].end.character <= character) entry.next++;
    countWork(1 + entry.next - from);
    return entry.next < list.length && list[entry.next].start.character <= character;
  };
}

/** Sub- and superscripts right after a command (`\mathbf{x}_i`, `\hat{w}^{(t)}`, `\theta^\top`) go inside the math too (read in place: sticky). */
const SCRIPTS = /(?:'|[_^](?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9*]))*/y;
/** A command right there. */
const NEXT_COMMAND = /\\([A-Za-z]+)/y;

/**
 * Where the math that starts with a command ends: its sub/superscripts and
 * any commands written right after it (`\mathbf{w}^\top\mathbf{x}`), so one
 * fix wraps them all.
 */
function endOfMath(text: string, from: number, isCommand: (name: string) => boolean, groups: GroupEnds): number {
  let end = from;
  for (;;) {
    SCRIPTS.lastIndex = end;
    end += SCRIPTS.exec(text)![0].length;
    NEXT_COMMAND.lastIndex = end;
    const next = NEXT_COMMAND.exec(text);
    if (!next || !isCommand(next[1])) return end;
    end = endOfArguments(text, end + next[0].length, groups);
  }
}

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
function endOfArguments(text: string, from: number, groups: GroupEnds): number {
  let end = from;
  while (text[end] === '{') {
    const next = groups.at(end);
    if (next < 0) return end; // unbalanced: stop at the command
    end = next;
  }
  return end;
}
