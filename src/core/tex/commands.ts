/**
 * The commands KaTeX leaves to us: `\label`, `\tag`, `\notag`,
 * `\eqref`/`\ref`, environments and row breaks of numbered environments.
 * It only reads commands and braced groups; it never parses math.
 */
import { memoizeText } from '../memo';
import { groupEnd } from './arguments';

export interface TexCommand {
  /** The command name with its backslash, e.g. `\label`; `\tag*` for the starred tag. */
  name: string;
  start: number;
  /** Offset just past the command and its argument. */
  end: number;
  /** The braced argument's content, if the command takes one. */
  arg?: string;
}

const WITH_ARG = new Set(['\\label', '\\tag', '\\tag*', '\\eqref', '\\ref']);

function skipSpaces(tex: string, i: number): number {
  while (i < tex.length && (tex[i] === ' ' || tex[i] === '\t' || tex[i] === '\n' || tex[i] === '\r')) i++;
  return i;
}

/** A command's name (at most 39 letters, as a 40-character window read it) and a star, at `lastIndex`. */
const COMMAND_NAME = /\\([A-Za-z]{1,39})(\*?)/y;

/**
 * Every `\label`, `\tag`, `\notag`, `\nonumber`, `\eqref`, `\ref` and `\\` in `tex`, in order, with their arguments.
 * Kept per formula: the lint's numbering and the preview's read the same formulas again; the result is shared.
 */
export const scanCommands: (tex: string) => readonly TexCommand[] = memoizeText(scanCommandsOnce);

function scanCommandsOnce(tex: string): TexCommand[] {
  const found: TexCommand[] = [];
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '%') {
      const eol = tex.indexOf('\n', i);
      i = eol < 0 ? tex.length : eol;
      continue;
    }
    if (c !== '\\') continue;
    if (tex[i + 1] === '\\') { found.push({ name: '\\\\', start: i, end: i + 2 }); i++; continue; }
    COMMAND_NAME.lastIndex = i;
    const match = COMMAND_NAME.exec(tex);
    if (!match) { i++; continue; }
    let name = `\\${match[1]}`;
    if (match[2] && name === '\\tag') name = '\\tag*';
    let end = i + (name === '\\tag*' ? match[0].length : match[1].length + 1);
    if (WITH_ARG.has(name)) {
      const open = skipSpaces(tex, end);
      if (tex[open] === '{') {
        const close = groupEnd(tex, open);
        if (close > 0) { found.push({ name, start: i, end: close, arg: tex.slice(open + 1, close - 1).trim() }); i = close - 1; continue; }
      }
    } else if (name === '\\notag' || name === '\\nonumber') {
      found.push({ name, start: i, end });
    } else if (name === '\\begin' || name === '\\end') {
      const open = skipSpaces(tex, end);
      const close = tex[open] === '{' ? groupEnd(tex, open) : -1;
      if (close > 0) { found.push({ name, start: i, end: close, arg: tex.slice(open + 1, close - 1).trim() }); end = close; }
    }
    i = end - 1;
  }
  return found;
}
