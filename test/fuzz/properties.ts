/**
 * The properties every text must satisfy, whatever its shape: parseNote,
 * every lint rule and the renderer return (no throw, no rule crash turned
 * into an engine diagnostic), in bounded time, and every range they report
 * lies inside the document — on the characters the message names, where that
 * can be checked soundly.
 */
import * as assert from 'node:assert/strict';
import { parseNote, type ParseOptions } from '../../src/core/parse/index';
import { lintModel } from '../../src/core/lint';
import { applyEdits } from '../../src/core/fix';
import { renderNote } from '../../src/core/render/render';
import type { LintDiagnostic, Position, Range } from '../../src/core/types';
import type { NoteModel } from '../../src/core/model';

/**
 * A hang detector, not a speed test (speed is `npm run bench`): 50 ms of CPU
 * time per KB plus 2 s is far above any honest run; a catastrophic backtrack,
 * a quadratic blow-up on a long line or an endless loop goes through it.
 * CPU time of this process, not wall time, so a busy machine cannot make it flake.
 */
export function timeBoundMs(text: string): number {
  return 2000 + 50 * (text.length / 1024);
}

/** What src/core/lint.ts writes when a rule throws or its options are bad. */
const ENGINE_MESSAGES = [/^Rule ".*" failed on this file: /, /^Invalid options for rule /];

function inside(model: NoteModel, p: Position): boolean {
  return Number.isInteger(p.line) && Number.isInteger(p.character)
    && p.line >= 0 && p.line < model.lines.length && p.character >= 0 && p.character <= model.lines[p.line].length;
}

function ordered(r: Range): boolean {
  return r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
}

export function rangeProblem(model: NoteModel, r: Range): string | undefined {
  if (!inside(model, r.start)) return `start ${JSON.stringify(r.start)} outside the document`;
  if (!inside(model, r.end)) return `end ${JSON.stringify(r.end)} outside the document`;
  if (!ordered(r)) return 'start after end';
  return undefined;
}

/** The document text a range covers, lines joined with `\n`. */
export function textAt(model: NoteModel, r: Range): string {
  if (r.start.line === r.end.line) return model.lines[r.start.line].slice(r.start.character, r.end.character);
  const parts = [model.lines[r.start.line].slice(r.start.character)];
  for (let line = r.start.line + 1; line < r.end.line; line++) parts.push(model.lines[line]);
  parts.push(model.lines[r.end.line].slice(0, r.end.character));
  return parts.join('\n');
}

/** The first TeX command or letter of a symbol key such as `\mathbf{w}`, `W_{ij}` or `\theta`. */
function symbolHead(key: string): string | undefined {
  return /\\[A-Za-z]+|[A-Za-z]/.exec(key)?.[0];
}

/**
 * Checks for rules that name a thing, chosen to be sound: bare-tex names the
 * exact command text it covers, label-spelling the label as written; an
 * unclosed math delimiter is the delimiter; a vague word, a referenced or
 * duplicate label lies inside its range; an undeclared symbol's range holds
 * the symbol (its first command or letter).
 */
export function namedThingProblem(model: NoteModel, d: LintDiagnostic): string | undefined {
  const covered = textAt(model, d.range);
  const data = d.data ?? {};
  if (d.rule === 'bare-tex' && covered !== String(data.command)) return `bare-tex covers ${JSON.stringify(covered)}, names ${JSON.stringify(data.command)}`;
  if (d.rule === 'math-syntax' && d.messageId === 'unclosed' && covered !== String(data.delimiter)) {
    return `math-syntax (unclosed) covers ${JSON.stringify(covered)}, names ${JSON.stringify(data.delimiter)}`;
  }
  if (d.rule === 'label-spelling' && covered !== String(data.label)) return `label-spelling covers ${JSON.stringify(covered)}, names ${JSON.stringify(data.label)}`;
  if (d.rule === 'vague-language' && !covered.toLowerCase().includes(String(data.word).toLowerCase())) {
    return `vague-language covers ${JSON.stringify(covered)}, names ${JSON.stringify(data.word)}`;
  }
  if (d.rule === 'equation-ref' && typeof data.name === 'string' && !/^duplicateTag$/.test(d.messageId ?? '') && !covered.includes(data.name.trim())) {
    return `equation-ref covers ${JSON.stringify(covered)}, names ${JSON.stringify(data.name)}`;
  }
  if (d.rule === 'symbol-shape' && d.messageId === 'undeclared') {
    const head = symbolHead(String(data.symbol));
    if (head && !covered.includes(head)) return `symbol-shape covers ${JSON.stringify(covered)}, names ${JSON.stringify(data.symbol)}`;
  }
  return undefined;
}

export function diagnosticProblems(model: NoteModel, d: LintDiagnostic): string[] {
  const problems: string[] = [];
  if (ENGINE_MESSAGES.some((re) => re.test(d.message))) problems.push(`engine: ${d.message}`);
  const ranges: [string, Range][] = [['range', d.range], ...(d.related ?? []).map((r, i): [string, Range] => [`related[${i}]`, r.range])];
  for (const edit of d.fix?.edits ?? []) ranges.push(['fix edit', edit.range]);
  for (const [what, range] of ranges) {
    const problem = rangeProblem(model, range);
    if (problem) problems.push(`${what}: ${problem}`);
  }
  if (problems.length === 0) {
    const named = namedThingProblem(model, d);
    if (named) problems.push(named);
  }
  return problems.map((p) => `${d.rule}/${d.messageId ?? '?'} at ${d.range.start.line}:${d.range.start.character}: ${p}`);
}

const FIXES_APPLIED = 25;

export interface CheckResult { model: NoteModel; diagnostics: LintDiagnostic[]; ms: number }

/** Parses (with `options`, e.g. a format forced on any text), lints and renders `text`, asserting every property; throws (an assertion) on the first broken one. */
export function checkText(text: string, options: ParseOptions = {}): CheckResult {
  const started = process.cpuUsage();
  const model = parseNote(text, options);
  assert.equal(model.lines.length, text.split(/\r\n|\r|\n/).length, 'model.lines has one entry per document line');
  const diagnostics = lintModel(model);
  const problems = diagnostics.flatMap((d) => diagnosticProblems(model, d));
  assert.deepEqual(problems, [], 'diagnostics are well-formed');
  // A fix is a set of edits against the same text: applying it must work (no overlap, no bad position).
  // A sample of them: each application copies the whole text.
  for (const d of diagnostics.filter((x) => x.fix).slice(0, FIXES_APPLIED)) applyEdits(text, d.fix!.edits);
  const rendered = renderNote(text);
  assert.equal(typeof rendered.html, 'string');
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < timeBoundMs(text), `parse + lint + render took ${ms.toFixed(0)} ms of CPU on ${text.length} characters (hang bound ${timeBoundMs(text).toFixed(0)} ms)`);
  return { model, diagnostics, ms };
}
