/**
 * The one markdown-it configuration shared by the parser, the linter and the
 * renderer. Math is recognised with markdown-it-texmath's rule machinery, but
 * with our own delimiter table: texmath's stock table treats a parenthesised
 * line after `$$…$$` as an equation number (swallowing `(a) …` paragraphs),
 * drops text that follows a closing `$$` on the same line, and does not know
 * starred environments.
 *
 * Every math token carries `meta: MathTokenMeta` with exact offsets, so the
 * parser can map it back to the source.
 */
import markdownIt = require('markdown-it');
import texmath = require('markdown-it-texmath');
import { blockGuards, inlineGuards, type MathGuard } from './math-closers';
import { countWork } from './work';
import { countNewlines } from './text';

export type MarkdownIt = ReturnType<typeof markdownIt>;
export type MarkdownToken = markdownIt.Token;
type StateBlock = markdownIt.StateBlock;

/** Environments accepted at block level (NOTE-SPEC §2). */
export const DISPLAY_ENVIRONMENTS = ['equation', 'align', 'gather', 'multline'];

export interface MathTokenMeta {
  /**
   * Offset of the opening delimiter: for block tokens from the start of the
   * token's first line (`map[0]`: they stay true when an edit moves the
   * token), for inline ones in the inline token's content.
   */
  start: number;
  /** Offset just past the closing delimiter (same reference as `start`). */
  end: number;
  /** Offset of the math content itself (same reference). */
  contentStart: number;
  /** The delimiter pair, e.g. `$$`, `\\[`, `begin`. */
  delimiter: MathDelimiter;
  display: boolean;
}

export type MathDelimiter = '$' | '$$' | '\\(' | '\\[' | 'begin';

interface TexmathRule {
  name: string;
  rex: RegExp;
  tmpl: string;
  tag: string;
  displayMode?: boolean;
  pre?: (str: string, outerSpace: boolean, pos: number) => boolean;
  post?: (str: string, outerSpace: boolean, pos: number) => boolean;
  delimiter: MathDelimiter;
}

const ENV = `(?:${DISPLAY_ENVIRONMENTS.join('|')})\\*?`;
/** A closing delimiter of a block must end its line, so no text after it is lost. */
const EOL = '[ \\t]*(?=\\r?\\n|$(?![\\s\\S]))';

/** Display math never spans a blank line (TeX rejects it too), so an unclosed `$$` cannot eat the note. */
const NO_BLANK_LINE = '(?:(?!\\n[ \\t]*\\r?\\n)[\\s\\S])';

const texmathAny = texmath as unknown as {
  rules: Record<string, { inline: TexmathRule[]; block: TexmathRule[] }>;
  $_pre: TexmathRule['pre'];
  $_post: TexmathRule['post'];
};

const RULE_SET = 'mlnotes';

texmathAny.rules[RULE_SET] = {
  inline: [
    // A single `$` inside (`$$a = \text{if $x$}$$`) belongs to a \text{…} and does not end the formula.
    { name: 'math_inline_double', rex: /\${2}((?:[^$]|\$(?!\$))*?[^\\$])\${2}/gy, tmpl: '<section><eqn>$1</eqn></section>',
      tag: '$$', displayMode: true, pre: texmathAny.$_pre, post: texmathAny.$_post, delimiter: '$$' },
    // Escape-aware: `\$` is a dollar inside the math (`$\$10 \pm \$1$`), never its end.
    { name: 'math_inline', rex: /\$(?!\s)((?:\\[\s\S]|[^$\\])*?(?:\\[^\s]|[^\s$\\]))\$/gy, tmpl: '<eq>$1</eq>',
      tag: '$', pre: texmathAny.$_pre, post: texmathAny.$_post, delimiter: '$' },
    { name: 'math_inline', rex: /\\\(([\s\S]+?)\\\)/gy, tmpl: '<eq>$1</eq>', tag: '\\(', delimiter: '\\(' },
    { name: 'math_inline_double', rex: /\\\[([\s\S]+?)\\\]/gy, tmpl: '<section><eqn>$1</eqn></section>',
      tag: '\\[', displayMode: true, delimiter: '\\[' },
    // An environment right under a line of text (no blank line between) is inside that paragraph, not a block.
    { name: 'math_inline_double', rex: new RegExp(`(\\\\begin\\{(${ENV})\\}[\\s\\S]*?\\\\end\\{\\2\\})`, 'gy'),
      tmpl: '<section><eqn>$1</eqn></section>', tag: '\\begin{', displayMode: true, delimiter: 'begin' },
  ],
  block: [
    { name: 'math_block', rex: new RegExp(`\\$\\$(${NO_BLANK_LINE}*?[^\\\\$])\\$\\$${EOL}`, 'gmy'), tmpl: '<section><eqn>$1</eqn></section>',
      tag: '$$', delimiter: '$$' },
    { name: 'math_block', rex: new RegExp(`\\\\\\[(${NO_BLANK_LINE}+?)\\\\\\]${EOL}`, 'gmy'), tmpl: '<section><eqn>$1</eqn></section>',
      tag: '\\[', delimiter: '\\[' },
    { name: 'math_block', rex: new RegExp(`(\\\\begin\\{(${ENV})\\}[\\s\\S]*?\\\\end\\{\\2\\})${EOL}`, 'gmy'),
      tmpl: '<section><eqn>$1</eqn></section>', tag: '\\begin{', delimiter: 'begin' },
  ],
};

/** Wraps texmath's inline rule so each token records where it stood. */
function withInlineMeta(rule: TexmathRule, inner: (state: any, silent: boolean) => boolean) {
  // texmath's rule needs its tag at `pos`; markdown-it tries inline rules at every `*`, `_`, `-`… too.
  const first = rule.tag.charCodeAt(0);
  return (state: any, silent: boolean): boolean => {
    const start = state.pos as number;
    if (state.src.charCodeAt(start) !== first) return false;
    const before = state.tokens.length;
    const ok = inner(state, silent);
    if (ok && !silent && state.tokens.length > before) {
      const token = state.tokens[state.tokens.length - 1];
      const content = token.content as string;
      const end = state.pos as number;
      const contentStart = rule.delimiter === 'begin' ? start : start + rule.tag.length;
      token.meta = { start, end, contentStart, delimiter: rule.delimiter, display: !!rule.displayMode } satisfies MathTokenMeta;
      token.content = content;
    }
    return ok;
  };
}

/** Wraps texmath's block rule so each token records its offsets, from the start of its first line. */
function withBlockMeta(rule: TexmathRule, inner: (state: StateBlock, begLine: number, endLine: number, silent: boolean) => boolean) {
  return (state: StateBlock, begLine: number, endLine: number, silent: boolean): boolean => {
    const start = state.bMarks[begLine] + state.tShift[begLine];
    const before = state.tokens.length;
    const ok = inner(state, begLine, endLine, silent);
    if (ok && !silent && state.tokens.length > before) {
      const token = state.tokens[state.tokens.length - 1];
      const end = rule.rex.lastIndex;
      const raw = state.src.slice(start, end).replace(/[ \t]+$/, '');
      // The line's own start: in a blockquote or list item bMarks stands after the markers.
      const lineStart = state.src.lastIndexOf('\n', start - 1) + 1;
      const at = start - lineStart;
      const contentStart = rule.delimiter === 'begin' ? at : at + rule.tag.length;
      token.meta = { start: at, end: at + raw.length, contentStart, delimiter: rule.delimiter, display: true } satisfies MathTokenMeta;
    }
    return ok;
  };
}

