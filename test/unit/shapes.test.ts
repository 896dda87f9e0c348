import * as assert from 'node:assert/strict';
import { checkMath, createShapeEnv, formatShape, inferShape, mayUseDeclared, shapeAt, shapeFromDomain } from '../../src/core/shapes';
import { occursOutsideCommandNames } from '../../src/core/shapes/env';
import fc from 'fast-check';

const OLS = { X: '\\mathbb{R}^{n\\times d}', y: '\\mathbb{R}^{n}', w: '\\mathbb{R}^{d}', '\\lambda': '\\ge 0', '\\varepsilon': '\\mathbb{R}^n' };
const LOGISTIC = { X: '\\mathbb{R}^{n\\times d}', y: '\\{0,1\\}^n', w: '\\mathbb{R}^d', b: '\\mathbb{R}', x_i: '\\mathbb{R}^d', y_i: '\\{0,1\\}', p: '(0,1)^n' };
const PCA = { X: '\\mathbb{R}^{n\\times d}', '\\Sigma': '\\mathbb{R}^{d\\times d}', v: '\\mathbb{R}^d', V_k: '\\mathbb{R}^{d\\times k}', Z: '\\mathbb{R}^{n\\times k}', '\\lambda': '\\mathbb{R}' };
const SOFTMAX = { z: '\\mathbb{R}^K', p: '\\Delta^{K-1}', W: '\\mathbb{R}^{K\\times d}', x: '\\mathbb{R}^d', b: '\\mathbb{R}^K', y: '\\{0,1\\}^K' };
const SVM = { '\\alpha': '\\mathbb{R}^n', y: '\\{-1,+1\\}^n', K: '\\mathbb{R}^{n\\times n}', X: '\\mathbb{R}^{n\\times d}', C: '> 0', x_i: '\\mathbb{R}^d' };
const MLP = {
  x: '\\mathbb{R}^d', 'W^{(1)}': '\\mathbb{R}^{h\\times d}', 'b^{(1)}': '\\mathbb{R}^h', 'W^{(2)}': '\\mathbb{R}^{K\\times h}',
  'b^{(2)}': '\\mathbb{R}^K', 'z^{(1)}': '\\mathbb{R}^h', 'a^{(1)}': '\\mathbb{R}^h', '\\delta^{(1)}': '\\mathbb{R}^h', '\\delta^{(2)}': '\\mathbb{R}^K',
};
const ATTENTION = { Q: '\\mathbb{R}^{n\\times d_k}', K: '\\mathbb{R}^{m\\times d_k}', V: '\\mathbb{R}^{m\\times d_v}', A: '\\mathbb{R}^{n\\times m}' };
const MAPS = { f: '\\mathbb{R}^d\\to\\mathbb{R}', g: '\\mathbb{R}^d \\to \\mathbb{R}^k', x: '\\mathbb{R}^d', y: '\\mathbb{R}^n' };

interface Case {
  family: string;
  declarations: Record<string, string>;
  tex: string;
  /** The expected shape of the whole (for one expression), `unknown` for null. */
  shape?: string;
  /** Substrings every problem message must hold, one array per expected problem; [] means no problem. */
  errors: string[][];
}

