import rule from '../../../src/core/rules/concept-bullets';
import { ruleTester } from '../rule-tester';
import { deepPassNote, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

const bullets = (n: number, marker = '-') => Array.from({ length: n }, (_, i) => `${marker === '1.' ? `${i + 1}.` : marker} Point ${i + 1}.`).join('\n');
const two = lectureNote({ '1': bullets(2) });
const prose = lectureNote({ '1': 'Ridge regression shrinks the weights.' });
const seven = lectureNote({ '1': bullets(7) });
const nestedTwo = lectureNote({ '1': '- One.\n  - detail a\n  - detail b\n  - detail c\n- Two.' });

ruleTester(rule).run({
  valid: [
    { name: 'three bullets', code: lectureNote() },
    { name: 'six bullets', code: lectureNote({ '1': bullets(6) }) },
    { name: 'an ordered list counts', code: lectureNote({ '1': bullets(4, '1.') }) },
    { name: 'nested items are not counted', code: lectureNote({ '1': `${bullets(3)}\n  - a\n  - b\n  - c\n  - d` }) },
    { name: 'two lists add up', code: lectureNote({ '1': `${bullets(2)}\n\nAlso:\n\n${bullets(2, '*')}` }) },
    { name: 'typographic bullets (•) count', code: lectureNote({ '1': '• One.\n• Two.\n• Three.' }) },
    { name: 'an empty section is left to empty-section', code: lectureNote({ '1': '' }) },
    { name: 'options change the bounds', code: lectureNote({ '1': bullets(8) }), options: { min: 1, max: 8 } },
    { name: 'DEEP-PASS §1 (the format file turns the rule off; the rule itself only counts)', code: deepPassNote({ '1': bullets(4) }) },
  ],
  invalid: [
    {
      name: 'two bullets',
      code: two,
      errors: [{
        messageId: 'tooFew', line: lineOf(two, '### 1)'), column: 1,
        data: { section: '1 Concept & Intuition', count: 2, min: 3, max: 6 },
        message: 'Section "1 Concept & Intuition" has 2 bullets; the format asks for 3–6.',
      }],
    },
    {
      name: 'a paragraph, no bullets',
      code: prose,
      errors: [{ messageId: 'tooFew', line: lineOf(prose, '### 1)'), column: 1, data: { section: '1 Concept & Intuition', count: 0, min: 3, max: 6 } }],
    },
    {
      name: 'seven bullets: reported on the seventh',
      code: seven,
      errors: [{
        messageId: 'tooMany', line: lineOf(seven, '- Point 7.'), column: 1, endColumn: '- Point 7.'.length + 1,
        data: { section: '1 Concept & Intuition', count: 7, min: 3, max: 6, first: 7 },
      }],
    },
    {
      name: 'nested items do not make up for missing bullets',
      code: nestedTwo,
      errors: [{ messageId: 'tooFew', line: lineOf(nestedTwo, '### 1)'), column: 1 }],
    },
    {
      name: 'a lower max option',
      code: lectureNote(),
      options: { max: 2 },
      errors: [{ messageId: 'tooMany', line: lineOf(lectureNote(), '- Geometrically'), column: 1 }],
    },
  ],
});
