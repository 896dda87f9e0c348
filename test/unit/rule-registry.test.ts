import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinFormats } from '../../src/core/formats/index';
import { allRules, ruleById } from '../../src/core/rules/index';
import { checkMeta } from './rule-tester';

/** The rule ids of NOTE-SPEC §5 (stable ids). */
const SPEC_RULES = [
  'step-rule', 'symbol-shape', 'glossary-shape', 'step-label', 'step-number', 'label-spelling', 'required-section',
  'section-order', 'empty-section', 'math-syntax', 'equation-ref', 'boxed-result', 'concept-bullets', 'one-line-recap',
  'metadata-fields', 'vague-language', 'no-code', 'bare-tex', 'shape-mismatch',
];

describe('rule registry', () => {
  it('registers every rule of NOTE-SPEC §5, each once', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate ids');
    assert.deepEqual(SPEC_RULES.filter((id) => !ids.includes(id)), [], 'rules of the spec missing from the registry');
  });

  it('registers every rule module in src/core/rules/, under its file name', () => {
    const modules = readdirSync('src/core/rules').filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
    assert.deepEqual(modules.filter((id) => !ruleById(id)), [], 'rule modules not in allRules');
  });

  it('writes each rule\'s default severity once, in its module: the built-in format files set none', () => {
    const formatIds = builtinFormats.map((f) => f.id);
    for (const file of readdirSync('src/core/formats').filter((f) => f.endsWith('.json'))) {
      const json = JSON.parse(readFileSync(`src/core/formats/${file}`, 'utf8')) as Record<string, unknown>;
      assert.equal('rules' in json, false, `${file} sets rule severities; write them in the rule's meta.severity`);
    }
    for (const rule of allRules) {
      const unknown = Object.keys(rule.meta.severity).filter((key) => key !== 'default' && !formatIds.includes(key));
      assert.deepEqual(unknown, [], `${rule.meta.id}: severity for unknown formats`);
      for (const id of formatIds) {
        // An entry equal to the default says nothing: the default is written once.
        assert.notEqual(rule.meta.severity[id], rule.meta.severity.default, `${rule.meta.id}: ${id} repeats the default`);
      }
    }
  });

  it('finds rules by id', () => {
    assert.equal(ruleById('step-rule')?.meta.id, 'step-rule');
    assert.equal(ruleById('no-such-rule'), undefined);
  });

  for (const rule of allRules) {
    it(`${rule.meta.id}: metadata is complete and its default options satisfy its schema`, () => checkMeta(rule));
  }
});