/** Runs texmath's inline rule only where its regex matches (math-closers.ts); counts what the match scanned. */
function guardInline(rule: TexmathRule, guard: MathGuard | undefined, inner: (state: any, silent: boolean) => boolean) {
  return (state: any, silent: boolean): boolean => {
    const start = state.pos as number;
    if (guard && state.src.startsWith(rule.tag, start) && !guard(state, state.src, start)) return false;
    const ok = inner(state, silent);
    if (ok) countWork(state.pos - start);
    return ok;
  };
}

/** The same for a block rule, at the start of the line's text. */
function guardBlock(rule: TexmathRule, guard: MathGuard | undefined, inner: (state: StateBlock, begLine: number, endLine: number, silent: boolean) => boolean) {
  return (state: StateBlock, begLine: number, endLine: number, silent: boolean): boolean => {
    const start = state.bMarks[begLine] + state.tShift[begLine];
    if (guard && state.src.startsWith(rule.tag, start) && !guard(state, state.src, start)) return false;
    const ok = inner(state, begLine, endLine, silent);
    if (ok) countWork(rule.rex.lastIndex - start);
    return ok;
  };
}

/** Front matter (`---` … `---` at the very top) becomes one `front_matter` token, never a rule or a heading. */
function frontMatterRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (startLine !== 0 || state.blkIndent !== 0) return false;
  const lineText = (n: number) => state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
  if (lineText(0).replace(/^\uFEFF/, '').trimEnd() !== '---') return false;
  for (let line = 1; line < endLine; line++) {
    const text = lineText(line).trimEnd();
    if (text === '---' || text === '...') {
      if (silent) return true;
      const token = state.push('front_matter', '', 0);
      token.block = true;
      token.hidden = true;
      token.map = [0, line + 1];
      token.content = state.src.slice(state.eMarks[0] + 1, state.bMarks[line]);
      state.line = line + 1;
      return true;
    }
  }
  return false;
}

type TokenClass = new (type: string, tag: string, nesting: number) => MarkdownToken;
type MarkdownItStatics = { Token: TokenClass; StateCore: Function; StateBlock: Function; StateInline: Function };
const statics = markdownIt as unknown as MarkdownItStatics;

/**
 * markdown-it's Token, its fields set by plain assignment: markdown-it 15's
 * own constructor sets each of its 13 fields through a helper that converts
 * the key and tests `in` first, and was a fifth of a large render. Same
 * fields in the same order, same prototype (attrGet…, `instanceof Token`):
 * a token indistinguishable from markdown-it's.
 */
const PlainToken = function PlainToken(this: MarkdownToken, type: string, tag: string, nesting: MarkdownToken['nesting']) {
  this.map = null;
  this.level = 0;
  this.children = null;
  this.content = '';
  this.markup = '';
  this.info = '';
  this.block = false;
  this.hidden = false;
  this.type = type;
  this.tag = tag;
  this.attrs = null;
  this.nesting = nesting;
  this.meta = null;
} as unknown as TokenClass;
PlainToken.prototype = statics.Token.prototype;

/*
 * markdown-it's three parser states, each with the fields of markdown-it 15's
 * and its methods inherited (its prototype), made with plain assignments and
 * making PlainTokens. The block state keeps its line tables (bMarks, eMarks,
 * tShift, sCount, bsCount) in typed arrays sized once: pushing five arrays
 * per line was half a second for a 5 MB note of short lines, and twice the
 * memory.
 */

class CoreState {
  declare tokens: MarkdownToken[];
  declare inlineMode: boolean;
  declare Token: TokenClass;
  declare src: string;
  declare env: unknown;
  declare md: MarkdownIt;

  constructor(src: string, md: MarkdownIt, env: unknown) {
    this.tokens = [];
    this.inlineMode = false;
    this.Token = PlainToken;
    this.src = src;
    this.env = env;
    this.md = md;
  }
}

const isSpace = (code: number) => code === 9 || code === 32;

/**
 * Where the lines of a text start, when the caller already knows (parseNote's
 * Doc, the lines of an edit): set in the parse's `env`, it spares the block
 * state its own search for every line break. Line k of `text` starts at
 * `starts[first + k] - base`. Read only for that very text.
 */
export interface KnownLines { text: string; starts: readonly number[]; first: number; base: number }
export const KNOWN_LINES = Symbol('mlnotes known lines');

/** The offset of the line break that ends line `line`, or -1 for the last line. */
function knownLineBreak(known: KnownLines, line: number): number {
  const next = known.starts[known.first + line + 1];
  return next === undefined ? -1 : next - known.base - 1;
}

class BlockState {
  declare bMarks: Int32Array;
  declare eMarks: Int32Array;
  declare tShift: Int32Array;
  declare sCount: Int32Array;
  declare bsCount: Int32Array;
  declare blkIndent: number;
  declare line: number;
  declare lineMax: number;
  declare tight: boolean;
  declare listIndent: number;
  declare parentType: string;
  declare level: number;
  declare Token: TokenClass;
  declare src: string;
  declare md: MarkdownIt;
  declare env: unknown;
  declare tokens: MarkdownToken[];

  constructor(src: string, md: MarkdownIt, env: unknown, tokens: MarkdownToken[]) {
    this.blkIndent = 0;
    this.line = 0;
    this.lineMax = 0;
    this.tight = false;
    this.listIndent = -1;
    this.parentType = 'root';
    this.level = 0;
    this.Token = PlainToken;
    this.src = src;
    this.md = md;
    this.env = env;
    this.tokens = tokens;
    this.readLines(src, (env as { [KNOWN_LINES]?: KnownLines } | null)?.[KNOWN_LINES]);
  }