const cases: Case[] = [
  // OLS
  { family: 'OLS', declarations: OLS, tex: 'Xw', shape: 'n×1', errors: [] },
  { family: 'OLS', declarations: OLS, tex: 'X^\\top X', shape: 'd×d', errors: [] },
  { family: 'OLS', declarations: OLS, tex: '(X^\\top X)^{-1} X^\\top y', shape: 'd×1', errors: [] },
  { family: 'OLS', declarations: OLS, tex: '\\|Xw - y\\|_2^2', shape: 'scalar', errors: [] },
  { family: 'OLS', declarations: OLS, tex: 'y = Xw + \\varepsilon', errors: [] },
  { family: 'OLS', declarations: OLS, tex: '\\nabla_w L = X^\\top (Xw - y)', errors: [] },
  { family: 'OLS', declarations: OLS, tex: 'X^\\top w', errors: [['`X^\\top w`', 'cannot multiply d×n by d×1', '`w` is declared in \\mathbb{R}^{d}']] },
  { family: 'OLS', declarations: OLS, tex: 'Xw = w', errors: [['left side is n×1', 'right side is d×1']] },
  { family: 'OLS', declarations: OLS, tex: 'Xw - w', errors: [['cannot add n×1 and d×1']] },
  { family: 'OLS', declarations: OLS, tex: '\\hat{w} = (X^\\top X)^{-1} X^\\top y', errors: [] },
  { family: 'OLS', declarations: OLS, tex: 'X^{-1} y', errors: [['cannot invert n×d', 'only a square matrix']] },
  { family: 'OLS', declarations: OLS, tex: '\\nabla_w L = (Xw - y)^\\top X', errors: [['left side is d×1', 'right side is 1×d']] },
  { family: 'OLS', declarations: OLS, tex: 'X^{+} y', shape: 'd×1', errors: [] },
  // Ridge
  { family: 'ridge', declarations: OLS, tex: '(X^\\top X + \\lambda I)^{-1} X^\\top y', shape: 'd×1', errors: [] },
  { family: 'ridge', declarations: OLS, tex: '(X^\\top X + \\lambda I_d)^{-1} X^\\top y', shape: 'd×1', errors: [] },
  { family: 'ridge', declarations: OLS, tex: 'X^\\top X + \\lambda I_n', errors: [['cannot add d×d and n×n']] },
  { family: 'ridge', declarations: OLS, tex: '\\hat w_{\\text{ridge}} = \\arg\\min_w \\|y - Xw\\|^2 + \\lambda \\|w\\|^2', errors: [] },
  { family: 'ridge', declarations: OLS, tex: '(X X^\\top + \\lambda I)^{-1} X^\\top y', errors: [['cannot multiply n×n by d×n']] },
  { family: 'ridge', declarations: OLS, tex: '\\nabla^2_w L = 2(X^\\top X + \\lambda I)', errors: [] },
  // Logistic regression
  { family: 'logistic', declarations: LOGISTIC, tex: '\\sigma(Xw)', shape: 'n×1', errors: [] },
  { family: 'logistic', declarations: LOGISTIC, tex: 'Xw + b', shape: 'unknown', errors: [] },
  { family: 'logistic', declarations: LOGISTIC, tex: '\\nabla_w \\ell = X^\\top(\\sigma(Xw) - y)', errors: [] },
  { family: 'logistic', declarations: LOGISTIC, tex: 'p = \\sigma(Xw)', errors: [] },
  { family: 'logistic', declarations: LOGISTIC, tex: '\\nabla_w \\ell = X(\\sigma(Xw) - y)', errors: [['cannot multiply n×d by n×1']] },
  { family: 'logistic', declarations: LOGISTIC, tex: '\\sum_{i=1}^n (\\sigma(w^\\top x_i + b) - y_i) x_i', shape: 'd×1', errors: [] },
  { family: 'logistic', declarations: LOGISTIC, tex: 'w^\\top x_j', shape: 'scalar', errors: [] },
  // PCA
  { family: 'PCA', declarations: PCA, tex: '\\Sigma = \\frac{1}{n} X^\\top X', errors: [] },
  { family: 'PCA', declarations: PCA, tex: '\\Sigma v = \\lambda v', errors: [] },
  { family: 'PCA', declarations: PCA, tex: 'Z = X V_k', errors: [] },
  { family: 'PCA', declarations: PCA, tex: 'Z V_k^\\top', shape: 'n×d', errors: [] },
  { family: 'PCA', declarations: PCA, tex: '\\operatorname{tr}(V_k^\\top \\Sigma V_k)', shape: 'scalar', errors: [] },
  { family: 'PCA', declarations: PCA, tex: 'Z = V_k X', errors: [['cannot multiply d×k by n×d']] },
  { family: 'PCA', declarations: PCA, tex: '\\operatorname{tr}(X)', errors: [['a trace needs a square matrix, got n×d']] },
  { family: 'PCA', declarations: PCA, tex: 'v^\\top \\Sigma v', shape: 'scalar', errors: [] },
  // Softmax
  { family: 'softmax', declarations: SOFTMAX, tex: 'p = \\operatorname{softmax}(Wx + b)', errors: [] },
  { family: 'softmax', declarations: SOFTMAX, tex: '\\operatorname{softmax}(z)', shape: 'K×1', errors: [] },
  { family: 'softmax', declarations: SOFTMAX, tex: '\\nabla_z L = p - y', errors: [] },
  { family: 'softmax', declarations: SOFTMAX, tex: 'p = \\operatorname{softmax}(W^\\top x)', errors: [['cannot multiply d×K by d×1']] },
  { family: 'softmax', declarations: SOFTMAX, tex: '\\nabla_W L = (p - y) x^\\top', errors: [] },
  { family: 'softmax', declarations: SOFTMAX, tex: '\\mathbf{1}^\\top p = 1', errors: [] },
  // SVM dual
  { family: 'SVM dual', declarations: SVM, tex: '\\max_\\alpha \\mathbf{1}^\\top \\alpha - \\frac{1}{2} \\alpha^\\top \\operatorname{diag}(y) K \\operatorname{diag}(y) \\alpha', shape: 'scalar', errors: [] },
  { family: 'SVM dual', declarations: SVM, tex: 'y^\\top \\alpha = 0', errors: [] },
  { family: 'SVM dual', declarations: SVM, tex: 'K = X X^\\top', errors: [] },
  { family: 'SVM dual', declarations: SVM, tex: 'K = X^\\top X', errors: [['left side is n×n but the right side is d×d']] },
  { family: 'SVM dual', declarations: SVM, tex: '0 \\le \\alpha \\le C', errors: [] },
  { family: 'SVM dual', declarations: SVM, tex: '\\langle \\alpha, y \\rangle', shape: 'scalar', errors: [] },
  { family: 'SVM dual', declarations: SVM, tex: '\\langle \\alpha, x_i \\rangle', errors: [['an inner product needs equal shapes, got n×1 and d×1']] },
  // Backprop of a 2-layer network
  { family: 'backprop', declarations: MLP, tex: 'W^{(2)}\\sigma(W^{(1)}x + b^{(1)})', shape: 'K×1', errors: [] },
  { family: 'backprop', declarations: MLP, tex: 'z^{(1)} = W^{(1)} x + b^{(1)}', errors: [] },
  { family: 'backprop', declarations: MLP, tex: '\\delta^{(1)} = (W^{(2)})^\\top \\delta^{(2)} \\odot \\sigma\'(z^{(1)})', errors: [] },
  { family: 'backprop', declarations: MLP, tex: '\\nabla_{W^{(2)}} L = \\delta^{(2)} (a^{(1)})^\\top', errors: [] },
  { family: 'backprop', declarations: MLP, tex: '\\delta^{(1)} = W^{(2)} \\delta^{(2)}', errors: [['cannot multiply K×h by K×1']] },
  { family: 'backprop', declarations: MLP, tex: 'W^{(1)}x + b^{(2)}', errors: [['cannot add h×1 and K×1']] },
  { family: 'backprop', declarations: MLP, tex: '\\nabla_{W^{(1)}} L = \\delta^{(1)} x^\\top', errors: [] },
  { family: 'backprop', declarations: MLP, tex: '\\delta^{(2)} a^{(1)\\top}', shape: 'K×h', errors: [] },
  { family: 'backprop', declarations: MLP, tex: 'a^{(1)\\top} \\delta^{(2)}', errors: [['cannot multiply 1×h by K×1']] },
  // Attention
  { family: 'attention', declarations: ATTENTION, tex: '\\operatorname{softmax}(QK^\\top/\\sqrt{d_k})V', shape: 'n×d_v', errors: [] },
  { family: 'attention', declarations: ATTENTION, tex: 'A = \\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)', errors: [] },
  { family: 'attention', declarations: ATTENTION, tex: '\\operatorname{softmax}(Q^\\top K/\\sqrt{d_k})V', errors: [['cannot multiply d_k×n by m×d_k']] },
  { family: 'attention', declarations: ATTENTION, tex: 'AV', shape: 'n×d_v', errors: [] },
  { family: 'attention', declarations: ATTENTION, tex: 'A K', shape: 'n×d_k', errors: [] },
  { family: 'maps', declarations: MAPS, tex: 'h(x)', errors: [] },
  { family: 'attention', declarations: ATTENTION, tex: 'V A', errors: [['cannot multiply m×d_v by n×m']] },
  // Maps, entries, adapting shapes, unknowns
  { family: 'maps', declarations: MAPS, tex: 'f(x) + 1', shape: 'scalar', errors: [] },
  { family: 'maps', declarations: MAPS, tex: 'g(x)', shape: 'k×1', errors: [] },
  { family: 'maps', declarations: MAPS, tex: 'f(y)', errors: [['the argument is n×1 but the map takes d×1']] },
  { family: 'entries', declarations: OLS, tex: 'X_{ij} w', shape: 'd×1', errors: [] },
  { family: 'entries', declarations: OLS, tex: '\\mathbf{1}_n^\\top y', shape: 'scalar', errors: [] },
  { family: 'unknown', declarations: OLS, tex: 'P(X = 1)', errors: [] },
  { family: 'unknown', declarations: OLS, tex: '\\frac{\\partial L}{\\partial w} = X^\\top(Xw - y)', errors: [] },
  { family: 'unknown', declarations: OLS, tex: 'w \\ge 0', errors: [] },
  { family: 'unknown', declarations: OLS, tex: '\\nabla_w L(w) = 0', errors: [] },
];

