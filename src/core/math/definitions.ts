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
    const head = headSymbol(tex, tokens, lineStart, i);
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

/** The symbol that starts tokens [from, to) (after spaces and `&`), if the left side begins with one. */
function headSymbol(tex: string, tokens: TexToken[], from: number, to: number): FoundDefinition | undefined {
  let at = skipSpaces(tokens, from, to);
  while (at < to && (tokens[at].kind === 'align' || tokens[at].kind === 'space')) at++;
  if (at >= to || !startsAtom(tokens, at)) return undefined;
  const atom = readAtom(tokens, at, to);
  if (atom.kind !== 'symbol' || !atom.key) return undefined;
  const start = tokens[at].start;
  const end = tokens[atom.nameEnd - 1].end;
  return { symbol: atom.key, tex: tex.slice(start, end), start, end };
}