  /**
   * markdown-it's line scan (StateBlock's constructor), into tables sized for
   * one line per `\\n` and the end: the indent of each line is read, its end
   * found by indexOf or, when the caller knows the lines (KnownLines), read
   * from them. Like markdown-it, a last line of only spaces and tabs with no
   * line break after it is no line.
   */
  private readLines(s: string, lines: KnownLines | undefined): void {
    const known = lines?.text === s ? lines : undefined;
    const size = known ? known.starts.length - known.first + 1 : countNewlines(s) + 2;
    const bMarks = new Int32Array(size);
    const eMarks = new Int32Array(size);
    const tShift = new Int32Array(size);
    const sCount = new Int32Array(size);
    const len = s.length;
    let line = 0;
    for (let start = 0; start < len; line++) {
      let pos = start;
      let offset = 0;
      for (let ch = s.charCodeAt(pos); pos < len && isSpace(ch); ch = s.charCodeAt(++pos)) offset += ch === 9 ? 4 - (offset % 4) : 1;
      if (pos === len) break;
      const end = known ? knownLineBreak(known, line) : s.indexOf('\n', pos);
      bMarks[line] = start;
      eMarks[line] = end < 0 ? len : end;
      tShift[line] = pos - start;
      sCount[line] = offset;
      start = end < 0 ? len : end + 1;
    }
    bMarks[line] = s.length;
    eMarks[line] = s.length;
    // Views of exactly the lines, so a read past the end is undefined, as in markdown-it's arrays.
    this.bMarks = bMarks.subarray(0, line + 1);
    this.eMarks = eMarks.subarray(0, line + 1);
    this.tShift = tShift.subarray(0, line + 1);
    this.sCount = sCount.subarray(0, line + 1);
    this.bsCount = new Int32Array(line + 1);
    this.lineMax = line;
  }

  push(type: string, tag: string, nesting: number): MarkdownToken {
    const token = new PlainToken(type, tag, nesting);
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  }

  /**
   * markdown-it's getLines. Lines taken whole (no indent to strip) that lie
   * one after the other in the source are one slice of it, not a slice per
   * line joined: a paragraph of a million lines is one string; one line
   * (a list item's paragraph) is its slice, with no array to join.
   */
  getLines(begin: number, end: number, indent: number, keepLastLF: boolean): string {
    if (begin >= end) return '';
    if (indent === 0 && this.adjacent(begin, end)) {
      return this.src.slice(this.bMarks[begin], keepLastLF ? this.eMarks[end - 1] + 1 : this.eMarks[end - 1]);
    }
    if (end - begin === 1) return this.lineText(begin, indent, keepLastLF);
    const lines = new Array<string>(end - begin);
    for (let line = begin; line < end; line++) lines[line - begin] = this.lineText(line, indent, line + 1 < end || keepLastLF);
    return lines.join('');
  }

  /** One line of getLines: up to `indent` columns of its indent left out (a tab may leave spaces), with its line break if `withBreak`. */
  private lineText(line: number, indent: number, withBreak: boolean): string {
    const lineStart = this.bMarks[line];
    const last = withBreak ? this.eMarks[line] + 1 : this.eMarks[line];
    let first = lineStart;
    let lineIndent = 0;
    while (first < last && lineIndent < indent) {
      const ch = this.src.charCodeAt(first);
      if (isSpace(ch)) lineIndent += ch === 9 ? 4 - ((lineIndent + this.bsCount[line]) % 4) : 1;
      else if (first - lineStart < this.tShift[line]) lineIndent++; // characters a block rule masked by patching tShift (a quote's `>`) count as indent
      else break;
      first++;
    }
    const text = this.src.slice(first, last);
    return lineIndent > indent ? ' '.repeat(lineIndent - indent) + text : text;
  }

  /** Whether lines [begin, end) follow each other in the source, each its whole line (no block marker cut off in front). */
  private adjacent(begin: number, end: number): boolean {
    for (let line = begin; line < end - 1; line++) {
      if (this.bMarks[line + 1] !== this.eMarks[line] + 1) return false;
    }
    return true;
  }
}

class InlineState {
  declare pos: number;
  declare level: number;
  declare pending: string;
  declare pendingLevel: number;
  declare cache: Record<number, number>;
  declare backticks: Record<number, number>;
  declare backticksScanned: boolean;
  declare skipHtmlSpecial: boolean;
  declare linkLevel: number;
  declare delimiters: unknown[];
  declare _prev_delimiters: unknown[][];
  declare Token: TokenClass;
  declare src: string;
  declare env: unknown;
  declare md: MarkdownIt;
  declare tokens: MarkdownToken[];
  declare tokens_meta: unknown[];
  declare posMax: number;
  /** Where the last `](` of `src` is (-1: none), read on first need (skipLinksThatCannotClose). */
  declare lastLinkClose: number | undefined;
  /** Where the last `<!` or `<?` of `src` is (-1: none), read on first need (skipLinksThatCannotClose). */
  declare lastSpecialHtml: number | undefined;

  constructor(src: string, md: MarkdownIt, env: unknown, outTokens: MarkdownToken[]) {
    this.pos = 0;
    this.level = 0;
    this.pending = '';
    this.pendingLevel = 0;
    this.cache = {};
    this.backticks = {};
    this.backticksScanned = false;
    this.skipHtmlSpecial = false;
    this.linkLevel = 0;
    this.delimiters = [];
    this._prev_delimiters = [];
    this.Token = PlainToken;
    this.src = src;
    this.env = env;
    this.md = md;
    this.tokens = outTokens;
    this.tokens_meta = Array(outTokens.length);
    this.posMax = src.length;
    this.lastLinkClose = undefined;
    this.lastSpecialHtml = undefined;
  }

  pushPending(): MarkdownToken {
    const token = new PlainToken('text', '', 0);
    token.content = this.pending;
    token.level = this.pendingLevel;
    this.tokens.push(token);
    this.pending = '';
    return token;
  }

  push(type: string, tag: string, nesting: number): MarkdownToken {
    if (this.pending) this.pushPending();
    const token = new PlainToken(type, tag, nesting);
    let tokenMeta: { delimiters: unknown[] } | undefined;
    if (nesting < 0) {
      this.level--;
      this.delimiters = this._prev_delimiters.pop()!;
    }
    token.level = this.level;
    if (nesting > 0) {
      this.level++;
      this._prev_delimiters.push(this.delimiters);
      this.delimiters = [];
      tokenMeta = { delimiters: this.delimiters };
    }
    this.pendingLevel = this.level;
    this.tokens.push(token);
    this.tokens_meta.push(tokenMeta);
    return token;
  }
}

// The methods markdown-it's rules call besides these (skipSpaces, scanDelims…) are markdown-it's own.
Object.setPrototypeOf(CoreState.prototype, statics.StateCore.prototype);
Object.setPrototypeOf(BlockState.prototype, statics.StateBlock.prototype);
Object.setPrototypeOf(InlineState.prototype, statics.StateInline.prototype);

/** Makes `md` parse with our states (above). */
function usePlainStates(md: MarkdownIt): void {
  (md.core as { State: unknown }).State = CoreState;
  (md.block as { State: unknown }).State = BlockState;
  (md.inline as { State: unknown }).State = InlineState;
}

export interface MarkdownOptions {
  /** KaTeX options for the renderer rules texmath installs (parsing never calls KaTeX). */
  katexOptions?: Record<string, unknown>;
}

/**
 * A markdown-it instance with our math delimiters and front matter. Raw HTML
 * is on, as on GitHub and in VS Code's own preview (NOTE-SPEC §2): whoever
 * shows the HTML sanitizes it (src/core/render/html-policy.ts).
 */
