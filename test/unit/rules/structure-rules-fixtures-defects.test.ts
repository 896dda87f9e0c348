/**
 * A lecture note with one defect of each kind the structure and prose rules
 * check gives exactly those findings, at the expected lines, and nothing else.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseNote } from '../../../src/core/parse';
import { lintModel } from '../../../src/core/lint';

const RULES = new Set(['bare-tex', 'boxed-result', 'concept-bullets', 'empty-section', 'metadata-fields', 'no-code',
  'one-line-recap', 'required-section', 'section-order', 'vague-language']);

describe('structure rules on lecture-defects.md', () => {
  it('gives exactly the expected findings', () => {
    const code = readFileSync('test/fixtures/structure-rules/lecture-defects.md', 'utf8');
    const found = lintModel(parseNote(code))
      .filter((d) => RULES.has(d.rule))
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule} ${d.severity} ${d.message}`);
    assert.deepEqual(found, [
      '8:1 metadata-fields warning The Source in "0 Metadata" has no time range (e.g. 12:30–47:05).',
      '11:1 concept-bullets warning Section "1 Concept & Intuition" has 2 bullets; the format asks for 3–6.',
      '21:1 empty-section warning Section "3 Assumptions, Constraints & Conditions" is empty.',
      '39:1 required-section error Required section "4.C Intermediate Checks" is missing.',
      '42:1 boxed-result warning Section "4.E Final Result" has no \\boxed{…} result.',
      '47:1 section-order warning Section "6 Implementation Insights" is out of order: it belongs after "5 Geometric / Graphical Intuition".',
      '51:21 bare-tex warning TeX command \\hat{w} outside math: wrap it in $…$.',
      '54:16 vague-language info Vague wording "goes up": name the precise mathematical object or operation.',
      '54:29 vague-language info Vague wording "thing": name the precise mathematical object or operation.',
      '57:1 one-line-recap warning Section "8 One-Line Recap" has 2 sentences; a recap is exactly one.',
    ]);
  });
});
