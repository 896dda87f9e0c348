/**
 * The one macro reader: definitions written in a note's math
 * (`\newcommand`, `\newcommand*`, `\renewcommand`, `\providecommand`, `\def`,
 * `\DeclareMathOperator`, `\DeclareMathOperator*`) as KaTeX macros (name with
 * backslash → body), and the user's macros from settings and config files.
 *
 * A note's definitions hold for the whole note. KaTeX never sees them: each
 * definition is blanked (same length, so positions stay right) before an
 * expression is checked or rendered, and its macro is passed in with the
 * others. So a definition renders as nothing, `\newcommand{\R}` is no
 * "redefinition" of KaTeX's built-in `\R`, and `\newcommand*` (which KaTeX
 * lacks) reads as `\newcommand`. A definition whose braces never close is
 * not read, and KaTeX reports it.
 */
import { GroupEnds } from './arguments';
import { MACRO_DEFINERS } from './vocabulary';

export interface MacroDefinition {
  /** `\R` */
  name: string;
  /** What KaTeX expands it to. */
  body: string;
  /** Offsets of the whole definition in the tex. */
  start: number;
  end: number;
}

const DEFINERS = [...MACRO_DEFINERS].join('|');
const QUICK = new RegExp(`\\\\(?:${DEFINERS})(?![A-Za-z])`);
const DEFINITION = new RegExp(`\\\\(${DEFINERS})(?![A-Za-z])(\\s*\\*)?`, 'g');
const CONTROL_SEQUENCE = /^\\(?:[A-Za-z]+|[^A-Za-z\s])$/;

function skipBlanks(tex: string, i: number): number {
  while (tex[i] === ' ' || tex[i] === '\t' || tex[i] === '\n' || tex[i] === '\r') i++;
  return i;
}

/** The macro name at `at`: `\R` or `{\R}`. */
function readName(tex: string, at: number, groups: GroupEnds): { name: string; end: number } | undefined {
  const i = skipBlanks(tex, at);
  if (tex[i] === '{') {
    const end = groups.at(i);
    if (end < 0) return undefined;
    const name = tex.slice(i + 1, end - 1).trim();
    return CONTROL_SEQUENCE.test(name) ? { name, end } : undefined;
  }
  const m = /^\\(?:[A-Za-z]+|[^A-Za-z\s])/.exec(tex.slice(i, i + 80));
  return m ? { name: m[0], end: i + m[0].length } : undefined;
}

/** A braced body at `at` (after blanks): its content and the offset past it; undefined when it never closes. */
function readBody(tex: string, at: number, groups: GroupEnds): { body: string; end: number } | undefined {
  const i = skipBlanks(tex, at);
  if (tex[i] !== '{') return undefined;
  const end = groups.at(i);
  return end < 0 ? undefined : { body: tex.slice(i + 1, end - 1), end };
}

/** `[n]` and an optional `[default]` after a `\newcommand` name (KaTeX reads the count from the #n in the body). */
function skipParameters(tex: string, at: number, command: string): number {
  if (command === 'def') return at + /^(?:#\d)*/.exec(tex.slice(at, at + 40))![0].length;
  if (command === 'DeclareMathOperator') return at;
  const count = /^\s*\[\s*\d\s*\]/.exec(tex.slice(at, at + 40));
  if (!count) return at;
  at += count[0].length;
  const i = skipBlanks(tex, at);
  if (tex[i] !== '[') return at;
  const close = tex.indexOf(']', i);
  return close < 0 ? at : close + 1;
}

/** What most formulas define: shared, so that they make no array each. */
const NO_DEFINITIONS: readonly MacroDefinition[] = Object.freeze([]);

/** Every well-formed definition in `tex`, in order. */
export function readDefinitions(tex: string): readonly MacroDefinition[] {
  if (!QUICK.test(tex)) return NO_DEFINITIONS;
  const found: MacroDefinition[] = [];
  // Braces paired once for the whole tex: a definition that never closes read the rest of it, once per definition.
  const groups = new GroupEnds(tex);
  const inComment = commentReader(tex);
  DEFINITION.lastIndex = 0;
  for (let m = DEFINITION.exec(tex); m; m = DEFINITION.exec(tex)) {
    // TeX and KaTeX read nothing after a `%` on its line: a definition there defines nothing.
    if (inComment(m.index)) {
      const eol = tex.indexOf('\n', m.index);
      if (eol < 0) break;
      DEFINITION.lastIndex = eol + 1;
      continue;
    }
    const command = m[1];
    const name = readName(tex, m.index + m[0].length, groups);
    if (!name) continue;
    const body = readBody(tex, skipParameters(tex, name.end, command), groups);
    if (!body) continue;
    const operator = command === 'DeclareMathOperator';
    found.push({
      name: name.name,
      body: operator ? `\\operatorname${m[2] ? '*' : ''}{${body.body}}` : body.body,
      start: m.index,
      end: body.end,
    });
    DEFINITION.lastIndex = body.end;
  }
  return found;
}

/**
 * Whether offsets of `tex`, asked in increasing order, stand in a `%`
 * comment: one pass over the text for all of them (a long comment line of
 * definitions was read once per definition).
 */
function commentReader(tex: string): (offset: number) => boolean {
  let at = 0;
  let comment = false;
  return (offset) => {
    for (; at < offset; at++) {
      const c = tex.charCodeAt(at);
      if (c === 10 /* \n */) comment = false;
      else if (comment) continue;
      else if (c === 92 /* \ */) at++;
      else if (c === 37 /* % */) comment = true;
    }
    return comment;
  };
}

/** The macros one expression defines (a later definition wins). */
export function macroDefinitions(tex: string): Record<string, string> {
  const macros: Record<string, string> = {};
  for (const definition of readDefinitions(tex)) macros[definition.name] = definition.body;
  return macros;
}

/** Every macro the math of a note defines, in document order (a later definition wins). */
export function noteMacros(math: readonly { readonly tex: string }[]): Record<string, string> {
  const macros: Record<string, string> = {};
  // An index loop: a note may hold a million formulas, and this runs once per parse, where an
  // array iterator not yet optimised makes an object per step.
  for (let i = 0; i < math.length; i++) {
    const definitions = readDefinitions(math[i].tex);
    for (let k = 0; k < definitions.length; k++) macros[definitions[k].name] = definitions[k].body;
  }
  return macros;
}

/** `tex` with every definition replaced by spaces: same length, same positions, nothing to render. */
export function blankDefinitions(tex: string): string {
  const definitions = readDefinitions(tex);
  if (definitions.length === 0) return tex;
  let out = '';
  let last = 0;
  for (const d of definitions) {
    out += tex.slice(last, d.start) + ' '.repeat(d.end - d.start);
    last = d.end;
  }
  return out + tex.slice(last);
}

/** Whether `tex` holds nothing but macro definitions (`$$\newcommand{\R}{\mathbb{R}}$$` is no step). */
export function onlyDefinesMacros(tex: string): boolean {
  const definitions = readDefinitions(tex);
  return definitions.length > 0 && blankDefinitions(tex).trim() === '';
}

/** The macros in force in a note: the user's (settings, `.mlnotes.json`) under the note's own, which win. */
export function macrosInForce(user: Record<string, string> | undefined, note: Record<string, string>): Record<string, string> {
  return { ...(user ?? {}), ...note };
}