export function createMarkdownIt(options: MarkdownOptions = {}): MarkdownIt {
  const md = markdownIt({ html: true, linkify: false, typographer: false });
  usePlainStates(md);
  // markdown-it's own normalize runs two regexes over the whole text; markdownSource does the same with two quick searches,
  // and parseNote's text, already normalized, comes back unchanged.
  md.core.ruler.at('normalize', (state) => { state.src = markdownSource(state.src); });
  installNoteSyntax(md, options);
  skipLinksThatCannotClose(md);
  md.inline.ruler.at('text', textRun);
  return md;
}

/** The characters markdown-it's inline rules can start at (its `isTerminatorChar`): a run of text stops before each. */
const RULE_STARTS = '\n!#$%&*+-:<=>@[\\]^_`{}~';
const TEXT_RUN = new RegExp(`[^${RULE_STARTS.replace(/[\\\]^-]/g, '\\$&')}]+`, 'y');
const RULE_START_CODES = new Set([...RULE_STARTS].map((c) => c.charCodeAt(0)));

/**
 * markdown-it's `text` rule, which tests one character per call until a rule
 * could start: the same run found by one native search. A run that could pass
 * `posMax` (a link's label) is read as markdown-it reads it, so the search
 * never reads past it.
 */
function textRun(state: markdownIt.StateInline, silent: boolean): boolean {
  const start = state.pos;
  let end = start;
  if (state.posMax === state.src.length) {
    TEXT_RUN.lastIndex = start;
    if (TEXT_RUN.test(state.src)) end = TEXT_RUN.lastIndex;
  } else {
    while (end < state.posMax && !RULE_START_CODES.has(state.src.charCodeAt(end))) end++;
  }
  if (end === start) return false;
  if (!silent) state.pending += state.src.slice(start, end);
  state.pos = end;
  return true;
}

/**
 * A link or an image is a `[label]` followed by `(`, or a reference when the
 * text defines any: markdown-it's rules read the whole label (every inline
 * rule, silently) before they look. A note's brackets are mostly prose
 * (`[RECONSTRUCTED]`, `[12:34]`) and TeX, and those with no `](` after them
 * cannot start either: they are passed over at once, with the same tokens.
 * Unless raw HTML that starts with `<!` or `<?` follows: when markdown-it's
 * scan of a label meets such a comment or declaration that never closes, it
 * stops reading those for the rest of the paragraph (`skipHtmlSpecial`), so
 * a closed one before it becomes text. Passed over, the label would leave
 * that comment HTML, which markdown-it does not.
 */
function skipLinksThatCannotClose(md: MarkdownIt): void {
  for (const entry of rulerEntries(md.inline.ruler).filter((rule) => rule.name === 'link' || rule.name === 'image')) {
    const inner = entry.fn as (state: InlineState, silent: boolean) => boolean;
    entry.fn = (state: InlineState, silent: boolean): boolean => {
      if ((state.env as { references?: unknown }).references === undefined
        && (state.lastLinkClose ??= state.src.lastIndexOf('](')) < state.pos
        && (state.lastSpecialHtml ??= Math.max(state.src.lastIndexOf('<!'), state.src.lastIndexOf('<?'))) < state.pos) return false;
      return inner(state, silent);
    };
  }
  (md.inline.ruler as any).__cache__ = null;
}

/** The text markdown-it parses: line breaks as `\n`, NUL as U+FFFD (markdown-it's normalize). */
export function markdownSource(text: string): string {
  const src = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // lastIndexOf: V8's forward search for NUL was fifty times slower than for `\r` (a tenth of a re-lint after an edit), lastIndexOf four times faster.
  return src.lastIndexOf('\0') !== -1 ? src.replace(/\0/g, '\uFFFD') : src;
}

/** The characters a backslash escapes (CommonMark: ASCII punctuation), as markdown-it's escape rule lists them. */
const ESCAPABLE = '\\!"#$%&\'()*+,./:;<=>?@[]^_`{|}~-';

/**
 * The same parser for a renderer that parses on its own: a line break that
 * is no hard break, and an escaped character, go into the text around them
 * instead of tokens of their own (a softbreak renders as the `\n` the text
 * now holds; markdown-it's text_join would merge the escaped character into
 * that text anyway). The HTML is the same; a paragraph of 5 MB of lines is
 * a few text tokens, not millions.
 */
export function createRenderingMarkdownIt(): MarkdownIt {
  const md = createMarkdownIt();
  const rules = rulerEntries(md.inline.ruler);
  const newline = rules.find((rule) => rule.name === 'newline')!;
  const softbreak = newline.fn as (state: any, silent: boolean) => boolean;
  newline.fn = (state: any, silent: boolean): boolean => {
    // A space before the break (a hard break, or one markdown-it drops) is left to markdown-it's rule. The
    // text is read from the source: reading the end of a long pending text would flatten it at every line.
    const src = state.src as string;
    if (silent || src.charCodeAt(state.pos) !== 10 || (state.pending.length > 0 && src.charCodeAt(state.pos - 1) === 32)) {
      return softbreak(state, silent);
    }
    state.pending += '\n';
    let pos = state.pos + 1;
    while (pos < state.posMax && (state.src.charCodeAt(pos) === 32 || state.src.charCodeAt(pos) === 9)) pos++;
    state.pos = pos;
    return true;
  };
  const escapeRule = rules.find((rule) => rule.name === 'escape')!;
  const escape = escapeRule.fn as (state: any, silent: boolean) => boolean;
  escapeRule.fn = (state: any, silent: boolean): boolean => {
    const escaped = state.src[state.pos + 1] as string | undefined;
    if (silent || state.src.charCodeAt(state.pos) !== 92 || state.pos + 1 >= state.posMax || !escaped || !ESCAPABLE.includes(escaped)) {
      return escape(state, silent);
    }
    state.pending += escaped;
    state.pos += 2;
    return true;
  };
  (md.inline.ruler as any).__cache__ = null;
  return md;
}

/** A paragraph longer than this is parsed by the streaming parser as it is rendered (createStreamingMarkdownIt). */
export const LONG_INLINE = 64 * 1024;

/** Inline tokens left unparsed by a streaming parser, with the `env` their parse needs (link references). */
const deferredInline = new WeakMap<MarkdownToken, unknown>();
/** Set on the inline state of `parseInlineInBatches`: who takes its finished tokens. */
const BATCHER = Symbol('mlnotes inline batches');
type BatchedState = markdownIt.StateInline & { [BATCHER]?: InlineBatcher };

/**
 * `createRenderingMarkdownIt()` for a render written as it goes (`renderTo`):
 * the inline content of a paragraph longer than `longInline` characters is
 * not parsed with its block (the inline token is left without children, see
 * `isDeferredInline`) but by `parseInlineInBatches` when it is rendered, its
 * tokens handed over in batches of about `batchSize`. A paragraph of a
 * million formulas was two million tokens alive at once, and most of the
 * render's time went to the garbage collector moving them.
 */
