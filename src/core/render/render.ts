/**
 * Note → HTML: the markdown-it tokens of the ONE shared setup
 * (`createMarkdownIt()`), KaTeX through the per-expression cache, our
 * equation numbers and references, `data-line` on every block for scroll
 * sync, and lint markers. Used by the preview, the HTML export, the CLI and
 * (as a plugin) VS Code's built-in Markdown preview.
 */
import { createLeanMarkdownIt, createRenderingMarkdownIt, createStreamingMarkdownIt, isDeferredInline, parseInlineInBatches, parseInRuns, tightParagraphs, type MarkdownIt, type MarkdownToken, type MathTokenMeta, type MathDelimiter } from '../markdown';
import type { Severity } from '../types';
import { escapeHtml } from './escape';
import { MathCache, macrosKey, type MathSource, type RenderStats } from './katex-render';
import { macrosInForce, noteMacros } from '../tex/macros';
import { EquationNumberer, numberEquations, referenceText, type MathItem, type Numbering } from './numbering';
import { texForKatex } from './transform';
import { lineOf } from '../text';
import { countWork } from '../work';
import { slotMarkup, type MathSlots } from './html-policy';
import { makeNonce } from './page';

export interface DiagnosticMarker {
  /** 0-based line of the diagnostic's start. */
  line: number;
  severity: Severity;
  message: string;
}

export interface RenderOptions {
  /** The user's macros (settings, `.mlnotes.json`). */
  macros?: Record<string, string>;
  /** Macros the note defines (`model.macros`); read from its math when absent. */
  noteMacros?: Record<string, string>;
  /** Lint diagnostics to mark on their paragraph or equation. */
  diagnostics?: DiagnosticMarker[];
  /**
   * Leave each formula's HTML out as a slot (`result.slots`), for a page that
   * sanitizes the note's raw HTML and then fills the slots (html-policy.ts).
   */
  slots?: boolean;
  /** Called on each token with attributes before it is written (renderTo only): a page's attribute policy. */
  attributes?: (token: MarkdownToken) => void;
}

export interface RenderResult {
  /** The note's body HTML. */
  html: string;
  numbering: Numbering;
  /** The math left out of `html` when `options.slots` was set. */
  slots?: MathSlots;
  /** Math expressions in the note, KaTeX calls and cache hits of this render. */
  stats: { expressions: number; katexCalls: number; cacheHits: number };
}

export interface MathEntry extends MathItem { delimiter: MathDelimiter }

/** Everything the renderer rules need for one render, kept in markdown-it's `env`. */
export interface RenderContext {
  items: MathEntry[];
  /** The index in `items` of each math token being rendered. */
  indexOf: MathLookup;
  numbering: Numbering;
  macros: Record<string, string>;
  macrosKey: string;
  cache: MathCache;
  markers: Map<MarkdownToken, DiagnosticMarker[]>;
  slots?: MathSlots;
  /** The page's attribute policy (`RenderOptions.attributes`), for the tokens of a paragraph parsed as it is written. */
  attributes?: (token: MarkdownToken) => void;
}

/** Where the renderer rules find a math token's index in `items`. */
export interface MathLookup { get(token: MarkdownToken): number | undefined }

const MATH_TYPES = new Set(['math_block', 'math_inline', 'math_inline_double']);

/**
 * The index in the note's math of each math token of `tokens` (in document
 * order, numbered from `first`). The renderer meets them in that order, so
 * each lookup is the next one; a map is built only for a lookup out of order.
 * A map from the start cost a second on a note of half a million formulas.
 */
export class MathIndex implements MathLookup {
  private next = 0;
  private byToken?: Map<MarkdownToken, number>;

  constructor(private readonly tokens: readonly MarkdownToken[] = [], private readonly first = 0) {}

  get(token: MarkdownToken): number | undefined {
    if (this.tokens[this.next] === token) return this.first + this.next++;
    this.byToken ??= new Map(this.tokens.map((t, i) => [t, this.first + i]));
    return this.byToken.get(token);
  }
}