function label(c: Case): string {
  return `${c.family}: ${c.tex}`;
}

describe('shape inference: table of expressions', () => {
  it('has at least 40 cases across the families', () => {
    assert.ok(cases.length >= 40, `${cases.length} cases`);
  });
  for (const c of cases) {
    it(label(c), () => {
      const env = createShapeEnv(c.declarations);
      if (c.shape !== undefined) {
        const shape = inferShape(c.tex, env);
        assert.equal(shape ? formatShape(shape) : 'unknown', c.shape);
      }
      const problems = checkMath(c.tex, env);
      assert.equal(problems.length, c.errors.length, problems.map((p) => p.message).join('\n'));
      c.errors.forEach((parts, k) => {
        for (const part of parts) assert.ok(problems[k].message.includes(part), `${problems[k].message}\n  lacks ${part}`);
      });
    });
  }
});

describe('shape problems: ranges', () => {
  it('points at the offending sub-expression', () => {
    const env = createShapeEnv(OLS);
    const tex = 'L = \\|X^\\top w - y\\|^2';
    const [problem] = checkMath(tex, env);
    assert.equal(tex.slice(problem.start, problem.end), 'X^\\top w');
    assert.equal(problem.expression, 'X^\\top w');
  });

  it('spans both sides of a mismatched relation', () => {
    const env = createShapeEnv(OLS);
    const tex = '\\hat y = X^\\top y';
    const [problem] = checkMath(tex, env);
    assert.equal(tex.slice(problem.start, problem.end), tex);
  });

  it('compares each line of an aligned block with the line before it', () => {
    const env = createShapeEnv(OLS);
    const tex = '\\begin{aligned} \\nabla_w L &= X^\\top(Xw - y) \\\\ &= X^\\top X w - X^\\top y \\\\ &= Xw \\end{aligned}';
    const problems = checkMath(tex, env);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].expression, 'Xw');
    assert.match(problems[0].message, /the line before ends with `X\^\\top X w - X\^\\top y`, which is d×1, but this side is n×1/);
  });

  it('does not compare across a comma or \\text', () => {
    const env = createShapeEnv(OLS);
    assert.deepEqual(checkMath('w = 0, \\quad y = Xw', env), []);
    assert.deepEqual(checkMath('Xw = y \\text{ for } w', env), []);
  });

  it('checks inside \\boxed and fractions', () => {
    const env = createShapeEnv(OLS);
    assert.equal(checkMath('\\boxed{\\hat w = X y}', env).length, 1);
    assert.equal(checkMath('\\frac{X^\\top w}{n}', env).length, 1);
  });
});

