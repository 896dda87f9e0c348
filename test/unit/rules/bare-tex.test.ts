import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import rule from '../../../src/core/rules/bare-tex';
import { ruleTester, runCase } from '../rule-tester';
import { parseNote } from '../../../src/core/parse';
import { applyEdits } from '../../../src/core/fix';
import { lectureNote, lineOf, columnOf } from '../../fixtures/structure-rules/notes';

const prose = 'where \\mathbf{x}_i is the sample and \\theta its weight.\n';
const frac = 'Ratio \\frac{a}{b} here; unbalanced \\hat{x in text.\n';
const inNote = lectureNote({ '5': 'The gradient \\nabla J points uphill.' });
const defined = '$\\newcommand{\\vw}{\\mathbf{w}}$ The weights \\vw here.\n';
const scripts = 'Iterate \\hat{w}^{(t)}_{i} with \\theta^\\top x and \\sigma\'.\n';
const escaped = 'An escaped backslash \\\\theta, then \\\\\\alpha (escape + command).\n';

ruleTester(rule).run({
  valid: [
    'All math is delimited: $\\mathbf{x}$, $$\\theta$$, \\(\\alpha\\), \\[\\beta\\].\n',
    'Markdown escapes: \\*not bold\\*, \\_x\\_, \\# no heading, \\$5, \\\\theta.\n',
    'References in prose: see \\eqref{eq:loss} and \\ref{eq:grad}.\n',
    { name: 'image alt text', code: '![The matrix $\\mathbf{A}$ acting on \\mathbf{x}](img.svg)\n' },
    { name: 'a link title', code: '[see](https://x.org "the \\alpha case")\n' },
    { name: 'raw HTML', code: '<pre>\n\\alpha \\beta\n</pre>\n\nUse <code>\\gamma</code> and <kbd>\\delta</kbd>.\n' },
    { name: '\\| in a table cell', code: '| a |\n|---|\n| $\\frac{\\mathbf{a}}{\\|\\mathbf{a}\\|}$ |\n' },
    { name: 'a formula that does not render is math-syntax\'s one report', code: 'Output is $ \\Sigma x_i \\le M $.\n' },
    'Code is code: `\\mathbf{x}` and\n\n```\n\\theta\n```\n',
    'Stray backslashes: C:\\Users\\me, split on \\n or \\r\\n, tab \\t, \\u00e9, \\x41, \\v.\n',
    '<!-- \\theta in a comment -->\n',
    '---\ntitle: "\\theta"\n---\n# Note\n',
    'A link [see](https://example.org/\\theta) here.\n',
    { name: 'an allowed command', code: 'Cite \\cite{x}.\n', options: { allow: ['cite'] } },
    { name: 'a multi-line display block', code: '$$\n\\mathbf{w}\n= \\theta\n$$\n' },
    { name: 'math inside a list item over two lines', code: '- item $\\alpha +\n  \\beta$ end\n' },
    { name: 'a clean note', code: lectureNote() },
    { name: 'an unknown command without such a macro', code: 'Vectors \\vv here.\n' },
  ],
  invalid: [
    {
      name: 'commands with and without arguments',
      code: prose,
      errors: [
        { messageId: 'bare', line: 1, column: 7, endColumn: 17, data: { command: '\\mathbf{x}' }, message: 'TeX command \\mathbf{x} outside math: wrap it in $…$.' },
        { messageId: 'bare', line: 1, column: 38, endColumn: 44, data: { command: '\\theta' } },
      ],
      output: 'where $\\mathbf{x}_i$ is the sample and $\\theta$ its weight.\n',
    },
    {
      name: 'two braced arguments; an unbalanced brace stops at the command',
      code: frac,
      errors: [
        { messageId: 'bare', line: 1, column: 7, endColumn: 18, data: { command: '\\frac{a}{b}' } },
        { messageId: 'bare', line: 1, column: columnOf(frac, '\\hat'), endColumn: columnOf(frac, '{x in'), data: { command: '\\hat' } },
      ],
      output: 'Ratio $\\frac{a}{b}$ here; unbalanced $\\hat${x in text.\n',
    },
    {
      name: 'in a note',
      code: inNote,
      errors: [{ messageId: 'bare', line: lineOf(inNote, '\\nabla J'), column: columnOf(inNote, '\\nabla J'), data: { command: '\\nabla' } }],
      output: inNote.replace('\\nabla J', '$\\nabla$ J'),
    },
    {
      name: 'an escaped backslash, then a command after an odd run',
      code: escaped,
      errors: [{ messageId: 'bare', line: 1, column: columnOf(escaped, '\\alpha'), data: { command: '\\alpha' } }],
      output: escaped.replace('\\\\\\alpha', '\\\\$\\alpha$'),
    },
    {
      name: '\\label in prose is not a reference',
      code: 'Loss \\label{eq:loss} here.\n',
      errors: [{ messageId: 'bare', line: 1, column: 6, data: { command: '\\label{eq:loss}' } }],
      output: 'Loss $\\label{eq:loss}$ here.\n',
    },
    {
      name: 'one-letter commands: upper case (number sets) always, lower case with a brace',
      code: 'Vectors in \\R^d, accent \\v{s}.\n',
      errors: [
        { messageId: 'bare', line: 1, column: 12, endColumn: 14, data: { command: '\\R' } },
        { messageId: 'bare', line: 1, column: 25, endColumn: 30, data: { command: '\\v{s}' } },
      ],
      output: 'Vectors in $\\R^d$, accent $\\v{s}$.\n',
    },
    {
      name: 'a macro from the config (unknown to KaTeX itself)',
      code: 'Vectors \\vv here.\n',
      macros: { '\\vv': '\\mathbf{v}' },
      errors: [{ messageId: 'bare', line: 1, column: 9, endColumn: 12, data: { command: '\\vv' } }],
      output: 'Vectors $\\vv$ here.\n',
    },
    {
      name: 'a macro the note defines',
      code: defined,
      errors: [{ messageId: 'bare', line: 1, column: columnOf(defined, '\\vw here'), data: { command: '\\vw' } }],
      output: defined.replace('\\vw here', '$\\vw$ here'),
    },
    {
      name: 'the fix takes sub- and superscripts along',
      code: scripts,
      errors: [
        { messageId: 'bare', line: 1, column: 9, endColumn: 16, data: { command: '\\hat{w}' } },
        { messageId: 'bare', line: 1, column: columnOf(scripts, '\\theta'), endColumn: columnOf(scripts, '^\\top'), data: { command: '\\theta' } },
        { messageId: 'bare', line: 1, column: columnOf(scripts, '\\sigma'), data: { command: '\\sigma' } },
      ],
      output: 'Iterate $\\hat{w}^{(t)}_{i}$ with $\\theta^\\top$ x and $\\sigma\'$.\n',
    },
    {
      name: 'commands written together are one finding, wrapped as one',
      code: 'The score \\mathbf{w}^\\top\\mathbf{x} is linear.\n',
      errors: [{ messageId: 'bare', line: 1, column: 11, endColumn: 21, data: { command: '\\mathbf{w}' } }],
      output: 'The score $\\mathbf{w}^\\top\\mathbf{x}$ is linear.\n',
    },
    {
      name: 'text after math on the same line',
      code: 'Let $x$ be \\alpha.\n',
      errors: [{ messageId: 'bare', line: 1, column: 12, data: { command: '\\alpha' } }],
      output: 'Let $x$ be $\\alpha$.\n',
    },
  ],
});

