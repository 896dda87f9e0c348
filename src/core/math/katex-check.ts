/**
 * Does KaTeX accept this math? With the user's macros, and with a cache
 * keyed by (tex, display mode, macros) so that an unchanged expression is
 * parsed once per macro set, across lint runs (and by anyone else who asks,
 * e.g. the preview).
 *
 * `katex.__parse` builds the parse tree without rendering: about 3× faster
 * than `renderToString` on the study-sheet corpus (14 ms against 48 ms warm
 * for its 355 expressions), and it raises the same ParseErrors.
 *
 * KaTeX has no `\label`, `\ref`, `\eqref`, and allows `\tag` only once and
 * only in display math; the extension resolves all four itself, so before
 * parsing each is replaced by an empty group of the same length (`{   }`),
 * which keeps every error position right. Macro definitions are blanked
 * with spaces (the note's macros already hold them; see tex/macros.ts), and
 * `multline` becomes `gather` (KaTeX lacks it).
 */
import katex from 'katex';
import { blankDefinitions, readDefinitions } from '../tex/macros';
import { MAX_GROUP_NESTING, tooDeepAt } from '../tex/arguments';

export interface MathCheckOk { ok: true }
export interface MathCheckError {
  ok: false;
  /** KaTeX's message without the `KaTeX parse error: ` prefix and the excerpt. */
  message: string;
  /** Offsets into the tex of the offending characters (at least one character when the tex is not empty). */
  start: number;
  end: number;
}
export type MathCheckResult = MathCheckOk | MathCheckError;

/** The limits every check uses: no trusted commands, bounded expansion and sizes. */
export function checkOptions(displayMode: boolean, macros: Record<string, string>): katex.KatexOptions {
  return { displayMode, throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 20, macros: { ...macros } };
}

const NOT_FOR_KATEX = /\\(?:label|eqref|ref|tag\*?)\s*\{[^{}]*\}|\\(?:notag|nonumber)(?![A-Za-z])/g;
const MULTLINE = /\\(begin|end)\{multline(\*?)\}/g;

/** The tex KaTeX is given: same length, same positions, without what the extension resolves itself. */
export function prepareForKatex(tex: string): string {
  if (!tex.includes('\\')) return tex;
  return blankDefinitions(tex)
    .replace(NOT_FOR_KATEX, (m) => (m.length >= 2 ? `{${' '.repeat(m.length - 2)}}` : ' '))
    .replace(MULTLINE, (m, which: string, star: string) => `\\${which}{gather${star}}`.padEnd(m.length, ' '));
}

/**
 * A bounded cache: per macro set, one map for display math and one for inline
 * math, keyed by the TeX itself (a key made by prefixing it was a new string to
 * hash at every look-up), cleared when it grows past `maxEntries`.
 */
export class MathCheckCache {
  private buckets = new Map<string, { display: Map<string, MathCheckResult>; inline: Map<string, MathCheckResult> }>();
  private entries = 0;
  private macroKeys = new WeakMap<object, string>();
  readonly stats = { parses: 0, hits: 0 };

  constructor(private readonly maxEntries = 20000) {}

  check(tex: string, display: boolean, macros: Record<string, string> = {}): MathCheckResult {
    const key = this.keyOf(macros);
    const cached = this.buckets.get(key)?.[display ? 'display' : 'inline'].get(tex);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    if (this.entries >= this.maxEntries) this.clear();
    this.stats.parses++;
    const result = checkTex(tex, display, macros);
    let target = this.buckets.get(key);
    if (!target) this.buckets.set(key, (target = { display: new Map(), inline: new Map() }));
    target[display ? 'display' : 'inline'].set(tex, result);
    this.entries++;
    return result;
  }

  clear(): void {
    this.buckets.clear();
    this.entries = 0;
  }

  get size(): number {
    return this.entries;
  }

  /** A stable key per macro set, memoised per object (contexts reuse one macros object for a whole lint). */
  private keyOf(macros: Record<string, string>): string {
    let key = this.macroKeys.get(macros);
    if (key === undefined) {
      key = JSON.stringify(Object.keys(macros).sort().map((name) => [name, macros[name]]));
      this.macroKeys.set(macros, key);
    }
    return key;
  }
}