/** The math tokens of `tokens` (block math and math in inline children), in document order. */
function mathTokens(tokens: MarkdownToken[]): MarkdownToken[] {
  const found: MarkdownToken[] = [];
  for (const token of tokens) {
    if (token.type === 'math_block') found.push(token);
    else if (token.type === 'inline') for (const child of token.children ?? []) if (MATH_TYPES.has(child.type)) found.push(child);
  }
  return found;
}

function mathEntry(token: MarkdownToken): MathEntry {
  const display = token.type !== 'math_inline';
  const delimiter = (token.meta as MathTokenMeta | null)?.delimiter ?? (display ? '$$' : '$');
  return { tex: token.content, display, delimiter };
}

const MARKED_BLOCKS = new Set(['paragraph_open', 'heading_open', 'math_block', 'fence', 'code_block', 'list_item_open', 'blockquote_open', 'table_open']);
const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

/** The diagnostics by line, and their lines in order: made once per render, read by each run. */
interface MarkerIndex { lines: number[]; byLine: Map<number, DiagnosticMarker[]> }

function markerIndex(diagnostics: DiagnosticMarker[]): MarkerIndex {
  const byLine = new Map<number, DiagnosticMarker[]>();
  for (const diagnostic of diagnostics) {
    const list = byLine.get(diagnostic.line);
    if (list) list.push(diagnostic); else byLine.set(diagnostic.line, [diagnostic]);
  }
  return { lines: [...byLine.keys()].sort((a, b) => a - b), byLine };
}

/**
 * Each diagnostic goes on the smallest visible block holding its line (the
 * later one of two the same size). Each block looks up only the diagnostic
 * lines inside it, so a note with a diagnostic on every line stays linear.
 */
function placeMarkers(tokens: MarkdownToken[], index: MarkerIndex): Map<MarkdownToken, DiagnosticMarker[]> {
  const markers = new Map<MarkdownToken, DiagnosticMarker[]>();
  const { lines, byLine } = index;
  if (lines.length === 0) return markers;
  const best = new Map<number, MarkdownToken>();
  for (const block of tokens) {
    if (!block.map || block.hidden || !MARKED_BLOCKS.has(block.type)) continue;
    const [from, to] = block.map;
    // The first diagnostic line at or after `from`.
    const before = lineOf(lines, from);
    const first = lines[before] < from ? before + 1 : before;
    let i = first;
    for (; i < lines.length && lines[i] < to; i++) {
      const current = best.get(lines[i]);
      if (!current || to - from <= current.map![1] - current.map![0]) best.set(lines[i], block);
    }
    countWork(i - first + 1);
  }
  // By line: a block holding several lines lists their diagnostics line by line.
  for (const line of [...best.keys()].sort((a, b) => a - b)) {
    const block = best.get(line)!;
    const list = markers.get(block);
    if (list) list.push(...byLine.get(line)!); else markers.set(block, [...byLine.get(line)!]);
  }
  return markers;
}

/** Builds the render context of one document version. */
export function prepareRender(tokens: MarkdownToken[], cache: MathCache, options: RenderOptions = {}): RenderContext {
  const math = mathTokens(tokens);
  const context = renderContext(math.map(mathEntry), cache, options);
  context.indexOf = new MathIndex(math);
  context.markers = placeMarkers(tokens, markerIndex(options.diagnostics ?? []));
  return context;
}

/** The context of a render of a note with this math (`indexOf` and `markers` are filled per run of tokens). */
function renderContext(items: MathEntry[], cache: MathCache, options: RenderOptions): RenderContext {
  const macros = macrosInForce(options.macros, options.noteMacros ?? noteMacros(items));
  return {
    items,
    indexOf: new MathIndex(),
    numbering: numberEquations(items),
    macros,
    macrosKey: macrosKey(macros),
    cache,
    markers: new Map(),
    slots: options.slots ? { nonce: makeNonce(), html: [] } : undefined,
    attributes: options.attributes,
  };
}

const DELIMITERS: Record<MathDelimiter, [string, string]> = { '$': ['$', '$'], '$$': ['$$', '$$'], '\\(': ['\\(', '\\)'], '\\[': ['\\[', '\\]'], begin: ['', ''] };

