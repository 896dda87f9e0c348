/**
 * Macro definitions written in a note's math (`\newcommand`, `\renewcommand`,
 * `\providecommand`, `\def`, `\DeclareMathOperator`), as KaTeX macros (name
 * with backslash → body). The parser's `model.macros` is preferred when a
 * model is at hand; this reads them from math alone (the Markdown plugin of
 * VS Code's preview has no model).
 */
import { groupEnd } from './tex-scan';

const DEFINITION = /\\(newcommand|renewcommand|providecommand|def|DeclareMathOperator\*?)(?![A-Za-z])/g;

function readName(tex: string, at: number): { name: string; end: number } | undefined {
  let i = at;
  while (tex[i] === ' ') i++;
  if (tex[i] === '{') {
    const end = groupEnd(tex, i);
    if (end < 0) return undefined;
    const name = tex.slice(i + 1, end - 1).trim();
    return /^\\[A-Za-z]+$|^\\.$/.test(name) ? { name, end } : undefined;
  }
  const m = /^\\(?:[A-Za-z]+|.)/.exec(tex.slice(i));
  return m ? { name: m[0], end: i + m[0].length } : undefined;
}

function readGroup(tex: string, at: number): { body: string; end: number } | undefined {
  let i = at;
  while (tex[i] === ' ' || tex[i] === '\n') i++;
  if (tex[i] !== '{') return undefined;
  const end = groupEnd(tex, i);
  return end < 0 ? undefined : { body: tex.slice(i + 1, end - 1), end };
}

/** The macros one expression defines, in order (a later definition wins). */
export function macroDefinitions(tex: string): Record<string, string> {
  const macros: Record<string, string> = {};
  if (!/\\(?:newcommand|renewcommand|providecommand|def|DeclareMathOperator)/.test(tex)) return macros;
  for (const match of tex.matchAll(DEFINITION)) {
    const name = readName(tex, match.index! + match[0].length);
    if (!name) continue;
    let at = name.end;
    if (match[1] === 'def') {
      // `\def\f#1#2{…}`: KaTeX reads the arguments from the #n in the body.
      const params = /^(?:#\d)*/.exec(tex.slice(at))!;
      at += params[0].length;
    } else {
      // `[n]` (argument count) is implied by the #n in the body; a `[default]` is not supported by KaTeX.
      const count = /^\s*\[\d\]/.exec(tex.slice(at));
      if (count) at += count[0].length;
    }
    const body = readGroup(tex, at);
    if (!body) continue;
    macros[name.name] = match[1].startsWith('DeclareMathOperator')
      ? `\\operatorname${match[1].endsWith('*') ? '*' : ''}{${body.body}}`
      : body.body;
  }
  return macros;
}

/** Every macro the math of a note defines, in document order. */
export function noteMacros(texts: Iterable<string>): Record<string, string> {
  const macros: Record<string, string> = {};
  for (const tex of texts) Object.assign(macros, macroDefinitions(tex));
  return macros;
}

/** The macros for one expression: the note's set minus what the expression defines itself (KaTeX refuses `\newcommand` of a defined name). */
export function macrosForExpression(all: Record<string, string>, tex: string): Record<string, string> {
  const own = macroDefinitions(tex);
  const names = Object.keys(own);
  if (names.length === 0) return all;
  const rest = { ...all };
  for (const name of names) delete rest[name];
  return rest;
}
