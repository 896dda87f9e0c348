/**
 * Incremental analysis: a new version of a note analysed from the previous
 * one, with the same result as a full parse and lint.
 *
 * What is reused is markdown-it's parse of the top-level blocks the edit did
 * not touch: the blocks before it as they are, the blocks after it moved by
 * the edit's line and offset delta. The blocks around the edit are parsed
 * again, from a block the edit cannot have changed up to the first block that
 * starts on an unchanged line where a block started before (from there on
 * markdown-it reads the same lines in the same state, so it makes the same
 * tokens). The model is then built whole from these tokens.
 *
 * A rule's previous run is kept when everything it read is unchanged: the
 * model fields it read (compared whole, positions included), the lines it
 * read by number, its options and the macros. Any other rule runs again;
 * KaTeX results are cached per formula, so an unchanged formula costs no
 * KaTeX parse.
 */
import { KNOWN_LINES, parseInRuns, type KnownLines, type MarkdownIt, type MarkdownToken } from './markdown';
import { markdownFor, markdownSource, parseNoteFrom } from './parse/index';
import { lintModel, runRule, type RuleRun } from './lint';
import type { AnyRule } from './rules/index';
import { defaultConfig, type ResolvedConfig } from './config';
import type { NoteFormat } from './formats/types';
import type { NoteModel } from './model';
import type { LintDiagnostic, Report } from './types';
import { countWork } from './work';
import { firstIndexFrom } from './search';
import { countNewlines } from './text';
import { editedLineStarts, patchModel, type Patch } from './parse/patch';
import { equalData } from './equal';

export interface AnalysisOptions {
  config?: ResolvedConfig;
  /** The formats in force (see ParseOptions). */
  formats?: NoteFormat[];
  /** Format id to use when the front matter names none. */
  format?: string;
  /** Keep markdown-it's tokens on the model, for a render that shares the parse. */
  keepTokens?: boolean;
  /** False: parse only, no rules (a note above the size limit). */
  lint?: boolean;
}

/** markdown-it's parse of one version, kept for the next. */
export interface BlockParse {
  /** The markdown-it that parsed it (parseNote's for the options): only its tokens are reused. */
  md: MarkdownIt;
  /** The text markdown-it parsed (markdownSource). */
  src: string;
  tokens: MarkdownToken[];
  /** First line of each top-level block, ascending, and the index of its first token. */
  blockLines: number[];
  blockTokens: number[];
  /** The lines parsed again for this version (`from` up to `to`); the whole text for a full parse. */
  reparsed: { from: number; to: number };
  /** Whether the text defines a link reference (its next version is parsed whole then). */
  references: boolean;
  /** The edit from the previous version, when this parse was made from its parse. */
  edit?: LineEdit;
  /** Where each line of `src` starts, when known (the model's, for a text without `\r`): the next version's parse finds lines by it. */
  lineStarts?: number[];
}

export interface Analysis {
  text: string;
  model: NoteModel;
  diagnostics: LintDiagnostic[];
  blocks: BlockParse;
  /** Each rule's run, by rule id, with what it read. */
  rules: Map<string, RuleMemo>;
  /** How the model was made: patched from the previous one's, built from kept and new tokens, or parsed whole. */
  path: 'patch' | 'partial' | 'full';
}

/**
 * A rule's run on a model, and its inputs: the model fields it read
 * (undefined: it may have read any), the lines it read by number (`lines` is
 * among the fields when it used the array otherwise, `lines.length` when it
 * read its length), its options and macros.
 */
export interface RuleMemo {
  run: RuleRun;
  reads?: Set<string>;
  lineReads: Set<number>;
  options: Record<string, unknown>;
  macros: Record<string, string>;
}

