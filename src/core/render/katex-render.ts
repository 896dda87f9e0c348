/**
 * KaTeX with our safety limits and a per-expression cache.
 *
 * The cache key is (tex, display mode, macros). Entries live in one bucket
 * per macro set. `endPass()` ends a render of the document: it drops the
 * buckets the pass did not use (a change to the macros invalidates
 * everything rendered with the old ones) and every entry the pass did not
 * use (what was edited away), so the cache holds one document's expressions
 * however long the editing session.
 */
import katex from 'katex';
import { escapeHtml } from './escape';
import { ANCHOR_HREF } from './transform';
import { MAX_GROUP_NESTING, tooDeepAt } from '../tex/arguments';

/** KaTeX options every render uses: no trusted commands except our own equation links, bounded expansion and sizes. */
export function katexOptions(displayMode: boolean, macros: Record<string, string>): katex.KatexOptions {
  return {
    displayMode,
    throwOnError: true,
    // Only `\href{#mlnotes-eq-…}`, which we write for `\eqref`/`\ref`, is trusted: no javascript:, no \htmlData, no \includegraphics.
    trust: (context) => context.command === '\\href' && ANCHOR_HREF.test((context as { url?: string }).url ?? ''),
    strict: 'ignore',
    maxExpand: 1000,
    maxSize: 20,
    // KaTeX writes `\def`s into the macros object: give it a copy.
    macros: { ...macros },
  };
}

export interface MathSource {
  /** The tex as written (shown when KaTeX fails). */
  source: string;
  /** The opening and closing delimiters, shown around the source of a failed expression. */
  open: string;
  close: string;
}

/** A failed expression: its source, kept visible, with KaTeX's message on hover. */
export function errorHtml(message: string, source: MathSource, display: boolean): string {
  const text = escapeHtml(`${source.open}${source.source}${source.close}`);
  const title = escapeHtml(message);
  return display
    ? `<pre class="mlnotes-math-error" title="${title}"><code>${text}</code></pre>`
    : `<code class="mlnotes-math-error" title="${title}">${text}</code>`;
}

export interface RenderStats { katexCalls: number; cacheHits: number }

interface CacheEntry { html: string; pass: number }

export class MathCache {
  private buckets = new Map<string, Map<string, CacheEntry>>();
  private pass = 0;
  readonly stats: RenderStats = { katexCalls: 0, cacheHits: 0 };

  /** HTML for one expression, from the cache or from KaTeX. Never throws. */
  render(tex: string, display: boolean, macros: Record<string, string>, macrosKey: string, source: MathSource): string {
    let bucket = this.buckets.get(macrosKey);
    if (!bucket) this.buckets.set(macrosKey, (bucket = new Map()));
    // The source joins the key because a failed expression shows it.
    const key = `${display ? 'D' : 'I'}${tex}\u0000${source.open}${source.source}`;
    const cached = bucket.get(key);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      cached.pass = this.pass;
      return cached.html;
    }
    this.stats.katexCalls++;
    const html = renderKatex(tex, display, macros, source);
    bucket.set(key, { html, pass: this.pass });
    return html;
  }

  /** Starts a new pass without dropping anything: the next `endPass()` keeps only what is used from now on. */
  beginPass(): void {
    this.pass++;
  }

  /** Ends a render pass: forgets every entry (and every macro set) the pass did not use. */
  endPass(): void {
    for (const [macros, bucket] of this.buckets) {
      for (const [key, entry] of bucket) if (entry.pass !== this.pass) bucket.delete(key);
      if (bucket.size === 0) this.buckets.delete(macros);
    }
    this.pass++;
  }

  get size(): number {
    let n = 0;
    for (const bucket of this.buckets.values()) n += bucket.size;
    return n;
  }
}

export function renderKatex(tex: string, display: boolean, macros: Record<string, string>, source: MathSource): string {
  // A deeply nested expression could exhaust the stack inside KaTeX: refuse it with a clear message first.
  if (tooDeepAt(tex) >= 0) return errorHtml(`Nested more than ${MAX_GROUP_NESTING} groups deep; not rendered.`, source, display);
  try {
    return flattened(katex.renderToString(tex, katexOptions(display, macros)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return errorHtml(message, source, display);
  }
}

/**
 * KaTeX builds its HTML by concatenation, which V8 keeps as a tree of string
 * pieces until something reads the string whole. Converting it to a number
 * (the `flatstr` idiom) makes V8 copy it into one flat string now: a cached
 * expression then holds one string instead of hundreds of pieces that every
 * garbage collection has to trace, and joining the page reads it in one go.
 * A cold render of the corpus went from about 71 to 61 ms in `npm run bench`.
 */
function flattened(html: string): string {
  flattenSink ^= Number(html) | 0;
  return html;
}
/** Written so the conversion above is not dropped as unused. */
let flattenSink = 0;

/** A stable key for a macro set (same macros in any order → same key). */
export function macrosKey(macros: Record<string, string>): string {
  return JSON.stringify(Object.keys(macros).sort().map((name) => [name, macros[name]]));
}
