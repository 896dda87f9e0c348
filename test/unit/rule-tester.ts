/**
 * An ESLint-RuleTester-style harness for mlnotes rules:
 *
 *   ruleTester(rule).run({
 *     valid: ['clean note…', { code, options, format }],
 *     invalid: [{ code, options?, format?, errors: [{ messageId, line, column, endLine?, endColumn?, data? }], output? }],
 *   });
 *
 * Lines and columns are 1-based (as an editor shows them). `run` registers one
 * mocha `it` per case. Besides each case, the tester checks the rule itself:
 * its metadata, that every reported messageId exists, that only fixable rules
 * fix, and that the options given satisfy the rule's option schema.
 * `output` is the text after applying the case's fixes (safe or not) in one
 * pass, in report order, skipping a fix that overlaps an earlier one (as
 * ESLint's RuleTester); a case whose reports carry fixes must state `output`
 * (`output: null` asserts that no fix is offered).
 */
import * as assert from 'node:assert/strict';
import type { Report } from '../../src/core/types';
import type { NoteModel } from '../../src/core/model';
import type { AnyRule } from '../../src/core/rules/index';
import { describeOptionErrors, formatMessage, optionsValidator, runRule } from '../../src/core/lint';
import { applyEdits, applyFixesOnce } from '../../src/core/fix';
import { comparePositions } from '../../src/core/text';

export interface CaseOptions {
  code: string;
  /** Rule options (without severity), merged over the rule's defaults. */
  options?: Record<string, unknown>;
  /** Force the note's format (front matter or headings may give it too). */
  format?: string;
  /** KaTeX macros in force, as the config would give them. */
  macros?: Record<string, string>;
  /** A name shown in the test title. */
  name?: string;
}

export type ValidCase = string | CaseOptions;

export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  data?: Record<string, string | number>;
  /** The built message, if the test wants to pin it. */
  message?: string;
}

export interface InvalidCase extends CaseOptions {
  errors: ExpectedError[];
  /** Text after applying every fix; null: no fix may be offered. */
  output?: string | null;
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export type ParseFunction = (text: string, options: { format?: string }) => NoteModel;

let defaultParse: ParseFunction | undefined;

/** parseNote from src/core/parse, loaded on first use. */
function parseNoteLazily(): ParseFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  defaultParse ??= (require('../../src/core/parse') as { parseNote: ParseFunction }).parseNote;
  return defaultParse;
}

export interface TesterOptions {
  /** Parser to use (tests of the tester itself pass a fake). Default: parseNote. */
  parse?: ParseFunction;
}

/** Metadata every rule must have; throws an AssertionError naming what is wrong. */
export function checkMeta(rule: AnyRule): void {
  const { meta } = rule;
  assert.match(meta.id, /^[a-z][a-z0-9-]*$/, `rule id "${meta.id}" must be lower-case words joined by dashes`);
  assert.ok(meta.description.trim().length > 0, `${meta.id}: meta.description is empty`);
  const severities = ['off', 'info', 'warning', 'error'];
  for (const [key, value] of Object.entries(meta.severity)) {
    assert.ok(severities.includes(value), `${meta.id}: meta.severity.${key} is "${value}", not one of ${severities.join(', ')}`);
  }
  assert.ok(Object.keys(meta.messages).length > 0, `${meta.id}: meta.messages is empty`);
  assert.equal(meta.optionsSchema.type, 'object', `${meta.id}: meta.optionsSchema must describe an object`);
  const validate = optionsValidator(rule);
  assert.ok(validate(structuredClone(meta.defaultOptions)), `${meta.id}: meta.defaultOptions fail the rule's own schema: ${describeOptionErrors(validate)}`);
}

function caseOf(test: ValidCase): CaseOptions {
  return typeof test === 'string' ? { code: test } : test;
}

function parseCase(test: CaseOptions, parse: ParseFunction): NoteModel {
  return parse(test.code, test.format ? { format: test.format } : {});
}

/** Runs the rule on one case the way the engine would (options merged and validated). */
export function runCase(rule: AnyRule, test: CaseOptions, parse: ParseFunction): { model: NoteModel; reports: Report[] } {
  const options = { ...structuredClone(rule.meta.defaultOptions), ...test.options };
  const validate = optionsValidator(rule);
  assert.ok(validate(options), `${rule.meta.id}: the case's options fail the rule's schema: ${describeOptionErrors(validate)}`);
  const model = parseCase(test, parse);
  if (rule.meta.notesOnly && !model.format) {
    return { model, reports: [] }; // the engine never runs a notes-only rule on plain Markdown
  }
  const run = runRule(rule, model, options, { ...test.macros, ...model.macros });
  if (run.error !== undefined) throw run.error;
  const reports = [...run.reports].sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  for (const report of reports) checkReport(rule, report);
  return { model, reports };
}