describe('shapeFromDomain', () => {
  const shape = (tex: string) => {
    const result = shapeFromDomain(tex);
    return result?.shape ? formatShape(result.shape) : result?.map ? 'map' : 'unknown';
  };

  it('reads number sets, finite sets, intervals and the simplex', () => {
    assert.equal(shape('\\mathbb{R}'), 'scalar');
    assert.equal(shape('\\mathbb{R}^d'), 'd×1');
    assert.equal(shape('\\mathbb{R}^{n \\times d}'), 'n×d');
    assert.equal(shape('\\mathbb R^{1\\times d}'), '1×d');
    assert.equal(shape('\\mathbb{R}_{+}^{n}'), 'n×1');
    assert.equal(shape('\\{0,1\\}^n'), 'n×1');
    assert.equal(shape('\\{0, 1\\}'), 'scalar');
    assert.equal(shape('\\{1,\\dots,K\\}'), 'scalar');
    assert.equal(shape('[0,1]'), 'scalar');
    assert.equal(shape('\\Delta^{K-1}'), 'K×1');
    assert.equal(shape('\\mathbb{S}_{++}^{d}'), 'd×d');
    assert.equal(shape('\\ge 0'), 'scalar');
    assert.equal(shape('\\mathbb{R}^d\\to\\mathbb{R}'), 'map');
  });

  it('leaves distributions, sets of tuples and products of spaces unknown', () => {
    assert.equal(shape('\\mathcal{N}(0, \\sigma^2)'), 'unknown');
    assert.equal(shape('\\{(x_i, y_i)\\}_{i=1}^n'), 'unknown');
    assert.equal(shape('\\mathbb{R}^{a\\times b\\times c}'), 'unknown');
    assert.equal(shape('\\mathbb{S}^{d-1}'), 'unknown');
  });

  it('compares symbolic dimensions after normalising linear expressions', () => {
    const env = createShapeEnv({ p: '\\Delta^{K-1}', q: '\\mathbb{R}^{K}', u: '\\mathbb{R}^{2n}', v: '\\mathbb{R}^{n+n}', a: '\\mathbb{R}^{3}', c: '\\mathbb{R}^{2+1}', e: '\\mathbb{R}^{4}' });
    assert.deepEqual(checkMath('p = q', env), []);
    assert.deepEqual(checkMath('u = v', env), []);
    assert.deepEqual(checkMath('a = c', env), []);
    assert.equal(checkMath('a = e', env).length, 1);
    assert.equal(checkMath('p = u', env).length, 1);
  });
});

