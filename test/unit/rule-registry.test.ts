import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
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

  it('finds rules by id', () => {
    assert.equal(ruleById('step-rule')?.meta.id, 'step-rule');
    assert.equal(ruleById('no-such-rule'), undefined);
  });

  for (const rule of allRules) {
    it(`${rule.meta.id}: metadata is complete and its default options satisfy its schema`, () => checkMeta(rule));
  }
});
