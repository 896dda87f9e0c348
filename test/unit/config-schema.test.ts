import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allRules } from '../../src/core/rules/index';
import { buildConfigSchema, configSchemaText } from '../../src/core/config-schema';
import { parseConfigText } from '../../src/core/config';
import { CONFIG_SCHEMA_FILE } from '../../scripts/gen-schemas';
import { wordRule } from './support/word-rule';

describe('config schema', () => {
  it(`${CONFIG_SCHEMA_FILE} equals the generator's output (run \`npm run gen:schemas\` after changing a rule's options)`, () => {
    assert.equal(readFileSync(CONFIG_SCHEMA_FILE, 'utf8'), configSchemaText(allRules));
  });

  it('names every registered rule, each with its own options', () => {
    const schema = buildConfigSchema(allRules) as { definitions: { rules: { properties: Record<string, unknown> } } };
    assert.deepEqual(Object.keys(schema.definitions.rules.properties), allRules.map((r) => r.meta.id).sort());
    const single = buildConfigSchema([wordRule()]) as { definitions: Record<string, { oneOf: { properties?: Record<string, unknown> }[] }> };
    assert.deepEqual(Object.keys(single.definitions['rule-word-rule'].oneOf[1].properties!), ['severity', 'word', 'replacement', 'badMessageId', 'throwAfter', 'vagueWords']);
  });

  for (const rule of allRules) {
    it(`accepts ${rule.meta.id} as a severity and as {severity, …its default options}`, () => {
      const text = JSON.stringify({
        rules: { [rule.meta.id]: 'warning' },
        formats: { lecture: { rules: { [rule.meta.id]: { severity: 'error', ...rule.meta.defaultOptions } } } },
      });
      assert.deepEqual(parseConfigText(text, 'x.json').errors, []);
    });
  }
});
