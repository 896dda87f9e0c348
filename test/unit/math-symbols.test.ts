import * as assert from 'node:assert/strict';
import { abbreviationAt, coverKey, findSymbols } from '../../src/core/math/symbols';
import { studySheetOrSkip } from '../support/shared';

/** `key` for each use; `key*` for a dimension-only use. */
const keys = (tex: string) => findSymbols(tex).map((s) => s.key + (s.dimension ? '*' : ''));

describe('math: findSymbols', () => {
  const table: [string, string[]][] = [
    // letters, Greek, styles
    ['x', ['x']],
    ['x + y = z', ['x', 'y', 'z']],
    ['\\theta \\lambda \\varepsilon \\Sigma \\ell', ['\\theta', '\\lambda', '\\varepsilon', '\\Sigma', '\\ell']],
    ['\\mathbf{w}^\\top \\mathbf{x}', ['\\mathbf{w}', '\\mathbf{x}']],
    ['\\bm{w} + \\boldsymbol{w} + \\pmb{w}', ['\\mathbf{w}', '\\mathbf{w}', '\\mathbf{w}']],
    ['\\boldsymbol{\\theta} \\bm{\\mu}', ['\\boldsymbol{\\theta}', '\\boldsymbol{\\mu}']],
    ['\\mathcal{L}(\\theta)', ['\\mathcal{L}', '\\theta']],
    ['\\mathbb{X} \\subseteq \\mathbb{R}', ['\\mathbb{X}']],
    ['\\mathrm{x} + \\mathrm{A}', ['\\mathrm{x}', '\\mathrm{A}']],
    ['\\mathbf {w}', ['\\mathbf{w}']],
    // decorations, primes, sub- and superscripts are stripped from the key
    ['\\hat{w} + \\bar{x} + \\tilde{y} + \\dot{z}', ['w', 'x', 'y', 'z']],
    ['\\hat{\\mathbf{w}}_t', ['\\mathbf{w}']],
    ['\\mathbf{\\hat{x}}', ['x']],
    ["w^* + w' + w'' + w^{\\prime}", ['w', 'w', 'w', 'w']],
    ['w_t + w_{t+1} + w^{(k)} + W_{ij}', ['w', 'w', 'w', 'W']],
    ['\\theta_{\\text{MAP}}', ['\\theta']],
    ['\\overline{XY}', ['X', 'Y']],
    // subscripts are indices: no uses inside
    ['x_i', ['x']],
    ['\\nabla_\\theta L', ['L']],
    ['d_{model}', ['d']],
    // superscripts are exponents, except marks and labels
    ['x^2 + \\beta_1^t', ['x', '\\beta', 't']],
    ['e^{-\\lambda x}', ['\\lambda', 'x']],
    ['X^\\top X + X^T + X^{T} + X^\\intercal + A^{-1} + A^{+} + A^\\dagger + A^{-\\top}', ['X', 'X', 'X', 'X', 'X', 'A', 'A', 'A', 'A']],
    ['\\theta^{(t+1)}', ['\\theta']],
    ['(x-\\mu)^{(2)}', ['x', '\\mu']],
    ['W^{[l]} a^{[l-1]} + h^{\\langle t \\rangle}', ['W', 'a', 'h']],
    ['x^{(a)(b)} + y^{[1]^2}', ['x', 'a', 'b', 'y']],
    // not symbols: operators, functions, text, constants, number sets
    ['\\log p(x) + \\exp(z) + \\det A', ['p', 'x', 'z', 'A']],
    ['\\operatorname{softmax}(z) + \\operatorname*{argmax}_k s_k', ['z', 's']],
    ['\\text{if } x > 0 \\text{ and } y', ['x', 'y']],
    ['\\mathrm{tr}(A) + \\operatorname{tr}(B) + \\mathrm{KL}', ['A', 'B']],
    ['\\nabla f + \\partial g', ['f', 'g']],
    ['\\mathbb{E}[X] + \\Pr(A) + \\mathbb{P}(B) + \\mathbb{V}[Y]', ['X', 'A', 'B', 'Y']],
    ['\\mathbb{R} \\mathbb{N} \\mathbb{Z} \\mathbb{Q} \\mathbb{C} \\mathbb{1}', []],
    ['e^x + \\pi + \\mathrm{e}', ['x']],
    ['\\mathcal{N}(\\mu, \\sigma^2)', ['\\mu', '\\sigma']],
    ['\\mathcal{O}(n^2) + O(n \\log n)', ['n', 'n', 'n']],
    ['\\mathbf{1} + \\mathbf{0}', []],
    ['\\label{eq:loss} \\tag{3} \\eqref{eq:x} L', ['L']],
    ['\\begin{aligned} a &= b \\end{aligned}', ['a', 'b']],
    ['\\begin{array}{cc} a & b \\end{array}', ['a', 'b']],
    ['\\textcolor{red}{x}', ['x']],
    ['a \\\\[2pt] b', ['a', 'b']],
    ['P(y=1\\mid x) + P(A|B) + P(X = k)', ['y', 'x', 'A', 'B', 'X', 'k']],
    ['P(x) + E(x)', ['P', 'x', 'E', 'x']],
    ['E[X] + E\\left[Y\\right]', ['X', 'Y']],
    ['\\ell_2 + \\ell_p + \\ell_\\infty + \\ell(\\theta) + \\ell_i', ['\\ell', '\\theta', '\\ell']],
    // words typed bare in math
    ['mAP = \\frac{1}{N}', ['N']],
    ['\\mathcal{GP}(m, k)', ['m', 'k']],
    ['\\mathrm{softmax}(z)', ['z']],
    ['tr(A) + KL', ['A']],
    ['ad - bc', ['a', 'd', 'b', 'c']],
    ['QK^T', ['Q', 'K']],
    // bound indices
    ['\\sum_{i=1}^n x_i', ['n', 'x']],
    ['\\sum_{i=1}^{n} i^2', ['n']],
    ['\\prod_{k} f(k)', ['f']],
    ['\\max_{j} s(j)', ['s']],
    ['\\min_{\\mathbf{w}, b} \\|\\mathbf{w}\\|^2 + b', []],
    ['\\arg\\max_\\theta \\ell(\\theta)', ['\\ell']],
    ['\\sum_{(i,j)\\in\\mathcal{P}} s(i, j)', ['s']],
    ['\\sum_{i: d_i > 0} R(i)', ['R']],
    ['\\lim_{n\\to\\infty} a(n)', ['a']],
    ['\\mathbb{E}_{z \\sim q}[f(z)]', ['f']],
    ['\\{(x_i, y_i)\\}_{i=1}^n', ['x', 'y', 'n']],
    ['\\forall i, \\; g(i) \\ge 0', ['g']],
    ['\\forall i, j: K(i, j)', ['K']],
    ['\\{x : x > 0\\}', []],
    ['\\{ i \\mid y_i = 1 \\}', ['y']],
    ['\\int_0^1 t^{\\alpha-1}(1-t)^{\\beta-1} dt', ['\\alpha', '\\beta']],
    ['\\int f(x)\\,\\mathrm{d}x', ['f']],
    ['\\int p(\\theta) d\\theta', ['p']],
    ['\\frac{dy}{dx}', []],
    ['\\frac{d}{dx} g(x)', ['g']],
    ['g(x)\\,dx', ['g']],
    ['d(p, q) = \\sqrt{d}', ['d', 'd']],
    // a line that defines a function binds its arguments
    ['\\sigma(z) = \\frac{1}{1+e^{-z}}', ['\\sigma']],
    ['f(x; \\theta) := \\theta^\\top x', ['f']],
    ['p(y \\mid x) = \\sigma(w^\\top x)', ['p', '\\sigma', 'w']],
    ['F\\left(x\\right) = x', ['F']],
    ['\\begin{aligned} h(t) &= t^2 \\\\ k(s) &= s \\end{aligned}', ['h', 'k']],
    ['g(x) + z = 1', ['g', 'x', 'z']],
    ['J(w) \\le c', ['J', 'w', 'c']],
    // the left side of a defining line: a named function's arguments, the defined name's indices
    ['\\text{Gini}(t) = 1 - t', []],
    ['\\operatorname{RRF}(d) = \\frac{1}{k + d}', ['k']],
    ['IDF(q) = \\log q + BM25(D, Q)', ['B', 'M', 'D', 'Q']],
    ['C_i = \\{x : \\forall j \\neq i\\}', ['C']],
    ['h_{j,i}(t) = \\exp(-(j - i)^2)', ['h']],
    ['w(t+1) = w(t) + a', ['w', 'w', 'a']],
    ['f(a+b) = f(a) + f(b)', ['f', 'f', 'f']],
    ['L_{RM} = R', ['L', 'R']],
    ['\\text{Gini}(t) \\le t', ['t', 't']],
    ['P(X \\cap Y) = P(X)', ['P', 'X', 'Y', 'P', 'X']],
    // \Delta before a symbol is its change; \Gamma( the gamma function; D_{KL}, L_\infty operators
    ['\\Delta W + \\Delta x + \\Delta^{K-1} + \\Delta', ['W', 'x', '\\Delta', 'K*', '\\Delta']],
    ['\\Gamma(\\alpha) + \\Gamma', ['\\alpha', '\\Gamma']],
    ['D_{KL}(p \\| q) + D_{\\mathrm{JS}} + D_{\\text{KL}} + D_i + L_\\infty + L_1', ['p', 'q', 'D', 'L']],
    // units after a number, a plural written into the math
    ['0.2s + 200ms + 16GB + 2GHz + 2s', ['s']],
    ['z_i\u2019s + s', ['z', 's']],
    // the imaginary unit next to \pi; HTML sub- and superscripts typed into math
    ['e^{2 \\pi i \\xi x} + i\\pi + i', ['\\xi', 'x', 'i']],
    ['p<sub>d</sub>(v<sub>2</sub> | v<sup>i</sup>) + a < b', ['p', 'v', 'v', 'a', 'b']],
    // dimension letters inside shapes
    ['X \\in \\mathbb{R}^{n\\times d}', ['X', 'n*', 'd*']],
    ['y \\in \\{0,1\\}^n', ['y', 'n*']],
    ['y \\in \\{1, \\dots, K\\}^n', ['y', 'K', 'n']],
    ['n \\times d', ['n*', 'd*']],
    ['f:\\mathbb{R}^d\\to\\mathbb{R}', ['f', 'd*']],
    ['\\frac{1}{n}\\sum_{i=1}^n', ['n', 'n']],
    // edge input
    ['', []],
    ['\\frac{a}{', ['a']],
    ['x^', ['x']],
    ['}{', []],
  ];
  for (const [tex, expected] of table) {
    it(`finds ${JSON.stringify(expected)} in ${tex}`, () => assert.deepEqual(keys(tex), expected));
  }

  it('gives offsets and the symbol as written, with decorations, subscripts and marks but not exponents', () => {
    const tex = 'a + \\hat{w}_t^{(k)} + x_i^2 + X^\\top';
    const found = findSymbols(tex);
    assert.deepEqual(found.map((s) => s.tex), ['a', '\\hat{w}_t^{(k)}', 'x_i', 'X^\\top']);
    for (const s of found) assert.equal(tex.slice(s.start, s.end), s.tex);
  });

  it('covers bold and upright forms by the plain letter, keeps calligraphic apart', () => {
    assert.equal(coverKey('\\mathbf{w}'), 'w');
    assert.equal(coverKey('\\boldsymbol{\\theta}'), '\\theta');
    assert.equal(coverKey('\\mathrm{x}'), 'x');
    assert.equal(coverKey('\\mathcal{L}'), '\\mathcal{L}');
    assert.equal(coverKey('w'), 'w');
  });

  it('reads abbreviations typed in math: capitals in a row, letters run into digits', () => {
    const at = (tex: string, needle: string) => abbreviationAt(tex, tex.indexOf(needle));
    assert.deepEqual(at('\\frac{TP}{TP + FN}', 'P}'), ['T', 'P']);
    assert.deepEqual(at('\\frac{2TP}{x}', 'T'), ['T', 'P']);
    assert.deepEqual(at('L^{PG}(\\theta)', 'G'), ['P', 'G']);
    assert.deepEqual(at('BM25(D, Q)', 'M'), ['B', 'M']);
    assert.deepEqual(at('F1 = 2', 'F'), ['F']);
    assert.deepEqual(at('XW + b', 'W'), ['X', 'W']);
    assert.equal(at('X W', 'W'), undefined);
    assert.equal(at('Xw', 'X'), undefined);
    assert.equal(at('2N', 'N'), undefined);
    assert.equal(at('W_1', 'W'), undefined);
    assert.equal(at('x', 'x'), undefined);
  });

  it('never throws on hostile input', () => {
    for (const tex of ['\\hat', '\\mathbf', '\\mathbf{}', '_', '^', '\\sum_', '\\{', '\\}', '\\}_{i=1}', '\\forall', '\\frac{d}', 'd', '\\hat{\\hat{\\hat{x}}}', '{'.repeat(500)]) {
      assert.doesNotThrow(() => findSymbols(tex), tex);
    }
  });
});

