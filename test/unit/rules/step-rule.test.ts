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

// NOTE-SPEC §3: split annotations, conditions, constraints, optimisation problems, a marker paragraph's extent.
const splitAligned = deep('**Step 1.**\n\n$$\n\\begin{aligned}\n\\nabla_{W_2}\\mathcal{L} &= \\delta_2 a_1^\\top && \\text{(chain rule: } z_2 \\text{ is linear in } W_2\\text{)} \\\\\n\\nabla_{b_2}\\mathcal{L} &= \\delta_2 && \\text{(the bias enters } z_2 \\text{ with coefficient } 1\\text{)}\n\\end{aligned}\n$$');
const splitQuad = deep('**Step 2.**\n\n$$\n\\nabla_w \\mathcal{L} = w - \\sum_i \\alpha_i y_i x_i \\quad \\text{(gradient of } \\tfrac12\\|w\\|^2 \\text{ and linearity)}\n$$');
const splitWithRelation = deep('**Step 3.**\n\n$$\n\\begin{aligned}\nQ &= \\mathbb{E}[\\log p] && \\text{(definition of } Q\\text{)} \\\\\n&= \\sum_{i,k} \\gamma_{ik}\\log p_{ik} && \\text{(linearity; } \\mathbb{E}[\\mathbb{1}\\{z_i = k\\}] = \\gamma_{ik}\\text{)}\n\\end{aligned}\n$$');
const splitUnclosed = deep('**Step 4.**\n\n$$\n\\begin{aligned}\na &= b && \\text{(by } c \\text{ and } e\\text{)} \\\\\n&= d && \\text{(by } c \\text{)} = e\n\\end{aligned}\n$$');
const proseConditions = deep('5. Differentiate $\\nabla_w J = X^\\top X w - X^\\top y$ (by linearity).\n6. Solve when $\\operatorname{rank}(X) = d$.\n7. Take stationarity in \\(\\pi_k\\), s.t. \\(\\sum_k \\pi_k = 1\\) (by KKT).\n8. The update holds, provided $|C_k| \\ge 1$, for every cluster with $N_k = \\sum_i r_{ik}$.');
const conditionAfter = deep('1. Hence $a = b$ when $c > 0$.');
const constraints = deep('**Step 1.**\n\n$$\n\\min_{w,b}\\ \\tfrac12\\|w\\|^2\\ \\text{s.t.}\\ y_i(w^\\top x_i + b) \\ge 1 \\quad \\forall i\n$$\n\n**Step 2.**\n\n$$\n\\max_{\\alpha}\\ g(\\alpha) \\quad \\text{subject to} \\quad \\alpha_i \\ge 0,\\ \\sum_i \\alpha_i y_i = 0\n$$\n\n**Step 3.**\n\n$$\nr_{ik} = \\begin{cases} 1 & k = \\arg\\min_{j:\\, d_j = 0} \\|x_i - \\mu_j\\| \\\\ 0 & \\text{otherwise} \\end{cases} \\quad \\text{(nearest centre)}\n$$\n\n**Step 4.**\n\n$$\n\\begin{cases} x & x > 0 \\\\ 0 & x \\le 0 \\end{cases}\n$$');
const relationBeforeConstraint = deep('**Step 1.**\n\n$$\nf(w) = g(w) \\quad \\text{for all } w \\ge 0\n$$');
const primal = deep('**Step 1 — Primal problem.** Define the maximum-margin problem:\n\n$$\n\\min_{w,b}\\ \\tfrac12\\|w\\|^2 \\quad \\text{s.t.} \\quad y_i(w^\\top x_i + b) \\ge 1\n$$\n\n**Step 2 — Lagrangian.** Let the multipliers enforce it:\n\n$$\n\\mathcal{L} = \\tfrac12\\|w\\|^2 - \\sum_i \\alpha_i (y_i(w^\\top x_i + b) - 1)\n$$');
const extent = deep('**Equation (10)** (RECONSTRUCTED) — the bound:\n\n$$\na \\le b \\tag{10}\n$$\n\n{Rule: Jensen}\n\nand, multiplying out,\n\n$$\nb = c\n$$\n\nRule: distributivity');

ruleTester(rule).run({
  valid: [
    { name: 'a split annotation in aligned rows is one annotation', code: splitAligned },
    { name: 'a split annotation after \\quad', code: splitQuad },
    { name: 'a split annotation with a relation in its math', code: splitWithRelation },
    { name: 'conditions in prose: when, s.t., provided, with', code: proseConditions },
    { name: 'constraints: after s.t., subject to, \\forall, the condition column of cases, under \\arg\\min', code: constraints },
    { name: 'an optimisation problem led by "Step 1 — Title." Define, and a Let step', code: primal },
    { name: 'a marker paragraph owns the math and rule lines after it', code: extent },
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
      name: 'a split annotation covers its row; one with a relation after its last piece is none',
      code: splitUnclosed,
      errors: [{ messageId: 'missingInBlock', line: lineOf(splitUnclosed, '&= d'), column: 1, data: { relation: '&=', transformations: 2, rules: 1 } }],
      output: splitUnclosed.replace('end{aligned}\n$$', () => 'end{aligned}\n$$\n{Rule: }'),
    },
    {
      name: 'a relation before its condition is a transformation',
      code: conditionAfter,
      errors: [{ messageId: 'missing', line: lineOf(conditionAfter, 'Hence'), column: 11, data: { relation: '=', transformations: 1, rules: 0 } }],
      output: conditionAfter.replace('$c > 0$.', () => '$c > 0$.\n   {Rule: }'),
    },
    {
      name: 'a relation before a constraint is a transformation',
      code: relationBeforeConstraint,
      errors: [{ messageId: 'missing', line: lineOf(relationBeforeConstraint, 'f(w) = g(w)'), column: 1, data: { relation: '=', transformations: 1, rules: 0 } }],
      output: relationBeforeConstraint.replace('0\n$$', () => '0\n$$\n{Rule: }'),
    },
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
