import * as assert from 'node:assert/strict';
import rule from '../../../src/core/rules/no-code';
import { lintModel } from '../../../src/core/lint';
import { parseNote } from '../../../src/core/parse';
import { ruleTester } from '../rule-tester';
import { deepPassNote, lectureNote, lineOf, columnOf } from '../../fixtures/structure-rules/notes';

const block = deepPassNote({ '6': 'Avoid this:\n\n```python\nw = np.linalg.solve(A, b)\n```' });
const inline = deepPassNote({ '6': 'Call `np.linalg.solve(A, b)` or sklearn.linear_model.Ridge and torch.nn.' });
const indented = deepPassNote({ '6': 'Text.\n\n    x = 1' });

ruleTester(rule).run({
  valid: [
    { name: 'a clean DEEP-PASS note', code: deepPassNote() },
    { name: 'NP-hard, tf-idf, a sentence ending in np., pytorch.org', code: deepPassNote({ '6': 'It is NP-hard; tf-idf weights; see pytorch.org; we use np. Then more.' }) },
    { name: 'names inside math', code: deepPassNote({ '6': '$\\text{np.dot}(a, b)$' }) },
    { name: 'URLs are not prose', code: deepPassNote({ '6': 'See [docs](https://numpy.org/np.linalg.html).' }) },
    { name: 'an empty apis list turns API references off', code: deepPassNote({ '6': 'Use np.linalg.' }), options: { apis: [] } },
  ],
  invalid: [
    {
      name: 'a fenced code block, reported on its first line',
      code: block,
      errors: [{
        messageId: 'codeBlock', line: lineOf(block, '```python'), column: 1, endLine: lineOf(block, '```python'), endColumn: 10,
        data: { block: '```python' }, message: 'Code block "```python" in a note without implementation: state it mathematically.',
      }],
    },
    {
      name: 'an indented code block',
      code: indented,
      errors: [{ messageId: 'codeBlock', line: lineOf(indented, '    x = 1'), column: 1, data: { block: 'x = 1' } }],
    },
    {
      name: 'inline code and API references',
      code: inline,
      errors: [
        {
          messageId: 'inlineCode', line: lineOf(inline, 'Call'), column: columnOf(inline, '`np.'), endColumn: columnOf(inline, ' or sklearn'),
          data: { code: 'np.linalg.solve(A, b)' }, message: 'Inline code `np.linalg.solve(A, b)` in a note without implementation: use math or prose.',
        },
        {
          messageId: 'api', line: lineOf(inline, 'Call'), column: columnOf(inline, 'sklearn'), endColumn: columnOf(inline, ' and torch'),
          data: { api: 'sklearn.linear_model.Ridge' },
        },
        { messageId: 'api', line: lineOf(inline, 'Call'), column: columnOf(inline, 'torch.nn'), data: { api: 'torch.nn' } },
      ],
    },
    {
      name: 'a custom apis list',
      code: deepPassNote({ '6': 'Use cvxpy.Problem here.' }),
      options: { apis: ['cvxpy'] },
      errors: [{ messageId: 'api', line: lineOf(deepPassNote({ '6': 'Use cvxpy.Problem here.' }), 'Use cvxpy'), column: 5, data: { api: 'cvxpy.Problem' } }],
    },
  ],
});

describe('no-code severity per format (from the format files)', () => {
  const findings = (code: string) => lintModel(parseNote(code)).filter((d) => d.rule === 'no-code').map((d) => d.severity);

  it('warns in a DEEP-PASS note', () => {
    assert.deepEqual(findings(deepPassNote({ '6': 'Use `np.linalg.solve`.' })), ['warning']);
  });
  it('is off in a lecture note (its §6 asks for API calls)', () => {
    assert.deepEqual(findings(lectureNote({ '6': 'Use `np.linalg.solve` or sklearn.linear_model.Ridge.' })), []);
  });
  it('never runs on plain Markdown', () => {
    assert.deepEqual(findings('# Readme\n\n```js\nx\n```\n'), []);
  });
});
