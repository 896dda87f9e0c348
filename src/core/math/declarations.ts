/**
 * findDeclarations: the declarations written in one piece of TeX math
 * (NOTE-SPEC §4), with offsets into that TeX.
 *
 * Forms, read at the top level of the math only (not inside braces,
 * parentheses or sub/superscripts, where `\sum_{i\in\mathcal{B}}` binds
 * rather than declares):
 *
 * | form                                  | kind             | domain                  |
 * |---------------------------------------|------------------|-------------------------|
 * | `X\in\mathbb{R}^{n\times d}`          | `set-membership` | `\mathbb{R}^{n\times d}` |
 * | `\varepsilon\sim\mathcal{N}(0,\sigma^2)` | `distribution` | `\mathcal{N}(0,\sigma^2)` |
 * | `f:\mathbb{R}^d\to\mathbb{R}`         | `map`            | `\mathbb{R}^d\to\mathbb{R}` |
 * | `\lambda\ge 0`, `0<\alpha<1`          | `scalar-bound`   | `\ge 0`, `0<\alpha<1`    |
 * | `\mathcal{D}=\{(x_i,y_i)\}_{i=1}^n`   | `set-definition` | `\{(x_i,y_i)\}_{i=1}^n`  |
 * | `S\subseteq\mathcal{X}`               | `subset`         | `\mathcal{X}`            |
 *
 * A list on the left declares each symbol (`x_i, y_i \in \mathbb{R}`), and a
 * top-level comma, `;`, `\quad`, `\text{…}` or line break `\\` ends a domain,
 * so `w\in\mathbb{R}^d, b\in\mathbb{R}` gives two declarations. A chain
 * `\hat{y} = Xw \in \mathbb{R}^n` declares the symbol the chain starts with.
 */
import type { DeclarationKind } from '../model';
import { readAtom, startsAtom } from './atoms';
import { readArgument, skipOptionalArgument, skipSpaces } from '../tex/arguments';
import { tokenize, type TexToken } from '../tex/tokens';
import { DEFINE_EQUALS, DISTRIBUTED, MAP_ARROWS, MEMBERSHIP, SCALAR_BOUND, SUBSET, TEXT_ARGUMENT } from '../tex/vocabulary';

export interface FoundDeclaration {
  /** Normalised key of the declared symbol (as findSymbols gives it). */
  symbol: string;
  /** The symbol as written (`x_i`, `\hat{w}`). */
  tex: string;
  kind: DeclarationKind;
  /** The domain or shape as written (`\mathbb{R}^{n\times d}`, `\ge 0`). */
  domain: string;
  /** Offsets of the whole declaration, from the symbol to the end of the domain. */
  start: number;
  end: number;
  /** Offsets of the symbol alone. */
  symbolStart: number;
  symbolEnd: number;
}

type ItemType = 'symbol' | 'relation' | 'separator' | 'number' | 'comma' | 'dots' | 'open' | 'other';

interface Item {
  type: ItemType;
  /** Token range [from, to). */
  from: number;
  to: number;
  key?: string;
  /** For relations: the normalised relation (`in`, `sim`, `ge`, `=`, `:`). */
  relation?: string;
}

const OPENERS = new Set(['(', '[', '\\{', '\\lbrace', '\\langle', '\\lvert', '\\lVert', '\\lfloor', '\\lceil']);
const CLOSERS = new Set([')', ']', '\\}', '\\rbrace', '\\rangle', '\\rvert', '\\rVert', '\\rfloor', '\\rceil']);
const SEPARATOR_COMMANDS = new Set(['quad', 'qquad', '\\', 'cr', 'newline', 'implies', 'iff', 'Rightarrow', 'Longrightarrow', 'land', 'wedge']);
const RELATION_CHARS: Record<string, string> = { '=': '=', '<': 'lt', '>': 'gt', ':': ':' };
const CONNECTIVES = /^(and|or|where|for|if|with|when|s\.t\.|such that|i\.e\.|e\.g\.|otherwise|and\s.*|for\s.*|where\s.*|if\s.*|with\s.*)[,.:;]?$/i;
const DOTS = new Set(['dots', 'ldots', 'cdots']);
const LABELLED_ARROWS = new Set(['xrightarrow', 'xleftarrow', 'xmapsto', 'xLeftarrow', 'xRightarrow']);
const STACKED = new Set(['overset', 'stackrel', 'underset']);

const THIN_SPACES = new Set([',', ';', '!', ':', ' ', 'enspace', 'thinspace', 'medspace', 'thickspace', 'displaystyle', 'textstyle']);

function isThinSpace(t: TexToken): boolean {
  return t.kind === 'command' && THIN_SPACES.has(t.name ?? '');
}