/** Parses and lints `text`, reusing what it can of `previous` (the same note before an edit). */
export function analyzeNote(text: string, options: AnalysisOptions = {}, previous?: Analysis): Analysis {
  const md = markdown(options);
  const old = previous?.blocks.md === md ? previous.blocks : undefined;
  // What an edit changed, found first: when the previous text was parsed as it was (it held no `\r` or NUL), only the
  // changed stretch can hold one, and markdownSource's searches of the whole text (slow in V8 for NUL) are needed only then.
  const ends = old && commonEnds(old.src, text);
  const clean = ends !== undefined && previous!.text === old!.src && !/[\r\0]/.test(text.slice(ends.prefix, text.length - ends.suffix));
  const src = clean ? text : markdownSource(text);
  const blocks = old ? reparse(old, src, clean ? ends : undefined) : fullParse(md, src);
  const parseOptions = { formats: options.formats, format: options.format, keepTokens: options.keepTokens };
  const patch = previous && blocks.edit && clean ? patchFrom(previous, text, blocks, options) : undefined;
  const model = patch?.model ?? parseNoteFrom(text, (_src, onRun) => onRun(blocks.tokens), parseOptions);
  const path = patch ? 'patch' : blocks.edit ? 'partial' : 'full';
  if (clean || !text.includes('\r')) blocks.lineStarts = model.lineStarts;
  const rules = new Map<string, RuleMemo>();
  const run = memoizedRun(model, previous, rules, patch);
  const diagnostics = options.lint === false ? [] : lintModel(model, options.config ?? defaultConfig(), { runRule: run });
  return { text, model, diagnostics, blocks, rules, path };
}

/**
 * The previous model patched (parse/patch.ts), or undefined. Both texts are
 * parsed as they are (`clean`): one with a `\r` or NUL is parsed as another
 * text (markdownSource), and its offsets are not the text's.
 */
function patchFrom(previous: Analysis, text: string, blocks: BlockParse, options: AnalysisOptions): Patch | undefined {
  if (blocks.references) return undefined;
  const patch = patchModel(previous.model, text, blocks.edit!, blocks.reparsed, previous.blocks.blockLines,
    { formats: options.formats, format: options.format }, blocks.lineStarts);
  if (!patch) return undefined;
  patch.model.tokens = options.keepTokens ? blocks.tokens.slice() : undefined;
  if (options.keepTokens) patch.changed.add('tokens');
  return patch;
}

// ------------------------------------------------------------ rules

/**
 * Runs each rule, or gives its previous run where every input it read is
 * equal to the previous version's (model fields compared whole, positions
 * included; options and macros too): rules are functions of these, so the
 * run would be the same. Each rule reads the model through a proxy of its
 * own that notes the fields it reads (its own, so a helper's cache keyed by
 * the model never hides a read made for another rule).
 */
function memoizedRun(model: NoteModel, previous: Analysis | undefined, memos: Map<string, RuleMemo>, patch?: Patch): typeof runRule {
  const sameField = new Map<string, boolean>();
  // A patch knows which fields it changed; otherwise each field read is compared whole.
  const compare = (key: string) => patch ? !patch.changed.has(key) : equalData(previous!.model[key as keyof NoteModel], model[key as keyof NoteModel]);
  const unchanged = (key: string): boolean => {
    let same = sameField.get(key);
    if (same === undefined) sameField.set(key, (same = key === LINE_COUNT ? previous!.model.lines.length === model.lines.length : compare(key)));
    return same;
  };
  const sameLine = (line: number) => previous!.model.lines[line] === model.lines[line];
  return (rule: AnyRule, _model: NoteModel, options: Record<string, unknown>, macros: Record<string, string>): RuleRun => {
    const old = previous?.rules.get(rule.meta.id);
    const sameSettings = old !== undefined && equalData(old.options, options) && equalData(old.macros, macros);
    if (sameSettings && old.reads && [...old.reads].every(unchanged) && [...old.lineReads].every(sameLine)) {
      memos.set(rule.meta.id, old);
      return old.run;
    }
    const windowed = sameSettings && patch && CHUNK_RULES.has(rule.meta.id) ? windowRun(rule, old.run, patch, options, macros) : undefined;
    if (windowed) {
      memos.set(rule.meta.id, { run: windowed, reads: undefined, lineReads: new Set(), options, macros });
      return windowed;
    }
    const memo: RuleMemo = { run: { reports: [] }, reads: new Set(), lineReads: new Set(), options, macros };
    memo.run = runRule(rule, readsRecorded(model, memo), options, macros);
    memos.set(rule.meta.id, memo);
    return memo.run;
  };
}

const LINE_COUNT = 'lines.length';

/**
 * Rules whose reports on a line depend only on the block around it: after a
 * patch they run on the window parse alone, and their reports outside the
 * window are the previous run's.
 */
const CHUNK_RULES = new Set(['bare-tex', 'math-syntax', 'no-code', 'vague-language']);

/**
 * A chunk rule's run on the patched model: its reports inside the window on
 * the window parse, and its previous reports outside it (moved with the lines
 * after the window). Undefined (run it on the whole model) when either run failed.
 */
