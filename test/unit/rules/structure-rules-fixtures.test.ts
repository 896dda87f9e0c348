/**
 * Clean notes in the styles language models write (emoji headings, `\( \)`
 * and `\[ \]` delimiters, bold metadata keys with hard breaks, a glossary
 * table, `\eqref` in prose, `\text{(…)}` rules) get no finding from any of
 * the structure and prose rules.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNote } from '../../../src/core/parse';
import { lintModel } from '../../../src/core/lint';

/** The rules of this area; the engine applies each format's severities (no-code is off for lecture notes). */
const RULES = ['bare-tex', 'boxed-result', 'concept-bullets', 'empty-section', 'metadata-fields', 'no-code',
  'one-line-recap', 'required-section', 'section-order', 'vague-language'];
const DIR = 'test/fixtures/structure-rules';

for (const [file, format] of [['lecture-llm-style.md', 'lecture'], ['deep-pass-llm-style.md', 'deep-pass']]) {
  describe(`structure rules on ${file}`, () => {
    const code = readFileSync(join(DIR, file), 'utf8');

    it(`is read as a ${format} note with every section`, () => {
      const model = parseNote(code);
      assert.equal(model.format?.id, format);
      assert.ok(model.sections.length >= model.format!.sections.filter((s) => s.required).length);
    });

    for (const id of RULES) {
      it(`${id}: no finding`, () => {
        const found = lintModel(parseNote(code)).filter((d) => d.rule === id);
        assert.deepEqual(found.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
      });
    }
  });
}
