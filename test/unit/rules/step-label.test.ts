import rule from '../../../src/core/rules/step-label';
import { ruleTester } from '../rule-tester';

const lecture = (derivation: string, heading = '#### 4.B Step-by-Step Derivation') => `---\nformat: lecture\n---\n${heading}\n\n${derivation}\n`;
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

const unlabelled = lecture('Equation (1): $$a = b$$ {Rule: r}\n\n**Step 2 (RECONSTRUCTED).** $$b = c$$ {Rule: s}\n\n##### Next\n\n$$c = d$$\n{Rule: t}');
// The display after a labelled marker paragraph is part of that step (NOTE-SPEC §3, a step's extent).
const owned = lecture('**Equation (1)** (RECONSTRUCTED) — the objective:\n\n$$a = b \\tag{1}$$\n{Rule: r}\n\nso that\n\n$$b = c$$\n{Rule: s}');
const otherHeading = lecture('##### A (VERBATIM)\n\nEquation (1): $$a = b$$ {Rule: r}\n\n##### B\n\nEquation (2): $$b = c$$ {Rule: s}');
const definitions = '---\nformat: lecture\n---\n#### 4.A Definitions\n\n- Let $J(w) = \\|Xw - y\\|^2$ be the objective.\n';

ruleTester(rule).run({
  valid: [
    { name: 'labels in every style', code: lecture('Equation (1) (VERBATIM): $$a = b$$ {Rule: r}\n\n**Step 2 [RECONSTRUCTED].** $$b = c$$ {Rule: s}\n\n(3) $$c = d$$ **(ASSUMPTION)** {Rule: t}\n\n4. $d = e$ (GAP) {Rule: u}\n\n5. $e = f$ [LECTURER CLAIM] {Rule: v}') },
    { name: 'a label in a heading covers the steps under it', code: lecture('##### Expansion (RECONSTRUCTED)\n\nEquation (1): $$a = b$$ {Rule: r}\n\nEquation (2): $$b = c$$ {Rule: s}') },
    { name: 'a label in the section heading covers the section', code: lecture('Equation (1): $$a = b$$ {Rule: r}', '#### 4.B Step-by-Step Derivation (VERBATIM)') },
    { name: 'the label of a marker paragraph covers the math it owns', code: owned },
    { name: 'a misspelt label is left to label-spelling', code: lecture('Equation (1) (Reconstructed): $$a = b$$ {Rule: r}') },
    { name: 'off for DEEP-PASS by default (the engine applies the format setting), but the rule itself still runs', code: '# x\n\nNo steps.\n', format: 'deep-pass' },
  ],
  invalid: [
    {
      name: 'unlabelled steps: at the number, or at the first line',
      code: unlabelled,
      errors: [
        { messageId: 'missing', line: lineOf(unlabelled, 'Equation (1)'), column: 1, endColumn: 13, data: { step: '1' } },
        { messageId: 'missing', line: lineOf(unlabelled, '$$c = d$$'), column: 1, data: { step: `at line ${lineOf(unlabelled, '$$c = d$$')}` } },
      ],
    },
    {
      name: 'a definitions equation needs a label too',
      code: definitions,
      errors: [{ messageId: 'missing', line: lineOf(definitions, '- Let'), column: 1, data: { step: `at line ${lineOf(definitions, '- Let')}` } }],
    },
    {
      name: 'a label under a different heading does not cover',
      code: otherHeading,
      errors: [{ messageId: 'missing', line: lineOf(otherHeading, 'Equation (2)'), column: 1, data: { step: '2' } }],
    },
  ],
});
