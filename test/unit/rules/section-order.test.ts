import * as assert from 'node:assert/strict';
import rule, { longestIncreasing } from '../../../src/core/rules/section-order';
import { ruleTester } from '../rule-tester';
import { deepPassNote, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

// Swap §2 and §3 (headings only, bodies stay where they are).
const swapped = lectureNote({
  '2': { heading: '### 3) Assumptions, Constraints & Conditions' },
  '3': { heading: '### 2) Notation & Objects (Complete Glossary)' },
});
// §5 moved up between §1 and §2: one finding, not one per later section.
const moved = deepPassNote()
  .replace('## 5) Geometric / Statistical Interpretation\n\nThe residual is orthogonal to the column space of $X$.\n\n', '')
  .replace('## 2)', '## 5) Geometric / Statistical Interpretation\n\nThe residual is orthogonal.\n\n## 2)');
const repeated = lectureNote({ '7': '- Standardise the features.\n\n### 2) Notation & Objects\n\n- more' });
// §1 placed after everything else: nothing kept before it, so it "belongs before" the first kept one.
const firstLast = deepPassNote({ '1': null }).replace(/\n$/, '\n\n## 1) Concept + Intuition + Geometric View\n\nText.\n');

const numberedDeep = deepPassNote({ '7': '$$\n\\boxed{x}\n$$\n\n#### 6) Mistakes, Edge Cases, Pathologies\n\nAgain.' });

ruleTester(rule).run({
  valid: [
    { name: 'a lecture note in order', code: lectureNote() },
    { name: 'a DEEP-PASS note in order', code: deepPassNote() },
    { name: 'a missing section is no ordering error', code: lectureNote({ '4.C': null, '6': null }) },
    {
      name: 'unnumbered sub-headings that share a section title are not sections',
      code: deepPassNote({ '4': '**Step 1.** Define $J(w)$.\n\n#### Edge cases\n\nRank deficiency.\n\n#### Summary\n\nDone.' }),
    },
    { name: 'an appendix at the end', code: `${lectureNote()}\n### 9) Appendix (Optional)\n\nProofs.\n` },
  ],
  invalid: [
    {
      name: 'two swapped sections: the earlier one is reported',
      code: swapped,
      errors: [{
        messageId: 'after', line: lineOf(swapped, '### 3)'), column: 1,
        data: { section: '3 Assumptions, Constraints & Conditions', other: '2 Notation & Objects' },
      }],
    },
    {
      name: 'one section moved up: one finding',
      code: moved,
      errors: [{
        messageId: 'after', line: lineOf(moved, '## 5)'), column: 1,
        data: { section: '5 Geometric / Statistical Interpretation', other: '4 Full Derivation' },
        message: 'Section "5 Geometric / Statistical Interpretation" is out of order: it belongs after "4 Full Derivation".',
      }],
    },
    {
      name: 'the first section written last',
      code: firstLast,
      errors: [{
        messageId: 'before', line: lineOf(firstLast, '## 1)'), column: 1,
        data: { section: '1 Concept + Intuition + Geometric View', other: '2 Notation & Objects' },
      }],
    },
    {
      name: 'a numbered heading is a section whatever its level',
      code: numberedDeep,
      errors: [{ messageId: 'repeated', line: lineOf(numberedDeep, '#### 6)'), column: 1, data: { section: '6 Mistakes, Edge Cases, Pathologies', line: lineOf(numberedDeep, '## 6)') } }],
    },
    {
      name: 'a repeated section',
      code: repeated,
      errors: [{
        messageId: 'repeated', line: lineOf(repeated, '### 2)', 2), column: 1,
        data: { section: '2 Notation & Objects', line: lineOf(repeated, '### 2)') },
      }],
    },
  ],
});

describe('section-order: longestIncreasing', () => {
  it('keeps a longest strictly increasing run', () => {
    assert.deepEqual([...longestIncreasing([0, 4, 1, 2, 3])].sort(), [0, 2, 3, 4]);
    assert.deepEqual([...longestIncreasing([0, 2, 1, 3])].sort(), [0, 2, 3]);
    assert.deepEqual([...longestIncreasing([])], []);
    assert.deepEqual([...longestIncreasing([3, 2, 1])].length, 1);
  });
});
