import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core/parse/index';
import { domainSymbols } from '../../src/core/rules/util/domains';
import { titleKeys } from '../../src/core/parse/headings';

describe('work done once per note', () => {
  const note = [
    '---', 'format: lecture', '---', '', '# T', '', '## 2) Notation & Objects (Complete Glossary)', '',
    '- $p\\in\\Delta^{K-1}$: class probabilities.', '- $q\\in\\mathcal{Q}$: a member of the family.', '',
    '## 3) Assumptions, Constraints & Conditions', '', '- The family $\\mathcal{Q}$ is convex.', '',
  ].join('\n');

  it('domain letters are read once per model, recomputed when its symbols are replaced', () => {
    const model = parseNote(note);
    assert.deepEqual([...domainSymbols(model, false)].sort(), ['\\Delta', '\\mathcal{Q}']);
    // `\mathcal{Q}` is used outside a domain too: only `\Delta` names nothing but a domain.
    assert.deepEqual([...domainSymbols(model, true)], ['\\Delta']);
    assert.deepEqual([...domainSymbols(model, false)].sort(), ['\\Delta', '\\mathcal{Q}']);
    model.symbols = [];
    assert.deepEqual([...domainSymbols(model, false)], []);
  });

  it('a heading title keeps its keys across calls', () => {
    const keys = titleKeys('Notation & Objects (Complete Glossary)');
    assert.deepEqual([...keys], ['notation objects complete glossary', 'notation objects']);
    assert.equal(titleKeys('Notation & Objects (Complete Glossary)'), keys);
  });
});
