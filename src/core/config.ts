/**
 * The user's configuration (`.mlnotes.json` / `.mlnotes.jsonc`): parsed with
 * jsonc-parser (comments and trailing commas allowed in both), validated with
 * ajv against the schema generated from the rules, and reported with the
 * exact range of each bad value. An invalid config yields the defaults.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { getNodeValue, type Node } from 'jsonc-parser';
import type { Range, SeveritySetting } from './types';
import type { NoteFormat } from './formats/types';
import { allRules, type AnyRule } from './rules/index';
import { buildConfigSchema } from './config-schema';
import { editDistance, rangeOf } from './text';
import { capList, jsonWork, nodeAt, parseJsonDocument, propertyNode, type JsonDocument } from './json';

export interface RuleSettingObject { severity?: SeveritySetting; [option: string]: unknown }
/** `off|info|warning|error`, or `{severity?, …options}` (no severity: keep the one below). */
export type RuleSetting = SeveritySetting | RuleSettingObject;

export interface ResolvedConfig {
  rules: Record<string, RuleSetting>;
  /** Per-format overrides, keyed by format id; they win over `rules`. */
  formats: Record<string, { rules: Record<string, RuleSetting> }>;
  /** KaTeX macros (`\R` → `\mathbb{R}`); a note's own definitions win. */
  macros: Record<string, string>;
  /** Format objects, or paths relative to the config file (the CLI and extension load those). */
  customFormats: (NoteFormat | string)[];
  /** Extra words for vague-language; added to the list of every rule with a `vagueWords` option. */
  vagueWords: string[];
  /** Symbols that need no declaration; added to every rule with an `ignoreSymbols` option. */
  ignoreSymbols: string[];
}

/** Top-level settings the engine appends to the same-named array option of any rule that has one. */
export const SHARED_OPTION_KEYS = ['vagueWords', 'ignoreSymbols'] as const;

export interface ConfigError {
  file: string;
  message: string;
  /** The bad value (or key) in the config text, 0-based. */
  range: Range;
}

export interface ParsedConfig { config: ResolvedConfig; errors: ConfigError[] }

export function defaultConfig(): ResolvedConfig {
  return { rules: {}, formats: {}, macros: {}, customFormats: [], vagueWords: [], ignoreSymbols: [] };
}

