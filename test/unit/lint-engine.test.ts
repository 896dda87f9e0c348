import * as assert from 'node:assert/strict';
import { formatMessage, lintModel, lintText, resolveRuleSettings, ruleDocsPath } from '../../src/core/lint';
import { parseNote } from '../../src/core/parse/index';
import { defaultConfig, mergeConfigs } from '../../src/core/config';
import { builtinFormats } from '../../src/core/formats/index';
import type { NoteFormat } from '../../src/core/formats/types';
import type { Rule } from '../../src/core/types';
import { fakeModel } from './support/fake-model';
import { wordRule } from './support/word-rule';

const lecture = builtinFormats.find((f) => f.id === 'lecture')!;
const custom = (rules: NoteFormat['rules']): NoteFormat => ({ ...lecture, id: 'custom', rules });

describe('lint engine: severity and options', () => {
  const rule = wordRule({ severity: { default: 'warning', lecture: 'info' } });

  it('takes the rule default, then its per-format default', () => {
    assert.equal(resolveRuleSettings(rule, undefined, defaultConfig()).severity, 'warning');
    assert.equal(resolveRuleSettings(rule, lecture, defaultConfig()).severity, 'info');
  });

  it('lets the format file, then the user rules, then the user per-format rules win', () => {
    const format = custom({ 'word-rule': 'error' });
    assert.equal(resolveRuleSettings(rule, format, defaultConfig()).severity, 'error');
    const config = { ...defaultConfig(), rules: { 'word-rule': 'info' as const } };
    assert.equal(resolveRuleSettings(rule, format, config).severity, 'info');
    const perFormat = { ...config, formats: { custom: { rules: { 'word-rule': 'off' as const } } } };
    assert.equal(resolveRuleSettings(rule, format, perFormat).severity, 'off');
    // A per-format override for another format does not apply.
    assert.equal(resolveRuleSettings(rule, lecture, perFormat).severity, 'info');
  });

  it('merges options defaults ← format ← config; an object without severity keeps the severity below', () => {
    const format = custom({ 'word-rule': { severity: 'error', word: 'thing' } });
    const config = { ...defaultConfig(), rules: { 'word-rule': { replacement: 'object' } } };
    const settings = resolveRuleSettings(rule, format, config);
    assert.equal(settings.severity, 'error');
    assert.deepEqual(settings.options, { word: 'thing', replacement: 'object' });
  });

  it('appends the shared vagueWords list to a rule that has that option', () => {
    const withList = wordRule({ defaultOptions: { word: 'bad', replacement: 'good', vagueWords: ['stuff'] } });
    const config = { ...defaultConfig(), vagueWords: ['thingy', 'stuff'] };
    assert.deepEqual(resolveRuleSettings(withList, undefined, config).options.vagueWords, ['stuff', 'thingy']);
    assert.equal(resolveRuleSettings(wordRule({ optionsSchema: { type: 'object' } }), undefined, config).options.vagueWords, undefined);
  });

  it('falls back to the defaults and says so when merged options fail the schema', () => {
    const format = custom({ 'word-rule': { word: 42 } });
    const settings = resolveRuleSettings(rule, format, defaultConfig());
    assert.deepEqual(settings.options, { word: 'bad', replacement: 'good' });
    assert.match(settings.optionsError!, /\/word must be string/);
    const diagnostics = lintModel(fakeModel('bad', { format: format }), defaultConfig(), { rules: [rule] });
    assert.deepEqual(diagnostics.map((d) => d.message), [
      'Invalid options for rule "word-rule" (its defaults were used): /word must be string.',
      'Found "bad".',
    ]);
  });
});