export function createStreamingMarkdownIt(longInline = LONG_INLINE, batchSize = 1000): MarkdownIt {
  const md = createRenderingMarkdownIt();
  const inline = coreRules(md).find((rule) => rule.name === 'inline')!;
  // markdown-it's `inline` core rule, but for the long paragraphs.
  inline.fn = (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'inline') continue;
      if (token.content.length > longInline) deferredInline.set(token, state.env);
      else state.md.inline.parse(token.content, state.md, state.env, token.children!);
    }
  };
  md.inline.ruler.before(rulerEntries(md.inline.ruler)[0].name, 'mlnotes_batches', (state: BatchedState, silent: boolean) => {
    if (!silent) state[BATCHER]?.handOverIfReady(state);
    return false;
  });
  streamingInstances.set(md, batchSize);
  (md.core.ruler as any).__cache__ = null;
  return md;
}

const streamingInstances = new WeakMap<MarkdownIt, number>();

/** Whether `token` is a long paragraph's inline token a streaming parser left unparsed (its children come from parseInlineInBatches). */
export function isDeferredInline(token: MarkdownToken): boolean {
  return token.type === 'inline' && deferredInline.has(token);
}

/**
 * The children `md.parse` would have given the deferred inline `token`
 * (with every core rule after `inline`: text_join, opaque ranges), handed to
 * `onBatch` in order, in batches cut where nothing after can change them:
 * at the top level, after a token that is not text (no text to join with
 * the next), with no emphasis delimiter of the top level waiting for its pair
 * (those inside a finished link are paired within the batch) and no raw HTML
 * (an element's range may run on). Where those never hold, the rest is one batch.
 */
export function parseInlineInBatches(md: MarkdownIt, token: MarkdownToken, onBatch: (children: MarkdownToken[]) => void): void {
  const state = new md.inline.State(token.content, md, deferredInline.get(token) as markdownIt.StateInline['env'], []) as BatchedState;
  const batcher = new InlineBatcher(md, streamingInstances.get(md) ?? Infinity, onBatch);
  state[BATCHER] = batcher;
  md.inline.tokenize(state);
  state[BATCHER] = undefined;
  batcher.handOver(state);
}

/** Hands the finished tokens of one long paragraph's inline parse over in batches (parseInlineInBatches). */
class InlineBatcher {
  /** Tokens before this index were checked for raw HTML. */
  private checked = 0;
  /** Set for good once raw HTML is met: an element's range may run on to the paragraph's end. */
  private stuck = false;
  private readonly afterInline: { fn: (state: markdownIt.StateCore) => void }[];

  constructor(private readonly md: MarkdownIt, private readonly size: number, private readonly onBatch: (children: MarkdownToken[]) => void) {
    const rules = coreRules(md);
    this.afterInline = rules.slice(rules.findIndex((rule) => rule.name === 'inline') + 1);
  }

  /** Called before each top-level inline rule: hands the tokens so far over when they are final. */
  handOverIfReady(state: BatchedState): void {
    const tokens = state.tokens;
    if (this.stuck || tokens.length < this.size || state.level !== 0 || state.pending !== '' || state.delimiters.length > 0) return;
    const last = tokens[tokens.length - 1].type;
    if (last === 'text' || last === 'text_special') return;
    for (; this.checked < tokens.length; this.checked++) if (tokens[this.checked].type === 'html_inline') this.stuck = true;
    if (!this.stuck) this.handOver(state);
  }

  /** What markdown-it runs after tokenizing (ruler2), then the core rules after `inline`, on the tokens so far. */
  handOver(state: BatchedState): void {
    for (const rule of this.md.inline.ruler2.getRules('')) rule(state);
    const inline = new PlainToken('inline', '', 0);
    inline.content = state.src;
    inline.children = state.tokens;
    const core = new this.md.core.State(state.src, this.md, state.env);
    core.tokens = [inline];
    for (const rule of this.afterInline) rule.fn(core);
    state.tokens = [];
    state.tokens_meta = [];
    this.checked = 0;
    this.onBatch(inline.children);
  }
}

