import rule from '../../../src/core/rules/label-spelling';
import { ruleTester } from '../rule-tester';

const note = (body: string) => `---\nformat: lecture\n---\n#### 4.B Step-by-Step Derivation\n\n${body}\n`;

ruleTester(rule).run({
  valid: [
    { name: 'every label, in parentheses or brackets, bold or not', code: note('(VERBATIM) [RECONSTRUCTED] **(ASSUMPTION)** **[GAP]** (LECTURER CLAIM) (VERBATIM/RECONSTRUCTED) (VERBATIM, 12:30)') },
    { name: 'ordinary parentheses are not labels', code: note('(see above) (a) [0, 1] (Gap analysis follows) (gaps) $(X^\\top X)^{-1}$ (lecturer says so)') },
    { name: 'nothing inside code', code: note('`(RECONSTRUCT)`\n\n```\n(VERBATUM)\n```') },
  ],
  invalid: [
    {
      name: 'a truncated label',
      code: note('Step 1 (RECONSTRUCT): x'),
      errors: [{ messageId: 'misspelt', line: 6, column: 9, endColumn: 20, data: { label: 'RECONSTRUCT', expected: 'RECONSTRUCTED' } }],
      output: note('Step 1 (RECONSTRUCTED): x'),
    },
    {
      name: 'wrong case and a typo, also in a heading and in brackets',
      code: note('##### Expansion (Reconstructed)\n\nx [VERBATUM] and (Lecturer Claim) and (assumptions).'),
      errors: [
        { messageId: 'misspelt', line: 6, column: 18, data: { label: 'Reconstructed', expected: 'RECONSTRUCTED' } },
        { messageId: 'misspelt', line: 8, column: 4, data: { label: 'VERBATUM', expected: 'VERBATIM' } },
        { messageId: 'misspelt', line: 8, column: 19, data: { label: 'Lecturer Claim', expected: 'LECTURER CLAIM' } },
        { messageId: 'misspelt', line: 8, column: 40, data: { label: 'assumptions', expected: 'ASSUMPTION' } },
      ],
      output: note('##### Expansion (RECONSTRUCTED)\n\nx [VERBATIM] and (LECTURER CLAIM) and (ASSUMPTION).'),
    },
  ],
});
