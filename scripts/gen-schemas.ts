// Writes schemas/mlnotes-config.schema.json from the rules' option schemas
// (run: npm run gen:schemas). test/unit/config-schema.test.ts fails when the
// shipped file differs from this output.
import { writeFileSync } from 'node:fs';
import { allRules } from '../src/core/rules/index';
import { configSchemaText } from '../src/core/config-schema';

export const CONFIG_SCHEMA_FILE = 'schemas/mlnotes-config.schema.json';

if (require.main === module) {
  writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText(allRules));
  console.log(`wrote ${CONFIG_SCHEMA_FILE}`);
}