function checkReport(rule: AnyRule, report: Report): void {
  assert.ok(Object.prototype.hasOwnProperty.call(rule.meta.messages, report.messageId),
    `${rule.meta.id} reported messageId "${report.messageId}", which is not in meta.messages`);
  const message = formatMessage(rule.meta.messages[report.messageId], report.data);
  assert.doesNotMatch(message, /\{\{\s*[\w$-]+\s*\}\}/, `${rule.meta.id}: message "${message}" has a placeholder without data`);
  assert.ok(comparePositions(report.range.start, report.range.end) <= 0, `${rule.meta.id}: a report range ends before it starts`);
  if (report.fix) {
    assert.ok(rule.meta.fixable, `${rule.meta.id} offered a fix but meta.fixable is false`);
    assert.ok(report.fix.title.trim().length > 0, `${rule.meta.id}: a fix has no title`);
  }
}

function describeReports(reports: Report[]): string {
  return reports.map((r) => `  ${r.messageId} at ${r.range.start.line + 1}:${r.range.start.character + 1}-${r.range.end.line + 1}:${r.range.end.character + 1}`).join('\n') || '  (none)';
}

/** Asserts a valid case gives no report. */
export function checkValid(rule: AnyRule, test: ValidCase, parse: ParseFunction): void {
  const { reports } = runCase(rule, caseOf(test), parse);
  assert.equal(reports.length, 0, `${rule.meta.id}: expected no report on a valid case, got:\n${describeReports(reports)}`);
}

function checkError(rule: AnyRule, report: Report, expected: ExpectedError, index: number): void {
  const where = `${rule.meta.id}, error ${index + 1}`;
  assert.ok(Object.prototype.hasOwnProperty.call(rule.meta.messages, expected.messageId),
    `${where}: the test expects messageId "${expected.messageId}", which is not in meta.messages`);
  assert.equal(report.messageId, expected.messageId, `${where}: messageId`);
  assert.equal(report.range.start.line + 1, expected.line, `${where}: line`);
  assert.equal(report.range.start.character + 1, expected.column, `${where}: column`);
  if (expected.endLine !== undefined) assert.equal(report.range.end.line + 1, expected.endLine, `${where}: endLine`);
  if (expected.endColumn !== undefined) assert.equal(report.range.end.character + 1, expected.endColumn, `${where}: endColumn`);
  if (expected.data !== undefined) assert.deepEqual(report.data ?? {}, expected.data, `${where}: data`);
  if (expected.message !== undefined) {
    assert.equal(formatMessage(rule.meta.messages[report.messageId], report.data), expected.message, `${where}: message`);
  }
}

/** Asserts an invalid case gives exactly the expected reports, and the expected fixed output. */
export function checkInvalid(rule: AnyRule, test: InvalidCase, parse: ParseFunction): void {
  assert.ok(test.errors.length > 0, `${rule.meta.id}: an invalid case must expect at least one error`);
  const { model, reports } = runCase(rule, test, parse);
  const hint = rule.meta.notesOnly && !model.format ? ' (the rule is notes-only and the code parsed as no note: give `format`)' : '';
  assert.equal(reports.length, test.errors.length,
    `${rule.meta.id}: expected ${test.errors.length} report(s), got ${reports.length}${hint}:\n${describeReports(reports)}`);
  reports.forEach((report, i) => checkError(rule, report, test.errors[i], i));
  const fixes = reports.flatMap((r) => (r.fix ? [r.fix] : []));
  if (test.output === undefined) {
    assert.equal(fixes.length, 0, `${rule.meta.id}: the case's reports carry fixes, so it must state \`output\``);
    return;
  }
  if (test.output === null) {
    assert.equal(fixes.length, 0, `${rule.meta.id}: expected no fix (output: null), got ${fixes.length}`);
    return;
  }
  assert.ok(rule.meta.fixable, `${rule.meta.id}: the case states \`output\` but the rule is not fixable`);
  assert.ok(fixes.length > 0, `${rule.meta.id}: the case states \`output\` but no report carries a fix`);
  for (const fix of fixes) applyEdits(test.code, fix.edits); // each fix must be consistent in itself
  // One pass, as ESLint's RuleTester: a fix that overlaps an earlier one waits (and is not in `output`).
  const asDiagnostics = reports.map((r) => ({ rule: rule.meta.id, severity: 'warning' as const, message: '', range: r.range, fix: r.fix, docs: '' }));
  const output = applyFixesOnce(test.code, asDiagnostics, false).text;
  assert.equal(output, test.output, `${rule.meta.id}: fixed output`);
}

function title(test: CaseOptions): string {
  const text = test.name ?? test.code.replace(/\s+/g, ' ').trim();
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

export interface RuleTester {
  run(tests: RuleTests): void;
}

export function ruleTester(rule: AnyRule, testerOptions: TesterOptions = {}): RuleTester {
  const parse: ParseFunction = (text, options) => (testerOptions.parse ?? parseNoteLazily())(text, options);
  return {
    run(tests) {
      describe(`rule ${rule.meta.id}`, () => {
        it('has valid metadata', () => checkMeta(rule));
        describe('valid', () => {
          for (const test of tests.valid) it(title(caseOf(test)), () => checkValid(rule, test, parse));
        });
        describe('invalid', () => {
          for (const test of tests.invalid) it(title(test), () => checkInvalid(rule, test, parse));
        });
      });
    },
  };
}