function mathHtml(context: RenderContext, index: number): string {
  const item = context.items[index];
  const tex = texForKatex(item, index, context.numbering);
  const [open, close] = DELIMITERS[item.delimiter];
  const source: MathSource = { source: item.tex, open, close };
  const html = context.cache.render(tex, item.display, context.macros, context.macrosKey, source);
  if (!context.slots) return html;
  context.slots.html.push(html);
  return slotMarkup(context.slots.nonce, context.slots.html.length - 1);
}

const NO_LABELS: readonly string[] = Object.freeze([]);

/** Anchors for the labels this item defines (the first definition of each). */
export function labelIds(context: RenderContext, index: number): readonly string[] {
  const rows = context.numbering.rows[index];
  // Most formulas have no numbered row: no arrays made for them.
  if (!rows?.length) return NO_LABELS;
  return rows.flatMap((row) => row.labels)
    .map((name) => context.numbering.labels.get(name)!)
    .filter((target) => target.item === index)
    .map((target) => target.anchor);
}

function markerAttrs(markers: DiagnosticMarker[] | undefined): [string, string][] {
  if (!markers?.length) return [];
  const worst = SEVERITY_ORDER.find((s) => markers.some((m) => m.severity === s)) ?? 'info';
  const text = markers.map((m) => `${m.severity}: ${m.message}`).join('\n');
  return [['class', `mlnotes-diag mlnotes-diag-${worst}`], ['title', text], ['data-diagnostics', String(markers.length)]];
}

function contextOf(env: unknown): RenderContext | undefined {
  return (env as { mlnotes?: RenderContext } | undefined)?.mlnotes;
}

const PROSE_REF = /\\(eqref|ref)\{([^{}\s]+)\}/g;

/** Prose text with `\eqref{x}` / `\ref{x}` turned into links (NOTE-SPEC §2: notes use them outside math too). */
export function proseHtml(text: string, numbering: Numbering | undefined): string {
  if (!numbering || !text.includes('ref{')) return escapeHtml(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROSE_REF)) {
    out += escapeHtml(text.slice(last, match.index));
    last = match.index! + match[0].length;
    const target = numbering.labels.get(match[2]);
    const shown = referenceText(target, match[1] as 'eqref' | 'ref');
    out += target && shown !== undefined
      ? `<a class="mlnotes-ref" href="#${target.anchor}">${escapeHtml(shown)}</a>`
      : `<span class="mlnotes-ref-missing" title="${escapeHtml(`No numbered equation is labelled “${match[2]}”`)}">(??&#8239;${escapeHtml(match[2])})</span>`;
  }
  return out + escapeHtml(text.slice(last));
}

const LINE_BLOCKS = ['paragraph_open', 'heading_open', 'blockquote_open', 'bullet_list_open', 'ordered_list_open', 'list_item_open', 'table_open', 'tr_open', 'hr', 'fence', 'code_block'];

type RenderRule = (tokens: MarkdownToken[], idx: number, options: any, env: any, self: any) => string;