/** The cache shared by the linter (and whoever else checks math). */
export const sharedMathCheckCache = new MathCheckCache();

/** Checks `tex` with the shared cache. */
export function checkMath(tex: string, display: boolean, macros: Record<string, string> = {}): MathCheckResult {
  return sharedMathCheckCache.check(tex, display, macros);
}

/** KaTeX's parser entry point (public in the bundle, absent from its typings). */
const parseTree = (katex as unknown as { __parse(tex: string, options: katex.KatexOptions): unknown }).__parse;

/**
 * Letters, digits, spaces and plain operators always parse (a property test
 * checks this against KaTeX), so such math (`$x$`, `$n-1$`, `$f(x)=0$`, about
 * one span in eight) skips KaTeX. Primes are left out: `x' '` is a double
 * superscript.
 */
const ALWAYS_PARSES = /^[A-Za-z0-9\s+\-=*/(),.;:<>!|[\]]*$/;

/** Checks `tex` without caching. Never throws. */
export function checkTex(tex: string, display: boolean, macros: Record<string, string> = {}): MathCheckResult {
  if (ALWAYS_PARSES.test(tex)) return { ok: true };
  const prepared = prepareForKatex(tex);
  const depthError = nestingError(prepared);
  if (depthError) return depthError;
  try {
    parseTree(prepared, checkOptions(display, withOwnDefinitions(macros, tex)));
    return { ok: true };
  } catch (error) {
    return toResult(error, prepared);
  }
}

/** An expression's own definitions hold in it even when the caller passed only the user's macros. */
function withOwnDefinitions(macros: Record<string, string>, tex: string): Record<string, string> {
  const own = readDefinitions(tex);
  if (own.length === 0) return macros;
  const all = { ...macros };
  for (const definition of own) all[definition.name] = definition.body;
  return all;
}

/** KaTeX recurses per group; refuse absurd nesting before it can exhaust the stack. */
function nestingError(tex: string): MathCheckError | undefined {
  const at = tooDeepAt(tex);
  return at < 0 ? undefined : { ok: false, message: `groups nested more than ${MAX_GROUP_NESTING} deep`, start: at, end: at + 1 };
}

interface KatexParseError { rawMessage?: string; message?: string; position?: number; length?: number }

/** `tex` is the prepared tex: same length and positions as the user's. */
function toResult(error: unknown, tex: string): MathCheckError {
  const e = (error ?? {}) as KatexParseError;
  const message = (e.rawMessage ?? e.message ?? String(error)).replace(/^KaTeX parse error: /, '');
  const whole = { ok: false as const, message, start: 0, end: tex.length };
  if (!(error instanceof katex.ParseError) || typeof e.position !== 'number') return whole;
  // An error inside a macro's body has a position in that body, not in the tex: only trust positions the excerpt confirms.
  if (!excerptMatches(e.message ?? '', tex, e.position, e.length ?? 0)) return whole;
  let start = Math.min(e.position, tex.length);
  let end = Math.min(e.position + (e.length ?? 0), tex.length);
  // KaTeX's token for a control word includes the spaces after it.
  while (end > start + 1 && /\s/.test(tex[end - 1])) end--;
  if (end <= start) {
    // "at end of input": point at the last character rather than at nothing.
    if (start >= tex.length && tex.length > 0) start = tex.length - 1;
    end = Math.min(start + 1, tex.length);
  }
  return { ok: false, message, start, end };
}

/** KaTeX's message ends with an excerpt: up to 15 characters each side, the error underlined with U+0332. */
function excerptMatches(message: string, tex: string, position: number, length: number): boolean {
  const at = message.search(/ at position \d+: | at end of input: /);
  if (at < 0) return true;
  const excerpt = message.slice(message.indexOf(': ', at + 1) + 2).replace(/\u0332/g, '').replace(/^…|…$/g, '');
  const expected = tex.slice(Math.max(0, position - 15), position + length + 15);
  return expected === excerpt || expected.includes(excerpt);
}
