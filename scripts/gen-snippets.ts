// Writes snippets/markdown.json from the built-in formats (run: npm run gen:snippets).
// test/unit/scaffold.test.ts fails when the shipped file differs from this output.
import { writeFileSync } from 'node:fs';
import { builtinFormats } from '../src/core/formats/index';
import { snippetFileText } from '../src/core/formats/snippets';

const target = 'snippets/markdown.json';
writeFileSync(target, snippetFileText(builtinFormats));
console.log(`wrote ${target}`);