describe('math: findSymbols on the study-sheet corpus', () => {
  it('reads all its math without a crash, with exact offsets and no constants or operators as symbols', function () {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createMarkdownIt } = require('../../src/core/markdown') as typeof import('../../src/core/markdown');
    const text = studySheetOrSkip(this);
    const texts: string[] = [];
    const visit = (tokens: ReturnType<ReturnType<typeof createMarkdownIt>['parse']>) => {
      for (const token of tokens) {
        if (token.type.startsWith('math_')) texts.push(token.content);
        if (token.children) visit(token.children);
      }
    };
    visit(createMarkdownIt().parse(text, {}));
    assert.ok(texts.length > 300);
    const keys = new Set<string>();
    for (const tex of texts) {
      for (const s of findSymbols(tex)) {
        assert.equal(tex.slice(s.start, s.end), s.tex);
        keys.add(s.key);
      }
    }
    for (const expected of ['x', '\\theta', '\\mathcal{L}', '\\mathbf{x}', '\\Sigma', '\\boldsymbol{\\alpha}']) assert.ok(keys.has(expected), expected);
    for (const never of ['e', '\\pi', '\\mathbb{E}', '\\mathbb{R}', '\\mathcal{N}', '\\log']) assert.ok(!keys.has(never), never);
  });
});
