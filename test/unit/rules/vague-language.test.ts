import * as assert from 'node:assert/strict';
import rule, { vaguePattern } from '../../../src/core/rules/vague-language';
import { parseConfigText } from '../../../src/core/config';
import { lintModel } from '../../../src/core/lint';
import { parseNote } from '../../../src/core/parse';
import { ruleTester } from '../rule-tester';
import { lectureNote, deepPassNote, lineOf, columnOf } from '../../fixtures/structure-rules/notes';

const vague = lectureNote({ '5': 'When $\\lambda$ goes up, the thing basically shrinks.' });
const cased = deepPassNote({ '5': 'Things change: Stuff GOES   DOWN.' });
const inLink = lectureNote({ '5': 'See [the stuff](https://example.org/thing) for more.' });
const extra = lectureNote({ '5': 'The loss blows up and is kinda flat.' });

ruleTester(rule).run({
  valid: [
    { name: 'a clean note', code: lectureNote() },
    { name: 'never inside math or code', code: lectureNote({ '5': '$\\text{thing}$ and `stuff` and\n\n```\ngoes up\n```' }) },
    { name: 'whole words only', code: lectureNote({ '5': 'Something, anything, stuffing, changeset, a lottery, thingé.' }) },
    { name: 'not in comments', code: lectureNote({ '5': 'Precise. <!-- the thing goes up -->' }) },
    {
      name: 'a section heading is the format\'s wording',
      code: lectureNote({ '7': { heading: '### 7) Key Insights / Common Mistakes: things to avoid', body: 'Overfitting.' } }),
    },
    { name: 'plain Markdown is no note', code: '# Readme\n\nThis thing basically works.\n' },
    { name: '`words` replaces the list', code: lectureNote({ '5': 'The thing basically works.' }), options: { words: ['kinda'] } },
  ],
  invalid: [
    {
      name: 'three vague words on one line',
      code: vague,
      errors: [
        {
          messageId: 'vague', line: lineOf(vague, 'goes up'), column: columnOf(vague, 'goes up'), endColumn: columnOf(vague, 'goes up') + 7,
          data: { word: 'goes up' }, message: 'Vague wording "goes up": name the precise mathematical object or operation.',
        },
        { messageId: 'vague', line: lineOf(vague, 'the thing'), column: columnOf(vague, 'thing basically'), data: { word: 'thing' } },
        { messageId: 'vague', line: lineOf(vague, 'basically'), column: columnOf(vague, 'basically'), data: { word: 'basically' } },
      ],
    },
    {
      name: 'any case, any spacing inside a phrase; in a DEEP-PASS note too',
      code: cased,
      errors: [
        { messageId: 'vague', line: lineOf(cased, 'Things'), column: 1, data: { word: 'Things' } },
        { messageId: 'vague', line: lineOf(cased, 'Stuff'), column: columnOf(cased, 'Stuff'), data: { word: 'Stuff' } },
        { messageId: 'vague', line: lineOf(cased, 'GOES'), column: columnOf(cased, 'GOES'), endColumn: columnOf(cased, 'GOES') + 11, data: { word: 'GOES   DOWN' } },
      ],
    },
    {
      name: 'other headings are prose',
      code: lectureNote({ '7': '#### Things to avoid\n\nOverfitting.' }),
      errors: [{ messageId: 'vague', line: lineOf(lectureNote({ '7': '#### Things to avoid\n\nOverfitting.' }), '#### Things'), column: 6, data: { word: 'Things' } }],
    },
    {
      name: 'link text is prose, the URL is not',
      code: inLink,
      errors: [{ messageId: 'vague', line: lineOf(inLink, 'the stuff'), column: columnOf(inLink, 'stuff'), data: { word: 'stuff' } }],
    },
    {
      name: 'extraWords and the config\'s vagueWords add to the list',
      code: extra,
      options: { extraWords: ['blows up'], vagueWords: ['kinda'] },
      errors: [
        { messageId: 'vague', line: lineOf(extra, 'blows up'), column: columnOf(extra, 'blows up'), data: { word: 'blows up' } },
        { messageId: 'vague', line: lineOf(extra, 'kinda'), column: columnOf(extra, 'kinda'), data: { word: 'kinda' } },
      ],
    },
    {
      name: 'a listed word with punctuation at its edge',
      code: lectureNote({ '5': 'Use it, etc. here.' }),
      options: { words: ['etc.'] },
      errors: [{ messageId: 'vague', line: lineOf(lectureNote({ '5': 'Use it, etc. here.' }), 'Use it'), column: 9, data: { word: 'etc.' } }],
    },
  ],
});

describe('vague-language with the config\'s top-level vagueWords', () => {
  it('flags the extra words through the lint engine', () => {
    const code = lectureNote({ '5': 'The loss is kinda flat.' });
    const { config, errors } = parseConfigText('{ "vagueWords": ["kinda"] }', '.mlnotes.json');
    assert.deepEqual(errors, []);
    const found = lintModel(parseNote(code), config).filter((d) => d.rule === 'vague-language');
    assert.deepEqual(found.map((d) => [d.range.start.line + 1, d.severity, d.message]), [
      [lineOf(code, 'kinda'), 'info', 'Vague wording "kinda": name the precise mathematical object or operation.'],
    ]);
  });
});

describe('vague-language: the pattern of a word list', () => {
  const matches = (words: string[], text: string) => [...text.matchAll(vaguePattern(words)!)].map((m) => m[0]);
  it('matches whole words, longest first, when every word starts with a letter', () => {
    assert.deepEqual(matches(['goes', 'goes up', 'stuff'], 'Stuff goes  up; stuffing goes.'), ['Stuff', 'goes  up', 'goes']);
  });
  it('matches a word that starts with punctuation beside words that do not', () => {
    assert.deepEqual(matches(['stuff', '...ish'], 'stuff...ish and stuffing'), ['stuff', '...ish']);
  });
});
