import * as assert from 'node:assert/strict';
import { defaultConfig, parseConfigText } from '../../src/core/config';
import { wordRule } from './support/word-rule';

const rules = [wordRule(), wordRule({ id: 'step-rule', optionsSchema: { type: 'object', properties: {}, additionalProperties: false }, defaultOptions: {} })];
const parse = (text: string) => parseConfigText(text, '/notes/.mlnotes.json', rules);
/** 1-based line:column-line:column of each error, with its message. */
const errors = (text: string) => parse(text).errors.map((e) =>
  `${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ${e.message}`);

describe('config: parseConfigText', () => {
  it('reads every setting, with comments and trailing commas', () => {
    const { config, errors: found } = parse(`{
      // severities and options
      "rules": { "step-rule": "off", "word-rule": { "severity": "error", "word": "thing", }, },
      "formats": { "lecture": { "rules": { "word-rule": "info" } } },
      "macros": { "\\\\R": "\\\\mathbb{R}" },
      "customFormats": ["formats/x.json", { "id": "x", "sections": [] }],
      "vagueWords": ["kinda"],
      "ignoreSymbols": ["\\\\lambda"],
    }`);
    assert.deepEqual(found, []);
    assert.deepEqual(config.rules, { 'step-rule': 'off', 'word-rule': { severity: 'error', word: 'thing' } });
    assert.deepEqual(config.formats, { lecture: { rules: { 'word-rule': 'info' } } });
    assert.deepEqual(config.macros, { '\\R': '\\mathbb{R}' });
    assert.deepEqual(config.customFormats, ['formats/x.json', { id: 'x', sections: [] }]);
    assert.deepEqual(config.vagueWords, ['kinda']);
    assert.deepEqual(config.ignoreSymbols, ['\\lambda']);
  });

  it('positions a bad severity at its value', () => {
    assert.deepEqual(errors('{\n  "rules": {\n    "step-rule": "loud"\n  }\n}'),
      ['3:18-3:24 "rules.step-rule" must be one of "off", "info", "warning", "error".']);
  });

  it('positions a bad option at its value and an unknown option at its key', () => {
    assert.deepEqual(errors('{"rules": {"word-rule": {"severity": "error", "word": 3}}}'),
      ['1:55-1:56 "rules.word-rule.word" must be string.']);
    assert.deepEqual(errors('{"rules": {"word-rule": {"colour": "red"}}}'),
      ['1:26-1:34 Unknown option "colour" for rule "word-rule".']);
  });

  it('names an unknown rule at its key, suggesting a close id', () => {
    assert.deepEqual(errors('{"rules": {"step-rules": "off"}}'), ['1:12-1:24 Unknown rule "step-rules" (did you mean "step-rule"?).']);
    assert.deepEqual(errors('{"formats": {"lecture": {"rules": {"zzz": "off"}}}}'), ['1:36-1:41 Unknown rule "zzz".']);
  });

  it('explains a rule setting of the wrong type', () => {
    assert.deepEqual(errors('{"rules": {"step-rule": true}}'),
      ['1:25-1:29 "rules.step-rule" must be a severity ("off", "info", "warning", "error") or an object {"severity": …, …options}.']);
  });

  it('rejects unknown top-level settings and wrong types, each at its place', () => {
    assert.deepEqual(errors('{\n"macro": {},\n"vagueWords": "thing"\n}'), [
      '2:1-2:8 Unknown setting "macro" in The config.',
      '3:15-3:22 "vagueWords" must be array.',
    ]);
  });

  it('reports JSON syntax errors at their place and a non-object config', () => {
    assert.deepEqual(errors('{\n  "rules": {,\n}'), ['2:13-2:14 Invalid JSON: ValueExpected.', '3:2-3:2 Invalid JSON: CloseBraceExpected.']);
    assert.deepEqual(errors('[1]'), ['1:1-1:4 The config must be a JSON object.']);
    assert.deepEqual(errors(''), ['1:1-1:1 Invalid JSON: ValueExpected.']);
  });

  it('gives the defaults with the errors when invalid, and accepts a BOM', () => {
    const result = parse('{"rules": {"step-rule": "loud"}, "vagueWords": ["x"]}');
    assert.deepEqual(result.config, defaultConfig());
    assert.equal(result.errors[0].file, '/notes/.mlnotes.json');
    assert.deepEqual(parse('\uFEFF{"vagueWords": ["x"]}').errors, []);
  });
});
