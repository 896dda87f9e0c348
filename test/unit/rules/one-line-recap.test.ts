import * as assert from 'node:assert/strict';
import rule, { countSentences } from '../../../src/core/rules/one-line-recap';
import { ruleTester } from '../rule-tester';
import { lectureNote, lineOf } from '../../fixtures/structure-rules/notes';
import { parseNote } from '../../../src/core/parse/index';
import { lintModel } from '../../../src/core/lint';
import { defaultConfig } from '../../../src/core/config';
import { workDone } from '../../../src/core/work';

const two = lectureNote({ '8': 'Ridge regression adds an $\\ell_2$ penalty. It makes the normal equations well posed.' });
const bullets = lectureNote({ '8': '- Ridge adds a penalty\n- which makes the problem well posed' });
const paragraphs = lectureNote({ '8': 'Ridge adds a penalty.\n\nThe problem becomes well posed.' });
const mathStart = lectureNote({ '8': 'Ridge adds a penalty. $X^\\top X+\\lambda I$ is then invertible.' });
const question = lectureNote({ '8': 'Why ridge? Because $X^\\top X$ may be singular!' });

ruleTester(rule).run({
  valid: [
    { name: 'one sentence with "e.g.", a decimal and math', code: lectureNote() },
    { name: 'dots inside math', code: lectureNote({ '8': 'Ridge gives $\\hat{w} = (X^\\top X + 0.1 I)^{-1} X^\\top y$. ' }) },
    { name: 'a dot inside inline math, before a capital', code: lectureNote({ '8': 'The estimator is $w. A$ with $\\lambda = 1.5$, i.e. the MAP estimate.' }) },
    { name: 'abbreviations: i.e., cf., Eq., w.r.t., i.i.d., et al.', code: lectureNote({ '8': 'Ridge is the MAP estimate, i.e. Gaussian prior, cf. Eq. (3) w.r.t. i.i.d. data (Hoerl et al. 1970).' }) },
    { name: 'no final full stop', code: lectureNote({ '8': 'Ridge regression is least squares plus an $\\ell_2$ penalty' }) },
    { name: 'wrapped over two lines', code: lectureNote({ '8': 'Ridge regression is least squares\nplus an $\\ell_2$ penalty.' }) },
    { name: 'bold lead-in', code: lectureNote({ '8': '**Recap:** ridge regression is least squares plus an $\\ell_2$ penalty.' }) },
    { name: 'a single bullet', code: lectureNote({ '8': '- Ridge regression is least squares plus an $\\ell_2$ penalty.' }) },
    { name: 'an empty recap is left to empty-section', code: lectureNote({ '8': '<!-- one sentence -->' }) },
  ],
  invalid: [
    {
      name: 'two sentences',
      code: two,
      errors: [{
        messageId: 'sentences', line: lineOf(two, 'penalty. It makes'), column: 1,
        data: { section: '8 One-Line Recap', count: 2 },
        message: 'Section "8 One-Line Recap" has 2 sentences; a recap is exactly one.',
      }],
    },
    {
      name: 'two bullets are two sentences; the range spans both',
      code: bullets,
      errors: [{ messageId: 'sentences', line: lineOf(bullets, '- Ridge adds'), column: 1, endLine: lineOf(bullets, '- which'), data: { section: '8 One-Line Recap', count: 2 } }],
    },
    { name: 'two paragraphs', code: paragraphs, errors: [{ messageId: 'sentences', line: lineOf(paragraphs, 'Ridge adds'), column: 1, data: { section: '8 One-Line Recap', count: 2 } }] },
    { name: 'a second sentence starting with math', code: mathStart, errors: [{ messageId: 'sentences', line: lineOf(mathStart, 'Ridge adds'), column: 1 }] },
    { name: 'question and exclamation marks', code: question, errors: [{ messageId: 'sentences', line: lineOf(question, 'Why ridge'), column: 1 }] },
  ],
});

describe('one-line-recap: countSentences', () => {
  it('counts blocks and boundaries', () => {
    assert.equal(countSentences(['A b. C d.']), 2);
    assert.equal(countSentences(['A b, e.g. C d.']), 1);
    assert.equal(countSentences(['Value 3.14 is used. 2 more follow.']), 2);
    assert.equal(countSentences(['One.', 'Two.']), 2);
    assert.equal(countSentences([]), 0);
  });
});

describe('one-line-recap: reads its own section', () => {
  it('places only the math of the recap, however much math the rest of the note holds', () => {
    const withMath = (count: number) => lectureNote({ '1': Array.from({ length: count }, (_, k) => `- $x_{${k}} = y$`).join('\n'), '8': 'Ridge is $X^\\top X + \\lambda I$ made invertible.' });
    const work = (text: string) => {
      const model = parseNote(text);
      const before = workDone();
      assert.deepEqual(lintModel(model, defaultConfig(), { rules: [rule] }), []);
      return workDone() - before;
    };
    const few = work(withMath(4));
    // A binary search over four hundred spans places a few spans more than over four; placing each would be hundreds.
    assert.ok(work(withMath(400)) - few < 400, `${work(withMath(400))} vs ${few}`);
  });
});
