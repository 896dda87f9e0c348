import * as assert from 'node:assert/strict';
import { lintText } from '../../src/core/lint';

const note = (heading: string, step: string) =>
  ['---', 'format: lecture', '---', '', `### ${heading}`, '', step, '', '$$', 'J(w) := \\tfrac12\\|w\\|_2^2', '$$', ''].join('\n');
const labels = (text: string) => lintText(text).model.steps.map((s) => s.provenance.map((p) => p.text));
const stepLabel = (text: string) => lintText(text).diagnostics.filter((d) => d.rule === 'step-label').length;

describe('parser: provenance labels offered as choices', () => {
  it('the lecture prompt\'s heading "4.A Definitions (VERBATIM/RECONSTRUCTED)" labels nothing', () => {
    const text = note('4.A Definitions (VERBATIM/RECONSTRUCTED)', 'Equation (1): the objective.');
    assert.deepEqual(labels(text), [[]]);
    assert.equal(stepLabel(text), 1, 'the step still needs its own label');
  });

  it('"(VERBATIM or RECONSTRUCTED)" in a step is no choice either', () => {
    assert.deepEqual(labels(note('4.A Definitions', 'Equation (1): the objective (VERBATIM or RECONSTRUCTED).')), [[]]);
  });

  it('a step\'s own label under that heading counts, and so do labels combined with a comma', () => {
    assert.deepEqual(labels(note('4.A Definitions (VERBATIM/RECONSTRUCTED)', 'Equation (1): the objective (VERBATIM).')), [['VERBATIM']]);
    assert.deepEqual(labels(note('4.A Definitions', 'Equation (1): the objective (VERBATIM, ASSUMPTION).')), [['VERBATIM', 'ASSUMPTION']]);
  });
});