function windowRun(rule: AnyRule, old: RuleRun, patch: Patch, options: Record<string, unknown>, macros: Record<string, string>): RuleRun | undefined {
  const run = runRule(rule, patch.parse, options, macros);
  if (old.error !== undefined || run.error !== undefined) return undefined;
  const { window, oldWindow } = patch;
  const reports = run.reports.map((r) => patch.move(r)).filter((r) => r.range.start.line >= window.from && r.range.start.line < window.to);
  const before = old.reports.filter((r) => r.range.start.line < oldWindow.from);
  const after = old.reports.filter((r) => r.range.start.line >= oldWindow.to).map((r) => patch.moveAfter(r));
  return { reports: [...before, ...reports, ...after] };
}

/**
 * The model, noting in `memo.reads` each field read and in `memo.lineReads`
 * each line read (rules read a few lines by number, and typing changes one);
 * after any other use of it (its keys, `in`, a write) the reads are unknown.
 */
function readsRecorded(model: NoteModel, memo: RuleMemo): NoteModel {
  const unknown = () => { memo.reads = undefined; };
  let lines: string[] | undefined;
  return new Proxy(model, {
    get(target, key) {
      if (key === 'lines') return (lines ??= linesRecorded(target.lines, memo));
      if (typeof key === 'string') memo.reads?.add(key); else unknown();
      return Reflect.get(target, key);
    },
    has(target, key) { unknown(); return Reflect.has(target, key); },
    ownKeys(target) { unknown(); return Reflect.ownKeys(target); },
    getOwnPropertyDescriptor(target, key) { unknown(); return Reflect.getOwnPropertyDescriptor(target, key); },
    set(target, key, value) { unknown(); return Reflect.set(target, key, value); },
    defineProperty(target, key, descriptor) { unknown(); return Reflect.defineProperty(target, key, descriptor); },
    deleteProperty(target, key) { unknown(); return Reflect.deleteProperty(target, key); },
  });
}

/**
 * The lines, noting each line read by number, the length, or (any other use,
 * or reads of most lines, which a whole compare checks quicker) the whole array.
 * Array methods run on the array itself, not through this proxy (a copy
 * through a proxy costs two traps a line), and note the whole array; but
 * `slice` gives a copy that notes the lines read from it in turn (a rule's
 * helper copies the lines to blank comments in them, then reads one section's).
 */
function linesRecorded(lines: string[], memo: RuleMemo): string[] {
  let wholeRead = false;
  const whole = () => { wholeRead = true; memo.reads?.add('lines'); memo.lineReads.clear(); };
  const line = (index: number) => {
    if (wholeRead) return;
    memo.lineReads.add(index);
    if (memo.lineReads.size > lines.length / 4) whole();
  };
  // `array` holds lines `offset` on; a copy (`own`) may be written, the model's lines may not.
  const recorded = (array: string[], offset: number, own: boolean): string[] => {
    const methods = new Map<PropertyKey, unknown>();
    // A method of a copy reads at most the lines copied (whatever it moves, a later read by index is one of them).
    const extent = array.length;
    let copyRead = false; // Noted once: a method called again reads no other lines.
    const readAll = own ? () => {
      if (copyRead) return;
      copyRead = true;
      for (let i = 0; i < extent && !wholeRead; i++) line(offset + i);
    } : whole;
    const method = (key: PropertyKey, fn: (...args: unknown[]) => unknown) => {
      let bound = methods.get(key);
      if (!bound) methods.set(key, (bound = (...args: unknown[]) => { readAll(); return fn.apply(array, args); }));
      return bound;
    };
    const slice = (start?: number, end?: number) => {
      const from = start === undefined ? 0 : start < 0 ? Math.max(0, array.length + start) : Math.min(start, array.length);
      if (end === undefined || end < 0) memo.reads?.add(LINE_COUNT); // Its extent depends on the count.
      return recorded(array.slice(start, end), offset + from, true);
    };
    return new Proxy(array, {
      get(target, key) {
        if (key === 'length') { memo.reads?.add(LINE_COUNT); return target.length; }
        if (typeof key === 'string' && isIndex(key)) { line(offset + Number(key)); return target[Number(key)]; }
        if (key === 'slice') return slice;
        const value = Reflect.get(target, key) as unknown;
        if (typeof value === 'function') return method(key, value as (...args: unknown[]) => unknown);
        // Anything else is not data.
        if (typeof key === 'string') whole();
        return value;
      },
      has(target, key) {
        if (typeof key === 'string' && isIndex(key)) line(offset + Number(key)); else whole();
        return Reflect.has(target, key);
      },
      ownKeys(target) { whole(); return Reflect.ownKeys(target); },
      getOwnPropertyDescriptor(target, key) { whole(); return Reflect.getOwnPropertyDescriptor(target, key); },
      set(target, key, value) {
        if (!own) memo.reads = undefined;
        return Reflect.set(target, key, value);
      },
    });
  };
  return recorded(lines, 0, false);
}

function isIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && String(Number(key)) === key;
}

// ------------------------------------------------------------ markdown-it

/** Set in `env` while a stretch of a note is parsed again: where the parse may stop. */
const SYNC = Symbol('mlnotes sync');
/** True at a line where a top-level block may start and the parse stop: the old tokens carry on from there. */
type SyncPoint = (line: number) => boolean;

type Env = Parameters<MarkdownIt['parse']>[1];

const withSync = new WeakSet<MarkdownIt>();

/** parseNote's markdown-it for these options, with a first block rule that ends a parse at a sync point (set in `env`). */
function markdown(options: AnalysisOptions): MarkdownIt {
  const md = markdownFor({ keepTokens: options.keepTokens });
  if (withSync.has(md)) return md;
  const first = (md.block.ruler as unknown as { __rules__: { name: string }[] }).__rules__[0].name;
  md.block.ruler.before(first, 'mlnotes_sync', (state, startLine, _endLine, silent) => {
    const sync = (state.env as { [SYNC]?: SyncPoint })[SYNC];
    if (silent || !sync || state.parentType !== 'root' || !sync(startLine)) return false;
    state.line = state.lineMax;
    return true;
  });
  withSync.add(md);
  return md;
}

/**
 * The tokens parseInRuns gives. A text that may define a link reference is
 * parsed whole, as parseInRuns parses it then, to learn whether it does.
 */
function fullParse(md: MarkdownIt, src: string): BlockParse {
  const reparsed = { from: 0, to: lineCount(src) };
  if (src.includes(']:')) {
    const env: Env = {};
    const tokens = md.parse(src, env);
    return indexBlocks(md, src, tokens, reparsed, env.references !== undefined);
  }
  const tokens: MarkdownToken[] = [];
  parseInRuns(md, src, (run) => { for (const token of run) tokens.push(token); });
  return indexBlocks(md, src, tokens, reparsed, false);
}

/**
 * The tokens of `src`, an edit of `old.src`: the old blocks before the edit,
 * the blocks around it parsed again, the old blocks after it moved.
 */
function reparse(old: BlockParse, src: string, ends?: CommonEnds): BlockParse {
  if (src === old.src) return { ...old, reparsed: { from: 0, to: 0 }, edit: undefined };
  // A link reference definition is read from the whole text: such a text is parsed whole.
  if (old.references) return fullParse(old.md, src);
  const edit = lineEdit(old.src, src, old.lineStarts, ends);
  const lineDelta = edit.newEnd - edit.oldEnd;
  const oldStart = (line: number) => old.lineStarts ? old.lineStarts[line] : lineStart(old.src, line);
  // Where a line of `src` starts: lines up to the edit's first start where they did, those after it moved.
  const startOf = (line: number) => {
    if (line <= edit.first) return oldStart(line);
    const oldLine = line - lineDelta;
    const count = old.lineStarts ? old.lineStarts.length : lineCount(old.src);
    return oldLine >= count ? src.length : oldStart(oldLine) + edit.offsetDelta;
  };
  const restart = restartBlock(old, src, edit, startOf);
  const from = restart < 0 ? 0 : old.blockLines[restart];
  let resume = -1;
  const sync: SyncPoint = (line) => {
    if (line < edit.newEnd) return false;
    resume = blockAt(old.blockLines, line - lineDelta);
    return resume >= 0;
  };
  // The new text's line starts, from the old ones (no search of the text after the edit), for the block parse.
  const starts = old.lineStarts ? editedLineStarts(old.lineStarts, src, edit) : undefined;
  const middle = parseFrom(old.md, src, from, startOf(from), sync, starts);
  if (!middle) return fullParse(old.md, src);
  const kept = restart < 0 ? 0 : old.blockTokens[restart];
  const to = resume < 0 ? lineCount(src) : old.blockLines[resume] + lineDelta;
  // One array of the final size, filled in place: pushed one by one, the tokens of a long note were copied as it grew.
  const tail = resume < 0 ? old.tokens.length : old.blockTokens[resume];
  const tokens = new Array<MarkdownToken>(kept + middle.length + old.tokens.length - tail);
  let at = 0;
  for (let i = 0; i < kept; i++) tokens[at++] = old.tokens[i];
  for (let i = 0; i < middle.length; i++) tokens[at++] = middle[i];
  for (let i = tail; i < old.tokens.length; i++) tokens[at++] = moved(old.tokens[i], lineDelta);
  // The blocks: the old ones before the restart, the reparsed ones, the old ones after the resume moved.
  const middleBlocks = indexBlocks(old.md, src, middle, { from, to }, false);
  const blocksBefore = restart < 0 ? 0 : restart;
  const tokenDelta = kept + middle.length - (resume < 0 ? 0 : old.blockTokens[resume]);
  const blockLines = [...old.blockLines.slice(0, blocksBefore), ...middleBlocks.blockLines];
  const blockTokens = [...old.blockTokens.slice(0, blocksBefore), ...middleBlocks.blockTokens.map((i) => i + kept)];
  if (resume >= 0) {
    for (let k = resume; k < old.blockLines.length; k++) {
      blockLines.push(old.blockLines[k] + lineDelta);
      blockTokens.push(old.blockTokens[k] + tokenDelta);
    }
  }
  return { md: old.md, src, tokens, blockLines, blockTokens, reparsed: { from, to }, references: false, edit, lineStarts: starts };
}