/** Inline tokens the NoteModel never reads: escaped characters and line breaks (plain text is not pushed either). */
const UNREAD_INLINE = new Set(['text_special', 'softbreak', 'hardbreak']);
/** What every token a lean parse keeps starts with or holds: `$`, a backslash (`\(`, `\[`, `\begin`), `` ` ``, `<`, `[` (a link, an image's `![`). */
const MAY_HOLD_READ_TOKEN = /[$\\`<[]/;
const leanInstances = new WeakSet<MarkdownIt>();

/**
 * The same parser for a parse whose tokens only build the NoteModel (never
 * rendered): an inline token's children are its math, code, HTML, links and
 * images, without the text between them and the line breaks. A paragraph of
 * 5 MB is one inline token, and its text and breaks were millions of tokens
 * alive at once. Emphasis and strikethrough are not read at all: the model
 * reads none of their tokens, and their rules never take a `$`, a backslash,
 * a backtick or a bracket, so the math, code and links are where a full
 * parse finds them (markdown.test.ts compares the models); they were a fifth
 * of the markdown parse of a note. Only for tokens that are dropped after the
 * scan: a renderer needs the text.
 */
export function createLeanMarkdownIt(): MarkdownIt {
  const md = createMarkdownIt();
  md.inline.ruler.disable(['emphasis', 'strikethrough']);
  md.inline.ruler2.disable(['emphasis', 'strikethrough', 'balance_pairs', 'fragments_join']);
  const Base = md.inline.State as unknown as new (...args: any[]) => LeanState;
  // What is not kept is not made: callers get this token (some set its fields), nobody keeps it.
  const dropped = new PlainToken('text', '', 0);
  class LeanStateInline extends Base {
    override pushPending(): MarkdownToken {
      this.pending = '';
      return dropped;
    }
    override push(type: string, tag: string, nesting: number): MarkdownToken {
      if (!UNREAD_INLINE.has(type)) return super.push(type, tag, nesting);
      if (this.pending) this.pushPending();
      return dropped;
    }
  }
  (md.inline as { State: unknown }).State = LeanStateInline;
  const tokenize = md.inline.tokenize.bind(md.inline);
  md.inline.tokenize = (state) => (state.posMax === state.src.length ? tokenizeKept(md, state) : tokenize(state));
  // What is left of an inline token is its math, code, raw HTML, links and images: content that can start
  // none of them (most prose lines of a note) would parse to no token at all, so it is not parsed.
  md.core.ruler.at('inline', (state) => {
    for (const token of state.tokens) {
      if (token.type === 'inline' && MAY_HOLD_READ_TOKEN.test(token.content)) md.inline.parse(token.content, md, state.env, token.children!);
    }
  });
  leanInstances.add(md);
  return md;
}

/** Where a rule can start whose token a lean parse keeps (MAY_HOLD_READ_TOKEN, and `!` for an image). */
const KEPT_TOKEN_START = /[$\\`<[!]/g;

/**
 * markdown-it's tokenize for a lean parse: the rules run only where a kept
 * token can start. Elsewhere markdown-it's own loop makes text, line breaks
 * and entities, none of which a lean parse keeps, and none of which reaches
 * past one of these characters (all are `isTerminatorChar`s, where text
 * stops; a line break takes blanks, an entity `&…;`); emphasis and
 * strikethrough are off. So the loop lands on the same positions with the
 * same state, and makes the same kept tokens. A link's label (`posMax` short
 * of the text's end) is read by markdown-it's loop, so no search passes it.
 */
function tokenizeKept(md: MarkdownIt, state: markdownIt.StateInline): void {
  const rules = md.inline.ruler.getRules('');
  const end = state.posMax;
  const maxNesting = md.options.maxNesting ?? Infinity;
  while (state.pos < end) {
    KEPT_TOKEN_START.lastIndex = state.pos;
    if (!KEPT_TOKEN_START.test(state.src)) break;
    const at = (state.pos = KEPT_TOKEN_START.lastIndex - 1);
    let ok = false;
    if (state.level < maxNesting) {
      for (let i = 0; i < rules.length && !ok; i++) ok = rules[i](state, false);
    }
    // As markdown-it's loop: a rule that takes nothing would have the search find this place again, for ever.
    if (ok && state.pos <= at) throw new Error("inline rule didn't increment state.pos");
    if (!ok) state.pos++;
  }
  state.pos = Math.max(state.pos, end);
  if (state.pending) state.pushPending();
}

interface LeanState {
  pending: string;
  pushPending(): MarkdownToken;
  push(type: string, tag: string, nesting: number): MarkdownToken;
}

/** Adds our math delimiters and front matter to an existing instance (VS Code's own Markdown preview). */
export function installNoteSyntax(md: MarkdownIt, options: MarkdownOptions = {}): void {
  md.block.ruler.before('hr', 'front_matter', frontMatterRule);
  // Another plugin may already hold rules of the same names (VS Code's own math, in its
  // Markdown preview): only the entries texmath adds now are ours to wrap.
  const existing = new Set([...rulerEntries(md.inline.ruler), ...rulerEntries(md.block.ruler)]);
  md.use(texmath as any, { delimiters: RULE_SET, katexOptions: { throwOnError: false, ...options.katexOptions } });
  wrapMathRules(md, existing);
  installOpaqueRanges(md);
}

/**
 * Where an inline token holds text that is neither math nor prose: raw HTML
 * (a tag, a comment, or an element from its opening to its closing tag) and
 * images (their alt text). Offsets into the inline token's content, sorted,
 * not overlapping. Set by the `mlnotes_opaque` core rule.
 */
export interface InlineTokenMeta { opaque: [number, number][] }

/** Elements that never have content or a closing tag. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * markdown-it keeps no positions on inline tokens: record where HTML tags and
 * images stood, and where a link's destination and title start (after its `]`).
 */
function recordInlinePositions(md: MarkdownIt): void {
  const rules = (md.inline.ruler as any).__rules__ as { name: string; fn: any }[];
  for (const entry of rules.filter((r) => r.name === 'html_inline' || r.name === 'image' || r.name === 'link')) {
    const inner = entry.fn;
    const type = entry.name === 'link' ? 'link_open' : entry.name;
    entry.fn = (state: any, silent: boolean): boolean => {
      let start = state.pos as number;
      const before = state.tokens.length;
      const ok = inner(state, silent);
      if (ok && !silent) {
        if (type === 'link_open') start = md.helpers.parseLinkLabel(state, start, true) + 1;
        const token = state.tokens.slice(before).find((t: MarkdownToken) => t.type === type);
        if (token && (type !== 'link_open' || start > 0)) token.meta = { ...(token.meta ?? {}), start, end: state.pos };
      }
      return ok;
    };
  }
  (md.inline.ruler as any).__cache__ = null;
}

const MATH_INLINE_TYPES = new Set(['math_inline', 'math_inline_double']);
const OPEN_CLOSE: Record<MathDelimiter, [string, string]> = { '$': ['$', '$'], '$$': ['$$', '$$'], '\\(': ['\\(', '\\)'], '\\[': ['\\[', '\\]'], begin: ['', ''] };

/** A math token inside HTML or alt text becomes the text it was written as. */
function asText(token: MarkdownToken): void {
  const meta = token.meta as MathTokenMeta | null;
  const [open, close] = OPEN_CLOSE[meta?.delimiter ?? '$'];
  token.type = 'text';
  token.tag = '';
  token.content = open + token.content + close;
  token.markup = '';
  token.meta = null;
}

function mathToText(tokens: MarkdownToken[] | null): void {
  for (const token of tokens ?? []) {
    if (MATH_INLINE_TYPES.has(token.type)) asText(token);
    else if (token.children) mathToText(token.children);
  }
}

/** Tag name and kind of an inline HTML token, or undefined for a comment, declaration, CDATA… */
function tagOf(html: string): { name: string; closing: boolean; selfClosing: boolean } | undefined {
  const match = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(html);
  if (!match) return undefined;
  return { name: match[2].toLowerCase(), closing: match[1] === '/', selfClosing: /\/>$/.test(html) };
}

/** Finds the opaque ranges of one inline token and turns the math inside them into text. */
function markOpaque(inline: MarkdownToken): void {
  const children = inline.children ?? [];
  const opaque: [number, number][] = [];
  const open: { name: string; start: number }[] = [];
  // An index loop: a paragraph may hold a million children, and an array iterator not yet optimised makes an object per step.
  for (let c = 0; c < children.length; c++) {
    const child = children[c];
    const at = child.meta as { start?: number; end?: number } | null;
    if (child.type === 'html_inline' && at?.start !== undefined) {
      const tag = tagOf(child.content);
      if (tag && !tag.closing && !tag.selfClosing && !VOID_ELEMENTS.has(tag.name)) {
        open.push({ name: tag.name, start: at.start });
        continue;
      }
      const depth = tag?.closing ? open.map((o) => o.name).lastIndexOf(tag.name) : -1;
      if (depth === 0) opaque.push([open[0].start, at.end!]);
      if (depth >= 0) open.length = depth;
      else if (open.length === 0) opaque.push([at.start, at.end!]);
    } else if (open.length > 0) {
      if (MATH_INLINE_TYPES.has(child.type)) asText(child);
      else mathToText(child.children);
    } else if (child.type === 'image' && at?.start !== undefined) {
      mathToText(child.children);
      opaque.push([at.start, at.end!]);
    } else if (child.type === 'link_open' && at?.start !== undefined && at.start < at.end!) {
      opaque.push([at.start, at.end!]); // the destination and title
    }
  }
  // An element never closed runs to the end of its paragraph, as in the browser.
  if (open.length > 0) opaque.push([open[0].start, inline.content.length]);
  opaque.sort((a, b) => a[0] - b[0]);
  if (opaque.length) inline.meta = { ...(inline.meta ?? {}), opaque } satisfies InlineTokenMeta;
}

/** Nothing inside raw HTML or alt text is math (NOTE-SPEC §2): the linter and the renderer both read these tokens. */
function installOpaqueRanges(md: MarkdownIt): void {
  recordInlinePositions(md);
  md.core.ruler.after('inline', 'mlnotes_opaque', (state) => {
    for (const token of state.tokens) if (token.type === 'inline') markOpaque(token);
  });
}

type RulerEntry = { name: string; fn: any };

function rulerEntries(ruler: unknown): RulerEntry[] {
  return (ruler as { __rules__: RulerEntry[] }).__rules__;
}

function wrapMathRules(md: MarkdownIt, existing: Set<RulerEntry>): void {
  const { inline, block } = texmathAny.rules[RULE_SET];
  const inlineRules = rulerEntries(md.inline.ruler).filter((r) => !existing.has(r));
  const blockRules = rulerEntries(md.block.ruler).filter((r) => !existing.has(r));
  // texmath registers one ruler entry per delimiter in table order, so zip them.
  const inlineEntries = inlineRules.filter((r) => r.name === 'math_inline' || r.name === 'math_inline_double');
  const inlineGuard = inlineGuards(DISPLAY_ENVIRONMENTS);
  const blockGuard = blockGuards(DISPLAY_ENVIRONMENTS);
  inlineEntries.forEach((entry, i) => { entry.fn = withInlineMeta(inline[i], guardInline(inline[i], inlineGuard[inline[i].delimiter], entry.fn)); });
  const blockEntries = blockRules.filter((r) => r.name === 'math_block');
  blockEntries.forEach((entry, i) => { entry.fn = withBlockMeta(block[i], guardBlock(block[i], blockGuard[block[i].delimiter], entry.fn)); });
  (md.inline.ruler as any).__cache__ = null;
  (md.block.ruler as any).__cache__ = null;
}

/** Set in `env` while `parseInRuns` parses: where the finished blocks go. */
const RUNS = Symbol('mlnotes runs');
interface RunSink {
  splitLists: boolean;
  /** Whether the parser holds enough finished tokens for a run. */
  full(tokens: MarkdownToken[]): boolean;
  flush(state: StateBlock, count: number, listGoesOn: boolean): void;
}
const withRunBoundary = new WeakSet<MarkdownIt>();

/**
 * A block rule that never matches. At the start of each top-level block it
 * hands over the tokens of the blocks before it, once there are enough.
 */
function runBoundary(state: StateBlock, _startLine: number, _endLine: number, silent: boolean): boolean {
  const sink = (state.env as { [RUNS]?: RunSink })[RUNS];
  if (!sink || silent || !sink.full(state.tokens)) return false;
  if (state.parentType === 'root') sink.flush(state, state.tokens.length, false);
  else if (sink.splitLists && betweenTopLevelItems(state)) sink.flush(state, state.tokens.length - 1, true);
  return false;
}

/**
 * At the first block of an item of a top-level list, after a finished item:
 * everything before the item's own `list_item_open` is complete (its map
 * included). A list of a million items is one top-level block, and its
 * tokens all stayed alive until the list ended.
 */
function betweenTopLevelItems(state: StateBlock): boolean {
  const tokens = state.tokens;
  return state.parentType === 'list' && state.level === 2 && tokens[tokens.length - 1]?.type === 'list_item_open'
    && tokens[tokens.length - 2]?.type === 'list_item_close';
}

/**
 * What a run holds of a top-level list handed over item by item. markdown-it
 * decides whether a list is tight (its items' paragraphs hidden: no `<p>`)
 * only at its end, so the runs before it cannot carry that mark; unless its
 * text shows it tight whatever its items hold (tightWhateverFollows): then its
 * runs carry the marks and say nothing of the list.
 */
export interface RunLists {
  /**
   * A list that began in an earlier run ends here: `at` is the index just past
   * its close; the tail's paragraphs are marked. Or it goes on, but is now
   * known to be loose (looseSoFar): `at` is 0, `tight` false, and its tokens
   * from here on come as they will stay.
   */
  ended?: { at: number; tight: boolean };
  /** A list goes on into the next run: its tokens here begin at this index (0 when it began earlier), its paragraphs unmarked. */
  goesOn?: number;
}

/** The paragraphs markdown-it hides in a tight list (its `markTightParagraphs`): those right inside a top-level item. */
export function tightParagraphs(tokens: MarkdownToken[], from: number, to = tokens.length): number[] {
  const found: number[] = [];
  for (let i = from; i < to - 2; i++) {
    if (tokens[i].level === 2 && tokens[i].type === 'paragraph_open') { found.push(i, i + 2); i += 2; }
  }
  return found;
}

/**
 * Whether a top-level list that starts at `line` is tight whatever its items
 * hold, from its text alone. markdown-it makes a list loose only for a blank
 * line inside it (between items, or between the blocks of an item): a list
 * that ends at its first blank line is tight. It does when nothing but blank
 * lines follows, or when the next line is at the margin and starts no list
 * item (after a blank line, such a line ends every list). `blanks` keeps the
 * last search, so that the lists of a text cost one pass over its lines.
 */
function tightWhateverFollows(state: StateBlock, line: number, blanks: { from: number; at: number }): boolean {
  const empty = (l: number) => emptyLine(state, l);
  if (line < blanks.from || line > blanks.at) {
    let l = line;
    while (l < state.lineMax && !empty(l)) l++;
    blanks.from = line;
    blanks.at = l;
  }
  let next = blanks.at;
  while (next < state.lineMax && empty(next)) next++;
  if (next >= state.lineMax) return true;
  return state.sCount[next] === 0 && !LIST_MARKER_START.test(state.src[state.bMarks[next] + state.tShift[next]]);
}

/**
 * Whether markdown-it will find the top-level list loose, from its tokens
 * `[from, to]` (the items handed over since the last look, and the next
 * item's open): a blank line before an item but the first, or before a block
 * of an item but its first. markdown-it's list rule makes a list loose for an
 * item that ended with a blank line when another item follows, and for an
 * item with a blank line between its blocks; once loose, it stays loose.
 * Blank lines inside a block (a fence's) count for neither. Only ever says
 * loose when it is: a list it cannot tell is held to its end.
 */
function looseSoFar(state: StateBlock, tokens: MarkdownToken[], from: number, to: number): boolean {
  for (let i = Math.max(from, 1); i <= to; i++) {
    const token = tokens[i];
    if (!token.map || token.nesting === -1) continue;
    const before = tokens[i - 1];
    const laterItem = token.level === 1 && token.type === 'list_item_open' && !(before.level === 0 && before.nesting === 1);
    const laterBlock = token.level === 2 && before.type !== 'list_item_open';
    if ((laterItem || laterBlock) && token.map[0] > 0 && emptyLine(state, token.map[0] - 1)) return true;
  }
  return false;
}

/** Whether the line holds nothing but spaces and tabs (markdown-it's empty line: its indent reaches its end). */
function emptyLine(state: StateBlock, line: number): boolean {
  return state.bMarks[line] + state.tShift[line] >= state.eMarks[line];
}

/** A character a list item's marker can start with (`-`, `+`, `*`, or a digit of an ordered item). */
const LIST_MARKER_START = /[-+*0-9]/;

/**
 * While a top-level list is handed over item by item, the parser's token
 * array starts with filler tokens where the list's earlier tokens were, so
 * markdown-it's list rule still finds the tail where it expects it (it
 * keeps the index its list began at), and one filler stands where the
 * rule looks for the first item's paragraph: it is marked hidden exactly
 * when the list is tight.
 */
class ListSplit {
  readonly padding: MarkdownToken[];
  private readonly probe: MarkdownToken;
  /** Known loose before its end (looseSoFar): its runs need no marks and say nothing of it. */
  knownLoose = false;
  /** Whether runs handed over so far said the list goes on (their paragraphs unmarked, held by the caller until it ends). */
  held = false;

  /** `knownTight`: the list is tight whatever follows (tightWhateverFollows), so its runs are marked as they go. */
  constructor(Token: new (type: string, tag: string, nesting: number) => MarkdownToken, listAt: number, readonly knownTight: boolean) {
    const filler = (level: number, type = 'mlnotes_filler') => Object.assign(new Token(type, '', 0), { level });
    this.probe = filler(2, 'paragraph_open');
    this.padding = [];
    for (let i = 0; i < listAt + 5; i++) this.padding.push(i === listAt + 2 ? this.probe : filler(-1));
  }

  get tight(): boolean { return this.probe.hidden; }
}

export interface RunOptions {
  /** Tokens per run, about. */
  runSize?: number;
  /** Hand a top-level list over item by item (the default for a lean parser). */
  splitLists?: boolean;
  /** Where each line of the text starts, when the caller knows (KnownLines). */
  lineStarts?: readonly number[];
}

/** A line that could start a link reference definition, after any `>` or list markers. */
const REFERENCE_START = /^(?:[ \t>]|(?:[-+*]|\d{1,9}[.)])[ \t])*\[/m;

/**
 * `md.parse(src)`, with the tokens handed to `onRun` in runs of whole
 * top-level blocks (about `runSize` tokens each) instead of one array. A
 * caller that turns each run into its own data lets the tokens die young:
 * when every token of a long note stays alive to the end, each young-
 * generation collection copies them, and 10× the corpus parsed 12× slower
 * than 1×.
 *
 * The runs are md.parse's tokens, in order. The core rules after `block`
 * (inline, text_join…) run on each run as soon as its blocks are parsed,
 * where md.parse runs them after the whole document's; they work block by
 * block, so that only differs for a link whose reference definition comes
 * later in the text: a text that may hold a definition is parsed whole.
 * With `splitLists` (always with a lean parser, createLeanMarkdownIt) a
 * top-level list is handed over item by item too, and `lists` says where
 * such a list's tokens lack markdown-it's tight-list marks.
 */
export function parseInRuns(md: MarkdownIt, src: string, onRun: (tokens: MarkdownToken[], lists?: RunLists) => void,
  { runSize = 1000, splitLists = leanInstances.has(md), lineStarts }: RunOptions = {}): void {
  if (REFERENCE_START.test(src) && src.includes(']:')) {
    onRun(md.parse(src, {}));
    return;
  }
  if (!withRunBoundary.has(md)) {
    md.block.ruler.before(blockRuleNames(md)[0], 'mlnotes_runs', runBoundary);
    withRunBoundary.add(md);
  }
  const rules = coreRules(md);
  const split = rules.findIndex((rule) => rule.name === 'block') + 1;
  const env: { [RUNS]?: RunSink; [KNOWN_LINES]?: KnownLines } = {};
  if (lineStarts) env[KNOWN_LINES] = { text: src, starts: lineStarts, first: 0, base: 0 };
  const runState = new md.core.State(src, md, env);
  let list: ListSplit | undefined;
  const blanks = { from: -1, at: -1 };
  const flush = (tokens: MarkdownToken[], count: number, listGoesOn: boolean, block?: StateBlock) => {
    const skip = list?.padding.length ?? 0;
    const lists: RunLists = {};
    // A list in progress ended before this flush (another list may have begun since).
    const end = list ? listEnd(tokens, skip) : 0;
    if (list && end <= count) {
      if (list.held) lists.ended = { at: end - skip, tight: list.tight };
      list = undefined;
    }
    if (listGoesOn) {
      const at = list ? skip : listStart(tokens, count);
      list ??= new ListSplit(runState.Token as any, at, tightWhateverFollows(block!, tokens[at].map![0], blanks));
      // A list known to be tight gets markdown-it's marks now (the rule marks the tail at the list's end).
      if (list.knownTight) for (const i of tightParagraphs(tokens, at, count)) tokens[i].hidden = true;
      else if (!list.knownLoose) {
        if (looseSoFar(block!, tokens, at, count)) {
          // Loose for good: what was held is final, and so is all that follows.
          list.knownLoose = true;
          if (list.held) lists.ended = { at: 0, tight: false };
          list.held = false;
        } else {
          lists.goesOn = at - skip;
          list.held = true;
        }
      }
    }
    const rest = tokens.splice(count);
    runState.tokens = skip ? tokens.slice(skip) : tokens.slice();
    tokens.length = 0;
    for (const token of list?.padding ?? []) tokens.push(token);
    for (const token of rest) tokens.push(token);
    for (let i = split; i < rules.length; i++) rules[i].fn(runState);
    onRun(runState.tokens, lists.ended || lists.goesOn !== undefined ? lists : undefined);
  };
  // Splitting a list loses markdown-it's tight-list marks (`hidden` paragraphs) until the list ends: see `RunLists`.
  env[RUNS] = { splitLists, flush: (block, count, listGoesOn) => flush(block.tokens, count, listGoesOn, block),
    full: (tokens) => tokens.length - (list?.padding.length ?? 0) >= runSize };
  const state = new md.core.State(src, md, env);
  for (let i = 0; i < split; i++) rules[i].fn(state);
  env[RUNS] = undefined;
  flush(state.tokens, state.tokens.length, false);
}

/** The index of the open token of the top-level list the last tokens are in. */
function listStart(tokens: MarkdownToken[], before: number): number {
  let i = before - 1;
  while (i > 0 && !(tokens[i].level === 0 && tokens[i].nesting === 1)) i--;
  return i;
}

/** The index just past the close of the top-level list the tokens from `from` are in. */
function listEnd(tokens: MarkdownToken[], from: number): number {
  let i = from;
  while (i < tokens.length && !(tokens[i].level === 0 && tokens[i].nesting === -1)) i++;
  return i + 1;
}

function blockRuleNames(md: MarkdownIt): string[] {
  return ((md.block.ruler as any).__rules__ as { name: string }[]).map((rule) => rule.name);
}

function coreRules(md: MarkdownIt): { name: string; fn: (state: markdownIt.StateCore) => void }[] {
  return ((md.core.ruler as any).__rules__ as { name: string; enabled: boolean; fn: (state: markdownIt.StateCore) => void }[])
    .filter((rule) => rule.enabled);
}
