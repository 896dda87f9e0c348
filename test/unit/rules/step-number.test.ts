import rule from '../../../src/core/rules/step-number';
import { ruleTester } from '../rule-tester';

const deep = (body: string) => `## 1) Concept + Intuition + Geometric View\n\nText.\n\n## 4) Full Derivation\n\n${body}\n\n## 5) Geometric / Statistical Interpretation\n\nText.\n`;
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const steps = (...numbers: string[]) => numbers.map((n) => `**Step ${n}.** Then $a_${n.replace(/\W/g, '')} = b$ {Rule: r}`).join('\n\n');

const lecture = (defs: string, derivation: string) => `---\nformat: lecture\n---\n#### 4.A Definitions\n\n${defs}\n\n#### 4.B Step-by-Step Derivation\n\n${derivation}\n`;

const gap = deep(steps('1', '2', '4'));
const repeat = deep(steps('1', '2', '2'));
const unnumbered = deep('**Step 1.** $a = b$ {Rule: r}\n\n#### Expansion\n\nThen $$b = c$$ {Rule: s}');
// A marker paragraph owns the display math and prose after it: one step, numbered by its marker, not by the \tag.
const extent = deep('**Equation (1)** (RECONSTRUCTED) — the objective:\n\n$$J = a \\tag{1}$$\n\nThen expand:\n\n$$J = b$$\n{Rule: r}\n\n**Equation (2)** — next:\n\n$$\n b = c \\tag{2}\n$$\n{Rule: s}');
const extentAfterList = deep('**Step 1.** $a = b$ {Rule: r}\n\n- a remark with $x$\n\n1. $b = c$ {Rule: s}');
const badStart = deep(steps('3', '4'));
const order = deep(steps('1', '2', '1a'));
const continued = lecture('Equation (1): $$J = a$$', 'Equation (2): $$J = b$$ {Rule: r}\n\nEquation (3): $$J = c$$ {Rule: r}');
const continuedWithGap = lecture('Equation (1): $$J = a$$', 'Equation (3): $$J = b$$ {Rule: r}');

ruleTester(rule).run({
  valid: [
    { name: 'Step k markers, consecutive', code: deep(steps('1', '2', '3')) },
    { name: 'sub-steps 3a, 3b and 3.1 are fine', code: deep(steps('1', '2', '3', '3a', '3b', '4', '4.1', '4.2')) },
    { name: 'a step marker with a \\tag{k} in its display, and prose and math after it: one step each', code: extent },
    { name: 'Equation (k): and (k) markers', code: deep('Equation (1): $$a = b$$ {Rule: r}\n\n(2) $$b = c$$ {Rule: s}') },
    { name: 'ordered list numbers', code: deep('1. $a = b$ {Rule: r}\n2. $b = c$ {Rule: s}\n3. $c = d$ {Rule: t}') },
    { name: '\\tag{k} numbers', code: deep('$$a = b \\tag{1}$$\n{Rule: r}\n\n$$b = c \\tag{2}$$\n{Rule: s}') },
    { name: 'equation numbers continue from the definitions section', code: continued },
    { name: 'a later section may restart at 1', code: lecture('Equation (1): $$J = a$$', 'Equation (1): $$J = b$$ {Rule: r}') },
    { name: 'a symbolic tag is not checked', code: deep('$$a = b \\tag{*}$$\n{Rule: r}') },
  ],
  invalid: [
    { name: 'a gap', code: gap, errors: [{ messageId: 'gap', line: lineOf(gap, 'Step 4'), column: 3, endColumn: 9, data: { number: '4', previous: '2', expected: '3' } }] },
    { name: 'a repeat', code: repeat, errors: [{ messageId: 'repeat', line: lineOf(repeat, 'Step 2.** Then $a_2 = b$ {Rule: r}\n\n**Step 2'), column: 3, data: { number: '2', line: lineOf(repeat, 'Step 2') } }].map((e) => ({ ...e, line: e.line + 2 })) },
    { name: 'a step with no number', code: unnumbered, errors: [{ messageId: 'missing', line: lineOf(unnumbered, 'Then $$'), column: 1 }] },
    { name: 'a list item ends the extent of a marker paragraph', code: extentAfterList, errors: [{ messageId: 'repeat', line: lineOf(extentAfterList, '1. $b'), column: 1 }] },
    { name: 'a derivation that starts at 3', code: badStart, errors: [{ messageId: 'badStart', line: lineOf(badStart, 'Step 3'), column: 3, data: { number: '3', alternative: '' } }] },
    { name: 'a sub-step of an earlier step', code: order, errors: [{ messageId: 'order', line: lineOf(order, 'Step 1a'), column: 3, data: { number: '1a', previous: '2' } }] },
    { name: 'continuing across sections must not skip', code: continuedWithGap, errors: [{ messageId: 'badStart', line: lineOf(continuedWithGap, 'Equation (3)'), column: 1, data: { number: '3', alternative: ' or 2 (continuing from 1)' } }] },
  ],
});
