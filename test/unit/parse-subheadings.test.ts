import * as assert from 'node:assert/strict';
import { lintText } from '../../src/core/lint';

const note = (derivationExtra: string) => [
  '---', 'format: deep-pass', '---', '',
  '## 1) Concept + Intuition + Geometric View', '', 'Least squares projects the target onto a subspace.', '',
  '## 2) Notation & Objects', '', '- $X\\in\\mathbb{R}^{n\\times d}$: design matrix.', '- $y\\in\\mathbb{R}^{n}$: targets.', '- $w\\in\\mathbb{R}^{d}$: weights.', '',
  '## 3) Assumptions, Constraints, Conditions', '', '- $X^\\top X$ is invertible.', '',
  '## 4) Full Derivation', '',
  '1. Set the gradient to zero:', '', '   $$', '   X^\\top X w = X^\\top y', '   $$', '', '   {Rule: first-order optimality condition}', '',
  derivationExtra,
  '2. Solve the system:', '', '   $$', '   w = (X^\\top X)^{-1} X^\\top y', '   $$', '', '   {Rule: invertibility of $X^\\top X$}', '',
  '## 5) Geometric / Statistical Interpretation', '', 'The residual is orthogonal to the column space.', '',
  '## 6) Mistakes, Edge Cases, Pathologies', '', 'A rank-deficient design has no unique solution.', '',
  '## 7) Summary of Key Results', '', '$$', '\\boxed{w = (X^\\top X)^{-1} X^\\top y}', '$$', '',
].join('\n');

describe('parser: sub-headings inside a section', () => {
  it('an unnumbered deeper heading that shares a section title stays inside the open section', () => {
    const { model, diagnostics } = lintText(note('#### Summary\n\nThe gradient vanishes at the solution.\n\n#### Edge cases\n\nNone here.\n'));
    assert.deepEqual(model.sections.map((s) => s.spec.number), ['1', '2', '3', '4', '5', '6', '7']);
    assert.deepEqual(diagnostics.map((d) => `${d.rule}@${d.range.start.line + 1}`), []);
    assert.equal(model.steps.length, 2, 'both steps of §4 are in the derivation');
  });

  it('a deeper heading naming a subsection of the open section is still that subsection', () => {
    const lecture = '---\nformat: lecture\n---\n\n## 4) Derivation Protocol\n\n#### Definitions\n\nText.\n\n#### Step-by-Step Derivation\n\nMore.\n';
    assert.deepEqual(lintText(lecture).model.sections.map((s) => s.spec.number), ['4', '4.A', '4.B']);
  });

  it('an unnumbered heading at the level of the sections is matched by its title', () => {
    const text = note('').replace('## 7) Summary of Key Results', '## Summary of Key Results');
    assert.deepEqual(lintText(text).model.sections.map((s) => s.spec.number), ['1', '2', '3', '4', '5', '6', '7']);
  });
});
