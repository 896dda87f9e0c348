import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import rule from '../../../src/core/rules/shape-mismatch';
import { ruleTester, runCase } from '../rule-tester';
import { parseNote } from '../../../src/core/parse';
import { formatMessage } from '../../../src/core/lint';
import { findDeclarations } from '../../../src/core/math/declarations';
import { checkMath, createShapeEnv, declareShape } from '../../../src/core/shapes';
import { studySheetOrSkip } from '../../support/shared';

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const fixture = (name: string) => readFileSync(`test/fixtures/shapes/${name}`, 'utf8');

/** A minimal lecture note: front matter names the format, so the notes-only rule runs. */
const note = (body: string) => `---\nformat: lecture\n---\n\n# Note\n\n${body}\n`;
const glossary = '- $X\\in\\mathbb{R}^{n\\times d}$: design matrix; $w\\in\\mathbb{R}^d$; $y\\in\\mathbb{R}^n$.\n';

// NOTE-SPEC §4: broadcasting, certainty, declaration scope, plain Markdown.
const layer = '- $\\mathbf{X}\\in\\mathbb{R}^{n\\times d}$, $\\mathbf{W}\\in\\mathbb{R}^{d\\times q}$, $\\mathbf{b}\\in\\mathbb{R}^{1\\times q}$, $\\mathbf{c}\\in\\mathbb{R}^{q}$, $\\mathbf{r}\\in\\mathbb{R}^{n}$, $\\mathbf{u}\\in\\mathbb{R}^{m}$, $\\gamma\\in\\mathbb{R}^{q}$.\n';
const plain = '# Notes\n\nLet $X\\in\\mathbb{R}^{n\\times d}$, $w\\in\\mathbb{R}^{d}$.\n\nThen $X^\\top w$.\n\n## Transposed\n\nHere $X\\in\\mathbb{R}^{d\\times n}$, so $X^\\top w$ is fine.\n';
const scoped = note(`${glossary}\n## Worked example\n\nTake $X\\in\\mathbb{R}^{1000\\times 3}$ and $w\\in\\mathbb{R}^{3}$: $Xw\\in\\mathbb{R}^{1000}$.\n\n## Back to the model\n\nThe fit is $\\hat{y} = X^\\top w$.`);
const twoShapes = note('- $A\\in\\mathbb{R}^{m\\times n}$: the system matrix.\n- $A\\in\\mathbb{R}^{n\\times n}$: its square case.\n- $x\\in\\mathbb{R}^{m}$.\n\nThen $Ax$.');

