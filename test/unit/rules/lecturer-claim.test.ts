import * as assert from 'node:assert/strict';
import rule from '../../../src/core/rules/lecturer-claim';
import { lintText } from '../../../src/core/lint';
import { applyFixesOnce } from '../../../src/core/fix';
import { ruleTester } from '../rule-tester';

/** A lecture note's 4.B holding `derivation`. */
const lecture = (derivation: string) => `---\nformat: lecture\n---\n#### 4.B Step-by-Step Derivation\n\n${derivation}\n`;
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const columnOf = (text: string, needle: string) => text.split('\n')[lineOf(text, needle) - 1].indexOf(needle) + 1;

const claim = (n: number, label = 'LECTURER CLAIM') => `Equation (${n}) (${label}): the lecturer's step.\n\n$$\nw_${n} = a + b \\tag{${n}} \\label{eq:{${n}}}\n$$\n\n{Rule: as stated}`;
const correction = (n: string) => `**Step ${n} (RECONSTRUCTED).** The corrected step.\n\n$$\nw = a - b\n$$\n\n{Rule: sign of the gradient}`;
const verbatim = (n: number) => `Equation (${n}) (VERBATIM): the next step.\n\n$$\nv_${n} = c\n$$\n\n{Rule: r}`;

const neverCorrected = lecture(`${verbatim(1)}\n\n${claim(2)}`);
const thenVerbatim = lecture(`${claim(1)}\n\n${verbatim(2)}`);
const twoClaims = lecture(`${claim(1)}\n\n${correction('1a')}\n\n${claim(2)}\n\n${verbatim(3)}`);
const listClaim = lecture('1. (VERBATIM) First $a = b$ {Rule: r}\n2. (LECTURER CLAIM) Then $b = c$ (by symmetry).\n3. (VERBATIM) Last $c = d$ {Rule: s}');
const underHeading = lecture(`##### The lecturer's version (LECTURER CLAIM)\n\n${claim(1, 'VERBATIM').replace(' (VERBATIM)', '')}\n\n##### Next (VERBATIM)\n\n${verbatim(2).replace(' (VERBATIM)', '')}`);

const stub = (number: string, of: string, formula: string) =>
  `\n\n**Step ${number} (RECONSTRUCTED).** Correction of step ${of}: …\n\n${formula}\n\n{Rule: }`;

