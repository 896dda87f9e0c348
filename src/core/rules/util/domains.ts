/**
 * Letters that appear only in the domain of declarations (NOTE-SPEC §4): the
 * simplex in `p\in\Delta^{K-1}`, `\mathcal{X}` in `x\in\mathcal{X}`. They name
 * a set or a distribution and need no declaration of their own.
 */
import type { Declaration, NoteModel, SymbolUse } from '../../model';
import type { Position, Range } from '../../types';
import { coverKey } from '../../math/atoms';
import { useTexOffset } from '../../shapes/scope';
import { declarationPlace, type DeclarationPlace } from '../../parse/symbols';
import { SymbolUseRecord } from '../../parse/records';

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
function afterMembership(model: NoteModel, use: SymbolUse): boolean {
  const span = use.math === undefined ? undefined : model.math[use.math];
  if (!span) return false;
  const offset = useTexOffset(span, use);
  return offset > 0 && MEMBERSHIP_BEFORE.test(span.tex.slice(Math.max(0, offset - 16), offset));
}

const MEMBERSHIP_BEFORE = /\\(?:in|sim|subseteq|subset)\s*$/;

interface DomainUses {
  declarations: NoteModel['declarations'];
  math: NoteModel['math'];
  inDomains: Set<string>;
  elsewhere: Set<string>;
}

/**
 * Per array of symbol uses (two rules ask), as long as the declarations and
 * spans are the ones read. Not per model: an incremental analysis gives each
 * rule a model of its own that notes what it reads (incremental.ts), and a
 * hit reads the same three fields the work did, so each rule notes them.
 */
const usesOfSymbols = new WeakMap<NoteModel['symbols'], DomainUses>();

/** Cover keys of symbols used in some declaration's domain; with `only`, of those never used elsewhere. */
export function domainSymbols(model: NoteModel, only: boolean): Set<string> {
  let uses = usesOfSymbols.get(model.symbols);
  if (!uses || uses.declarations !== model.declarations || uses.math !== model.math) {
    uses = readDomainUses(model);
    usesOfSymbols.set(model.symbols, uses);
  }
  const result = new Set(uses.inDomains);
  if (only) for (const key of uses.elsewhere) result.delete(key);
  return result;
}

function readDomainUses(model: NoteModel): DomainUses {
  const inDomains = new Set<string>();
  const elsewhere = new Set<string>();
  const inSomeDomain = domainTester(model.declarations);
  for (const use of model.symbols) {
    // A dimension (`n` in `\mathbb{R}^{n\times d}`) is a number, not a set: not a domain letter.
    if (use.dimension) continue;
    (inSomeDomain(use) || afterMembership(model, use) ? inDomains : elsewhere).add(coverKey(use.key));
  }
  return { declarations: model.declarations, math: model.math, inDomains, elsewhere };
}

/**
 * Whether a use, asked in document order, lies in the domain of a
 * declaration. A declaration lies inside its own span, so a use the parser
 * made is compared, by TeX offsets, with the declarations of its span only;
 * other uses and declarations are compared by position.
 */
function domainTester(declarations: readonly Declaration[]): (use: SymbolUse) => boolean {
  const sorted = [...declarations].sort((a, b) => (before(a.range.start, b.range.start) ? -1 : 1));
  const bySpan = placesBySpan(declarations);
  let d = 0;
  return (use) => {
    if (bySpan && use instanceof SymbolUseRecord) return inSomePlace(use, bySpan.get(use.math));
    // Skip the declarations that end before this use.
    while (d < sorted.length && before(sorted[d].range.end, use.range.start)) d++;
    for (let k = d; k < sorted.length && !before(use.range.end, sorted[k].range.start); k++) {
      if (inDomain(use.range, sorted[k])) return true;
    }
    return false;
  };
}

/** The places of the declarations by span; undefined when one of them has no place. */
function placesBySpan(declarations: readonly Declaration[]): Map<number, DeclarationPlace[]> | undefined {
  const bySpan = new Map<number, DeclarationPlace[]>();
  for (const declaration of declarations) {
    const place = declarationPlace(declaration);
    if (!place) return undefined;
    const list = bySpan.get(place.math);
    if (list) list.push(place); else bySpan.set(place.math, [place]);
  }
  return bySpan;
}

/** Whether the use lies in the domain of one of its span's declarations (a loop: this runs for every symbol use). */
function inSomePlace(use: SymbolUseRecord, places: DeclarationPlace[] | undefined): boolean {
  if (places) for (const place of places) if (inDomainPlace(use, place)) return true;
  return false;
}

function inDomainPlace(use: SymbolUseRecord, place: DeclarationPlace): boolean {
  const { texStart: start, texEnd: end } = use;
  if (start < place.start || end > place.end) return false;
  return start < place.symbolStart || end > place.symbolEnd;
}
