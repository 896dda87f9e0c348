/**
 * The lint engine: runs every registered rule on one NoteModel with the
 * severity and options in force, builds messages, honours suppression
 * comments, and returns diagnostics sorted by position. A rule that throws
 * becomes one diagnostic; it never stops the lint.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { LintDiagnostic, Report, RuleContext, Severity, SeveritySetting } from './types';
import type { NoteModel } from './model';
import type { NoteFormat } from './formats/types';
import { allRules, type AnyRule } from './rules/index';
import { defaultConfig, mergeRuleSetting, SHARED_OPTION_KEYS, type ResolvedConfig, type RuleSetting } from './config';
import { buildSuppressions } from './suppress';
import { comparePositions } from './text';
import { parseNote } from './parse/index';
import { macrosInForce } from './tex/macros';
import { builtinFormats } from './formats/index';
import { resolveFormats } from './formats/load';
import { equalData } from './equal';

/** Repository-relative path of a rule's doc page; the extension and CLI turn it into a link. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

// ------------------------------------------------------------ option schemas

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
const validators = new WeakMap<object, ValidateFunction>();

/** The rule's options validator, compiled once per schema object. */
export function optionsValidator(rule: AnyRule): ValidateFunction {
  let validate = validators.get(rule.meta.optionsSchema);
  if (!validate) {
    validate = ajv.compile(rule.meta.optionsSchema);
    validators.set(rule.meta.optionsSchema, validate);
  }
  return validate;
}

