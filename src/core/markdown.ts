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

export type MarkdownIt = ReturnType<typeof markdownIt>;
export type MarkdownToken = markdownIt.Token;
type StateBlock = markdownIt.StateBlock;

/** Environments accepted at block level (NOTE-SPEC §2). */
export const DISPLAY_ENVIRONMENTS = ['equation', 'align', 'gather', 'multline'];

export interface MathTokenMeta {
  /** Offset of the opening delimiter: in the document for block tokens, in the inline token's content for inline ones. */
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
    { name: 'math_inline_double', rex: /\${2}([^$]*?[^\\$])\${2}/gy, tmpl: '<section><eqn>$1</eqn></section>',
      tag: '$$', displayMode: true, pre: texmathAny.$_pre, post: texmathAny.$_post, delimiter: '$$' },
    { name: 'math_inline', rex: /\$((?:[^\s\\$])|(?:[^\s$](?:[^$]|\\\$)*?[^\s\\]))\$/gy, tmpl: '<eq>$1</eq>',
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

/** Wraps texmath's block rule so each token records its document offsets. */
function withBlockMeta(rule: TexmathRule, inner: (state: StateBlock, begLine: number, endLine: number, silent: boolean) => boolean) {
  return (state: StateBlock, begLine: number, endLine: number, silent: boolean): boolean => {
    const start = state.bMarks[begLine] + state.tShift[begLine];
    const before = state.tokens.length;
    const ok = inner(state, begLine, endLine, silent);
    if (ok && !silent && state.tokens.length > before) {
      const token = state.tokens[state.tokens.length - 1];
      const end = rule.rex.lastIndex;
      const raw = state.src.slice(start, end).replace(/[ \t]+$/, '');
      const contentStart = rule.delimiter === 'begin' ? start : start + rule.tag.length;
      token.meta = { start, end: start + raw.length, contentStart, delimiter: rule.delimiter, display: true } satisfies MathTokenMeta;
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

export interface MarkdownOptions {
  /** KaTeX options for the renderer rules texmath installs (parsing never calls KaTeX). */
  katexOptions?: Record<string, unknown>;
}

/** A markdown-it instance with our math delimiters and front matter; `html` is always off. */
export function createMarkdownIt(options: MarkdownOptions = {}): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: false });
  installNoteSyntax(md, options);
  return md;
}

/** Adds our math delimiters and front matter to an existing instance (VS Code's own Markdown preview). */
export function installNoteSyntax(md: MarkdownIt, options: MarkdownOptions = {}): void {
  md.block.ruler.before('hr', 'front_matter', frontMatterRule);
  // Another plugin may already hold rules of the same names (VS Code's own math, in its
  // Markdown preview): only the entries texmath adds now are ours to wrap.
  const existing = new Set([...rulerEntries(md.inline.ruler), ...rulerEntries(md.block.ruler)]);
  md.use(texmath as any, { delimiters: RULE_SET, katexOptions: { throwOnError: false, ...options.katexOptions } });
  wrapMathRules(md, existing);
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
interface RunSink { size: number; flush(tokens: MarkdownToken[]): void }
const withRunBoundary = new WeakSet<MarkdownIt>();

/**
 * A block rule that never matches. At the start of each top-level block it
 * hands over the tokens of the blocks before it, once there are enough.
 */
function runBoundary(state: StateBlock, _startLine: number, _endLine: number, silent: boolean): boolean {
  const sink = (state.env as { [RUNS]?: RunSink })[RUNS];
  if (sink && !silent && state.parentType === 'root' && state.tokens.length >= sink.size) sink.flush(state.tokens);
  return false;
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
 */
export function parseInRuns(md: MarkdownIt, src: string, onRun: (tokens: MarkdownToken[]) => void, runSize = 1000): void {
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
  const env: { [RUNS]?: RunSink } = {};
  const runState = new md.core.State(src, md, env);
  const flush = (tokens: MarkdownToken[]) => {
    runState.tokens = tokens.splice(0, tokens.length);
    for (let i = split; i < rules.length; i++) rules[i].fn(runState);
    onRun(runState.tokens);
  };
  env[RUNS] = { size: runSize, flush };
  const state = new md.core.State(src, md, env);
  for (let i = 0; i < split; i++) rules[i].fn(state);
  env[RUNS] = undefined;
  flush(state.tokens);
}

function blockRuleNames(md: MarkdownIt): string[] {
  return ((md.block.ruler as any).__rules__ as { name: string }[]).map((rule) => rule.name);
}

function coreRules(md: MarkdownIt): { name: string; fn: (state: markdownIt.StateCore) => void }[] {
  return ((md.core.ruler as any).__rules__ as { name: string; enabled: boolean; fn: (state: markdownIt.StateCore) => void }[])
    .filter((rule) => rule.enabled);
}
