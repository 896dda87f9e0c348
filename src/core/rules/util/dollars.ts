/**
 * Dollar signs and math delimiters the renderer left in prose (NOTE-SPEC §2,
 * "Dollar signs"). Every span markdown-it-texmath renders as math was taken
 * out of the prose by the parser, so each `$` still there is one of:
 *
 * - meant math that does not render: a `$…$` pair on one line holding TeX,
 *   refused by texmath for a reason we can name (a digit right before the
 *   opening `$` or right after the closing one, a space just inside a
 *   delimiter). `math-syntax` says why and how to write it; `bare-tex` stays
 *   silent inside it (one problem, one report).
 * - an unclosed delimiter: reported only when what follows it in the same
 *   paragraph looks like TeX (a backslash command, `^`, `_`, `{`).
 * - a dollar sign (`$HOME`, `$(pwd)`, `${VAR}`, `$10`, `US$ 3`): text.
 *
 * The TeX-likeness test is deliberately small (a few characters); it reads
 * no TeX structure.
 */
import type { LineSpan, NoteModel, ProseRun } from '../../model';
import { lineOf } from '../../text';
import type { Position } from '../../types';
import { countWork } from '../../work';

export type DollarProblem =
  | { kind: 'unrendered'; reason: UnrenderedReason; start: Position; end: Position; text: string; suggestion: string }
  | { kind: 'unclosed'; delimiter: string; hint: string; start: Position };

export type UnrenderedReason = 'digit-before' | 'digit-after' | 'space-inside';

/** A backslash command, a sub/superscript or a brace group: what TeX looks like. */
const TEX_LIKE = /\\[A-Za-z]|[\^_{]/;
/** Inside a `$…$` pair, an equation counts as TeX too (`$d = $`). */
const TEX_LIKE_PAIR = /\\[A-Za-z]|[\^_{=]/;
/** What a shell or a price puts after `$`: `$HOME`, `$MY_VAR`, `$(pwd)`, `${x}`, `$10`, `$ 3`, `$.`. */
const NOT_AN_OPENER = /^(?:[\d\s]|$)/;
/** A shell's use of `$` (`$HOME`, `$(pwd)`, `${x}`): never a math opener. */
const SHELL_AFTER = /^(?:[A-Z][A-Z0-9_]+\b|[({])/;
/** How far into the paragraph an unclosed `$` looks for TeX (keeps the scan linear). */
const LOOKAHEAD = 240;

const cache = new WeakMap<object, DollarProblem[]>();

/** The dollar problems of a note's prose, in document order (computed once per model). */
export function dollarProblems(model: Pick<NoteModel, 'prose' | 'paragraphs'>): DollarProblem[] {
  let found = cache.get(model);
  if (!found) {
    found = [];
    const runs = model.prose;
    const paragraphEnd = paragraphEnds(model.paragraphs);
    for (let r = 0; r < runs.length; r++) {
      if (runs[r].text.includes('$') || runs[r].text.includes('\\')) scanRun(paragraphEnd, runs, r, found);
    }
    cache.set(model, found);
  }
  return found;
}

type ParagraphEnd = (line: number) => number;

/**
 * The line after the paragraph that holds `line`, as the parser read it (a
 * new list item ends one, as markdown-it ends the math in it); no bound for
 * a line in no paragraph (a heading, a table cell).
 */
function paragraphEnds(paragraphs: LineSpan[]): ParagraphEnd {
  const starts = paragraphs.map((p) => p.start);
  return (line) => {
    const paragraph = paragraphs[lineOf(starts, line)];
    return paragraph && paragraph.start <= line && line < paragraph.end ? paragraph.end : Infinity;
  };
}

/** The text after `offset` in run `r` and in the runs that continue its paragraph, up to LOOKAHEAD characters. */
function paragraphAfter(paragraphEnd: ParagraphEnd, runs: ProseRun[], r: number, offset: number): string {
  countWork(LOOKAHEAD);
  let text = runs[r].text.slice(offset, offset + LOOKAHEAD);
  const end = paragraphEnd(runs[r].range.start.line);
  for (let k = r + 1; k < runs.length && text.length < LOOKAHEAD; k++) {
    const line = runs[k].range.start.line;
    const previous = runs[k - 1].range.start.line;
    if (line > previous + 1 || line >= end) break;
    text += '\n' + runs[k].text.slice(0, LOOKAHEAD - text.length);
  }
  return text;
}

function scanRun(paragraphEnd: ParagraphEnd, runs: ProseRun[], r: number, found: DollarProblem[]): void {
  const run = runs[r];
  const text = run.text;
  const at = (offset: number): Position => ({ line: run.range.start.line, character: run.range.start.character + offset });
  // Found once per run: searched at every `\(`, a line of them would cost quadratic time.
  const lastCloser: Record<string, number> = {};
  countWork(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if ((next === '[' || next === '(') && TEX_LIKE.test(paragraphAfter(paragraphEnd, runs, r, i + 2))) {
        const closer = next === '[' ? '\\]' : '\\)';
        if ((lastCloser[closer] ??= text.lastIndexOf(closer)) < i + 2) {
          found.push({ kind: 'unclosed', delimiter: `\\${next}`, hint: ` (no ${closer} before the end of the paragraph)`, start: at(i) });
          return;
        }
      }
      i++; // skip the escaped character
      continue;
    }
    if (c !== '$') continue;
    if (text[i + 1] === '$') {
      if (TEX_LIKE.test(paragraphAfter(paragraphEnd, runs, r, i + 2))) {
        found.push({ kind: 'unclosed', delimiter: '$$', hint: ' (display math ends at a blank line at the latest)', start: at(i) });
        return;
      }
      i++;
      continue;
    }
    const pair = unrenderedPair(text, i);
    if (pair) {
      found.push({ kind: 'unrendered', ...pair, start: at(i), end: at(pair.close + 1), text: text.slice(i, pair.close + 1) });
      i = pair.close;
      continue;
    }
    const after = text.slice(i + 1, i + 65);
    if (NOT_AN_OPENER.test(after) || SHELL_AFTER.test(after)) continue;
    if (TEX_LIKE.test(paragraphAfter(paragraphEnd, runs, r, i + 1))) {
      found.push({ kind: 'unclosed', delimiter: '$', hint: ' (write \\$ for a dollar sign)', start: at(i) });
      return;
    }
  }
}

/**
 * A `$…$` pair on this line that holds TeX and that texmath refused, with the
 * reason and how to write it; undefined when the `$` at `open` starts none.
 */
function unrenderedPair(text: string, open: number): { reason: UnrenderedReason; suggestion: string; close: number } | undefined {
  if (SHELL_AFTER.test(text.slice(open + 1, open + 64))) return undefined;
  const close = nextDollar(text, open + 1);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  if (!inner.trim() || !TEX_LIKE_PAIR.test(inner) || inner.includes('$')) return undefined;
  const tex = inner.trim();
  if (/\d/.test(text[open - 1] ?? '')) {
    const number = /\d+(?:\.\d+)?$/.exec(text.slice(0, open))![0];
    return { reason: 'digit-before', suggestion: `$${number}${tex}$`, close };
  }
  if (tex !== inner) return { reason: 'space-inside', suggestion: `$${tex}$`, close };
  if (/\d/.test(text[close + 1] ?? '')) return { reason: 'digit-after', suggestion: `$${tex}$ ${text[close + 1]}`, close };
  return undefined;
}

/** The next `$` not escaped by a backslash, or -1. */
function nextDollar(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '$') return i;
  }
  return -1;
}