const CORPUS = '../shared/corpus/ml-interview-study-sheet.md';

describe('bare-tex on the study-sheet corpus', () => {
  before(function () { if (!existsSync(CORPUS)) this.skip(); });

  it('finds exactly the TeX commands that stand outside math (each line read and checked by hand)', () => {
    const { reports } = runCase(rule, { code: readFileSync(CORPUS, 'utf8') }, (text) => parseNote(text));
    const found = reports.map((r) => `${r.range.start.line + 1}:${r.data?.command}`);
    assert.deepEqual(found, [
      '531:\\bar{X}', '561:\\dots', '777:\\mathbf{x}', '884:\\hat{g}', '884:\\hat{h}', '1054:\\mathbf{x}',
      '1144:\\mathbf{x}', '1205:\\mathbf{x}', '1210:\\mathcal{B}', '1296:\\mathcal{P}', '1463:\\tilde{h}',
      '1581:\\mathbf{z}', '1581:\\mathbf{z}', '1581:\\mathbf{z}', '1604:\\mathcal{M}', '1632:\\mathcal{K}',
      '1693:\\hat{x}', '1740:\\hat{C}',
    ]);
  });

  it('after the quick fixes, no TeX command stands outside math', () => {
    const code = readFileSync(CORPUS, 'utf8');
    const { reports } = runCase(rule, { code }, (text) => parseNote(text));
    const fixed = applyEdits(code, reports.flatMap((r) => r.fix!.edits));
    assert.ok(fixed.includes('$\\mathbf{z}_i$ and $\\mathbf{z}_j$'));
    assert.deepEqual(runCase(rule, { code: fixed }, (text) => parseNote(text)).reports, []);
  });
});
