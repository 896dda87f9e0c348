/**
 * Whether a math rule's regex (markdown.ts) would match at an opener, read
 * from where its closers stand in the text, found once per text.
 *
 * texmath runs a lazy regex from each opener to its closer. Where there is no
 * closer, the regex scans on to the end of the text (`\(`, `\[`, `\begin`) or
 * of the paragraph (display `$$`, `\[`), and it did so again for every opener
 * in that stretch: `\(` repeated on a line took minutes. With these guards the
 * regex only runs where it matches, and a match consumes what it scanned, so
 * reading math is linear. They answer exactly as the regexes do (a property
 * test compares them on random text), so nothing reads differently.
 */
import { countWork } from './work';

/** Sorted offsets in a text where a closer stands. */
type Offsets = number[];

/**
 * The closers found so far in one text, kept on its markdown-it state (one
 * text, parsed once) under this key. Not in a WeakMap: each paragraph has a
 * state of its own, and a WeakMap entry per paragraph cost more than the
 * search it saved.
 */
const INDEXES = Symbol('mlnotes closers');
type Owner = object & { [INDEXES]?: Map<string, Offsets> };

function offsetsFor(owner: Owner, key: string, build: () => Offsets): Offsets {
  const byKey = (owner[INDEXES] ??= new Map());
  let offsets = byKey.get(key);
  if (!offsets) byKey.set(key, (offsets = build()));
  return offsets;
}

/** Every offset where `needle` starts (overlapping ones too) and `accept` holds. */
function occurrences(src: string, needle: string, accept?: (at: number) => boolean): Offsets {
  const found: Offsets = [];
  for (let at = src.indexOf(needle); at !== -1; at = src.indexOf(needle, at + 1)) {
    if (!accept || accept(at)) found.push(at);
  }
  countWork(src.length + found.length);
  return found;
}

/** The first offset in `offsets` at or after `from`, or -1 (binary search). */
function firstFrom(offsets: Offsets, from: number): number {
  let low = 0;
  let high = offsets.length;
  let steps = 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (offsets[mid] < from) low = mid + 1; else high = mid;
    steps++;
  }
  countWork(steps);
  return low < offsets.length ? offsets[low] : -1;
}

/** The regexes' end of line: spaces or tabs, then a line break or the end of the text. */
function endsLine(src: string, at: number): boolean {
  let i = at;
  while (src.charCodeAt(i) === 0x20 || src.charCodeAt(i) === 0x09) i++;
  countWork(i - at);
  if (i >= src.length) return true;
  const c = src.charCodeAt(i);
  return c === 0x0a || (c === 0x0d && src.charCodeAt(i + 1) === 0x0a);
}

/** Offsets of the `\n` that starts a blank line (`\n[ \t]*\r?\n`): display math never crosses one. */
function blankLineStarts(src: string): Offsets {
  const found: Offsets = [];
  // A regex, not a test per line break: this reads every line of the text (`test`, which makes no match
  // object). A match ends at the `\n` closing the blank line, which may start the next one: searched again from there.
  BLANK_LINE.lastIndex = 0;
  while (BLANK_LINE.test(src)) {
    const end = BLANK_LINE.lastIndex - 1;
    found.push(src.lastIndexOf('\n', end - 1));
    BLANK_LINE.lastIndex = end;
  }
  countWork(src.length + found.length);
  return found;
}
const BLANK_LINE = /\n[ \t]*\r?\n/g;

/** No blank line starts within [from, to]. */
function noBlankLine(owner: object, src: string, from: number, to: number): boolean {
  const blank = firstFrom(offsetsFor(owner, 'blank', () => blankLineStarts(src)), from);
  return blank === -1 || blank > to;
}

/** `\end{env}`, made once per environment name (asked for at every `\begin`). */
const ENDS = new Map<string, string>();
function endOf(env: string): string {
  let end = ENDS.get(env);
  if (end === undefined) ENDS.set(env, (end = `\\end{${env}}`));
  return end;
}