/** Cuts the top level of the math into items. */
function topLevelItems(tokens: TexToken[]): Item[] {
  const items: Item[] = [];
  let depth = 0;
  let i = 0;
  let outerOpen: Item | undefined;
  const push = (item: Item) => { if (depth === 0) items.push(item); };
  while (i < tokens.length) {
    const t = tokens[i];
    if (OPENERS.has(t.text)) {
      if (depth === 0) { outerOpen = { type: 'open', from: i, to: i + 1 }; items.push(outerOpen); }
      depth++;
      i++;
      continue;
    }
    if (CLOSERS.has(t.text)) {
      // The bracket item spans to its closer, so a domain `\mathcal{N}(0,\sigma^2)` ends after `)`.
      if (depth > 0 && --depth === 0 && outerOpen) outerOpen.to = i + 1;
      i++;
      continue;
    }
    if (depth > 0 && outerOpen) outerOpen.to = i + 1;
    if (t.kind === 'space' || t.kind === 'comment' || t.kind === 'align' || t.kind === 'prime' || isThinSpace(t)) { i++; continue; }
    if (t.kind === 'open') { push({ type: 'other', from: i, to: t.pair! > i ? t.pair! + 1 : i + 1 }); i = t.pair! > i ? t.pair! + 1 : i + 1; continue; }
    if (t.kind === 'sub' || t.kind === 'sup') {
      const arg = readArgument(tokens, i + 1);
      push({ type: 'other', from: i, to: arg ? arg.end : i + 1 });
      i = arg ? arg.end : i + 1;
      continue;
    }
    if (t.kind === 'letter' && tokens[i + 1]?.kind === 'letter' && tokens[i + 2]?.kind === 'letter') {
      // A word typed bare in math (`where`, `for all`) separates like `\text{…}`.
      let j = i + 3;
      while (j < tokens.length && tokens[j].kind === 'letter') j++;
      push({ type: 'separator', from: i, to: j });
      i = j;
      continue;
    }
    if (startsAtom(tokens, i)) {
      const atom = readAtom(tokens, i);
      push(atom.kind === 'symbol' ? { type: 'symbol', from: i, to: atom.end, key: atom.key } : { type: 'other', from: i, to: atom.end });
      i = atom.end;
      continue;
    }
    if (t.kind === 'digit' || (t.text === '-' && tokens[skipSpaces(tokens, i + 1)]?.kind === 'digit')) {
      let j = i + 1;
      while (j < tokens.length && (tokens[j].kind === 'digit' || (tokens[j].text === '.' && tokens[j + 1]?.kind === 'digit') || tokens[j].kind === 'space')) j++;
      while (j > i + 1 && tokens[j - 1].kind === 'space') j--;
      push({ type: 'number', from: i, to: j });
      i = j;
      continue;
    }
    if (t.kind === 'char') {
      if (t.text === ',' || t.text === ';') push({ type: t.text === ',' ? 'comma' : 'separator', from: i, to: i + 1 });
      else if (t.text === '.' && (i + 1 >= tokens.length || tokens[i + 1].kind === 'space')) push({ type: 'separator', from: i, to: i + 1 });
      else if (t.text === ':' && tokens[i + 1]?.text === '=') { push({ type: 'relation', from: i, to: i + 2, relation: '=' }); i++; }
      else if (t.text === '\u2208') push({ type: 'relation', from: i, to: i + 1, relation: 'in' }); // `x ∈ S` typed as Unicode, which KaTeX renders as \in
      else if (RELATION_CHARS[t.text]) push({ type: 'relation', from: i, to: i + 1, relation: RELATION_CHARS[t.text] });
      else push({ type: 'other', from: i, to: i + 1 });
      i++;
      continue;
    }
    if (t.kind === 'command') {
      const next = commandItem(tokens, i);
      push(next.item);
      i = next.end;
      continue;
    }
    push({ type: 'other', from: i, to: i + 1 });
    i++;
  }
  return items;
}