/**
 * The old block to parse again from: the last one that starts before the
 * first changed line, after a blank line (so no block before it reads on
 * into it: a paragraph, a table or a `$$` searching for its closer all stop
 * at a blank line). -1: from the start. Two things read further, across
 * blank lines, and make the parse start over from the top: front matter
 * whose closing line was missing (the edit may add it), and an edit that
 * writes `\end{` (it may close a `\begin{…}` above that found no closer).
 */
function restartBlock(old: BlockParse, src: string, edit: LineEdit, startOf: (line: number) => number): number {
  if (openFrontMatter(old)) return -1;
  const changed = src.slice(startOf(edit.first), startOf(edit.newEnd));
  if (changed.includes('\\end{')) return -1;
  let k = upperBound(old.blockLines, edit.first - 1) - 1;
  while (k > 0 && !blankBefore(old.src, startOf(old.blockLines[k]))) k--;
  return k;
}

/** Whether the text opens with a `---` line that did not become front matter. */
function openFrontMatter(parse: BlockParse): boolean {
  const firstLine = parse.src.slice(0, (parse.src.indexOf('\n') + 1 || parse.src.length + 1) - 1);
  return firstLine.replace(/^\uFEFF/, '').trim() === '---' && parse.tokens[0]?.type !== 'front_matter';
}

/** Whether the line that starts at `offset` (a line before the edit) follows a blank line. */
function blankBefore(src: string, offset: number): boolean {
  if (offset === 0) return true;
  const end = offset - 1;
  const start = src.lastIndexOf('\n', end - 1) + 1;
  return /^[ \t]*$/.test(src.slice(start, end));
}

/**
 * markdown-it's tokens of `src` from `line` on, up to the first sync point
 * (the inline parse done); undefined when they define a link reference.
 * markdown-it reads the text from that line on only (its block state maps
 * every line of the text it is given), and the tokens are moved into place.
 * A first line of `---` is read in the whole text: front matter is only
 * recognised at the top of the text parsed.
 */
function parseFrom(md: MarkdownIt, src: string, line: number, offset: number, sync: SyncPoint, starts?: readonly number[]): MarkdownToken[] | undefined {
  const lineEnd = src.indexOf('\n', offset);
  const base = offset > 0 && src.slice(offset, lineEnd < 0 ? src.length : lineEnd).replace(/^\uFEFF/, '').trim() === '---' ? 0 : offset;
  const baseLine = base === 0 ? 0 : line;
  const text = base === 0 ? src : src.slice(base);
  const env: Env & { [SYNC]?: SyncPoint; [KNOWN_LINES]?: KnownLines } = { [SYNC]: (at) => sync(at + baseLine) };
  if (starts) env[KNOWN_LINES] = { text, starts, first: baseLine, base };
  const tokens: MarkdownToken[] = [];
  const block = new md.block.State(text, md, env, tokens);
  md.block.tokenize(block, line - baseLine, block.lineMax);
  env[SYNC] = undefined;
  if (env.references) return undefined;
  const core = new md.core.State(text, md, env);
  core.tokens = tokens;
  const rules = (md.core.ruler as unknown as { __rules__: { name: string; enabled: boolean; fn: (state: unknown) => void }[] })
    .__rules__.filter((rule) => rule.enabled);
  for (const rule of rules.slice(rules.findIndex((r) => r.name === 'block') + 1)) rule.fn(core);
  return base === 0 ? core.tokens : core.tokens.map((token) => moved(token, baseLine));
}

