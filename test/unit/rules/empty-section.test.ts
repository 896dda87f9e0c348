import rule from '../../../src/core/rules/empty-section';
import { ruleTester } from '../rule-tester';
import { deepPassNote, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

const emptyChecks = lectureNote({ '4.C': '' });
const commentOnly = lectureNote({ '4.C': '<!-- dimensional checks,\n     edge cases -->\n\n-\n\n---' });
const allSubsEmpty = lectureNote({ '4.A': '', '4.B': '', '4.C': '', '4.D': '', '4.E': '' });
const emptyDeepPass = deepPassNote({ '3': '<!-- TODO -->' });
const onlySubheading = deepPassNote({ '3': '### Rank conditions' });

ruleTester(rule).run({
  valid: [
    { name: 'a complete lecture note (§4 has only subsections, which have content)', code: lectureNote() },
    { name: 'a complete DEEP-PASS note', code: deepPassNote() },
    { name: 'an empty optional appendix', code: `${lectureNote()}\n### 9) Appendix (Optional)\n` },
    { name: 'math alone is content', code: lectureNote({ '4.C': '$$\nX^\\top X\\in\\mathbb{R}^{d\\times d}\n$$' }) },
    { name: 'a sub-heading carrying another section\'s title is content of this one', code: deepPassNote({ '3': '#### Summary\n\nFull column rank.' }) },
    { name: 'an unmatched sub-heading with text under it is content', code: deepPassNote({ '3': '### Rank\n\nFull column rank.' }) },
    { name: 'a comment next to text still leaves content', code: lectureNote({ '4.C': '<!-- note --> Dimensions agree.' }) },
  ],
  invalid: [
    {
      name: 'a heading followed directly by the next section',
      code: emptyChecks,
      errors: [{
        messageId: 'empty', line: lineOf(emptyChecks, '#### 4.C'), column: 1, endColumn: '#### 4.C Intermediate Checks'.length + 1,
        data: { section: '4.C Intermediate Checks' }, message: 'Section "4.C Intermediate Checks" is empty.',
      }],
    },
    {
      name: 'comments, a bare list marker and a thematic break are not content',
      code: commentOnly,
      errors: [{ messageId: 'empty', line: lineOf(commentOnly, '#### 4.C'), column: 1, data: { section: '4.C Intermediate Checks' } }],
    },
    {
      name: 'a parent whose subsections are all empty is empty too',
      code: allSubsEmpty,
      errors: ['4', '4.A', '4.B', '4.C', '4.D', '4.E'].map((n) => ({
        messageId: 'empty', line: lineOf(allSubsEmpty, n === '4' ? '### 4)' : `#### ${n} `), column: 1,
      })),
    },
    {
      name: 'DEEP-PASS: a placeholder comment',
      code: emptyDeepPass,
      errors: [{ messageId: 'empty', line: lineOf(emptyDeepPass, '## 3)'), column: 1, data: { section: '3 Assumptions, Constraints, Conditions' } }],
    },
    {
      name: 'a sub-heading alone is not content',
      code: onlySubheading,
      errors: [{ messageId: 'empty', line: lineOf(onlySubheading, '## 3)'), column: 1 }],
    },
  ],
});
