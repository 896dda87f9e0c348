/**
 * findDefinitions: symbols that a piece of math defines, such as `J` in
 * `J(w) := \tfrac12\|Xw-y\|^2` or `r` in `r \triangleq y - X\hat{w}`.
 *
 * A definition names a symbol without giving its shape, so it is no
 * declaration in the sense of NOTE-SPEC §4; symbol-shape still accepts it as
 * the symbol's introduction (see docs/rules-src/symbol-shape.md). The
 * defined symbol is the one that starts the left side of the line
 * (`J(w) :=` defines `J`, not `w`; `\nabla J(w) :=` defines nothing).
 *
 * Relations that define: `:=`, `\coloneqq`, `\triangleq`, `\stackrel{…}{=}`,
 * `\overset{…}{=}` (with `def` or `:` in the annotation), and plain `=` when
 * the caller says the math is a definition (a "Define/Let" step, a
 * `definitions` section).
 */
import { readAtom, startsAtom } from './atoms';
import { readArgument, skipSpaces } from '../tex/arguments';
import { tokenize, type TexToken } from '../tex/tokens';

export interface FoundDefinition {
  symbol: string;
  tex: string;
  start: number;
  end: number;
}

const DEFINING = new Set(['coloneqq', 'triangleq', 'eqqcolon', 'defeq']);
const STACKED = new Set(['stackrel', 'overset']);

/** The symbols `tex` defines; with `equalsDefines`, the first `=` of each line defines too. */
export function findDefinitions(tex: string, equalsDefines = false): FoundDefinition[] {
  return definitionsIn(tex, equalsDefines, false);
}

/**
 * The lines of `tex` whose first relation is `=` (or a defining one) and
 * whose left side is one symbol, alone or applied to arguments:
 * `\kappa = \frac{p_o - p_e}{1 - p_e}`, `f(x) = w^\top x + b`, `&= …` no.
 * symbol-shape counts such a line as the symbol's definition where it is the
 * symbol's first use (docs/rules-src/symbol-shape.md).
 */
export function findEquationHeads(tex: string): FoundDefinition[] {
  return tex.includes('=') || /\\coloneqq|\\triangleq|\\eqqcolon|\\defeq/.test(tex) ? definitionsIn(tex, true, true) : [];
}

function definitionsIn(tex: string, equalsDefines: boolean, lone: boolean): FoundDefinition[] {
  if (!equalsDefines && !/:=|\\coloneqq|\\triangleq|\\eqqcolon|\\defeq|\\stackrel|\\overset/.test(tex)) return [];
  const tokens = tokenize(tex);
  const found: FoundDefinition[] = [];
  let lineStart = 0;
  let seenRelation = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'open' && t.pair !== undefined && t.pair > i) { i = t.pair; continue; }
    if (t.kind === 'command' && (t.name === '\\' || t.name === 'cr')) { lineStart = i + 1; seenRelation = false; continue; }
    if (t.kind === 'command' && t.name === 'begin') {
      const arg = readArgument(tokens, i + 1);
      if (arg) { i = arg.end - 1; lineStart = arg.end; }
      continue;
    }
    if (seenRelation) continue;
    const kind = relationAt(tokens, i, equalsDefines);
    if (kind === 'none') continue;
    if (kind === 'other') { seenRelation = true; continue; }
    seenRelation = true;
    const head = headSymbol(tex, tokens, lineStart, i, lone);
    if (head) found.push(head);
  }
  return found;
}

/** `define`: a defining relation at token i; `other`: another relation (ends the line's left side); `none`. */
function relationAt(tokens: TexToken[], i: number, equalsDefines: boolean): 'define' | 'other' | 'none' {
  const t = tokens[i];
  if (t.kind === 'char') {
    if (t.text === ':' && tokens[i + 1]?.text === '=') return 'define';
    if (t.text === '=') return equalsDefines && tokens[i - 1]?.text !== ':' ? 'define' : 'other';
    if (t.text === '<' || t.text === '>') return 'other';
    return 'none';
  }
  if (t.kind !== 'command') return 'none';
  const name = t.name ?? '';
  if (DEFINING.has(name)) return 'define';
  if (STACKED.has(name)) {
    const note = readArgument(tokens, i + 1);
    const base = note && readArgument(tokens, note.end);
    if (base && tokens[base.innerStart]?.text === '=') {
      const annotation = tokens.slice(note.innerStart, note.innerEnd).map((k) => k.text).join('');
      return /def|:|\\triangle|\\Delta/.test(annotation) ? 'define' : 'other';
    }
    return 'none';
  }
  return /^(le|leq|ge|geq|approx|propto|sim|in|equiv|ne|neq|lt|gt|to|implies|iff|Rightarrow)$/.test(name) ? 'other' : 'none';
}

/**
 * The symbol that starts tokens [from, to) (after spaces and `&`), if the left
 * side begins with one; with `lone`, only if nothing but its arguments follow it.
 */
