import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import rule, { unclosedDelimiters } from '../../../src/core/rules/math-syntax';
import { ruleTester, runCase } from '../rule-tester';
import { parseNote } from '../../../src/core/parse';
import { columnOf, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';
import { studySheetOrSkip } from '../../support/shared';

const inList = '- first item\n- the loss $\\mathcal{L} = \\sum_i \\ell_i +\n  \\frac{1}{n} \\foo$ here\n';
const align = 'Intro.\n\n\\begin{align}\na &= b \\label{eq:a} \\\\\nc &= \\frac{d}{e} \\oops \\tag{2}\n\\end{align}\n';
const noteWithError = lectureNote({ '5': 'The ratio $\\frac{a}{b$ shrinks.' });

ruleTester(rule).run({
  valid: [
    'Inline $x^2$, display $$\\sum_i x_i$$, \\(\\alpha\\), \\[\\beta\\].\n',
    '$$\nJ(w) = \\|Xw - y\\|^2 \\label{eq:j} \\tag{1}\n$$\n\nBy \\eqref{eq:j} and \\ref{eq:j}, $w \\tag{3}$ is fine.\n',
    '\\begin{multline}\na + b \\\\\n+ c\n\\end{multline}\n',
    '\\begin{align*}\na &= b \\notag \\\\\nc &= d\n\\end{align*}\n',
    { name: 'the user\'s macros count', code: 'Let $\\vx \\in \\RR^d$.\n', macros: { '\\vx': '\\mathbf{x}', '\\RR': '\\mathbb{R}' } },
    { name: 'macros the note defines count', code: '$\\newcommand{\\vw}{\\mathbf{w}}$ and then $\\vw^\\top x$.\n' },
    { name: 'money is not math', code: 'It costs $5, or US$ 3, or \\$7.\n' },
    { name: 'an escaped bracket is not math', code: 'A footnote \\[1\\] and \\[see below].\n' },
    { name: 'dollars in code are code', code: 'Run `echo $HOME` or\n\n```\n$x + $$\n```\n' },
    { name: 'a clean note', code: lectureNote() },
    { name: 'shell text and prices are text', code: 'Create $(pwd)/data, set $HOME and ${DIR}, pay $10 or $ 5.\n' },
    { name: 'a shell variable with an underscore', code: 'Put it in $AIRFLOW_HOME/dags_x.\n' },
    { name: 'a lone $ before plain words', code: 'We minimise $J(w) over w.\n' },
    { name: 'dollars inside math', code: 'A bet of $\\$10 \\pm \\$1$ here.\n' },
    { name: 'a $ nested in \\text{…} inside display math', code: '$$\na = \\text{for $x > 0$ only}\n$$\n\nInline $$b = \\text{if $y$}$$ too.\n' },
    { name: '\\| in a table cell', code: '| a | b |\n|---|---|\n| $P(Y\\|X)$ | $\\frac{a}{\\|b\\|}$ |\n' },
    { name: 'math in image alt text', code: '![The matrix $\\mathbf{A}$ acting on $x](img.svg)\n' },
    { name: 'a link title', code: '[see](https://x.org "cost $\\alpha")\n' },
    { name: 'dollars in raw HTML', code: '<pre>\necho $TAXI_DIR \\alpha_1\n</pre>\n\nUse <code>($AIRFLOW_HOME/dags) $\\beta_2</code> now.\n' },
    { name: 'an HTML element left open runs to the end of its paragraph', code: 'See <kbd>$\\alpha_1 here\nand on.\n' },
    { name: 'an unclosed $$ looks for TeX in its own list item only', code: '- $$: the cost\n- \\alpha is the rate\n' },
  ],
  invalid: [
    {
      name: 'an undefined command, at its characters',
      code: 'The value $a + \\foo$ here.\n',
      errors: [{ messageId: 'katex', line: 1, column: 16, endLine: 1, endColumn: 20, message: 'KaTeX cannot parse this math: Undefined control sequence: \\foo.' }],
    },
    {
      name: 'inside a multi-line inline span of a list item',
      code: inList,
      errors: [{ messageId: 'katex', line: 3, column: columnOf(inList, '\\foo'), endLine: 3, endColumn: columnOf(inList, '\\foo') + 4 }],
    },
    {
      name: 'inside an align environment, with \\label and \\tag ignored',
      code: align,
      errors: [{ messageId: 'katex', line: lineOf(align, 'c &='), column: columnOf(align, '\\oops'), endColumn: columnOf(align, '\\oops') + 5, data: { message: 'Undefined control sequence: \\oops' } }],
    },
    {
      name: 'an unclosed $',
      code: 'We minimise $J(w) = \\sum_i \\ell_i over w.\n',
      errors: [{ messageId: 'unclosed', line: 1, column: 13, endLine: 1, endColumn: 14, data: { delimiter: '$', hint: ' (write \\$ for a dollar sign)' } }],
    },
    {
      name: 'an unclosed $$ in a list item, with TeX on the item\'s next line',
      code: '- $$: the cost\n  \\alpha is the rate\n- next\n',
      errors: [{ messageId: 'unclosed', line: 1, column: 3, endLine: 1, endColumn: 5, data: { delimiter: '$$', hint: ' (display math ends at a blank line at the latest)' } }],
    },
    {
      name: 'an unclosed $$',
      code: 'Text.\n\n$$\nJ(w) = \\frac{1}{n}\n\nMore text.\n',
      errors: [{ messageId: 'unclosed', line: 3, column: 1, endLine: 3, endColumn: 3, data: { delimiter: '$$', hint: ' (display math ends at a blank line at the latest)' } }],
    },
    {
      name: 'an unclosed \\[',
      code: 'So \\[ \\hat{w} = A^{-1} b\n\nand more.\n',
      errors: [{ messageId: 'unclosed', line: 1, column: 4, endLine: 1, endColumn: 6, data: { delimiter: '\\[', hint: ' (no \\] before the end of the paragraph)' } }],
    },
    {
      name: 'an unclosed \\(',
      code: 'Inline \\(x^2 never ends.\n',
      errors: [{ messageId: 'unclosed', line: 1, column: 8, data: { delimiter: '\\(', hint: ' (no \\) before the end of the paragraph)' } }],
    },
    {
      name: 'math after a digit does not render: say why and how',
      code: 'It gets 2$\\times$ return.\n',
      errors: [{ messageId: 'digit-before', line: 1, column: 10, endColumn: 18,
        message: '$\\times$ is not math: no math opens right after a digit (2$ reads as a price). Write $2\\times$, or put a space before the $.' }],
    },
    {
      name: 'math after a decimal number: the whole number goes inside',
      code: 'Scale by v1.5$\\sigma$ and .7$\\tau$ here.\n',
      errors: [
        { messageId: 'digit-before', line: 1, column: 14, data: { text: '$\\sigma$', suggestion: '$1.5\\sigma$' } },
        { messageId: 'digit-before', line: 1, column: 29, data: { text: '$\\tau$', suggestion: '$7\\tau$' } },
      ],
    },
    {
      name: 'a space inside the delimiters',
      code: 'Output is $ \\Sigma x_i \\le M $. Done.\n',
      errors: [{ messageId: 'space-inside', line: 1, column: 11, endColumn: 31, data: { text: '$ \\Sigma x_i \\le M $', suggestion: '$\\Sigma x_i \\le M$' } }],
    },
    {
      name: 'an unclosed $ followed by TeX on the next line of the paragraph',
      code: 'We minimise $J(w) over\nall $w$ with \\sum_i\n',
      errors: [{ messageId: 'unclosed', line: 1, column: 13 }],
    },
    {
      name: 'a KaTeX error inside a table cell, at its source position after \\|',
      code: '| a |\n|---|\n| $P(Y\\|X) \\oops$ |\n',
      errors: [{ messageId: 'katex', line: 3, column: 12, endColumn: 17 }],
    },
    {
      name: 'a macro the config does not define',
      code: 'Let $\\vx$ be.\n',
      macros: { '\\vy': '\\mathbf{y}' },
      errors: [{ messageId: 'katex', line: 1, column: 6, endColumn: 9 }],
    },
    {
      name: 'in a note too',
      code: noteWithError,
      errors: [{ messageId: 'katex', line: lineOf(noteWithError, 'The ratio'), column: columnOf(noteWithError, 'b$ shrinks') }],
    },
  ],
});

describe('math-syntax on the study-sheet corpus', () => {
  it('reports exactly its one real KaTeX error, at line 1774', function () {
    const text = studySheetOrSkip(this);
    const { reports } = runCase(rule, { code: text }, parseNote);
    assert.deepEqual(reports.map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.messageId}`), ['1774:45 katex']);
  });

  it('finds no unclosed delimiter when all math is closed', () => {
    assert.deepEqual(unclosedDelimiters(parseNote('$a$ and $$b$$ and \\(c\\) and \\[d\\]\n')), []);
  });
});