describe('lint engine: running rules', () => {
  it('builds diagnostics with message, severity, messageId, data, fix and docs path', () => {
    const [d] = lintModel(fakeModel('a bad b'), defaultConfig(), { rules: [wordRule()] });
    assert.equal(d.rule, 'word-rule');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, 'Found "bad".');
    assert.equal(d.messageId, 'found');
    assert.deepEqual(d.data, { word: 'bad' });
    assert.deepEqual(d.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 5 } });
    assert.equal(d.docs, 'docs/rules/word-rule.md');
    assert.equal(d.fix?.edits[0].newText, 'good');
    assert.equal(ruleDocsPath('step-rule'), 'docs/rules/step-rule.md');
  });

  it('skips notes-only rules on plain Markdown and rules that are off', () => {
    const notesOnly = wordRule({ notesOnly: true });
    assert.equal(lintModel(fakeModel('bad'), defaultConfig(), { rules: [notesOnly] }).length, 0);
    assert.equal(lintModel(fakeModel('bad', { format: 'lecture' }), defaultConfig(), { rules: [notesOnly] }).length, 1);
    const off = { ...defaultConfig(), rules: { 'word-rule': 'off' as const } };
    assert.equal(lintModel(fakeModel('bad'), off, { rules: [wordRule()] }).length, 0);
  });

  it('sorts diagnostics by position across rules', () => {
    const a = wordRule({ id: 'rule-a' });
    const b = wordRule({ id: 'rule-b' });
    const config = { ...defaultConfig(), rules: { 'rule-b': { word: 'x' } } };
    const diagnostics = lintModel(fakeModel('x bad\nbad x'), config, { rules: [a, b] });
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.rule}`),
      ['0:0 rule-b', '0:2 rule-a', '1:0 rule-a', '1:4 rule-b']);
  });

  it('turns a rule that throws into one diagnostic and keeps linting', () => {
    const config = { ...defaultConfig(), rules: { 'word-rule': { throwAfter: 1 } } };
    const other = wordRule({ id: 'other' });
    const diagnostics = lintModel(fakeModel('bad bad bad'), config, { rules: [wordRule(), other] });
    assert.deepEqual(diagnostics.map((d) => [d.rule, d.severity, d.message]), [
      ['word-rule', 'error', 'Rule "word-rule" failed on this file: boom. Please report this.'],
      ['other', 'warning', 'Found "bad".'],
      ['word-rule', 'warning', 'Found "bad".'],
      ['other', 'warning', 'Found "bad".'],
      ['other', 'warning', 'Found "bad".'],
    ]);
  });

  it('reports an unknown messageId as a rule failure', () => {
    const config = { ...defaultConfig(), rules: { 'word-rule': { badMessageId: true } } };
    const [d] = lintModel(fakeModel('bad'), config, { rules: [wordRule()] });
    assert.match(d.message, /unknown messageId "nope"/);
  });

  it('gives rules the config macros with the note\'s own on top, and the format id', () => {
    let seen: { macros: Record<string, string>; formatId?: string } | undefined;
    const spy: Rule = { ...wordRule(), check: (context) => { seen = { macros: context.macros, formatId: context.formatId }; } } as Rule;
    const model = { ...fakeModel('x', { format: 'lecture' }), macros: { '\\R': '\\mathbb{R}', '\\v': '\\mathbf{v}' } };
    const config = { ...defaultConfig(), macros: { '\\R': '\\mathbf{R}', '\\E': '\\mathbb{E}' } };
    lintModel(model, config, { rules: [spy] });
    assert.deepEqual(seen, { macros: { '\\R': '\\mathbb{R}', '\\E': '\\mathbb{E}', '\\v': '\\mathbf{v}' }, formatId: 'lecture' });
  });

  it('fills {{placeholders}} and leaves unknown ones as written', () => {
    assert.equal(formatMessage('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'x' }), '1 and x and {{c}}');
  });
});

describe('lint engine: suppression comments', () => {
  const lint = (text: string) => lintModel(fakeModel(text), defaultConfig(), { rules: [wordRule(), wordRule({ id: 'other' })] })
    .map((d) => `${d.range.start.line + 1} ${d.rule}`);

  it('disable/enable a region, for all rules or listed ones', () => {
    assert.deepEqual(lint('bad\n<!-- mlnotes-disable -->\nbad\n<!-- mlnotes-enable -->\nbad'),
      ['1 other', '1 word-rule', '5 other', '5 word-rule']);
    assert.deepEqual(lint('<!-- mlnotes-disable word-rule -->\nbad\n<!-- mlnotes-enable word-rule -->\nbad'),
      ['2 other', '4 other', '4 word-rule']);
    assert.deepEqual(lint('<!-- mlnotes-disable -->\nbad\n<!-- mlnotes-enable other -->\nbad'), ['4 other']);
  });

  it('disable-next-line and disable-line', () => {
    assert.deepEqual(lint('<!-- mlnotes-disable-next-line other, word-rule -->\nbad\nbad'), ['3 other', '3 word-rule']);
    assert.deepEqual(lint('bad <!-- mlnotes-disable-line other -->\nbad'), ['1 word-rule', '2 other', '2 word-rule']);
    assert.deepEqual(lint('<!--\nmlnotes-disable-next-line\n-->\nbad\nbad'), ['5 other', '5 word-rule']);
  });

  it('disable-file applies wherever it stands; a reason after -- is ignored', () => {
    assert.deepEqual(lint('bad\nbad\n<!-- mlnotes-disable-file word-rule -- reviewed by hand -->'), ['1 other', '2 other']);
  });

  it('ignores other comments and lookalikes', () => {
    assert.equal(lint('<!-- mlnotes-disabled -->\n<!-- note: mlnotes-disable -->\nbad').length, 2);
  });
});

describe('config merging', () => {
  it('puts settings over a config, merging rule objects key by key', () => {
    const base = { ...defaultConfig(), rules: { a: { severity: 'error' as const, x: 1 } }, vagueWords: ['thing'] };
    const merged = mergeConfigs(base, { rules: { a: 'warning' }, vagueWords: ['stuff', 'thing'], macros: { '\\R': '\\mathbb{R}' } });
    assert.deepEqual(merged.rules, { a: { severity: 'warning', x: 1 } });
    assert.deepEqual(merged.vagueWords, ['thing', 'stuff']);
    assert.deepEqual(merged.macros, { '\\R': '\\mathbb{R}' });
  });
});

describe('lint engine with the real parser', () => {
  it('reads suppression comments from parseNote, never from code', () => {
    const text = '```\n<!-- mlnotes-disable -->\n```\n\nbad\n\n<!--\nmlnotes-disable-next-line word-rule\n-->\nbad\n\n`<!-- mlnotes-disable -->` bad\n';
    const diagnostics = lintModel(parseNote(text), defaultConfig(), { rules: [wordRule()] });
    assert.deepEqual(diagnostics.map((d) => d.range.start.line + 1), [5, 12]);
  });

  it('lintText uses the inline custom formats of the config', () => {
    const format = { id: 'mini', name: 'Mini', sections: [{ number: '1', title: 'Alpha' }, { number: '2', title: 'Beta' }, { number: '3', title: 'Gamma' }] };
    const config = { ...defaultConfig(), customFormats: [format] as unknown as NoteFormat[] };
    const { model } = lintText('---\nformat: mini\n---\n# 1. Alpha\n', { config });
    assert.equal(model.format?.id, 'mini');
    assert.equal(lintText('---\nformat: mini\n---\n# 1. Alpha\n').model.format, undefined);
  });
});
