import * as assert from 'node:assert/strict';
import { findDefinitions } from '../../src/core/math/definitions';

const defined = (tex: string, equalsDefines = false) => findDefinitions(tex, equalsDefines).map((d) => d.symbol);

describe('math: findDefinitions', () => {
  const table: [string, boolean, string[]][] = [
    ['J(w) := \\tfrac12\\|Xw-y\\|^2', false, ['J']],
    ['r \\triangleq y - X\\hat{w}', false, ['r']],
    ['\\mathcal{L}(\\theta) \\coloneqq -\\log p', false, ['\\mathcal{L}']],
    ['\\hat{w} \\stackrel{\\text{def}}{=} A^{-1}b', false, ['w']],
    ['z \\overset{\\Delta}{=} Wx', false, ['z']],
    ['\\nabla J(w) := 0', false, []],
    ['J(w) = \\tfrac12\\|Xw-y\\|^2', false, []],
    ['J(w) = \\tfrac12\\|Xw-y\\|^2', true, ['J']],
    ['\\begin{aligned} \\mathcal{L}(\\theta) &= a \\\\ &= b \\\\ g &= c \\end{aligned}', true, ['\\mathcal{L}', 'g']],
    ['a \\le b = c', true, []],
    ['\\frac{1}{2} = h', true, []],
    ['x \\overset{\\text{(a)}}{=} y', false, []],
    ['', true, []],
  ];
  for (const [tex, equalsDefines, expected] of table) {
    it(`${tex || '(empty)'}${equalsDefines ? ' (definition step)' : ''} defines ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(defined(tex, equalsDefines), expected);
    });
  }

  it('gives offsets of the defined symbol as written', () => {
    const tex = '  \\hat{y}_i := Xw';
    const [found] = findDefinitions(tex);
    assert.equal(tex.slice(found.start, found.end), '\\hat{y}_i');
    assert.equal(found.tex, '\\hat{y}_i');
  });
});