/** Installs our renderer rules: math through KaTeX and the cache, `data-line` and markers on blocks, references in prose. */
export function installRenderRules(md: MarkdownIt): MarkdownIt {
  const rules = md.renderer.rules as Record<string, RenderRule | undefined>;
  for (const type of LINE_BLOCKS) {
    const original = rules[type];
    rules[type] = (tokens, idx, options, env, self) => {
      const token = tokens[idx];
      // markdown-it writes nothing for a hidden token (a tight list's paragraph): no attributes to build.
      if (!original && token.hidden) return '';
      const saved = token.attrs;
      const markers = contextOf(env)?.markers.get(token);
      const line = token.map && token.attrGet('data-line') === null ? String(token.map[0]) : undefined;
      if (line === undefined && !markers?.length) return original ? original(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
      // Attributes are added for this call only: the tokens belong to the shared model.
      const attrs: NonNullable<MarkdownToken['attrs']> = saved ? saved.slice() : [];
      if (line !== undefined) attrs.push(['data-line', line]);
      if (markers?.length) attrs.push(...markerAttrs(markers));
      token.attrs = attrs;
      try {
        return original ? original(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
      } finally {
        token.attrs = saved;
      }
    };
  }
  rules.math_block = (tokens, idx, _options, env) => {
    const token = tokens[idx];
    const context = contextOf(env);
    const index = context?.indexOf.get(token);
    if (!context || index === undefined) return `<pre>${escapeHtml(token.content)}</pre>\n`;
    const [id, ...more] = labelIds(context, index);
    const attrs: [string, string][] = [['class', 'mlnotes-math'], ...(token.map ? [['data-line', String(token.map[0])] as [string, string]] : []),
      ...(id ? [['id', id] as [string, string]] : []), ...markerAttrs(context.markers.get(token))];
    const attrText = mergeClasses(attrs).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
    const anchors = more.map((anchor) => `<span class="mlnotes-anchor" id="${anchor}"></span>`).join('');
    return `<div${attrText}>${anchors}${mathHtml(context, index)}</div>\n`;
  };
  const inlineRule = (display: boolean): RenderRule => (tokens, idx, _options, env) => {
    const token = tokens[idx];
    const context = contextOf(env);
    const index = context?.indexOf.get(token);
    if (!context || index === undefined) return `<code>${escapeHtml(token.content)}</code>`;
    if (!display) return mathHtml(context, index);
    const ids = labelIds(context, index);
    if (ids.length === 0) return mathHtml(context, index);
    return `${ids.map((anchor) => `<span class="mlnotes-anchor" id="${anchor}"></span>`).join('')}${mathHtml(context, index)}`;
  };
  rules.math_inline = inlineRule(false);
  rules.math_inline_double = inlineRule(true);
  rules.text = (tokens, idx, _options, env) => proseHtml(tokens[idx].content, contextOf(env)?.numbering);
  return md;
}

/** One `class` attribute from several. */
function mergeClasses(attrs: [string, string][]): [string, string][] {
  const classes = attrs.filter(([name]) => name === 'class').map(([, value]) => value).join(' ');
  return [['class', classes], ...attrs.filter(([name]) => name !== 'class')];
}

/**
 * Renders note after note, keeping the KaTeX cache between renders so an
 * edit re-renders only the expressions it changed. One per preview.
 */
export class NoteRenderer {
  private readonly md: MarkdownIt;
  /** The parser of `renderTo`: a long paragraph is parsed as it is written. */
  private streamingMd?: MarkdownIt;
  readonly cache = new MathCache();

  /** `streaming`: from what length, and in batches of how many tokens, `renderTo` parses a paragraph as it writes it (createStreamingMarkdownIt). */
  constructor(private readonly streaming?: { longInline: number; batchSize: number }) {
    this.md = createRenderingMarkdownIt();
    installRenderRules(this.md);
  }

  /** Renders `text`; pass the model's tokens to reuse the one parse shared with lint. */
  render(text: string, options: RenderOptions = {}, tokens?: MarkdownToken[]): RenderResult {
    const parsed = tokens ?? this.md.parse(text, {});
    const before = { ...this.cache.stats };
    const context = prepareRender(parsed, this.cache, options);
    const html = this.md.renderer.render(parsed, this.md.options, { mlnotes: context });
    this.cache.endPass();
    return { html, ...this.outcome(context, before) };
  }

  /**
   * Renders `text` piece by piece into `write`: parsed in runs of whole
   * top-level blocks, each run written and dropped, so what is held is one
   * run of tokens and the note's math (`math`, read first when needed),
   * never the page. The pieces joined are `render(text, options).html`.
   */
  renderTo(text: string, options: RenderOptions, write: HtmlSink, math = noteMathIfNeeded(text)): Omit<RenderResult, 'html'> {
    const before = { ...this.cache.stats };
    const context = renderContext(math?.items ?? [], this.cache, options);
    // Without a first read of the note, its math is numbered as the render meets it.
    const numberer = math ? undefined : new EquationNumberer();
    if (numberer) context.numbering = numberer.numbering;
    context.indexOf = new MathInOrder(numberer && ((token) => {
      const item = mathEntry(token);
      context.items.push(item);
      numberer.add(item);
    }));
    const markers = markerIndex(options.diagnostics ?? []);
    const env = { mlnotes: context };
    let list: SplitList | undefined;
    const md = this.streamingMd ??= installRenderRules(createStreamingMarkdownIt(this.streaming?.longInline, this.streaming?.batchSize));
    parseInRuns(md, text, (tokens, lists) => {
      context.markers = placeMarkers(tokens, markers);
      if (options.attributes) forEachWithAttributes(tokens, options.attributes);
      if (lists?.ended) { list!.writeTo(write, lists.ended.tight); list = undefined; }
      const goesOn = lists?.goesOn ?? tokens.length;
      writeTokens(md, tokens, env, write, 0, goesOn);
      if (goesOn < tokens.length) (list ??= new SplitList()).add(md, tokens, goesOn, env, markers);
    }, { splitLists: true });
    this.cache.endPass();
    return this.outcome(context, before);
  }

  private outcome(context: RenderContext, before: RenderStats): Omit<RenderResult, 'html'> {
    return {
      numbering: context.numbering,
      slots: context.slots,
      stats: {
        expressions: context.items.length,
        katexCalls: this.cache.stats.katexCalls - before.katexCalls,
        cacheHits: this.cache.stats.cacheHits - before.cacheHits,
      },
    };
  }
}

/** Where a streamed render writes: the pieces of the HTML, in order. */
export type HtmlSink = (html: string) => void;

/** What a render must know of the whole note before it writes any of it. */
export interface NoteMath {
  /** The note's math in document order (for numbers, references and the note's macros). */
  items: MathEntry[];
  /** Whether the note holds raw HTML (blocks or inline tags). */
  rawHtml: boolean;
}

let leanMd: MarkdownIt | undefined;

/**
 * What makes one formula's HTML depend on math after it: references, the note's macros, the numbers a `\tag`
 * takes from the automatic ones. Numbers and labels otherwise depend only on the math before (EquationNumberer).
 */
const NOTE_WIDE = /\\(?:tag|eqref|ref|newcommand|renewcommand|providecommand|def|DeclareMathOperator)/;

/**
 * `noteMath(text)` when a render needs it before writing: undefined when no
 * formula's HTML depends on another one and the note has no raw HTML (no
 * `<`), so the math can be read as the render goes (one parse, not two).
 */
export function noteMathIfNeeded(text: string): NoteMath | undefined {
  return NOTE_WIDE.test(text) || text.includes('<') ? noteMath(text) : undefined;
}

/** The math of `text`, from a parse that keeps no text tokens and drops each run of blocks once read. */
export function noteMath(text: string): NoteMath {
  const items: MathEntry[] = [];
  let rawHtml = false;
  parseInRuns(leanMd ??= createLeanMarkdownIt(), text, (run) => {
    for (const token of mathTokens(run)) items.push(mathEntry(token));
    rawHtml ||= run.some((t) => t.type === 'html_block' || (t.type === 'inline' && !!t.children?.some((c) => c.type === 'html_inline')));
  });
  return { items, rawHtml };
}

/**
 * markdown-it's `renderer.render` of `tokens[from, to)`, each token's HTML
 * handed to `write` instead of joined into one string; a long paragraph left
 * unparsed (createStreamingMarkdownIt) is parsed here, batch by batch.
 */
function writeTokens(md: MarkdownIt, tokens: MarkdownToken[], env: { mlnotes: RenderContext }, write: HtmlSink, from = 0, to = tokens.length): void {
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (token.type !== 'inline') write(tokenHtml(md, tokens, i, env));
    else if (!isDeferredInline(token)) writeInline(md, token.children ?? [], env, write);
    else {
      parseInlineInBatches(md, token, (children) => {
        if (env.mlnotes.attributes) forEachWithAttributes(children, env.mlnotes.attributes);
        writeInline(md, children, env, write);
      });
    }
  }
}

function writeInline(md: MarkdownIt, children: MarkdownToken[], env: unknown, write: HtmlSink): void {
  for (let j = 0; j < children.length; j++) write(tokenHtml(md, children, j, env));
}

/**
 * The index of each formula of a render that meets them in document order,
 * each once (renderTo: a paragraph's math may be parsed only as it is
 * written): the next index, after `onNew(token)` has added it to the note's math.
 */
class MathInOrder implements MathLookup {
  private next = 0;

  constructor(private readonly onNew?: (token: MarkdownToken) => void) {}

  get(token: MarkdownToken): number {
    this.onNew?.(token);
    return this.next++;
  }
}

function tokenHtml(md: MarkdownIt, tokens: MarkdownToken[], i: number, env: unknown): string {
  const rule = (md.renderer.rules as Record<string, RenderRule | undefined>)[tokens[i].type];
  return rule ? rule(tokens, i, md.options, env, md.renderer) : md.renderer.renderToken(tokens, i, md.options);
}

/** Tokens whose HTML never depends on whether a neighbouring paragraph is hidden. */
const NEIGHBOUR_BLIND = new Set(['inline', 'math_block']);

/**
 * The HTML of a top-level list handed over item by item (parseInRuns),
 * kept until the list ends: markdown-it knows only then whether it is tight
 * (its items' paragraphs hidden). Both ways are kept, each as one string a
 * run; a token is rendered twice only where the two differ: a paragraph
 * that may be hidden, its neighbours, and blocks that may carry its markers.
 * Math is rendered once. What is kept is HTML, not the list's tokens.
 */
class SplitList {
  private readonly tight: string[] = [];
  private readonly loose: string[] = [];

  add(md: MarkdownIt, tokens: MarkdownToken[], from: number, env: { mlnotes: RenderContext }, markers: MarkerIndex): void {
    const context = env.mlnotes;
    const loose = context.markers;
    const candidates = tightParagraphs(tokens, from);
    const hidden = new Uint8Array(tokens.length + 1);
    for (const i of candidates) hidden[i] = 1;
    const setHidden = (value: boolean) => { for (const i of candidates) tokens[i].hidden = value; };
    setHidden(true);
    const tightMarkers = placeMarkers(tokens, markers);
    context.markers = tightMarkers;
    // Only these tokens' HTML may differ in a tight list; they are rendered for it now, while its paragraphs are hidden.
    const tightHtml: (string | undefined)[] = [];
    for (let i = from; i < tokens.length; i++) {
      const token = tokens[i];
      if (NEIGHBOUR_BLIND.has(token.type)) continue;
      // markdown-it's renderToken: an opening block looks at the next token, any block but a closing one at the one before.
      const neighbour = (token.nesting === 1 && hidden[i + 1]) || (token.nesting !== -1 && i > 0 && hidden[i - 1]);
      if (hidden[i] || neighbour || loose.has(token) || tightMarkers.has(token)) tightHtml[i] = tokenHtml(md, tokens, i, env);
    }
    setHidden(false);
    context.markers = loose;
    // Joined, not `+=`: a string built by `+=` stays a tree of its pieces.
    const looseRun: string[] = [];
    const tightRun: string[] = [];
    const gather = (html: string) => { looseRun.push(html); };
    const gatherBoth = (html: string) => { looseRun.push(html); tightRun.push(html); };
    for (let i = from; i < tokens.length; i++) {
      const tight = tightHtml[i];
      if (tight === undefined) writeTokens(md, tokens, env, gatherBoth, i, i + 1);
      else { writeTokens(md, tokens, env, gather, i, i + 1); tightRun.push(tight); }
    }
    this.loose.push(looseRun.join(''));
    this.tight.push(tightRun.join(''));
  }

  writeTo(write: HtmlSink, tight: boolean): void {
    for (const html of tight ? this.tight : this.loose) write(html);
  }
}

function forEachWithAttributes(tokens: MarkdownToken[], visit: (token: MarkdownToken) => void): void {
  for (const token of tokens) {
    if (token.attrs) visit(token);
    if (token.children) forEachWithAttributes(token.children, visit);
  }
}

/** Renders one note with a fresh cache. */
export function renderNote(text: string, options: RenderOptions = {}): RenderResult {
  return new NoteRenderer().render(text, options);
}