describe('declarations', () => {
  it('covers decorated forms by their base but not a bar (often a mean)', () => {
    const env = createShapeEnv(OLS);
    assert.equal(formatShape(inferShape('\\hat{w}', env)!), 'd×1');
    assert.equal(formatShape(inferShape('w^*', env)!), 'd×1');
    assert.equal(formatShape(inferShape("w'", env)!), 'd×1');
    assert.equal(inferShape('\\bar{X}', env), null);
  });

  it('declares a family with an indexed symbol', () => {
    const env = createShapeEnv({ x_i: '\\mathbb{R}^d' });
    assert.equal(formatShape(inferShape('x_j', env)!), 'd×1');
    assert.equal(formatShape(inferShape('x_i x_i^\\top', env)!), 'd×d');
  });

  it('makes a symbol declared with two different shapes unknown', () => {
    const env = createShapeEnv([{ symbol: 'A', domain: '\\mathbb{R}^{n\\times n}' }, { symbol: 'A', domain: '\\mathbb{R}^{d\\times r}' }]);
    assert.equal(inferShape('A', env), null);
    assert.deepEqual(checkMath('\\det(A)', env), []);
  });

  it('treats a scalar bound as a scalar whatever its text', () => {
    const env = createShapeEnv([{ symbol: '\\alpha', domain: '0 < \\alpha < 1', kind: 'scalar-bound' }]);
    assert.equal(formatShape(inferShape('\\alpha', env)!), 'scalar');
  });
});