function headSymbol(tex: string, tokens: TexToken[], from: number, to: number, lone: boolean): FoundDefinition | undefined {
  let at = skipSpaces(tokens, from, to);
  while (at < to && (tokens[at].kind === 'align' || tokens[at].kind === 'space')) at++;
  if (at >= to || !startsAtom(tokens, at)) return undefined;
  const atom = readAtom(tokens, at, to);
  if (atom.kind !== 'symbol' || !atom.key) return undefined;
  if (lone && !onlyArgumentsUntil(tokens, atom.end, to)) return undefined;
  const start = tokens[at].start;
  const end = tokens[atom.nameEnd - 1].end;
  return { symbol: atom.key, tex: tex.slice(start, end), start, end };
}

/** Whether tokens [from, to) are blanks around at most one parenthesised argument list (`(x; \theta)`, `\left( … \right)`). */
function onlyArgumentsUntil(tokens: TexToken[], from: number, to: number): boolean {
  let at = skipBlanks(tokens, from, to);
  if (at < to && tokens[at].name === 'left') at = skipBlanks(tokens, at + 1, to);
  if (at < to && tokens[at].text === '(') {
    let depth = 0;
    for (; at < to; at++) {
      if (tokens[at].text === '(') depth++;
      else if (tokens[at].text === ')' && --depth === 0) break;
    }
    at = skipBlanks(tokens, at + 1, to);
  }
  return at >= to;
}

function skipBlanks(tokens: TexToken[], from: number, to: number): number {
  let at = from;
  while (at < to && (tokens[at].kind === 'space' || tokens[at].kind === 'align' || (tokens[at].kind === 'command' && /^[,;:! ]$/.test(tokens[at].name ?? '')))) at++;
  return at;
}

/** Where a list of settings breaks: `r=16, \alpha=16`, `\beta_1 = 0.9 \quad \beta_2 = 0.999`. */
const SETTING_BREAKS = new Set([',', ';', '&']);
const SETTING_BREAK_COMMANDS = new Set(['quad', 'qquad', '\\', 'text', 'textrm', 'mbox', 'and']);

/**
 * Symbols set to a number: `\alpha = 0.01`, `r=16, \alpha=16`,
 * `\epsilon \approx 10^{-6}`, `\beta_1 = 0.9`. A symbol equal to a number
 * is a scalar, as `\lambda > 0` is; symbol-shape counts it as introduced.
 */
export function findValueAssignments(tex: string): FoundDefinition[] {
  if (!/=|\\approx/.test(tex)) return [];
  const tokens = tokenize(tex);
  const found: FoundDefinition[] = [];
  let segmentStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'space') continue;
    if (SETTING_BREAKS.has(t.text) || (t.kind === 'command' && SETTING_BREAK_COMMANDS.has(t.name ?? ''))) {
      if (t.kind === 'command' && t.name?.startsWith('text')) { const arg = readArgument(tokens, i + 1); if (arg) i = arg.end - 1; }
      segmentStart = true;
      continue;
    }
    if (segmentStart && startsAtom(tokens, i)) {
      const atom = readAtom(tokens, i);
      const afterValue = atom.kind === 'symbol' && atom.key ? numberAfterRelation(tokens, atom.end) : -1;
      if (afterValue >= 0 && endsSetting(tokens, afterValue)) {
        found.push({ symbol: atom.key!, tex: tex.slice(t.start, tokens[atom.nameEnd - 1].end), start: t.start, end: tokens[atom.nameEnd - 1].end });
      }
      i = Math.max(i, atom.end - 1);
    }
    if (t.kind === 'open' && t.pair !== undefined && t.pair > i) i = t.pair;
    segmentStart = false;
  }
  return found;
}

/** After `= 0.01`, `\approx 10^{-6}`, `= -2.5\times 10^{3}`, `=2e^{-4}`: the token after the number, or -1. */
function numberAfterRelation(tokens: TexToken[], from: number): number {
  let at = skipSpaces(tokens, from);
  const t = tokens[at];
  if (!t || !(t.text === '=' || t.name === 'approx')) return -1;
  at = skipSpaces(tokens, at + 1);
  if (tokens[at]?.text === '-') at = skipSpaces(tokens, at + 1);
  if (tokens[at]?.kind !== 'digit') return -1;
  while (tokens[at]?.kind === 'digit' || (tokens[at]?.text === '.' && tokens[at + 1]?.kind === 'digit')) at++;
  const next = skipSpaces(tokens, at);
  if (tokens[next]?.name === 'times' || tokens[next]?.name === 'cdot' || tokens[next]?.text === 'e') {
    // `\times 10^{3}`, `e^{-4}`: a power of ten or of e
    const base = tokens[next].text === 'e' ? next : skipSpaces(tokens, next + 1);
    let k = base;
    while (tokens[k]?.kind === 'digit' || tokens[k]?.text === 'e') k++;
    if (k > base && tokens[k]?.kind === 'sup') { const arg = readArgument(tokens, k + 1); if (arg) return arg.end; }
    return -1;
  }
  if (tokens[at]?.kind === 'sup') { const arg = readArgument(tokens, at + 1); return arg ? arg.end : -1; }
  return at;
}

function endsSetting(tokens: TexToken[], at: number): boolean {
  const next = tokens[skipSpaces(tokens, at)];
  if (!next) return true;
  if (SETTING_BREAKS.has(next.text) || next.text === '.' || next.text === ')') return true;
  return next.kind === 'command' && (SETTING_BREAK_COMMANDS.has(next.name ?? '') || /^(text|right)/.test(next.name ?? ''));
}
