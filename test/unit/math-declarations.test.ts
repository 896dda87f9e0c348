import * as assert from 'node:assert/strict';
import { findDeclarations } from '../../src/core/math/declarations';

/** `symbol kind domain` per declaration. */
const decls = (tex: string) => findDeclarations(tex).map((d) => `${d.symbol} ${d.kind} ${d.domain}`);

describe('math: findDeclarations', () => {
  const table: [string, string[]][] = [
    // the forms of NOTE-SPEC §4
    ['\\text{Text} \\xrightarrow{f_\\theta} \\mathbf{v} \\in \\mathbb{R}^d', ['\\mathbf{v} set-membership \\mathbb{R}^d']],
    ['\\Delta W \\in \\mathbb{R}^{d\\times k}', ['W set-membership \\mathbb{R}^{d\\times k}']],
    ['x \u2208 [0, N-1]^d', ['x set-membership [0, N-1]^d']],
    ['X\\in\\mathbb{R}^{n\\times d}', ['X set-membership \\mathbb{R}^{n\\times d}']],
    ['y\\in\\{0,1\\}^n', ['y set-membership \\{0,1\\}^n']],
    ['\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2)', ['\\varepsilon distribution \\mathcal{N}(0,\\sigma^2)']],
    ['f:\\mathbb{R}^d\\to\\mathbb{R}', ['f map \\mathbb{R}^d\\to\\mathbb{R}']],
    ['f\\colon \\mathcal{X} \\rightarrow \\mathcal{Y}', ['f map \\mathcal{X} \\rightarrow \\mathcal{Y}']],
    ['\\lambda\\ge 0', ['\\lambda scalar-bound \\ge 0']],
    ['\\lambda > 0', ['\\lambda scalar-bound > 0']],
    ['\\eta \\geq 0.5', ['\\eta scalar-bound \\geq 0.5']],
    ['0 < \\alpha < 1', ['\\alpha scalar-bound 0 < \\alpha < 1']],
    ['0 \\le p \\le 1', ['p scalar-bound 0 \\le p \\le 1']],
    ['0 \\leq p \\leqslant 1', ['p scalar-bound 0 \\leq p \\leqslant 1']],
    ['\\lambda \\geq 0, \\; \\mu \\geqslant 0', ['\\lambda scalar-bound \\geq 0', '\\mu scalar-bound \\geqslant 0']],
    ['\\mathcal{D}=\\{(x_i,y_i)\\}_{i=1}^n', ['\\mathcal{D} set-definition \\{(x_i,y_i)\\}_{i=1}^n']],
    ['\\mathcal{D} := \\left\\{(x_i,y_i)\\right\\}', ['\\mathcal{D} set-definition \\left\\{(x_i,y_i)\\right\\}']],
    ['S\\subseteq\\mathcal{X}', ['S subset \\mathcal{X}']],
    ['A \\subset \\{1, \\dots, n\\}', ['A subset \\{1, \\dots, n\\}']],
    // several per entry
    ['w\\in\\mathbb{R}^d, b\\in\\mathbb{R}', ['w set-membership \\mathbb{R}^d', 'b set-membership \\mathbb{R}']],
    ['x_i, y_i \\in \\mathbb{R}', ['x set-membership \\mathbb{R}', 'y set-membership \\mathbb{R}']],
    ['\\alpha, \\beta > 0', ['\\alpha scalar-bound > 0', '\\beta scalar-bound > 0']],
    ['x_1, \\dots, x_n \\overset{\\text{iid}}{\\sim} \\mathcal{N}(\\mu, \\sigma^2)', ['x distribution \\mathcal{N}(\\mu, \\sigma^2)']],
    ['y\\in\\{0,1\\}^n, \\; z \\sim p', ['y set-membership \\{0,1\\}^n', 'z distribution p']],
    ['X \\in \\mathbb{R}^{n\\times d} \\quad w \\in \\mathbb{R}^d', ['X set-membership \\mathbb{R}^{n\\times d}', 'w set-membership \\mathbb{R}^d']],
    ['X &\\in \\mathbb{R}^{n\\times d} \\\\ w &\\in \\mathbb{R}^d.', ['X set-membership \\mathbb{R}^{n\\times d}', 'w set-membership \\mathbb{R}^d']],
    // styles and decorations on the declared symbol
    ['\\mathbf{w} \\in \\mathbb{R}^d', ['\\mathbf{w} set-membership \\mathbb{R}^d']],
    ['\\boldsymbol{\\theta} \\in \\Theta', ['\\boldsymbol{\\theta} set-membership \\Theta']],
    ['\\hat{y} = Xw \\in \\mathbb{R}^n', ['y set-membership \\mathbb{R}^n']],
    ['\\theta_d \\sim \\text{Dir}(\\alpha)', ['\\theta distribution \\text{Dir}(\\alpha)']],
    ['x \\sim \\operatorname{Bern}(p)', ['x distribution \\operatorname{Bern}(p)']],
    ['p \\in [0, 1)', ['p set-membership [0, 1)']],
    ['f(k) = p^k \\quad \\text{for } k \\in \\{0, 1\\}', ['k set-membership \\{0, 1\\}']],
    // not declarations
    ['Xw \\in \\mathbb{R}^n', []],
    ['f(x, y) \\in \\mathbb{R}', []],
    ['g(x) \\le 0', []],
    ['\\|w\\| \\le 1', []],
    ['k \\le K', ['k scalar-bound \\le K']],
    ['r \\le d', ['r scalar-bound \\le d']],
    ['k \\le K + 1', []],
    ['y = 2', []],
    ['L = \\sum_i \\ell_i', []],
    ['\\sum_{i \\in \\mathcal{B}} x_i', []],
    ['\\{x \\in \\mathbb{R}^d : \\|x\\| \\le 1\\}', []],
    ['\\mathbb{E}_{z \\sim q}[z]', []],
    ['x : x > 0', []],
    ['a = 1', []],
    ['', []],
    ['\\in', []],
    ['x \\in', []],
  ];
  for (const [tex, expected] of table) {
    it(`${tex || '(empty)'} → ${expected.length ? expected.join('; ') : 'nothing'}`, () => assert.deepEqual(decls(tex), expected));
  }

  it('gives the symbol as written and offsets of the symbol and the whole declaration', () => {
    const tex = 'where x_i, \\hat{w} \\in \\mathbb{R}^d.';
    const [first, second] = findDeclarations(tex);
    assert.equal(first.tex, 'x_i');
    assert.equal(second.tex, '\\hat{w}');
    assert.equal(tex.slice(first.symbolStart, first.symbolEnd), 'x_i');
    assert.equal(tex.slice(first.start, first.end), 'x_i, \\hat{w} \\in \\mathbb{R}^d');
    assert.equal(tex.slice(second.start, second.end), '\\hat{w} \\in \\mathbb{R}^d');
  });

  it('never throws on hostile input', () => {
    for (const tex of ['\\in\\in', ':', '= \\{', '0 <', '< 0', '\\overset{', '\\sim\\sim', 'x \\in (', 'x\\in\\{', '((((']) {
      assert.doesNotThrow(() => findDeclarations(tex), tex);
    }
  });
});