ruleTester(rule).run({
  valid: [
    { name: 'broadcasting: a row vector or a vector of the column length added to every row', code: note(`${layer}\n$$\\mathbf{Z} = \\mathbf{X}\\mathbf{W} + \\mathbf{b}, \\quad \\mathbf{Z}' = \\mathbf{X}\\mathbf{W} + \\mathbf{c}, \\quad \\mathbf{X}\\mathbf{W} - \\mathbf{r}, \\quad (\\mathbf{X}\\mathbf{W})\\odot\\gamma^\\top$$`) },
    { name: 'a scalar added to anything', code: note(`${layer}\n$$\\mathbf{X}\\mathbf{W} + 1, \\quad 1 - \\mathbf{b}$$`) },
    { name: 'a product binds tighter than \\odot', code: note(`${layer}\n$$(\\mathbf{X}\\mathbf{W})\\odot\\mathbf{r}\\mathbf{b}$$`) },
    { name: '^{+} on a vector has two readings: silent', code: note(`${glossary}- $\\hat{w}^{+}\\in\\mathbb{R}^d$: the minimum-norm solution.\n\n$$\\hat{w}^{+} = X^{+} y, \\qquad X\\hat{w}^{+} + y$$`) },
    { name: 'a worked example re-declares a symbol in its own section', code: note(`${glossary}\n## Worked example\n\nTake $X\\in\\mathbb{R}^{3\\times 1000}$ and $y\\in\\mathbb{R}^{3}$, so $X^\\top y\\in\\mathbb{R}^{1000}$.`) },
    { name: 'declarations of different shapes in force: silent', code: twoShapes },
    { name: 'a symbol declared both as a value and as a map: `\\mathcal{L}(w)` may be a call, silent', code: note('- $w\\in\\mathbb{R}^d$: weights.\n- $\\mathcal{L}\\in\\mathbb{R}$: the loss.\n- $\\mathcal{L}:\\mathbb{R}^d\\to\\mathbb{R}$: the loss as a function.\n\n$$\\nabla_w \\mathcal{L}(w) = 0$$') },
    { name: 'plain Markdown: a use in the section of a re-declaration takes it', code: plain.replace('Then $X^\\top w$.', 'Then $Xw$.') },
    { name: 'OLS and ridge (lecture)', code: fixture('lecture-ols-ridge.md') },
    { name: 'attention, softmax regression, two-layer network', code: fixture('deep-pass-networks.md') },
    { name: 'PCA and SVM dual', code: fixture('deep-pass-pca-svm.md') },
    { name: 'no declarations at all', code: note('$$X^\\top w = y$$') },
    { name: 'correct algebra', code: note(`${glossary}\n$$\\hat{w} = (X^\\top X)^{-1}X^\\top y, \\quad \\hat{y} = X\\hat{w}$$`) },
    { name: 'unknown notation is never judged', code: note(`${glossary}\n$$P(X = 1) = \\int p(w)\\,dw, \\quad \\frac{\\partial L}{\\partial w} = X^\\top(Xw-y)$$`) },
    { name: 'a cited identity uses placeholders', code: note(`${glossary}\n$$\\nabla_w L = X^\\top(Xw - y)$$\n{Rule: $\\nabla_w\\, w^\\top X w = 2Xw$}`) },
    {
      name: 'a letter redeclared later keeps its old shape before the redeclaration',
      code: note('The determinant $\\det(A)$ of a square matrix.\n\nLater, $A\\in\\mathbb{R}^{d\\times r}$ and $B\\in\\mathbb{R}^{r\\times k}$ give $\\Delta W = AB$.'),
    },
  ],
  invalid: [
    {
      name: 'sizes no broadcast reconciles: n×q plus m×1',
      code: note(`${layer}\n$$\\mathbf{X}\\mathbf{W} + \\mathbf{u}$$`),
      errors: [{ messageId: 'mismatch', line: 9, column: 3, data: { expression: '\\mathbf{X}\\mathbf{W} + \\mathbf{u}', detail: 'cannot add n×q and m×1; `\\mathbf{X}` is declared in \\mathbb{R}^{n\\times d}; `\\mathbf{u}` is declared in \\mathbb{R}^{m}' } }],
    },
    {
      name: 'plain Markdown: the spec example, and the re-declaration holds only in its section',
      code: plain,
      errors: [{ messageId: 'mismatch', line: 5, column: 7, data: { expression: 'X^\\top w', detail: 'cannot multiply d×n by d×1; `X` is declared in \\mathbb{R}^{n\\times d}; `w` is declared in \\mathbb{R}^{d}' } }],
    },
    {
      name: 'after the worked example\'s section, the glossary holds again',
      code: scoped,
      errors: [{ messageId: 'mismatch', line: lineOf(scoped, 'The fit'), column: 23, data: { expression: 'X^\\top w', detail: 'cannot multiply d×n by d×1; `X` is declared in \\mathbb{R}^{n\\times d}; `w` is declared in \\mathbb{R}^d' } }],
    },
    {
      name: 'the example of the spec',
      code: note(`${glossary}\nThe fit is $\\hat{y} = X^\\top w$.`),
      errors: [{
        messageId: 'mismatch', line: 9, column: 23, endLine: 9, endColumn: 31,
        message: '`X^\\top w`: cannot multiply d×n by d×1; `X` is declared in \\mathbb{R}^{n\\times d}; `w` is declared in \\mathbb{R}^d',
      }],
    },
    {
      name: 'a relation inside a display block, several lines down',
      code: note(`${glossary}\n$$\n\\begin{aligned}\nL(w) &= \\|Xw - y\\|^2 \\\\\n\\nabla_w L &= 2X^\\top(Xw - y) \\\\\n&= 2(Xw - y)\n\\end{aligned}\n$$`),
      errors: [{ messageId: 'mismatch', line: 13, column: 4, endLine: 13, endColumn: 13 }],
    },
    {
      name: 'seeded errors in a lecture note',
      code: fixture('lecture-seeded-errors.md'),
      errors: [
        { messageId: 'mismatch', line: 35, column: 62, data: { expression: 'X^\\top w', detail: 'cannot multiply d×n by d×1; `X` is declared in \\mathbb{R}^{n\\times d}; `w` is declared in \\mathbb{R}^{d}' } },
        { messageId: 'mismatch', line: 39, column: 27 },
        { messageId: 'mismatch', line: 45, column: 12 },
        { messageId: 'mismatch', line: 51, column: 57 },
        { messageId: 'mismatch', line: 57, column: 16 },
        { messageId: 'mismatch', line: 65, column: 4 },
        { messageId: 'mismatch', line: 70, column: 77 },
        { messageId: 'mismatch', line: 70, column: 84 },
      ],
    },
  ],
});

describe('shape-mismatch: seeded errors carry both shapes', () => {
  it('names both shapes in every message of the seeded note', () => {
    const { reports } = runCase(rule, { code: fixture('lecture-seeded-errors.md') }, (text, options) => parseNote(text, options));
    const diagnostics = reports.map((r) => ({ message: formatMessage(rule.meta.messages[r.messageId], r.data) }));
    const expected = [
      ['d×n', 'd×1'], ['n×d', 'n×1'], ['d×d', 'n×n'], ['n×d_k', 'm×d_k'], ['c×h', 'c×1'], ['d×1', 'n×1'], ['n×d'], ['n×d'],
    ];
    assert.equal(diagnostics.length, expected.length);
    diagnostics.forEach((d, k) => {
      for (const shape of expected[k]) assert.ok(d.message.includes(shape), `${d.message} lacks ${shape}`);
    });
  });
});

describe('shape-mismatch: the shared corpus', () => {
  it('finds no mismatch in any math span of the study sheet, with the declarations found there', function () {
    const model = parseNote(studySheetOrSkip(this));
    const env = createShapeEnv();
    let declared = 0;
    const problems: string[] = [];
    for (const span of model.math) {
      for (const d of findDeclarations(span.tex)) {
        declareShape(env, { symbol: d.tex, domain: d.domain, kind: d.kind }, 'shadow');
        declared++;
      }
      for (const p of checkMath(span.tex, env)) problems.push(`${span.range.start.line + 1}: ${p.message}`);
    }
    assert.ok(declared > 10, 'the corpus declares some shapes');
    assert.deepEqual(problems, []);
  });
});
