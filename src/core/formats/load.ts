// Loading note formats from JSON: schema validation (ajv) plus the checks a
// schema cannot express, with every error naming the JSON path that is wrong.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { getNodeValue } from 'jsonc-parser';
import { capList, parseJsonDocument } from '../json';
import schema from '../../../schemas/note-format.schema.json';
import type { NoteFormat } from './types';

export interface FormatError {
  /** JSON path of the wrong value, e.g. `$.sections[2].role` (`$` is the whole document). */
  path: string;
  message: string;
}

export type LoadFormatResult = { format: NoteFormat } | { errors: FormatError[] };

/** A custom format as found by whoever reads files or settings. */
export interface FormatSource {
  json: unknown;
  /** Where it came from (file path or setting name); used in error messages. */
  source: string;
}

export interface SourcedFormatError extends FormatError {
  source: string;
}

let validator: ValidateFunction | undefined;

function validate(json: unknown): ErrorObject[] {
  // Compiled once, lazily: ajv compilation is the expensive part.
  validator ??= new Ajv({ allErrors: true, useDefaults: true, strict: true }).compile(schema);
  return validator(json) ? [] : [...(validator.errors ?? [])];
}

/** `/sections/2/role` → `$.sections[2].role`. */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '$';
  return '$' + pointer.split('/').slice(1).map((raw) => {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) return `[${key}]`;
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }).join('');
}

function describe(error: ErrorObject): FormatError {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: jsonPath(`${error.instancePath}/${String(params.missingProperty)}`), message: 'is required but missing' };
    case 'additionalProperties':
      return { path: jsonPath(`${error.instancePath}/${String(params.additionalProperty)}`), message: 'is not a known property' };
    case 'enum':
      return {
        path: jsonPath(error.instancePath),
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'type':
      if (/^\/rules\/[^/]+$/.test(error.instancePath)) {
        return { path: jsonPath(error.instancePath), message: 'must be a severity ("error", "warning", "info", "off") or an options object' };
      }
      return { path: jsonPath(error.instancePath), message: error.message ?? 'has the wrong type' };
    case 'propertyNames':
      return { path: jsonPath(`${error.instancePath}/${String(params.propertyName)}`), message: 'is not a valid rule id (lower-case letters, digits and dashes)' };
    default:
      return { path: jsonPath(error.instancePath), message: error.message ?? `fails ${error.keyword}` };
  }
}

/** Drops ajv's summary errors that repeat what a more specific error already says. */
function isNoise(error: ErrorObject): boolean {
  if (error.keyword === 'if') return true;
  // propertyNames reports once for the name and once, as `pattern`, for the same value.
  return error.keyword === 'pattern' && error.schemaPath.includes('/propertyNames/');
}

/** Checks the schema cannot express. */
function semanticErrors(format: NoteFormat): FormatError[] {
  const errors: FormatError[] = [];
  const seen = new Map<string, number>();
  format.sections.forEach((section, index) => {
    // The title becomes a heading line of every new note: a line break would add raw Markdown lines.
    if (/[\r\n\u2028\u2029]/.test(section.title)) {
      errors.push({ path: `$.sections[${index}].title`, message: 'must be one line (it contains a line break)' });
    }
    const first = seen.get(section.number.toUpperCase());
    if (first !== undefined) {
      errors.push({ path: `$.sections[${index}].number`, message: `repeats section number "${section.number}" of $.sections[${first}]` });
    } else {
      seen.set(section.number.toUpperCase(), index);
    }
  });
  return errors;
}

/**
 * Validates a parsed format document. Never throws; on success the returned
 * format is a copy with schema defaults filled in (aliases [], required true,
 * role "none", rules {}).
 */
// `source` is part of the contract for callers that log; the errors carry only
// paths, and resolveFormats adds the source to each.
export function loadFormat(json: unknown, _source: string): LoadFormatResult {
  const copy: unknown = json === undefined ? undefined : structuredClone(json);
  const schemaErrors = validate(copy).filter((e) => !isNoise(e)).map(describe);
  if (schemaErrors.length > 0) return { errors: dedupe(schemaErrors) };
  const format = copy as NoteFormat;
  const errors = semanticErrors(format);
  return errors.length > 0 ? { errors } : { format };
}

function dedupe(errors: FormatError[]): FormatError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Parses the text of a `*.mlnotes-format.json` file (comments and trailing
 * commas allowed) and loads it. A syntax error is reported with its 1-based
 * line and column.
 */
export function loadFormatText(text: string, source: string): LoadFormatResult {
  const doc = parseJsonDocument(text);
  if (doc.problems.length > 0 || !doc.root) {
    return {
      errors: capList(doc.problems, (count, first) => ({ ...first, message: `… and ${count} more errors.` })).map((p) => {
        const at = `at line ${p.range.start.line + 1}, column ${p.range.start.character + 1}`;
        const syntax = /^Invalid JSON: (\w+)\.$/.exec(p.message);
        return { path: '$', message: syntax ? `invalid JSON ${at}: ${syntax[1]}` : `${p.message.replace(/\.$/, '')} (${at})` };
      }),
    };
  }
  return loadFormat(JSON.parse(JSON.stringify(getNodeValue(doc.root))) as unknown, source);
}

/** One line per error: `source: $.path: message`. */
export function formatErrorText(error: SourcedFormatError): string {
  return `${error.source}: ${error.path}: ${error.message}`;
}

/**
 * The formats in force: the built-ins, then each valid custom format. An
 * invalid custom format, or one whose id is already taken, is skipped and
 * reported; the others keep working.
 */
export function resolveFormats(builtins: readonly NoteFormat[], custom: readonly FormatSource[]): {
  formats: NoteFormat[];
  errors: SourcedFormatError[];
} {
  const formats = [...builtins];
  const errors: SourcedFormatError[] = [];
  for (const { json, source } of custom) {
    const result = loadFormat(json, source);
    if ('errors' in result) {
      errors.push(...result.errors.map((e) => ({ ...e, source })));
      continue;
    }
    if (formats.some((f) => f.id === result.format.id)) {
      // A second format with the same id would make `format: <id>` ambiguous.
      errors.push({ source, path: '$.id', message: `format id "${result.format.id}" is already in use` });
      continue;
    }
    formats.push(result.format);
  }
  return { formats, errors };
}