/** `over` on top of `base` (e.g. VS Code settings over the config file). Rule objects merge key by key. */
export function mergeConfigs(base: ResolvedConfig, over: Partial<ResolvedConfig>): ResolvedConfig {
  const formats = { ...base.formats };
  for (const [id, value] of Object.entries(over.formats ?? {})) {
    formats[id] = { rules: mergeRuleSettings(formats[id]?.rules ?? {}, value.rules ?? {}) };
  }
  return {
    rules: mergeRuleSettings(base.rules, over.rules ?? {}),
    formats,
    macros: { ...base.macros, ...over.macros },
    customFormats: [...base.customFormats, ...(over.customFormats ?? [])],
    vagueWords: unique([...base.vagueWords, ...(over.vagueWords ?? [])]),
    ignoreSymbols: unique([...base.ignoreSymbols, ...(over.ignoreSymbols ?? [])]),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** One rule's setting on top of another: a severity string replaces the severity only. */
export function mergeRuleSetting(base: RuleSetting | undefined, over: RuleSetting | undefined): RuleSetting | undefined {
  if (over === undefined) return base;
  if (base === undefined) return over;
  const asObject = (s: RuleSetting): RuleSettingObject => (typeof s === 'string' ? { severity: s } : s);
  const merged = { ...asObject(base), ...asObject(over) };
  if (merged.severity === undefined) delete merged.severity;
  return merged;
}

function mergeRuleSettings(base: Record<string, RuleSetting>, over: Record<string, RuleSetting>): Record<string, RuleSetting> {
  const merged = { ...base };
  for (const [id, setting] of Object.entries(over)) merged[id] = mergeRuleSetting(merged[id], setting)!;
  return merged;
}

// ---------------------------------------------------------------- validation

let cached: { rules: readonly AnyRule[]; count: number; validate: ValidateFunction } | undefined;

/** The config validator, compiled once per registry (recompiled only if the registry grows). */
function configValidator(rules: readonly AnyRule[]): ValidateFunction {
  if (!cached || cached.rules !== rules || cached.count !== rules.length) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    cached = { rules, count: rules.length, validate: ajv.compile(buildConfigSchema(rules)) };
  }
  return cached.validate;
}

function pathSegments(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function displayPath(segments: (string | number)[]): string {
  if (segments.length === 0) return 'The config';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('').replace(/^/, '"') + '"';
}

/** The key node of property `name` in object node `object`. */
function propertyKeyNode(object: Node | undefined, name: string): Node | undefined {
  return propertyNode(object, name)?.children?.[0];
}

const KEYWORD_PREFERENCE = ['enum', 'additionalProperties', 'required', 'pattern', 'propertyNames', 'minLength', 'uniqueItems', 'type', 'oneOf'];

/** Among ajv's errors keep the most specific one per bad value (oneOf yields one error per branch). */
function mostSpecificErrors(errors: ErrorObject[]): ErrorObject[] {
  const depth = (e: ErrorObject) => pathSegments(e.instancePath).length + (e.keyword === 'additionalProperties' ? 1 : 0);
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    jsonWork.steps++;
    const key = error.instancePath + (error.keyword === 'additionalProperties' ? `/${(error.params as { additionalProperty: string }).additionalProperty}` : '');
    const group = byPath.get(key);
    if (group) group.push(error); else byPath.set(key, [error]);
  }
  // Every proper prefix of an error's path: a deeper error explains a shallower oneOf/type failure of the same value.
  const explained = new Set<string>();
  for (const key of byPath.keys()) {
    for (let slash = key.lastIndexOf('/'); slash > 0; slash = key.lastIndexOf('/', slash - 1)) {
      jsonWork.steps++;
      explained.add(key.slice(0, slash));
    }
    explained.add('');
  }
  const kept: ErrorObject[] = [];
  for (const [key, group] of byPath) {
    jsonWork.steps++;
    if (key !== '' ? explained.has(key) : byPath.size > 1) continue;
    const rank = (e: ErrorObject) => { const i = KEYWORD_PREFERENCE.indexOf(e.keyword); return i < 0 ? KEYWORD_PREFERENCE.length - 2 : i; };
    kept.push([...group].sort((a, b) => rank(a) - rank(b))[0]);
  }
  return kept.sort((a, b) => depth(a) - depth(b));
}

function errorMessage(error: ErrorObject, segments: (string | number)[], valueType: string, rules: readonly AnyRule[]): string {
  const where = displayPath(segments);
  const parent = segments[segments.length - 1];
  const grandparent = segments[segments.length - 2];
  if (error.keyword === 'additionalProperties') {
    const name = (error.params as { additionalProperty: string }).additionalProperty;
    if (parent === 'rules') return `Unknown rule "${name}"${suggestion(name, rules)}.`;
    if (grandparent === 'rules') return `Unknown option "${name}" for rule "${String(parent)}".`;
    return `Unknown setting "${name}" in ${where}.`;
  }
  const isRuleSetting = grandparent === 'rules' && segments.length >= 2;
  if (isRuleSetting && valueType !== 'string' && valueType !== 'object') {
    return `${where} must be a severity ("off", "info", "warning", "error") or an object {"severity": …, …options}.`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return `${where} must be one of ${allowed}.`;
  }
  return `${where} ${error.message ?? 'is invalid'}.`;
}

function suggestion(name: string, rules: readonly AnyRule[]): string {
  const close = rules.map((r) => r.meta.id).find((id) => editDistance(id, name, 2) <= 2);
  return close ? ` (did you mean "${close}"?)` : '';
}

function schemaErrors(doc: JsonDocument, root: Node, value: unknown, fileName: string, rules: readonly AnyRule[]): ConfigError[] {
  const validate = configValidator(rules);
  if (validate(value)) return [];
  const all = validate.errors ?? [];
  return mostSpecificErrors(all).map((error) => {
    const segments = pathSegments(error.instancePath);
    const valueNode = nodeAt(root, segments) ?? root;
    let node = valueNode;
    if (error.keyword === 'additionalProperties') {
      node = propertyKeyNode(valueNode, (error.params as { additionalProperty: string }).additionalProperty) ?? valueNode;
    }
    return { file: fileName, message: errorMessage(error, segments, valueNode.type, rules), range: rangeOf(doc.lineStarts, node.offset, node.offset + node.length) };
  });
}

/** At most `MAX_LISTED_ERRORS` errors, then one saying how many more there are. */
export function capErrors(errors: ConfigError[]): ConfigError[] {
  return capList(errors, (count, first) => ({ ...first, message: `… and ${count} more error${count === 1 ? '' : 's'} in this file.` }));
}

function toResolved(value: Record<string, unknown>): ResolvedConfig {
  const config = defaultConfig();
  const v = value as Partial<ResolvedConfig>;
  return {
    rules: { ...config.rules, ...v.rules },
    formats: Object.fromEntries(Object.entries(v.formats ?? {}).map(([id, f]) => [id, { rules: { ...f.rules } }])),
    macros: { ...v.macros },
    customFormats: [...(v.customFormats ?? [])],
    vagueWords: [...(v.vagueWords ?? [])],
    ignoreSymbols: [...(v.ignoreSymbols ?? [])],
  };
}

/**
 * Parses and validates a config file's text. On any error the defaults are
 * returned with the errors, each at the range of the bad value in `text`.
 */
export function parseConfigText(text: string, fileName: string, rules: readonly AnyRule[] = allRules): ParsedConfig {
  const doc = parseJsonDocument(text);
  const root = doc.root;
  if (doc.problems.length > 0 || !root) {
    return { config: defaultConfig(), errors: doc.problems.map((p) => ({ file: fileName, ...p })) };
  }
  // Plain objects (jsonc-parser builds them without a prototype).
  const value = JSON.parse(JSON.stringify(getNodeValue(root))) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { config: defaultConfig(), errors: [{ file: fileName, message: 'The config must be a JSON object.', range: rangeOf(doc.lineStarts, root.offset, root.offset + root.length) }] };
  }
  const errors = schemaErrors(doc, root, value, fileName, rules);
  if (errors.length > 0) return { config: defaultConfig(), errors };
  return { config: toResolved(value as Record<string, unknown>), errors: [] };
}