describe('shapeAt', () => {
  it('gives the innermost sub-expression with a known shape', () => {
    const env = createShapeEnv(OLS);
    const tex = '\\hat w = (X^\\top X)^{-1} X^\\top y';
    const onX = shapeAt(tex, env, tex.indexOf('X'));
    assert.equal(onX?.label, 'n×d');
    const onGram = shapeAt(tex, env, tex.indexOf('^\\top X)') + 2);
    assert.ok(onGram);
    const onTop = shapeAt(tex, env, tex.indexOf('\\top'));
    assert.equal(onTop?.expression, 'X^\\top');
    assert.equal(onTop?.label, 'd×n');
    assert.equal(shapeAt(tex, env, tex.indexOf('y'))?.label, 'n×1');
  });

  it('gives nothing where nothing is known', () => {
    const env = createShapeEnv(OLS);
    assert.equal(shapeAt('p(z)', env, 0), undefined);
  });
});

describe('shape checker robustness', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  const pieces = ['X', 'w', 'y', 'x_i', '^\\top', '^{-1}', '^', '_', '{', '}', '(', ')', '[', ']', '\\|', '|', '+', '-', '=', ',',
    '\\frac', '\\sum_{i}', '\\nabla_w', '\\langle', '\\rangle', '\\left(', '\\right)', '\\operatorname{tr}', '\\begin{aligned}',
    '\\end{aligned}', '\\begin{pmatrix}', '\\end{pmatrix}', '\\\\', '&', '\\boxed', '\\text{ s.t. }', '\\mathbf{1}', 'I', '0', '2',
    '\\sigma', '\\odot', '\\cdot', '/', '\\sqrt', '\\min_w', '\\arg\\min_w', '\\mathbb{E}', "'", '\\hat', '\\overset{a}{=}', '\\le'];
  const env = createShapeEnv({ X: '\\mathbb{R}^{n\\times d}', w: '\\mathbb{R}^d', y: '\\mathbb{R}^n', x_i: '\\mathbb{R}^d' });

  it('never throws, always ends, and keeps every problem inside the tex', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
      const tex = parts.join(' ');
      for (const problem of checkMath(tex, env)) {
        assert.ok(problem.start >= 0 && problem.end <= tex.length && problem.start < problem.end, tex);
        assert.ok(problem.message.includes('×'), problem.message);
      }
      inferShape(tex, env);
      for (let offset = 0; offset < tex.length; offset += 7) shapeAt(tex, env, offset);
    }), { numRuns: 400 });
  });
});

describe('shapes: the quick test for declared bases', () => {
  it('finds a base where a search would, never inside a command name', () => {
    const env = createShapeEnv();
    const piece = fc.constantFrom('\\', 'a', 'x', 'm', 'ax', '{', '}', '1', ' ', '*', '_', '^', '(', 'é', '\\max', '\\alpha', '\\{');
    const base = fc.constantFrom('x', 'a', 'm', '1', '(', '{', '*', '\\', '\\a', '\\max', '\\alpha', '\\alphax', '\\{', '\\(', '\\1', '12', 'ax', 'é', '\\operatorname*');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.uniqueArray(base, { maxLength: 4 }), (tex, bases) => {
      const expected = bases.some((b) => occursOutsideCommandNames(tex, b));
      assert.equal(mayUseDeclared(env, tex, new Set(bases)), expected, `${JSON.stringify(tex)} with ${JSON.stringify(bases)}`);
    }), { seed: 20261206, numRuns: 5000 });
    assert.equal(mayUseDeclared(env, '\\max_x f', new Set(['x'])), true);
    assert.equal(mayUseDeclared(env, '\\max f', new Set(['x', '\\ma'])), false);
  });
});
