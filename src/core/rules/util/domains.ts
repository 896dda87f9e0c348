/**
 * Letters that appear only in the domain of declarations (NOTE-SPEC §4): the
 * simplex in `p\in\Delta^{K-1}`, `\mathcal{X}` in `x\in\mathcal{X}`. They name
 * a set or a distribution and need no declaration of their own.
 */
import type { Declaration, NoteModel } from '../../model';
import type { Position, Range } from '../../types';
import { coverKey } from '../../math/atoms';
import { texOffsetAt } from '../../shapes/scope';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function within(inner: Range, outer: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** Whether `range` lies in the domain part of `declaration` (inside it, not on its symbol). */
function inDomain(range: Range, declaration: Declaration): boolean {
  if (!within(range, declaration.range)) return false;
  return !declaration.symbolRange || !within(range, declaration.symbolRange);
}

/** `\pi\in\Delta^{K-1}` is no declaration (`\pi` is the constant), yet `\Delta` there is a domain. */
function afterMembership(model: NoteModel, math: number, at: Position): boolean {
  const span = model.math[math];
  const offset = span ? texOffsetAt(span, at) : -1;
  return offset > 0 && MEMBERSHIP_BEFORE.test(span.tex.slice(Math.max(0, offset - 16), offset));
}

const MEMBERSHIP_BEFORE = /\\(?:in|sim|subseteq|subset)\s*$/;

interface DomainUses {
  symbols: NoteModel['symbols'];
  declarations: NoteModel['declarations'];
  inDomains: Set<string>;
  elsewhere: Set<string>;
}

/** Per model (two rules ask), as long as its symbols and declarations are the ones read. */
const usesOfModel = new WeakMap<NoteModel, DomainUses>();

/** Cover keys of symbols used in some declaration's domain; with `only`, of those never used elsewhere. */
export function domainSymbols(model: NoteModel, only: boolean): Set<string> {
  let uses = usesOfModel.get(model);
  if (!uses || uses.symbols !== model.symbols || uses.declarations !== model.declarations) {
    uses = readDomainUses(model);
    usesOfModel.set(model, uses);
  }
  const result = new Set(uses.inDomains);
  if (only) for (const key of uses.elsewhere) result.delete(key);
  return result;
}

function readDomainUses(model: NoteModel): DomainUses {
  const inDomains = new Set<string>();
  const elsewhere = new Set<string>();
  const declarations = [...model.declarations].sort((a, b) => (before(a.range.start, b.range.start) ? -1 : 1));
  let d = 0;
  for (const use of model.symbols) {
    // A dimension (`n` in `\mathbb{R}^{n\times d}`) is a number, not a set: not a domain letter.
    if (use.dimension) continue;
    // Symbols come in document order: skip the declarations that end before this use.
    while (d < declarations.length && before(declarations[d].range.end, use.range.start)) d++;
    let found = false;
    for (let k = d; k < declarations.length && !before(use.range.end, declarations[k].range.start); k++) {
      if (inDomain(use.range, declarations[k])) { found = true; break; }
    }
    (found || (use.math !== undefined && afterMembership(model, use.math, use.range.start)) ? inDomains : elsewhere).add(coverKey(use.key));
  }
  return { symbols: model.symbols, declarations: model.declarations, inDomains, elsewhere };
}