function commandItem(tokens: TexToken[], i: number): { item: Item; end: number } {
  const name = tokens[i].name ?? '';
  const one = (type: ItemType, relation?: string) => ({ item: { type, from: i, to: i + 1, relation }, end: i + 1 });
  if (name === 'infty') return one('number');
  if (DOTS.has(name)) return one('dots');
  if (MEMBERSHIP.has(name)) return one('relation', 'in');
  if (SUBSET.has(name)) return one('relation', 'subset');
  if (DISTRIBUTED.has(name)) return one('relation', 'sim');
  if (SCALAR_BOUND.has(name)) return one('relation', name.slice(0, 2)); // ge, geq, geqslant → ge; le…; gt; lt
  if (DEFINE_EQUALS.has(name)) return one('relation', '=');
  if (name === 'colon') return one('relation', ':');
  if (name === 'mid' || name === 'vert') return one('separator');
  if (STACKED.has(name)) {
    // `\overset{\text{iid}}{\sim}`: the relation is the second argument.
    const first = readArgument(tokens, i + 1);
    const second = first && readArgument(tokens, first.end);
    if (second) {
      const inner = tokens.slice(second.innerStart, second.innerEnd).filter((t) => t.kind !== 'space');
      const base = inner.length === 1 ? inner[0] : undefined;
      const relation = base?.name && DISTRIBUTED.has(base.name) ? 'sim' : base?.text === '=' || (base?.name && DEFINE_EQUALS.has(base.name)) ? '=' : undefined;
      return { item: { type: relation ? 'relation' : 'other', from: i, to: second.end, relation }, end: second.end };
    }
  }
  if (LABELLED_ARROWS.has(name)) {
    // `\text{Text} \xrightarrow{f_\theta} \mathbf{v} \in \mathbb{R}^d`: what follows the arrow starts afresh.
    const arg = readArgument(tokens, skipOptionalArgument(tokens, i + 1, tokens.length));
    const end = arg ? arg.end : i + 1;
    return { item: { type: 'separator', from: i, to: end }, end };
  }
  if (SEPARATOR_COMMANDS.has(name) || TEXT_ARGUMENT.has(name)) {
    let end = i + 1;
    let type: ItemType = 'separator';
    if (TEXT_ARGUMENT.has(name)) {
      const arg = readArgument(tokens, end);
      if (arg) end = arg.end;
      // `\text{Dir}(\alpha)`, `\operatorname{Bern}(p)` name a distribution; `\text{ and }`, `\text{where}` separate.
      const body = arg ? tokens.slice(arg.innerStart, arg.innerEnd).map((t) => t.text).join('') : '';
      if (name.startsWith('operatorname') || (/^\S/.test(body) && /\S$/.test(body) && !CONNECTIVES.test(body))) type = 'other';
    }
    return { item: { type, from: i, to: end }, end };
  }
  if (name === 'left' || name === 'right' || /^[Bb]igg?[lr]?$/.test(name)) return { item: { type: 'other', from: i, to: i + 1 }, end: i + 1 };
  return one('other');
}

