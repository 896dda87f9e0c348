import * as assert from 'node:assert/strict';
import rule, { readField } from '../../../src/core/rules/metadata-fields';
import { ruleTester } from '../rule-tester';
import { lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

const noTags = lectureNote({ '0': 'Lecture Title: Ridge\nSource: https://example.org/v, 00:00–45:10' });
const bareSource = lectureNote({ '0': 'Lecture Title: Ridge\nSource: Stanford CS229\nTopic Tags: ridge' });
const noTitleValue = lectureNote({ '0': '- Lecture Title:\n- Topic Tags: ridge\n- Source: <https://example.org> 1:02:03 - 1:30:00' });
const acrossNoTime = lectureNote({ '0': '| Lecture Title | Source | Topic Tags |\n|---|---|---|\n| Ridge | https://example.org/v | ridge |' });
const nothing = lectureNote({ '0': 'Notes taken from the course.' });

ruleTester(rule).run({
  valid: [
    { name: 'bold keys in a list', code: lectureNote() },
    {
      name: 'a table',
      code: lectureNote({ '0': '| Field | Value |\n|---|---|\n| Lecture Title | Ridge |\n| Source | [video](https://example.org/v) (12:30 to 47:05) |\n| Topic Tags | ridge, convexity |' }),
    },
    {
      name: 'a table with the keys across its first row',
      code: lectureNote({ '0': '| Lecture Title | Source | Topic Tags |\n|:---|:---|:---|\n| Ridge | https://example.org/v, 12:30–47:05 | ridge |' }),
    },
    { name: 'plain keys, "Title" and "Tags" variants', code: lectureNote({ '0': 'Title: Ridge\nSource: https://example.org/v 12m–47m\nTags: ridge' }) },
    { name: 'italic keys and dash separators', code: lectureNote({ '0': '*Lecture Title* — Ridge\n*Source* — www.example.org/v, 0:00–1:10:00\n*Topic Tags* — ridge' }) },
    { name: 'Source with sub-bullets', code: lectureNote({ '0': '- Lecture Title: Ridge\n- Source:\n  - Link: https://example.org/v\n  - Time range: 00:00–45:10\n- Topic Tags: ridge' }) },
    { name: 'key with a remark', code: lectureNote({ '0': '- Lecture Title: Ridge\n- Source (link, time range): https://example.org/v, 00:00–45:10\n- Topic Tags: ridge' }) },
    { name: 'an empty section is left to empty-section', code: lectureNote({ '0': '' }) },
  ],
  invalid: [
    {
      name: 'no tags',
      code: noTags,
      errors: [{
        messageId: 'missing', line: lineOf(noTags, '### 0)'), column: 1, data: { section: '0 Metadata', field: 'Topic Tags' },
        message: 'Section "0 Metadata" has no Topic Tags field.',
      }],
    },
    {
      name: 'a Source without link and time range',
      code: bareSource,
      errors: [
        { messageId: 'noLink', line: lineOf(bareSource, 'Source:'), column: 1, data: { section: '0 Metadata' } },
        { messageId: 'noTimeRange', line: lineOf(bareSource, 'Source:'), column: 1, data: { section: '0 Metadata' } },
      ],
    },
    {
      name: 'a table across: the Source cell has no time range',
      code: acrossNoTime,
      errors: [{ messageId: 'noTimeRange', line: lineOf(acrossNoTime, '| Ridge |'), column: 1, data: { section: '0 Metadata' } }],
    },
    {
      name: 'a title key with no value',
      code: noTitleValue,
      errors: [{ messageId: 'missing', line: lineOf(noTitleValue, '### 0)'), column: 1, data: { section: '0 Metadata', field: 'Lecture Title' } }],
    },
    {
      name: 'prose instead of fields',
      code: nothing,
      errors: ['Lecture Title', 'Source', 'Topic Tags'].map((field) => ({
        messageId: 'missing', line: lineOf(nothing, '### 0)'), column: 1, data: { section: '0 Metadata', field },
      })),
    },
  ],
});

describe('metadata-fields: readField', () => {
  it('reads the accepted forms', () => {
    assert.deepEqual(readField('- **Lecture Title:** Ridge'), { kind: 'title', value: 'Ridge' });
    assert.deepEqual(readField('**Topic Tags**: a, b'), { kind: 'tags', value: 'a, b' });
    assert.deepEqual(readField('| Source | https://x.org |'), { kind: 'source', value: 'https://x.org' });
    assert.equal(readField('|---|---|'), undefined);
    assert.equal(readField('https://example.org'), undefined);
    assert.equal(readField('Speaker: Ng'), undefined);
  });
});