/**
 * A token of the unchanged tail, where it stands after the edit (tokens are
 * shared between versions, never changed). Only its lines move: the offsets
 * tokens record count from their line or their content (markdown.ts).
 */
function moved(token: MarkdownToken, lineDelta: number): MarkdownToken {
  if (lineDelta === 0 || !token.map) return token;
  const copy: MarkdownToken = Object.assign(Object.create(Object.getPrototypeOf(token) as object) as MarkdownToken, token);
  copy.map = [token.map[0] + lineDelta, token.map[1] + lineDelta];
  return copy;
}

/** Index of `line` in the ascending `lines`, or -1. */
function blockAt(lines: number[], line: number): number {
  const i = upperBound(lines, line) - 1;
  return i >= 0 && lines[i] === line ? i : -1;
}

/** How many of the ascending integers `values` are at most `limit`. */
function upperBound(values: readonly number[], limit: number): number {
  return firstIndexFrom(values, limit + 1, (value) => value);
}

function indexBlocks(md: MarkdownIt, src: string, tokens: MarkdownToken[], reparsed: BlockParse['reparsed'], references: boolean): BlockParse {
  const blockLines: number[] = [];
  const blockTokens: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.level === 0 && token.nesting !== -1 && token.map) {
      blockLines.push(token.map[0]);
      blockTokens.push(i);
    }
  }
  return { md, src, tokens, blockLines, blockTokens, reparsed, references };
}

/** The lines an edit changed: lines before `first` are the same, and old line `oldEnd + k` is new line `newEnd + k`. */
export interface LineEdit { first: number; oldEnd: number; newEnd: number; offsetDelta: number }

export function lineEdit(oldSrc: string, newSrc: string, oldLineStarts?: readonly number[],
  { prefix, suffix }: CommonEnds = commonEnds(oldSrc, newSrc)): LineEdit {
  // Lines are counted up to the edit by the old line starts, when known, and in the changed stretch.
  const first = oldLineStarts ? upperBound(oldLineStarts, prefix) - 1 : lineCount(oldSrc.slice(0, prefix)) - 1;
  // The unchanged tail starts at the first line whose preceding line break is in the common suffix.
  const oldEnd = first + lineCount(oldSrc.slice(prefix, oldSrc.length - suffix));
  const newEnd = first + lineCount(newSrc.slice(prefix, newSrc.length - suffix));
  return { first, oldEnd, newEnd, offsetDelta: newSrc.length - oldSrc.length };
}

/** How many characters two texts share at the start, and then at the end (the two never overlap). */
export interface CommonEnds { prefix: number; suffix: number }

export function commonEnds(oldSrc: string, newSrc: string): CommonEnds {
  const limit = Math.min(oldSrc.length, newSrc.length);
  const prefix = commonLength(limit, (at, size) => oldSrc.slice(at, at + size) === newSrc.slice(at, at + size));
  const suffix = commonLength(limit - prefix,
    (at, size) => oldSrc.slice(oldSrc.length - at - size, oldSrc.length - at) === newSrc.slice(newSrc.length - at - size, newSrc.length - at));
  countWork(prefix + suffix);
  return { prefix, suffix };
}

/**
 * How many characters from the start (or the end) two texts share, up to
 * `limit`: `same(at, size)` compares `size` characters `at` characters in.
 * Compared as slices (a native compare) that double while they match and
 * halve at a difference, down to one character: a few long compares, where
 * chunks of a fixed size were hundreds of slices per edit of a long note.
 */
function commonLength(limit: number, same: (at: number, size: number) => boolean): number {
  let at = 0;
  let size = 256;
  while (size > 0) {
    if (at + size <= limit && same(at, size)) {
      at += size;
      size = Math.min(size * 2, 1 << 16);
    } else size >>= 1;
  }
  return at;
}

function lineCount(text: string): number {
  return countNewlines(text) + 1;
}

/** Offset of the start of `line` in `src` (lines counted from 0). */
function lineStart(src: string, line: number): number {
  let at = 0;
  for (let l = 0; l < line; l++) at = src.indexOf('\n', at) + 1;
  return at;
}
