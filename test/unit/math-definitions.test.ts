import * as assert from 'node:assert/strict';
import { findDefinitions, findEquationHeads, findValueAssignments } from '../../src/core/math/definitions';

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

describe('math: findEquationHeads', () => {
  const table: [string, string[]][] = [
    ['\\kappa = \\frac{p_o - p_e}{1 - p_e}', ['\\kappa']],
    ['f(x; \\theta) = \\theta^\\top x', ['f']],
    ['\\hat{w}_t = w', ['w']],
    ['F\\left(x\\right) = x', ['F']],
    ['\\begin{aligned} a &= b + c \\\\ &= e \\\\ g &= c \\end{aligned}', ['a', 'g']],
    ['J(w) := 0', ['J']],
    ['E \\psi = H \\psi', []],
    ['\\kappa w = \\lambda', []],
    ['x \\le y = z', []],
    ['y_i(w^\\top x_i + b) \\ge 1', []],
    ['\\frac{1}{2} = h', []],
    ['x + y', []],
  ];
  for (const [tex, expected] of table) {
    it(`${tex} has the heads ${JSON.stringify(expected)}`, () => assert.deepEqual(findEquationHeads(tex).map((d) => d.symbol), expected));
  }
});

describe('math: findValueAssignments', () => {
  const table: [string, string[]][] = [
    ['\\alpha = 0.01', ['\\alpha']],
    ['r=16, \\alpha=16, LR=2e^{-4}', ['r', '\\alpha']],
    ['\\epsilon \\approx 10^{-6}', ['\\epsilon']],
    ['\\beta_1 = 0.9 \\quad \\beta_2 = 0.999', ['\\beta', '\\beta']],
    ['\\lambda = -2.5 \\times 10^{3}', ['\\lambda']],
    ['n = 5 \\text{ samples}', ['n']],
    ['(\\eta = 0.1)', []],
    ['y = 2x', []],
    ['q = 1 - p', []],
    ['a + b = 1', []],
    ['W = 0.2s', []],
    ['f(x) = 3', []],
  ];
  for (const [tex, expected] of table) {
    it(`${tex} sets ${JSON.stringify(expected)} to a number`, () => assert.deepEqual(findValueAssignments(tex).map((d) => d.symbol), expected));
  }
});