/**
 * The environment named by `\begin{…}` at `pos`, as the rules'
 * `(?:equation|…)\*?(?=\})` reads it; compared in place, no match made per
 * `\begin` (a note can have a million).
 */
function environmentAt(src: string, pos: number, environments: Environments): string | undefined {
  const at = pos + '\\begin{'.length;
  for (const [name, starred] of environments) {
    if (!src.startsWith(name, at)) continue;
    const end = at + name.length;
    if (src.charCodeAt(end) === 0x2a /* * */ && src.charCodeAt(end + 1) === 0x7d /* } */) return starred;
    if (src.charCodeAt(end) === 0x7d /* } */) return name;
  }
  return undefined;
}

export type MathGuard = (owner: object, src: string, pos: number) => boolean;

/**
 * Guards of the inline rules whose regex can scan far: `\(…\)`, `\[…\]`,
 * `\begin{env}…\end{env}` inside a paragraph. Each is called with the rule's
 * tag at `pos`. `$` and `$$` inline need none: their regexes stop at the next `$`.
 */
export function inlineGuards(environmentNames: string[]): Partial<Record<string, MathGuard>> {
  const environments = environmentPattern(environmentNames);
  return {
    // `\(([\s\S]+?)\\)`: some `\)` after at least one character.
    '\\(': (owner, src, pos) => firstFrom(offsetsFor(owner, '\\)', () => occurrences(src, '\\)')), pos + 3) !== -1,
    '\\[': (owner, src, pos) => firstFrom(offsetsFor(owner, '\\]', () => occurrences(src, '\\]')), pos + 3) !== -1,
    // `\begin{(env)}[\s\S]*?\end{\2}`: the same environment's end anywhere after.
    'begin': (owner, src, pos) => {
      const env = environmentAt(src, pos, environments);
      if (env === undefined) return false;
      const end = endOf(env);
      return firstFrom(offsetsFor(owner, end, () => occurrences(src, end)), pos + 8 + env.length) !== -1;
    },
  };
}

/**
 * Guards of the block rules, each called with the rule's tag at `pos` (the
 * start of a line's text). Display math closes at the end of a line and
 * never crosses a blank line; an environment closes at the end of a line.
 */
export function blockGuards(environmentNames: string[]): Partial<Record<string, MathGuard>> {
  const environments = environmentPattern(environmentNames);
  return {
    // `$$(NO_BLANK_LINE*?[^\\$])$$EOL`: the first `$$` ending a line after a character that is not `\` or `$`.
    '$$': (owner, src, pos) => {
      const closers = offsetsFor(owner, '$$ block', () => occurrences(src, '$$', (at) => {
        const before = src.charCodeAt(at - 1);
        return at > 0 && before !== 0x5c && before !== 0x24 && endsLine(src, at + 2);
      }));
      const close = firstFrom(closers, pos + 3);
      return close !== -1 && noBlankLine(owner, src, pos + 2, close - 2);
    },
    // `\[(NO_BLANK_LINE+?)\]EOL`
    '\\[': (owner, src, pos) => {
      const closers = offsetsFor(owner, '\\] block', () => occurrences(src, '\\]', (at) => endsLine(src, at + 2)));
      const close = firstFrom(closers, pos + 3);
      return close !== -1 && noBlankLine(owner, src, pos + 2, close - 1);
    },
    // `(\begin{(env)}[\s\S]*?\end{\2})EOL`
    'begin': (owner, src, pos) => {
      const env = environmentAt(src, pos, environments);
      if (env === undefined) return false;
      const end = endOf(env);
      const closers = offsetsFor(owner, env, () => occurrences(src, end, (at) => endsLine(src, at + end.length)));
      return firstFrom(closers, pos + 8 + env.length) !== -1;
    },
  };
}

/** Each environment name and its starred form, in the order the rules' `(?:equation|align|…)\*?` tries them. */
type Environments = readonly (readonly [string, string])[];

function environmentPattern(names: string[]): Environments {
  return names.map((name) => [name, `${name}*`] as const);
}
