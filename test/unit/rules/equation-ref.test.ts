import rule from '../../../src/core/rules/equation-ref';
import { ruleTester } from '../rule-tester';

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const colOf = (text: string, needle: string) => { const i = text.indexOf(needle); return i - text.lastIndexOf('\n', i - 1); };

const undefinedRef = 'See \\eqref{eq:missing} and $\\ref{eq:gone}$.\n\n$$a = b \\label{eq:here}$$\n';
const proseEq = '$$a = b \\tag{1}$$\n\nBy Eq. (1) and Eq. (2) we conclude.\n';
const duplicates = '$$a = b \\label{x} \\tag{1}$$\n\n$$c = d \\label{x} \\tag{1}$$\n';
const starred = '\\begin{align*}\na &= b \\label{s}\n\\end{align*}\n\nSee \\eqref{s}.\n';

ruleTester(rule).run({
  valid: [
    { name: '\\eqref and \\ref to labels, in prose and in math', code: 'By \\eqref{eq:a}, $x = \\ref{eq:a}$.\n\n$$a = b \\label{eq:a}$$\n' },
    { name: 'Eq. (k) naming a tag, an automatic number or a step number', code: '$$a = b \\tag{7}$$\n\n\\begin{equation}\nc = d\n\\end{equation}\n\nEq. (7), Eq. (1).\n' },
    { name: 'an Equation (k): marker is no reference', code: 'Equation (5): $a = b$\n' },
    { name: 'nothing in code or comments', code: '`\\eqref{nope}` <!-- Eq. (9) -->\n' },
  ],
  invalid: [
    {
      name: 'references to missing labels',
      code: undefinedRef,
      errors: [
        { messageId: 'undefinedLabel', line: 1, column: 5, endColumn: 23, data: { kind: 'eqref', name: 'eq:missing' }, message: '\\eqref{eq:missing} refers to no \\label{eq:missing}.' },
        { messageId: 'undefinedLabel', line: 1, column: colOf(undefinedRef, '\\ref{eq:gone}'), data: { kind: 'ref', name: 'eq:gone' } },
      ],
    },
    {
      name: 'Eq. (k) with no equation (k)',
      code: proseEq,
      errors: [{ messageId: 'undefinedNumber', line: lineOf(proseEq, 'Eq. (2)'), column: colOf(proseEq, 'Eq. (2)'), data: { text: 'Eq. (2)', name: '2' } }],
    },
    {
      name: 'a duplicate label and a duplicate tag',
      code: duplicates,
      errors: [
        { messageId: 'duplicateLabel', line: 3, column: 9, data: { name: 'x', line: 1 } },
        { messageId: 'duplicateTag', line: 3, column: 19, data: { name: '1', line: 1 } },
      ],
    },
    {
      name: 'a reference to an unnumbered equation',
      code: starred,
      errors: [{ messageId: 'unnumbered', line: 5, column: 5, data: { kind: 'eqref', name: 's' } }],
    },
  ],
});
