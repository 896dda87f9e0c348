import rule from '../../../src/core/rules/step-rule';
import { ruleTester } from '../rule-tester';

/** A DEEP-PASS note whose §4 holds `body`. */
const deep = (body: string) => `## 1) Concept + Intuition + Geometric View\n\nText.\n\n## 4) Full Derivation\n\n${body}\n\n## 5) Geometric / Statistical Interpretation\n\nText.\n`;
/** Line (1-based) of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

const single = deep('**Step 1.** Expand the square.\n\n$$\nJ(w) = w^\\top A w - 2 b^\\top w + c\n$$');
const threeLines = deep('**Step 2.** Expand and simplify.\n\n$$\n\\begin{aligned}\nJ(w) &= \\|Xw - y\\|^2 \\\\\n&= (Xw-y)^\\top (Xw-y) \\\\\n&= w^\\top X^\\top X w - 2y^\\top X w + y^\\top y\n\\end{aligned}\n$$\n\n{Rule: definition of the Euclidean norm}');
const listItem = deep('1. Differentiate $\\nabla_w J = 2X^\\top (Xw - y)$ and stop.\n2. Solve $X^\\top X w = X^\\top y$ {Rule: set the gradient to zero}');
const bracket = deep('Step 3 (RECONSTRUCTED):\n\\[\na = b\n\\]');
const alignEnv = deep('**Step 4.**\n\n\\begin{align}\nf(x) &= g(x) \\\\\n&\\le h(x) \\quad\\text{(by Jensen)}\n\\end{align}');
const emptyStub = deep('**Step 5.**\n\n$$\na = b\n$$\n{Rule: }');
const ruleInLaterStep = deep('**Step 1.**\n\n$$\na = b\n$$\n\n**Step 2.**\n\n$$\nb = c\n$$\n\n{Rule: transitivity}');

ruleTester(rule).run({
  valid: [
    { name: '{Rule: …} under the display', code: deep('**Step 1.** Expand.\n\n$$\na = b\n$$\n\n{Rule: bilinearity}') },
    { name: 'Rule: lines, bold or italic, Rule used:, Justification:', code: deep('Step 1:\n$$a = b$$\n**Rule:** linearity\n\nStep 2:\n$$b = c$$\n*Rule used:* symmetry\n\nStep 3:\n$$c = d$$\n_Justification_: trace cyclicity') },
    { name: 'annotated relations: \\overset, \\stackrel, \\underset', code: deep('Step 1: $$a \\overset{\\text{chain rule}}{=} b$$\n\nStep 2: $$b \\stackrel{(ii)}{=} c$$\n\nStep 3: $$c \\underset{\\text{KKT}}{\\le} d$$') },
    { name: 'aligned lines each with \\text{(…)}', code: deep('**Step 1.**\n$$\n\\begin{aligned}\nJ &= \\|r\\|^2 && \\text{(definition of } r)\\\\\n  &= r^\\top r \\quad \\text{(norm as inner product)} \\\\\n  &\\le c \\quad\\text{by Cauchy--Schwarz}\n\\end{aligned}\n$$') },
    { name: 'three transformations, three ;-separated rules', code: threeLines.replace('{Rule: definition of the Euclidean norm}', '{Rule: definition of the norm; transpose of a difference; bilinearity}') },
    { name: 'three transformations, one annotated and two Rule lines', code: deep('Step 1:\n$$\n\\begin{aligned}\na &\\overset{\\text{(i)}}{=} b \\\\\n&= c \\\\\n&= d\n\\end{aligned}\n$$\nRule: first\nRule: second') },
    { name: 'a trailing (by …) in the prose', code: deep('1. Then $a = b$ (by the chain rule).') },
    { name: 'definitions need no rule', code: deep('Step 1: $$J(w) := \\|Xw - y\\|^2$$\n\nStep 2: $$r \\coloneqq Xw - y$$\n\nStep 3: $$S \\triangleq X^\\top X$$\n\nStep 4: $$P \\stackrel{\\text{def}}{=} X(X^\\top X)^{-1}X^\\top$$') },
    { name: 'a step led by Define/Let/Set/Denote/Consider after marker and lead-in', code: deep('**Step 1 (VERBATIM).** **Objective.** Define the loss\n$$J(w) = \\|Xw - y\\|^2$$\n\n**Step 2.** Let $r = Xw - y$ be the residual.\n\n**Step 3.** *Setup:* Consider $S = X^\\top X$.') },
    { name: 'any step in a lecture definitions section', format: 'lecture', code: '#### 4.A Definitions\n\nEquation (1): $$J(w) = \\tfrac12\\|Xw-y\\|^2$$\n' },
    { name: 'math inside a stated rule is a cited identity, not a transformation', code: deep('Step 1:\n$$a = b$$\n{Rule: $\\nabla_w\\, w^\\top A w = 2Aw$}') },
    { name: 'bound indices, conditions and non-derivation sections', code: deep('Step 1: $$\\sum_{i=1}^n x_i$$ where $\\lambda > 0$ and $n \\ge d$.') + '\nMore: $a = b$\n' },
    { name: 'plain Markdown has no steps', code: '# Notes\n\n$$a = b$$\n' },
  ],
  invalid: [
    {
      name: 'one transformation with no rule, with a stub fix under the block',
      code: single,
      errors: [{ messageId: 'missing', line: lineOf(single, 'J(w) ='), column: 1, endColumn: 35, data: { relation: '=', transformations: 1, rules: 0 } }],
      output: single.replace('c\n$$', () => 'c\n$$\n{Rule: }'),
    },
    {
      name: 'every line of a multi-line block when it states fewer rules than lines',
      code: threeLines,
      errors: [
        { messageId: 'missingInBlock', line: lineOf(threeLines, 'J(w) &='), column: 1, data: { relation: '&=', transformations: 3, rules: 1 },
          message: 'Transformation "&=" states no rule: the block has 3 transformations and states 1 rule(s).' },
        { messageId: 'missingInBlock', line: lineOf(threeLines, '&= (Xw-y)'), column: 1 },
        { messageId: 'missingInBlock', line: lineOf(threeLines, '&= w^'), column: 1 },
      ],
      output: threeLines.replace('\\end{aligned}\n$$', () => '\\end{aligned}\n$$\n{Rule: }\n{Rule: }\n{Rule: }'),
    },
    {
      name: 'list items with inline math: only the one without a rule',
      code: listItem,
      errors: [{ messageId: 'missing', line: lineOf(listItem, '1. Differentiate'), column: 19, data: { relation: '=', transformations: 1, rules: 0 } }],
      output: listItem.replace('and stop.', () => 'and stop.\n   {Rule: }'),
    },
    {
      name: '\\[ \\] delimiters',
      code: bracket,
      errors: [{ messageId: 'missing', line: lineOf(bracket, 'a = b'), column: 1 }],
      output: bracket.replace('\\]', () => '\\]\n{Rule: }'),
    },
    {
      name: 'an align environment: the annotated line is covered, the first is not',
      code: alignEnv,
      errors: [{ messageId: 'missingInBlock', line: lineOf(alignEnv, 'f(x) &='), column: 1, data: { relation: '&=', transformations: 2, rules: 1 } }],
      output: alignEnv.replace('\\end{align}', () => '\\end{align}\n{Rule: }'),
    },
    {
      name: 'an empty {Rule: } stub states nothing, and no second stub is offered',
      code: emptyStub,
      errors: [{ messageId: 'emptyStub', line: lineOf(emptyStub, 'a = b'), column: 1 }],
      output: null,
    },
    {
      name: 'a rule stated under a later step does not cover an earlier one',
      code: ruleInLaterStep,
      errors: [{ messageId: 'missing', line: lineOf(ruleInLaterStep, 'a = b'), column: 1 }],
      output: ruleInLaterStep.replace('a = b\n$$', () => 'a = b\n$$\n{Rule: }'),
    },
  ],
});