/** Ajv's errors as one readable line. */
export function describeOptionErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || 'options'} ${e.message ?? 'is invalid'}`).join('; ');
}

// ------------------------------------------------------------ settings

export interface RuleSettings {
  severity: SeveritySetting;
  options: Record<string, unknown>;
  /** Set when the merged options failed the rule's schema (the defaults are used then). */
  optionsError?: string;
}

function settingSeverity(setting: RuleSetting | undefined): SeveritySetting | undefined {
  return typeof setting === 'string' ? setting : setting?.severity;
}

function settingOptions(setting: RuleSetting | undefined): Record<string, unknown> {
  if (setting === undefined || typeof setting === 'string') return {};
  const { severity: _severity, ...options } = setting;
  return options;
}

/**
 * Severity: the rule's default (per format) → the format file's entry → the
 * user's `rules` → the user's `formats[<id>].rules`. Options: the rule's
 * defaults ← the same layers, then the config's shared lists (`vagueWords`,
 * `ignoreSymbols`) appended to the same-named array options.
 */
export function resolveRuleSettings(rule: AnyRule, format: NoteFormat | undefined, config: ResolvedConfig): RuleSettings {
  const id = rule.meta.id;
  const metaSeverity = (format && rule.meta.severity[format.id]) ?? rule.meta.severity.default;
  let setting: RuleSetting | undefined = metaSeverity;
  setting = mergeRuleSetting(setting, format?.rules?.[id]);
  setting = mergeRuleSetting(setting, config.rules[id]);
  if (format) setting = mergeRuleSetting(setting, config.formats[format.id]?.rules[id]);
  const severity = settingSeverity(setting) ?? metaSeverity;
  const options: Record<string, unknown> = { ...structuredClone(rule.meta.defaultOptions), ...settingOptions(setting) };
  const schemaProperties = (rule.meta.optionsSchema.properties ?? {}) as Record<string, unknown>;
  for (const key of SHARED_OPTION_KEYS) {
    const extra = config[key];
    if (key in schemaProperties && extra.length > 0) {
      const current = Array.isArray(options[key]) ? (options[key] as unknown[]) : [];
      options[key] = [...new Set([...current, ...extra])];
    }
  }
  const validate = optionsValidator(rule);
  if (!validate(options)) {
    return { severity, options: structuredClone(rule.meta.defaultOptions), optionsError: describeOptionErrors(validate) };
  }
  return { severity, options };
}

/**
 * A rule's settings, kept with copies of the config and format entries they
 * were resolved from: a lint of every keystroke resolved every rule's again
 * (a clone of its defaults and a schema check). Configs are plain objects a
 * caller may change between lints, so the entries are compared each time,
 * not trusted by identity.
 */
interface CachedSettings { format: NoteFormat | undefined; inputs: unknown[]; settings: RuleSettings }
const settingsCache = new WeakMap<AnyRule, CachedSettings>();

/** What resolveRuleSettings reads besides the rule's own meta. */
function settingInputs(rule: AnyRule, format: NoteFormat | undefined, config: ResolvedConfig): unknown[] {
  const id = rule.meta.id;
  const formatEntry = format ? config.formats[format.id]?.rules[id] : undefined;
  return [format?.id, format?.rules?.[id], config.rules[id], formatEntry, ...SHARED_OPTION_KEYS.map((key) => config[key])];
}

/** resolveRuleSettings, reused while the entries it reads are unchanged. */
function ruleSettings(rule: AnyRule, format: NoteFormat | undefined, config: ResolvedConfig): RuleSettings {
  const inputs = settingInputs(rule, format, config);
  const cached = settingsCache.get(rule);
  if (cached && cached.format === format && equalData(cached.inputs, inputs)) return cached.settings;
  const settings = resolveRuleSettings(rule, format, config);
  settingsCache.set(rule, { format, inputs: structuredClone(inputs), settings });
  return settings;
}

// ------------------------------------------------------------ running rules

/** `{{name}}` placeholders filled from `data`; unknown names stay as written (as ESLint). */
export function formatMessage(template: string, data: Report['data']): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_$-]+)\s*\}\}/g, (whole, name: string) =>
    data && Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole);
}

export interface RuleRun {
  reports: Report[];
  /** What the rule threw, if it did (the reports made before it are kept). */
  error?: unknown;
}

/** Runs one rule on a model with the given options and macros, collecting its raw reports. */
export function runRule(rule: AnyRule, model: NoteModel, options: Record<string, unknown>, macros: Record<string, string>): RuleRun {
  const reports: Report[] = [];
  const context: RuleContext = {
    model,
    options,
    macros,
    formatId: model.format?.id,
    report(report) {
      if (!Object.prototype.hasOwnProperty.call(rule.meta.messages, report.messageId)) {
        throw new Error(`reported unknown messageId "${report.messageId}"`);
      }
      reports.push(report);
    },
  };
  try {
    rule.check(context);
    return { reports };
  } catch (error) {
    return { reports, error };
  }
}

const DOCUMENT_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function toDiagnostic(rule: AnyRule, severity: Severity, report: Report): LintDiagnostic {
  const diagnostic: LintDiagnostic = {
    rule: rule.meta.id,
    severity,
    message: formatMessage(rule.meta.messages[report.messageId], report.data),
    messageId: report.messageId,
    range: report.range,
    docs: ruleDocsPath(rule.meta.id),
  };
  if (report.data) diagnostic.data = report.data;
  if (report.fix) diagnostic.fix = report.fix;
  if (report.related) diagnostic.related = report.related;
  return diagnostic;
}

function engineDiagnostic(rule: AnyRule, message: string): LintDiagnostic {
  return { rule: rule.meta.id, severity: 'error', message, range: DOCUMENT_START, docs: ruleDocsPath(rule.meta.id) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface LintOptions {
  /** The rules to run; default: the registry. */
  rules?: readonly AnyRule[];
  /** How each rule is run; default: runRule. An incremental lint gives the previous version's run where it holds. */
  runRule?: typeof runRule;
}

export function compareDiagnostics(a: LintDiagnostic, b: LintDiagnostic): number {
  return comparePositions(a.range.start, b.range.start)
    || comparePositions(a.range.end, b.range.end)
    || a.rule.localeCompare(b.rule)
    || a.message.localeCompare(b.message);
}

/** Lints a parsed note. Diagnostics come sorted by position. */
export function lintModel(model: NoteModel, config: ResolvedConfig = defaultConfig(), options: LintOptions = {}): LintDiagnostic[] {
  const rules = options.rules ?? allRules;
  const macros = macrosInForce(config.macros, model.macros);
  const suppressions = buildSuppressions(model.comments);
  const diagnostics: LintDiagnostic[] = [];
  for (const rule of rules) {
    if (rule.meta.notesOnly && !model.format) continue;
    const settings = ruleSettings(rule, model.format, config);
    if (settings.severity === 'off') continue;
    const severity = settings.severity;
    if (settings.optionsError) {
      diagnostics.push(engineDiagnostic(rule, `Invalid options for rule "${rule.meta.id}" (its defaults were used): ${settings.optionsError}.`));
    }
    const run = (options.runRule ?? runRule)(rule, model, settings.options, macros);
    for (const report of run.reports) {
      if (!suppressions.isSuppressed(rule.meta.id, report.range.start)) diagnostics.push(toDiagnostic(rule, severity, report));
    }
    if (run.error !== undefined) {
      diagnostics.push(engineDiagnostic(rule, `Rule "${rule.meta.id}" failed on this file: ${errorText(run.error)}. Please report this.`));
    }
  }
  return diagnostics.sort(compareDiagnostics);
}

export interface LintTextOptions {
  config?: ResolvedConfig;
  /** The formats in force; default: the built-ins plus the config's custom formats given as objects. */
  formats?: NoteFormat[];
  /** Format id to use when the front matter names none. */
  format?: string;
}

/** The formats a config brings: built-ins plus its valid inline custom formats (paths are the caller's job). */
export function formatsOfConfig(config: ResolvedConfig): NoteFormat[] {
  const inline = config.customFormats.filter((f): f is NoteFormat => typeof f === 'object');
  return resolveFormats(builtinFormats, inline.map((json) => ({ json, source: 'config' }))).formats;
}

/** Parses and lints a text in one go. */
export function lintText(text: string, options: LintTextOptions = {}): { model: NoteModel; diagnostics: LintDiagnostic[] } {
  const config = options.config ?? defaultConfig();
  const model = parseNote(text, { formats: options.formats ?? formatsOfConfig(config), format: options.format });
  return { model, diagnostics: lintModel(model, config) };
}
