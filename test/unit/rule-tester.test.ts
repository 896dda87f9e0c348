import * as assert from 'node:assert/strict';
import { checkInvalid, checkMeta, checkValid, ruleTester } from './rule-tester';
import { fakeParse } from './support/fake-model';
import { wordRule } from './support/word-rule';

const rule = wordRule();

describe('rule tester: checks it makes', () => {
  it('passes a valid case without reports and fails one with reports', () => {
    checkValid(rule, 'all fine here', fakeParse);
    assert.throws(() => checkValid(rule, 'a bad line', fakeParse), /expected no report.*\n\s+found at 1:3-1:6/);
  });

  it('compares messageId, 1-based line and column, end, and data', () => {
    const code = 'first\n  bad one';
    checkInvalid(rule, { code, errors: [{ messageId: 'found', line: 2, column: 3, endLine: 2, endColumn: 6, data: { word: 'bad' } }], output: 'first\n  good one' }, fakeParse);
    assert.throws(() => checkInvalid(rule, { code, errors: [{ messageId: 'found', line: 1, column: 3 }], output: 'first\n  good one' }, fakeParse), /line/);
    assert.throws(() => checkInvalid(rule, { code, errors: [{ messageId: 'found', line: 2, column: 2 }], output: 'first\n  good one' }, fakeParse), /column/);
    assert.throws(() => checkInvalid(rule, { code, errors: [{ messageId: 'found', line: 2, column: 3, endColumn: 9 }], output: 'first\n  good one' }, fakeParse), /endColumn/);
    assert.throws(() => checkInvalid(rule, { code, errors: [{ messageId: 'found', line: 2, column: 3, data: { word: 'x' } }], output: 'first\n  good one' }, fakeParse), /data/);
    assert.throws(() => checkInvalid(rule, { code, errors: [{ messageId: 'found', line: 2, column: 3, message: 'nope' }], output: 'first\n  good one' }, fakeParse), /message/);
  });

  it('fails on a wrong number of reports', () => {
    assert.throws(() => checkInvalid(rule, { code: 'bad bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: 'good good' }, fakeParse), /expected 1 report\(s\), got 2/);
  });

  it('fails when the test expects a messageId the rule does not have', () => {
    assert.throws(() => checkInvalid(rule, { code: 'bad', errors: [{ messageId: 'missing', line: 1, column: 1 }], output: 'good' }, fakeParse), /"missing", which is not in meta.messages/);
  });

  it('fails when the rule reports a messageId it does not declare', () => {
    assert.throws(() => checkInvalid(rule, { code: 'bad', options: { badMessageId: true }, errors: [{ messageId: 'found', line: 1, column: 1 }] }, fakeParse), /unknown messageId "nope"/);
  });

  it('rejects a fix from a rule that is not fixable', () => {
    const sneaky = wordRule({ fixable: false });
    const fixing = { ...sneaky, check: rule.check };
    assert.throws(() => checkInvalid(fixing, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: 'good' }, fakeParse), /offered a fix but meta.fixable is false/);
  });

  it('checks the fixed output, and demands it when there are fixes', () => {
    assert.throws(() => checkInvalid(rule, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: 'bad' }, fakeParse), /fixed output/);
    assert.throws(() => checkInvalid(rule, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }] }, fakeParse), /must state `output`/);
    assert.throws(() => checkInvalid(rule, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: null }, fakeParse), /expected no fix/);
    const noFix = wordRule({ fixable: false });
    checkInvalid(noFix, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: null }, fakeParse);
    assert.throws(() => checkInvalid(noFix, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: 'good' }, fakeParse), /not fixable/);
  });

  it('validates the case options against the rule schema', () => {
    assert.throws(() => checkValid(rule, { code: 'x', options: { word: 3 } }, fakeParse), /options fail the rule's schema: \/word must be string/);
    assert.throws(() => checkValid(rule, { code: 'x', options: { unknown: true } }, fakeParse), /must NOT have additional properties/);
    checkInvalid(rule, { code: 'so vague', options: { word: 'vague', replacement: 'exact' }, errors: [{ messageId: 'found', line: 1, column: 4 }], output: 'so exact' }, fakeParse);
  });

  it('does not run a notes-only rule on plain Markdown, and says so', () => {
    const notesOnly = wordRule({ notesOnly: true });
    checkValid(notesOnly, 'bad', fakeParse);
    assert.throws(() => checkInvalid(notesOnly, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: 'good' }, fakeParse), /give `format`/);
    checkInvalid(notesOnly, { code: 'bad', format: 'lecture', errors: [{ messageId: 'found', line: 1, column: 1 }], output: 'good' }, fakeParse);
  });

  it('checks metadata: id, severities, messages, defaults against the schema', () => {
    checkMeta(rule);
    assert.throws(() => checkMeta(wordRule({ id: 'Bad Id' })), /lower-case/);
    assert.throws(() => checkMeta(wordRule({ severity: { default: 'fatal' as 'error' } })), /not one of/);
    assert.throws(() => checkMeta(wordRule({ messages: {} })), /meta.messages is empty/);
    assert.throws(() => checkMeta(wordRule({ defaultOptions: { word: '' } })), /defaultOptions fail/);
  });

  it('flags a message placeholder left without data', () => {
    const r = wordRule({ messages: { found: 'Found "{{word}}" in {{where}}.' } });
    assert.throws(() => checkInvalid(r, { code: 'bad', errors: [{ messageId: 'found', line: 1, column: 1 }], output: 'good' }, fakeParse), /placeholder without data/);
  });

  it('lets an exception from the rule fail the case', () => {
    assert.throws(() => checkValid(rule, { code: 'bad', options: { throwAfter: 0 } }, fakeParse), /boom/);
  });
});