ruleTester(rule).run({
  valid: [
    { name: 'corrected in the same step', code: lecture('Equation (1) (LECTURER CLAIM): the lecturer wrote $$w = a + b$$ {Rule: as stated}\n\n(RECONSTRUCTED) The sign is wrong:\n$$w = a - b$$\n{Rule: sign of the gradient}') },
    { name: 'corrected in the next step', code: lecture(`${claim(1)}\n\n${correction('1a')}`) },
    { name: 'a "Correction:" lead counts, with or without a label', code: lecture(`${claim(1)}\n\nEquation (2): **Correction:** the sign flips.\n\n$$\nw = a - b\n$$\n\n{Rule: r}\n\n${claim(3)}\n\n- Corrected (VERBATIM, the lecturer fixed it at 41:00): $w = a - b$ {Rule: r}`) },
    { name: 'unlabelled steps continue the claim until its correction', code: lecture(`${claim(1)}\n\nEquation (2): the lecturer goes on.\n\n$$\nu = w\n$$\n\n{Rule: r}\n\n${correction('2a')}`) },
    { name: 'a claim in a heading covers its steps; a RECONSTRUCTED heading corrects them', code: lecture(`##### The lecturer's version (LECTURER CLAIM)\n\n${verbatim(1).replace(' (VERBATIM)', '')}\n\n##### Corrected version (RECONSTRUCTED)\n\n${verbatim(2).replace(' (VERBATIM)', '')}`) },
    { name: 'no claim, nothing to correct', code: lecture(`${verbatim(1)}\n\n${correction('2')}`) },
    { name: 'a misspelt label is left to label-spelling', code: lecture(`${claim(1, 'Lecturer Claim')}\n\n${verbatim(2)}`) },
  ],
  invalid: [
    {
      name: 'a claim never corrected (the last step): the stub repeats its formula without the \\tag',
      code: neverCorrected,
      errors: [{ messageId: 'uncorrected', line: lineOf(neverCorrected, 'LECTURER CLAIM'), column: columnOf(neverCorrected, 'LECTURER CLAIM'), endColumn: columnOf(neverCorrected, 'LECTURER CLAIM') + 14, data: { step: '2' } }],
      output: neverCorrected.replace('{Rule: as stated}', () => `{Rule: as stated}${stub('2a', '2', '$$\nw_2 = a + b\n$$')}`),
    },
    {
      name: 'a claim followed by a VERBATIM step',
      code: thenVerbatim,
      errors: [{ messageId: 'uncorrected', line: lineOf(thenVerbatim, 'LECTURER CLAIM'), column: columnOf(thenVerbatim, 'LECTURER CLAIM'), data: { step: '1' } }],
      output: thenVerbatim.replace('{Rule: as stated}', () => `{Rule: as stated}${stub('1a', '1', '$$\nw_1 = a + b\n$$')}`),
    },
    {
      name: 'two claims, the first corrected: only the second is reported',
      code: twoClaims,
      errors: [{ messageId: 'uncorrected', line: lineOf(twoClaims, '(2) (LECTURER CLAIM)'), column: 15, data: { step: '2' } }],
      output: twoClaims.replace(/\{Rule: as stated\}(?=\n\nEquation \(3\))/, () => `{Rule: as stated}${stub('2a', '2', '$$\nw_2 = a + b\n$$')}`),
    },
    {
      name: 'a list item claim: the stub takes its inline formula and keeps a blank line before the next item',
      code: listClaim,
      errors: [{ messageId: 'uncorrected', line: lineOf(listClaim, 'LECTURER CLAIM'), column: 5, data: { step: '2' } }],
      output: listClaim.replace('(by symmetry).', () => `(by symmetry).${stub('2a', '2', '$$\nb = c\n$$')}\n`),
    },
    {
      name: 'a claim in a heading: reported at the step number',
      code: underHeading,
      errors: [{ messageId: 'uncorrected', line: lineOf(underHeading, 'Equation (1)'), column: 1, endColumn: 13, data: { step: '1' } }],
      output: underHeading.replace('{Rule: as stated}', () => `{Rule: as stated}${stub('1a', '1', '$$\nw_1 = a + b\n$$')}`),
    },
  ],
});

describe('lecturer-claim fix', () => {
  it('leaves only the {Rule: } to fill in: no other rule objects to the inserted correction', () => {
    const before = lintText(neverCorrected).diagnostics;
    const fixed = applyFixesOnce(neverCorrected, before.filter((d) => d.rule === 'lecturer-claim'), false).text;
    const after = lintText(fixed).diagnostics.map((d) => `${d.rule} ${d.range.start.line + 1}`);
    const expected = [...before.filter((d) => d.rule !== 'lecturer-claim').map((d) => `${d.rule} ${d.range.start.line + 1}`),
      `step-rule ${lineOf(fixed, 'w_2 = a + b\n$$\n\n{Rule: }')}`];
    assert.ok(before.some((d) => d.rule === 'lecturer-claim'));
    assert.deepEqual(after.sort(), expected.sort());
  });

  it('is on for lecture notes and off for deep-pass notes by default (timestamp too)', () => {
    const rules = (text: string) => lintText(text).diagnostics.map((d) => d.rule).filter((r) => r === 'lecturer-claim' || r === 'timestamp');
    assert.deepEqual(rules(neverCorrected.replace('(2) (LECTURER CLAIM)', '(2) (LECTURER CLAIM) [1:60]')), ['lecturer-claim', 'timestamp']);
    const deep = '---\nformat: deep-pass\n---\n## 4) Full Derivation\n\n**Step 1 (LECTURER CLAIM).** [1:60] Then\n\n$$\na = b\n$$\n\n{Rule: r}\n';
    assert.equal(lintText(deep).model.steps.length, 1);
    assert.deepEqual(rules(deep), []);
  });
});