/** Every declaration in `tex`, in order, with offsets into `tex`. */
export function findDeclarations(tex: string): FoundDeclaration[] {
  if (!/\u2208|\\in\b|\\sim|\\subset|:|\\colon|[<>]|\\[gl]e|=|\\coloneqq|\\triangleq|\\equiv|set\{|\\doteq/.test(tex)) return [];
  const tokens = tokenize(tex);
  const items = topLevelItems(tokens);
  const found: FoundDeclaration[] = [];
  for (let r = 0; r < items.length; r++) {
    const item = items[r];
    if (item.type !== 'relation') continue;
    found.push(...declarationsAt(tex, tokens, items, r));
  }
  return found;
}

function declarationsAt(tex: string, tokens: TexToken[], items: Item[], r: number): FoundDeclaration[] {
  const relation = items[r].relation!;
  const domainEnd = endOfDomain(items, r + 1);
  if (domainEnd === r + 1) return [];
  const domainItems = items.slice(r + 1, domainEnd);
  let lhs = symbolListBefore(items, r);
  let kind: DeclarationKind;
  let domainFrom = items[r + 1].from;
  switch (relation) {
    case 'in':
      kind = 'set-membership';
      if (lhs.length === 0) lhs = chainStart(items, r);
      break;
    case 'subset': kind = 'subset'; break;
    case 'sim': kind = 'distribution'; break;
    case ':':
      kind = 'map';
      if (!domainItems.some((it) => it.type === 'other' && MAP_ARROWS.has(tokens[it.from].name ?? ''))) return [];
      break;
    case '=':
      kind = 'set-definition';
      if (!(domainItems[0].type === 'open' && /^\\(\{|lbrace)$/.test(tokens[domainItems[0].from].text)) && !isLeftBrace(tokens, domainItems)) return [];
      break;
    default: {
      kind = 'scalar-bound';
      const bound = scalarBound(items, r, lhs, domainItems);
      if (!bound) return [];
      lhs = bound.lhs;
      domainFrom = bound.domainFrom;
      break;
    }
  }
  if (lhs.length === 0) return [];
  const domainStart = tokens[domainFrom].start;
  const lastToken = tokens[items[domainEnd - 1].to - 1];
  let domain = tex.slice(domainStart, lastToken.end).trim();
  if (kind === 'scalar-bound' && domainFrom === items[r].from) domain = tex.slice(tokens[items[r].from].start, lastToken.end).trim();
  const end = domainStart + tex.slice(domainStart).indexOf(domain) + domain.length;
  const seen = new Set<string>();
  return lhs.filter((symbol) => !seen.has(symbol.key!) && !!seen.add(symbol.key!)).map((symbol) => {
    const symbolStart = tokens[symbol.from].start;
    const symbolEnd = tokens[symbol.to - 1].end;
    return {
      symbol: symbol.key!, tex: tex.slice(symbolStart, symbolEnd), kind, domain,
      start: Math.min(symbolStart, domainStart), end: Math.max(end, symbolEnd), symbolStart, symbolEnd,
    };
  });
}

function isLeftBrace(tokens: TexToken[], items: Item[]): boolean {
  return items.length > 1 && tokens[items[0].from].name === 'left' && /^\\(\{|lbrace)$/.test(tokens[items[1].from].text);
}

/** The index after the last item of the domain that starts at `from`. */
function endOfDomain(items: Item[], from: number): number {
  let k = from;
  while (k < items.length) {
    const type = items[k].type;
    if (type === 'separator' || type === 'comma') break;
    // A second declaration-like relation ends this one (`x \in X = …` is rare; `a < b < c` is a chain).
    if (type === 'relation' && !/^(lt|gt|le|ge)$/.test(items[k].relation!)) break;
    k++;
  }
  return k;
}

/**
 * `x_i, y_i, \dots \in`: the symbols listed right before the relation at
 * `r`. The list must start a segment, so in `Xw \in …` or `f(x, y) \in …`
 * nothing is declared.
 */
function symbolListBefore(items: Item[], r: number): Item[] {
  const list: Item[] = [];
  let k = r - 1;
  let first = r;
  while (k >= 0 && (items[k].type === 'symbol' || items[k].type === 'dots')) {
    if (items[k].type === 'symbol') list.unshift(items[k]);
    first = k;
    if (k - 1 < 0 || items[k - 1].type !== 'comma') break;
    k -= 2;
  }
  return list.length > 0 && startsSegment(items, first) ? list : [];
}

/** Whether the item at `k` starts the math or follows a separator or a comma. */
function startsSegment(items: Item[], k: number): boolean {
  if (k <= 0) return true;
  const before = items[k - 1].type;
  return before === 'separator' || before === 'comma';
}

/** `\hat{y} = Xw \in \mathbb{R}^n`: the symbol that starts the chain, if the chain starts `symbol =`. */
function chainStart(items: Item[], r: number): Item[] {
  let k = r - 1;
  while (k > 0 && items[k - 1].type !== 'separator' && items[k - 1].type !== 'comma') k--;
  if (k + 1 < r && items[k].type === 'symbol' && items[k + 1].type === 'relation' && items[k + 1].relation === '=') return [items[k]];
  return [];
}

/**
 * `\lambda \ge 0`, `\alpha, \beta > 0`, `0 < \alpha < 1`, `0 \le p`: a symbol
 * bounded by a number. Returns the symbols and where the domain text starts.
 */
function scalarBound(items: Item[], r: number, lhs: Item[], domainItems: Item[]): { lhs: Item[]; domainFrom: number } | undefined {
  const rhsIsNumber = domainItems.length >= 1 && domainItems[0].type === 'number' && (domainItems.length === 1 || domainItems[1].type === 'relation');
  const lowerChain = r >= 2 && items[r - 1].type === 'symbol' && items[r - 2].type === 'relation' && /^(lt|le|gt|ge)$/.test(items[r - 2].relation!)
    && r >= 3 && items[r - 3].type === 'number' && startsSegment(items, r - 3);
  if (lowerChain) return undefined; // reported from the first relation of the chain
  // `r \le d`, `k < K`: a bound by another symbol also makes a scalar, when nothing else follows.
  const rhsIsSymbol = domainItems.length === 1 && domainItems[0].type === 'symbol';
  if (lhs.length > 0 && (rhsIsNumber || rhsIsSymbol)) return { lhs, domainFrom: items[r].from };
  // `0 < \alpha < 1` or `0 \le p`: number first.
  const numberFirst = r >= 1 && items[r - 1].type === 'number' && startsSegment(items, r - 1) && domainItems[0].type === 'symbol';
  if (numberFirst && (domainItems.length === 1 || (domainItems[1].type === 'relation' && domainItems[2]?.type === 'number'))) {
    return { lhs: [domainItems[0]], domainFrom: items[r - 1].from };
  }
  return undefined;
}
