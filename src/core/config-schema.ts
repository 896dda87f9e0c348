/**
 * The JSON Schema of `.mlnotes.json`, built from the rules' own option
 * schemas so it cannot drift from them. `scripts/gen-schemas.ts` writes it to
 * schemas/mlnotes-config.schema.json (for editors); a unit test checks the
 * shipped file equals this function's output.
 */
import type { JsonSchema, Rule } from './types';

export const CONFIG_SCHEMA_ID = 'https://mlnotes.invalid/schemas/mlnotes-config.schema.json';

const severity: JsonSchema = {
  type: 'string',
  enum: ['off', 'info', 'warning', 'error'],
  description: 'off, info, warning or error.',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRule = Rule<any>;

/** A rule's setting: a severity, or an object of severity and the rule's options. */
function ruleSettingSchema(rule: AnyRule): JsonSchema {
  const optionProperties = (rule.meta.optionsSchema.properties ?? {}) as Record<string, JsonSchema>;
  return {
    description: rule.meta.description,
    oneOf: [
      { $ref: '#/definitions/severity' },
      {
        type: 'object',
        properties: { severity: { $ref: '#/definitions/severity' }, ...optionProperties },
        additionalProperties: false,
      },
    ],
  };
}

function rulesSchema(rules: readonly AnyRule[]): JsonSchema {
  const sorted = [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  return {
    type: 'object',
    description: 'Per-rule settings: a severity (off, info, warning, error) or {"severity": …, …options}.',
    properties: Object.fromEntries(sorted.map((rule) => [rule.meta.id, { $ref: `#/definitions/rule-${rule.meta.id}` }])),
    additionalProperties: false,
  };
}

export function buildConfigSchema(rules: readonly AnyRule[]): JsonSchema {
  const sorted = [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'mlnotes configuration (.mlnotes.json / .mlnotes.jsonc)',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules: { $ref: '#/definitions/rules' },
      formats: {
        type: 'object',
        description: 'Per-format overrides, keyed by format id: {"lecture": {"rules": {…}}}.',
        additionalProperties: {
          type: 'object',
          properties: { rules: { $ref: '#/definitions/rules' } },
          additionalProperties: false,
        },
      },
      macros: {
        type: 'object',
        description: 'KaTeX macros, e.g. {"\\\\R": "\\\\mathbb{R}"}; a note\'s own \\newcommand wins.',
        propertyNames: { pattern: '^\\\\[A-Za-z@]+$|^\\\\.$' },
        additionalProperties: { type: 'string' },
      },
      customFormats: {
        type: 'array',
        description: 'Extra note formats: format objects (schemas/note-format.schema.json) or paths to format JSON files, relative to this file.',
        items: {
          oneOf: [
            { type: 'string', minLength: 1 },
            { type: 'object', required: ['id', 'sections'], properties: { id: { type: 'string', minLength: 1 } } },
          ],
        },
      },
      vagueWords: {
        type: 'array',
        description: 'Extra informal words or phrases for vague-language (added to its list).',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
      },
      ignoreSymbols: {
        type: 'array',
        description: 'Symbols that need no declaration, as written in TeX (e.g. "\\\\lambda", "x").',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
      },
    },
    additionalProperties: false,
    definitions: {
      severity,
      rules: rulesSchema(sorted),
      ...Object.fromEntries(sorted.map((rule) => [`rule-${rule.meta.id}`, ruleSettingSchema(rule)])),
    },
  };
}

/** The text of schemas/mlnotes-config.schema.json. */
export function configSchemaText(rules: readonly AnyRule[]): string {
  return `${JSON.stringify(buildConfigSchema(rules), null, 2)}\n`;
}
