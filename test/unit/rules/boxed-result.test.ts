import * as assert from 'node:assert/strict';
import rule, { boxContent } from '../../../src/core/rules/boxed-result';
import { ruleTester } from '../rule-tester';
import { deepPassNote, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

const plain = lectureNote({ '4.E': '$$\n\\hat{w} = (X^\\top X + \\lambda I)^{-1} X^\\top y\n$$' });
const inlineOnly = lectureNote({ '4.E': 'The minimiser is $\\hat{w} = (X^\\top X + \\lambda I)^{-1} X^\\top y$.' });
const tagged = deepPassNote({ '7': 'Under full column rank:\n\n$$\n\\hat{w} = (X^\\top X)^{-1}X^\\top y \\tag{7}\n$$\n\n$$\nr = y - X\\hat{w}\n$$' });
const aligned = deepPassNote({ '7': '\\begin{align}\n\\hat{w} &= (X^\\top X)^{-1}X^\\top y \\\\\nr &= y - X\\hat{w}\n\\end{align}' });
const brackets = lectureNote({ '4.E': '\\[ \\hat{w} = A^{-1}b \\]' });

ruleTester(rule).run({
  valid: [
    { name: 'a boxed display result', code: lectureNote() },
    { name: 'DEEP-PASS §7 boxed', code: deepPassNote() },
    { name: 'a boxed inline result counts', code: lectureNote({ '4.E': 'Hence $\\boxed{\\hat{w} = A^{-1}b}$.' }) },
    { name: 'one boxed equation among several', code: deepPassNote({ '7': '$$\na = b\n$$\n\n$$\n\\boxed{c = d}\n$$' }) },
    { name: 'an empty result section is left to empty-section', code: lectureNote({ '4.E': '<!-- the boxed result -->' }) },
    { name: 'plain Markdown is no note', code: '# Summary of Key Results\n\n$$x=1$$\n' },
  ],
  invalid: [
    {
      name: 'display math without a box: the fix boxes it',
      code: plain,
      errors: [{
        messageId: 'missing', line: lineOf(plain, '#### 4.E'), column: 1,
        data: { section: '4.E Final Result' }, message: 'Section "4.E Final Result" has no \\boxed{…} result.',
      }],
      output: plain.replace('\\hat{w} = (X^\\top X + \\lambda I)^{-1} X^\\top y', '\\boxed{\\hat{w} = (X^\\top X + \\lambda I)^{-1} X^\\top y}'),
    },
    {
      name: 'inline math only: no fix',
      code: inlineOnly,
      errors: [{ messageId: 'missing', line: lineOf(inlineOnly, '#### 4.E'), column: 1 }],
      output: null,
    },
    {
      name: 'the first display equation is boxed, its \\tag kept outside',
      code: tagged,
      errors: [{ messageId: 'missing', line: lineOf(tagged, '## 7)'), column: 1, data: { section: '7 Summary of Key Results' } }],
      output: tagged.replace('\\hat{w} = (X^\\top X)^{-1}X^\\top y \\tag{7}', '\\boxed{\\hat{w} = (X^\\top X)^{-1}X^\\top y} \\tag{7}'),
    },
    {
      name: 'an align environment: the box goes inside, around an aligned block',
      code: aligned,
      errors: [{ messageId: 'missing', line: lineOf(aligned, '## 7)'), column: 1 }],
      output: aligned.replace('\\begin{align}\n\\hat{w} &= (X^\\top X)^{-1}X^\\top y \\\\\nr &= y - X\\hat{w}\n\\end{align}',
        '\\begin{align}\n\\boxed{\\begin{aligned}\\hat{w} &= (X^\\top X)^{-1}X^\\top y \\\\\nr &= y - X\\hat{w}\\end{aligned}}\n\\end{align}'),
    },
    {
      name: '\\[ … \\] delimiters',
      code: brackets,
      errors: [{ messageId: 'missing', line: lineOf(brackets, '#### 4.E'), column: 1 }],
      output: brackets.replace('\\[ \\hat{w} = A^{-1}b \\]', '\\[ \\boxed{\\hat{w} = A^{-1}b} \\]'),
    },
  ],
});

describe('boxed-result: boxContent', () => {
  it('boxes plain content, keeping the surrounding space', () => {
    assert.equal(boxContent('\nx = y\n'), '\n\\boxed{x = y}\n');
  });
  it('wraps rows in aligned (gathered for gather) and leaves matrices alone', () => {
    assert.equal(boxContent('a &= b \\\\ c &= d'), '\\boxed{\\begin{aligned}a &= b \\\\ c &= d\\end{aligned}}');
    assert.equal(boxContent('\\begin{gather*}a \\\\ b\\end{gather*}'), '\\begin{gather*}\\boxed{\\begin{gathered}a \\\\ b\\end{gathered}}\\end{gather*}');
    assert.equal(boxContent('A = \\begin{pmatrix}1 & 0\\\\0 & 1\\end{pmatrix}'), '\\boxed{A = \\begin{pmatrix}1 & 0\\\\0 & 1\\end{pmatrix}}');
  });
  it('keeps \\label outside the box', () => {
    assert.equal(boxContent('\\begin{equation}\\label{eq:w} w = A^{-1}b\\end{equation}'), '\\begin{equation}\\boxed{w = A^{-1}b} \\label{eq:w}\\end{equation}');
  });
});