// The tester's own mocha registration, on the fake parser.
ruleTester(rule, { parse: fakeParse }).run({
  valid: ['nothing to see', { code: 'badly is not bad-', name: 'word boundaries', options: { word: 'worse' } }],
  invalid: [
    { code: 'bad\nbad', errors: [{ messageId: 'found', line: 1, column: 1 }, { messageId: 'found', line: 2, column: 1 }], output: 'good\ngood' },
  ],
});

describe('rule tester: overlapping fixes', () => {
  it('applies the first of two overlapping fixes in one pass and rejects a fix that overlaps itself', () => {
    const overlapping = {
      ...rule,
      check: (context: Parameters<typeof rule.check>[0]) => {
        const range = (a: number, b: number) => ({ start: { line: 0, character: a }, end: { line: 0, character: b } });
        context.report({ messageId: 'found', data: { word: 'x' }, range: range(0, 3), fix: { title: 'A', edits: [{ range: range(0, 3), newText: 'AAA' }], safe: true } });
        context.report({ messageId: 'found', data: { word: 'x' }, range: range(2, 5), fix: { title: 'B', edits: [{ range: range(2, 5), newText: 'BBB' }], safe: true } });
        if (context.options.word === 'self') {
          context.report({ messageId: 'found', data: { word: 'x' }, range: range(5, 6), fix: { title: 'C', edits: [{ range: range(5, 7), newText: '1' }, { range: range(6, 7), newText: '2' }], safe: true } });
        }
      },
    };
    const errors = [{ messageId: 'found', line: 1, column: 1 }, { messageId: 'found', line: 1, column: 3 }];
    checkInvalid(overlapping, { code: 'abcdefg', errors, output: 'AAAdefg' }, fakeParse);
    assert.throws(() => checkInvalid(overlapping, { code: 'abcdefg', options: { word: 'self' }, errors: [...errors, { messageId: 'found', line: 1, column: 6 }], output: 'x' }, fakeParse), /overlap/);
  });
});
