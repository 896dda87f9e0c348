import rule from '../../../src/core/rules/required-section';
import { ruleTester } from '../rule-tester';
import { deepPassNote, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

const missing4C = lectureNote({ '4.C': null });
const missing0 = lectureNote({ '0': null });
const missing8 = lectureNote({ '8': null });
const missing7DeepPass = deepPassNote({ '7': null });
const missingTwo = lectureNote({ '4.C': null, '4.D': null });

const styled = [
  '---', 'format: deep-pass', '---',
  '## **§1 Concept + Intuition + Geometric View**', '', 'Text.', '',
  '## **§3 Assumptions, Constraints, Conditions**', '', 'Text.', '',
  '## **§4 Full Derivation**', 'Text.', '',
  '## **§5 Geometric / Statistical Interpretation**', '', 'Text.', '',
  '## **§6 Mistakes, Edge Cases, Pathologies**', '', 'Text.', '',
  '## **§7 Summary of Key Results**', '', '$\\boxed{x}$', '',
].join('\n');

const unnumbered = [
  '---', 'format: lecture', '---',
  '## Metadata', 'x', '## Concept & Intuition', 'x', '## Notation & Objects', 'x',
  '## Assumptions, Constraints & Conditions', 'x', '## Derivation Protocol', '### Definitions', 'x',
  '### Step-by-Step Derivation', 'x', '### Intermediate Checks', 'x', '### Identities Used', 'x',
  '### Final Result', 'x', '## Geometric / Graphical Intuition', 'x', '## Implementation Insights', 'x',
  '## Key Insights / Common Mistakes', 'x', '## One-Line Recap', 'x',
].join('\n');

const sectionWord = '---\nformat: deep-pass\n---\n# Section 1: Concept\n\nx\n\n# Section 3: Assumptions\n\nx\n\n# Section 4: Full Derivation\n\nx\n\n# Section 5: Interpretation\n\nx\n\n# Section 6: Mistakes\n\nx\n\n# Section 7: Summary\n\nx\n';
const setext = '---\nformat: deep-pass\n---\nConcept\n=======\n\nx\n\nAssumptions\n-----------\n\nx\n\nFull Derivation\n---------------\n\nx\n\nInterpretation\n--------------\n\nx\n\nMistakes\n--------\n\nx\n\nSummary\n-------\n\nx\n';
const noChecks = unnumbered.replace('### Intermediate Checks\nx\n', '');

ruleTester(rule).run({
  valid: [
    { name: 'a complete lecture note', code: lectureNote() },
    { name: 'a complete DEEP-PASS note', code: deepPassNote() },
    { name: 'the optional appendix may be left out (no §9)', code: lectureNote() },
    { name: 'plain Markdown is no note', code: '# Readme\n\nSome text.\n' },
    { name: 'headings in any style count', code: unnumbered.replace('## Metadata', '# 0 - Metadata') },
  ],
  invalid: [
    {
      name: 'a missing subsection, inserted before the next one in the same style',
      code: missing4C,
      errors: [{
        messageId: 'missing', line: lineOf(missing4C, '#### 4.D'), column: 1,
        data: { section: '4.C Intermediate Checks' }, message: 'Required section "4.C Intermediate Checks" is missing.',
      }],
      output: missing4C.replace('#### 4.D', '#### 4.C Intermediate Checks\n\n#### 4.D'),
    },
    {
      name: 'a missing first section goes before the second',
      code: missing0,
      errors: [{ messageId: 'missing', line: lineOf(missing0, '### 1)'), column: 1, data: { section: '0 Metadata' } }],
      output: missing0.replace('### 1)', '### 0) Metadata\n\n### 1)'),
    },
    {
      name: 'a missing last section is appended, reported on the last section heading',
      code: missing8,
      errors: [{ messageId: 'missing', line: lineOf(missing8, '### 7)'), column: 1, data: { section: '8 One-Line Recap' } }],
      output: `${missing8}\n### 8) One-Line Recap\n`,
    },
    {
      name: 'DEEP-PASS: level-2 headings with "N)" numbers',
      code: missing7DeepPass,
      errors: [{ messageId: 'missing', line: lineOf(missing7DeepPass, '## 6)'), column: 1, data: { section: '7 Summary of Key Results' } }],
      output: `${missing7DeepPass}\n## 7) Summary of Key Results\n`,
    },
    {
      name: 'two missing neighbours: both inserted, in order',
      code: missingTwo,
      errors: [
        { messageId: 'missing', line: lineOf(missingTwo, '#### 4.E'), column: 1, data: { section: '4.C Intermediate Checks' } },
        { messageId: 'missing', line: lineOf(missingTwo, '#### 4.E'), column: 1, data: { section: '4.D Identities Used' } },
      ],
      output: missingTwo.replace('#### 4.E', '#### 4.C Intermediate Checks\n\n#### 4.D Identities Used\n\n#### 4.E'),
    },
    {
      name: 'bold "§N" headings: the inserted heading copies the style; no blank line before the next heading gets one',
      code: styled,
      errors: [{ messageId: 'missing', line: lineOf(styled, '## **§3'), column: 1, data: { section: '2 Notation & Objects' } }],
      output: styled.replace('## **§3', '## **§2 Notation & Objects**\n\n## **§3'),
    },
    {
      name: 'unnumbered headings: the inserted heading has no number',
      code: noChecks,
      errors: [{ messageId: 'missing', line: lineOf(noChecks, '### Identities Used'), column: 1, data: { section: '4.C Intermediate Checks' } }],
      output: noChecks.replace('x\n### Identities Used', 'x\n\n### Intermediate Checks\n\n### Identities Used'),
    },
    {
      name: 'front matter only: every required heading, in order (the appendix is optional)',
      code: '---\nformat: deep-pass\n---\n',
      errors: ['1 Concept + Intuition + Geometric View', '2 Notation & Objects', '3 Assumptions, Constraints, Conditions',
        '4 Full Derivation', '5 Geometric / Statistical Interpretation', '6 Mistakes, Edge Cases, Pathologies',
        '7 Summary of Key Results'].map((section) => ({ messageId: 'missing', line: 3, column: 1, data: { section } })),
      output: '---\nformat: deep-pass\n---\n\n## 1) Concept + Intuition + Geometric View\n\n## 2) Notation & Objects\n\n'
        + '## 3) Assumptions, Constraints, Conditions\n\n## 4) Full Derivation\n\n## 5) Geometric / Statistical Interpretation\n\n'
        + '## 6) Mistakes, Edge Cases, Pathologies\n\n## 7) Summary of Key Results\n',
    },
    {
      name: 'CRLF line breaks are kept',
      code: missing4C.replace(/\n/g, '\r\n'),
      errors: [{ messageId: 'missing', line: lineOf(missing4C, '#### 4.D'), column: 1, data: { section: '4.C Intermediate Checks' } }],
      output: missing4C.replace('#### 4.D', '#### 4.C Intermediate Checks\n\n#### 4.D').replace(/\n/g, '\r\n'),
    },
    {
      name: '"Section N:" numbers',
      code: sectionWord,
      errors: [{ messageId: 'missing', line: lineOf(sectionWord, '# Section 3'), column: 1, data: { section: '2 Notation & Objects' } }],
      output: sectionWord.replace('# Section 3', '# Section 2: Notation & Objects\n\n# Section 3'),
    },
    {
      name: 'setext neighbours: an ATX heading of the following section\'s level',
      code: setext,
      errors: [{ messageId: 'missing', line: lineOf(setext, 'Assumptions'), column: 1, endLine: lineOf(setext, 'Assumptions') + 1, data: { section: '2 Notation & Objects' } }],
      output: setext.replace('Assumptions\n', '## Notation & Objects\n\nAssumptions\n'),
    },
  ],
});
