import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import rule from '../../../src/core/rules/symbol-shape';
import { ruleTester, runCase } from '../rule-tester';
import { parseNote } from '../../../src/core/parse';
import { columnOf, deepPassNote, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

const GLOSSARY_END = '- $\\lambda > 0$: regularization coefficient.';
const withSkeleton = (note: string, tex: string) => note.replace(GLOSSARY_END, `${GLOSSARY_END}\n- $${tex} \\in \\mathbb{R}^{?}$: …`);

const tau = lectureNote({ '5': 'A temperature $\\tau$ scales the logits; later $\\tau^2$ again.' });
const decorated = lectureNote({ '5': 'The estimate $\\hat{\\tau}_t$ converges.' });
const two = lectureNote({ '5': 'Both $\\kappa$ and $\\rho$ appear.' });
const dims = lectureNote({ '5': 'Averaging uses $\\frac{1}{n}\\|Xw - y\\|^2$ over $d$ features.' });
const table = lectureNote({
  '2': '| Symbol | Meaning | Shape |\n|---|---|---|\n| $X\\in\\mathbb{R}^{n\\times d}$ | design matrix | $n\\times d$ |\n| $y\\in\\mathbb{R}^n$ | targets | $n$ |\n| $w\\in\\mathbb{R}^d$ | weights | $d$ |\n| $\\lambda>0$ | penalty | scalar |',
  '5': 'The margin $\\gamma$ grows.',
});
const DECLARED = 'Least squares with $X\\in\\mathbb{R}^{n\\times d}$, $y\\in\\mathbb{R}^n$, $w\\in\\mathbb{R}^d$.';
/** A lecture note whose section 5 holds `body`; the glossary declares X, y, w and \lambda. */
const in5 = (body: string) => lectureNote({ '5': body });
const firstUse = (code: string, symbol: string, needle = symbol) => ({
  messageId: 'undeclared', line: lineOf(code, needle), column: columnOf(code, needle), data: { symbol },
});
const invalid5 = (name: string, body: string, symbol: string, needle = symbol, skeleton = symbol) => {
  const code = in5(body);
  return { name, code, errors: [firstUse(code, symbol, needle)], output: withSkeleton(code, skeleton) };
};
const noGlossary = deepPassNote({ '1': DECLARED, '2': null, '5': 'The margin $\\gamma$ grows.' });
const emptyGlossary = deepPassNote({ '1': DECLARED, '2': '', '5': 'The margin $\\gamma$ grows.' });

ruleTester(rule).run({
  valid: [
    { name: 'a clean lecture note', code: lectureNote() },
    { name: 'a clean DEEP-PASS note', code: deepPassNote() },
    { name: 'plain Markdown is no note', code: 'Free symbols $a + b = c$.\n' },
    { name: 'the clean lecture fixture', code: readFileSync('test/fixtures/notes/clean/lecture-ridge.md', 'utf8') },
    { name: 'a stated rule is a placeholder', code: lectureNote({ '4.B': '**Equation (2) (RECONSTRUCTED).**\n\n$$\n\\nabla_w J(w) = X^\\top(Xw-y) + \\lambda w\n$$\n\n{Rule: \\nabla_u\\, u^\\top A u = 2Au}' }) },
    { name: 'identities are placeholders', code: lectureNote({ '4.D': '$\\nabla_v \\tfrac12\\|Bv-c\\|^2 = B^\\top(Bv-c)$' }) },
    { name: 'dimension letters of a declared shape', code: dims },
    { name: 'a definition introduces its symbol', code: lectureNote({ '5': 'Let $r := y - X\\hat{w}$; then $r \\perp X$.' }) },
    { name: 'a definition step with = introduces its symbol', code: deepPassNote({ '4': '**Step 1.** Define $L(w)=\\|Xw-y\\|^2$.\n\n**Step 2.** Then $L(w) \\ge 0$.' }) },
    { name: 'a bold declaration covers the plain entries', code: lectureNote({ '2': '- $\\mathbf{X}\\in\\mathbb{R}^{n\\times d}$: data.\n- $\\mathbf{y}\\in\\mathbb{R}^n$: targets.\n- $\\mathbf{w}\\in\\mathbb{R}^d$: weights.\n- $\\lambda>0$: penalty.' }) },
    { name: 'a declaration outside the glossary counts', code: lectureNote({ '5': 'With $\\tau > 0$ the weights $w/\\tau$ soften.' }) },
    { name: 'a glossary entry without a domain is left to glossary-shape', code: lectureNote({ '2': `${GLOSSARY_END}\n- $X\\in\\mathbb{R}^{n\\times d}$, $y\\in\\mathbb{R}^n$, $w\\in\\mathbb{R}^d$: data.\n- $\\tau$: temperature.`, '5': 'Then $\\tau$ scales.' }) },
    { name: 'ignoreSymbols', code: tau, options: { ignoreSymbols: ['I', '\\tau'] } },
    { name: 'the identity matrix is ignored by default', code: lectureNote({ '5': 'Add $\\lambda I$ and $\\mathbf{I}$.' }) },
    { name: 'a letter only in domains needs no declaration: the simplex, a space', code: lectureNote({ '5': 'Weights $p\\in\\Delta^{K-1}$ and $\\pi\\in\\Delta^{K-1}$, inputs $x\\in\\mathcal{X}$ with $f:\\mathcal{X}\\to\\mathbb{R}$ and $\\theta\\in\\Theta$.' }) },
    { name: '\\text{for all } i binds like \\forall i', code: lectureNote({ '5': 'Feasibility: $y_i\\, w^\\top X^\\top \\ge 1 \\quad \\text{for all } i$.' }) },
    { name: 'indices bound in the expression', code: lectureNote({ '5': 'Sum $\\sum_{j=1}^{d} w_j$ and $\\max_k w_k$ and $\\forall i$.' }) },
    // Abbreviations typed in math: capitals in a row, letters run into digits.
    { name: 'an abbreviation in math is no product of symbols', code: in5('$$\\text{Precision} = \\frac{TP}{TP + FP}, \\quad \\frac{2TP}{2TP + FN + FP}$$') },
    { name: 'letters run into digits name a thing', code: in5('Score $BM25(w, X)$ and $F1 = 2\\lambda$ for model $v2$.') },
    // \Delta W: the change of a declared symbol.
    { name: '\\Delta w is the update of a declared w', code: in5('The update $\\Delta w = -\\lambda w$ and $X + \\Delta X$.') },
    // Sets and spaces named so in the prose next to them.
    { name: 'a set named so in the prose', code: in5('Inputs come from the input space $\\mathcal{X}$; $\\mathcal{H}$ is the hypothesis space and $\\mathcal{V}$: the vocabulary set.') },
    { name: 'a distribution or a hypothesis named so in the prose', code: in5('The joint distribution $P(w, X)$ and the reference distribution $Q$; the **Null Hypothesis** ($H_0$).') },
    // Definitions by an equation at the symbol's first use.
    { name: 'an equation defines its lone left side at the first use', code: in5('$$\\kappa = \\frac{\\lambda}{1+\\lambda}$$\n\nso $\\kappa < 1$.') },
    { name: 'a function defined by an equation, its arguments and its indices', code: in5('$$f(x) = w^\\top x$$\n\n$$\\text{Gini}(t) = 1 - \\lambda t$$\n\n$$C_i = \\{x : f(x) \\ge w_j, \\forall j \\neq i\\}$$') },
    { name: 'arguments such as t+1 and a+b are dummies', code: in5('$$w_j(t+1) = w_j(t) - \\lambda w_j(t)$$ and $g(a+b) = g(a) + g(b)$.') },
    // A symbol set to a number is a scalar, wherever that is.
    { name: 'a mention before the equation that defines it', code: in5('The ratio $\\kappa$ and the loss $\\ell(i,j)$:\n\n$$\\kappa = \\frac{\\lambda}{1+\\lambda}$$\n\n$$\\ell(i,j) = \\lambda i j$$') },
    { name: 'an index named alone in the prose', code: in5('For each class $k$ and sample $i$: $\\sum_{i=1}^n \\max_k w_k$.') },
    { name: 'a set that is a whole domain, used elsewhere', code: in5('A map $f:\\mathcal{X}\\to\\mathcal{Z}$ with $\\dim(\\mathcal{Z}) < d$, $f(x)=w^\\top x$.') },
    { name: 'a bound index binds its bold form; a sum with no subscript binds i, j, k', code: in5('$\\sum_{x_i \\in X} \\mathbf{x}_i^\\top w$ and $\\sum w_i \\lambda^i$.') },
    { name: 'a declaration with Unicode ∈, and after a labelled arrow', code: in5('The vector $v \u2208 \\mathbb{R}^d$ and $X \\xrightarrow{w} \\mathbf{u} \\in \\mathbb{R}^n$ give $v^\\top w + \\mathbf{u}$.') },
    { name: 'HTML subscripts, the imaginary unit, a plural in math', code: in5('$w<sub>d</sub>$, $e^{2\\pi i \\lambda}$ and the $w_j\u2019s$.') },
    { name: 'a symbol set to a number', code: in5('The rate $\\alpha$ and the rank $r$: we use $r=16, \\alpha=0.01$ and $\\epsilon \\approx 10^{-6}$ with $\\epsilon w$.') },
    // Units, named functions and operators.
    { name: 'units after a number', code: in5('It takes $0.2s$, $200ms$ and $16GB$ for $X$.') },
    { name: 'the gamma function, the sup norm, a KL divergence', code: in5('$\\Gamma(\\lambda)$, $\\|w\\|_{L_\\infty}$ and $D_{\\mathrm{KL}}(w \\| X)$.') },
  ],
  invalid: [
    invalid5('a domain letter used outside a domain needs its declaration', 'Weights $p\\in\\Delta^{K-1}$; the matrix $\\Delta$ is diagonal.', '\\Delta', '\\Delta^'),
    invalid5('capitals in a row are a product when one of them is declared', 'The product $XW$ has rank $\\lambda$.', 'W', 'W$ has'),
    invalid5('an abbreviation does not hide a later use of its letter alone', '$$\\frac{TP}{TP + FP}$$ with threshold $T$.', 'T', 'T$.'),
    invalid5('\\Delta W names W, which needs its declaration', 'The update $\\Delta W$ is low-rank.', 'W', '\\Delta W', 'W'),
    invalid5('the arguments of a distribution named in the prose are still uses', 'The joint distribution $P(X, Y)$.', 'Y', 'Y)'),
    invalid5('a letter alone in prose that no formula binds', 'At step $t$ the weights $w$ change.', 't', 't$ the'),
    invalid5('a set in a domain with more than the letter, used elsewhere', 'Weights $p\\in\\mathcal{S}^{K}$ and $|\\mathcal{S}|$ states.', '\\mathcal{S}', '\\mathcal{S}^'),
    invalid5('a signature of a function the note does not define', 'The weights $w(t)$ fall.', 't', 't)'),
    invalid5('a sum with no subscript leaves only i, j, k implicit', 'Then $\\sum w_i \\lambda^m$.', 'm', 'm$'),
    invalid5('a symbol after a labelled arrow is used, not declared, without a domain', 'Then $X \\xrightarrow{w} \\mathbf{u}$.', '\\mathbf{u}', '\\mathbf{u}', '\\mathbf{u}'),
    invalid5('i away from \\pi is a symbol', 'Then $i\\lambda$.', 'i', 'i\\lambda'),
    invalid5('a symbol not named a set by the prose', 'The trained model $\\mathcal{M}$ is a function of $X$.', '\\mathcal{M}'),
    invalid5('a use in a formula before the equation that defines it', 'The product $\\kappa w$ grows:\n\n$$\\kappa = \\frac{\\lambda}{1+\\lambda}$$', '\\kappa'),
    invalid5('an equation whose left side is more than the symbol defines nothing', '$$\\kappa w = \\lambda w$$', '\\kappa'),
    invalid5('a relation other than = defines nothing, and its arguments stay uses', '$$\\text{Gini}(t) \\le 1 - \\lambda$$', 't', 't)'),
    invalid5('a symbol equal to an expression is no value', 'The rate $2\\alpha$ is $\\alpha = 2\\lambda$.', '\\alpha'),
    invalid5('a bare s after an integer is a symbol', 'It takes $2s$ steps.', 's', 's$ steps'),
    invalid5('a D with another subscript is a symbol', 'The distance $D_i$ to $X$.', 'D', 'D_i', 'D'),
    invalid5('\\Gamma without an argument is a symbol', 'The couplings $\\Gamma$ of $X$.', '\\Gamma'),
    {
      name: 'an undeclared symbol: first use only, with a glossary skeleton',
      code: tau,
      errors: [{
        messageId: 'undeclared', line: lineOf(tau, 'A temperature'), column: columnOf(tau, '\\tau'), endColumn: columnOf(tau, '\\tau') + 4,
        data: { symbol: '\\tau' }, message: 'Symbol \\tau is used without a declaration of its domain or shape anywhere in the note.',
      }],
      output: withSkeleton(tau, '\\tau'),
    },
    {
      name: 'a decorated first use is marked whole and named by its base',
      code: decorated,
      errors: [{ messageId: 'undeclared', line: lineOf(decorated, 'The estimate'), column: columnOf(decorated, '\\hat{\\tau}_t'), endColumn: columnOf(decorated, '\\hat{\\tau}_t') + '\\hat{\\tau}_t'.length, data: { symbol: '\\tau' } }],
      output: withSkeleton(decorated, '\\tau'),
    },
    {
      name: 'two symbols, two skeletons in order',
      code: two,
      errors: [
        { messageId: 'undeclared', line: lineOf(two, 'Both'), column: columnOf(two, '\\kappa'), data: { symbol: '\\kappa' } },
        { messageId: 'undeclared', line: lineOf(two, 'Both'), column: columnOf(two, '\\rho'), data: { symbol: '\\rho' } },
      ],
      output: two.replace(GLOSSARY_END, `${GLOSSARY_END}\n- $\\kappa \\in \\mathbb{R}^{?}$: …\n- $\\rho \\in \\mathbb{R}^{?}$: …`),
    },
    {
      name: 'requireDimensions: a dimension letter needs its own declaration',
      code: dims,
      options: { requireDimensions: true },
      errors: [
        { messageId: 'undeclared', line: lineOf(dims, '$X\\in'), column: columnOf(dims, 'n\\times d}$: design') , data: { symbol: 'n' } },
        { messageId: 'undeclared', line: lineOf(dims, '$X\\in'), column: columnOf(dims, 'd}$: design'), data: { symbol: 'd' } },
      ],
      output: dims.replace(GLOSSARY_END, `${GLOSSARY_END}\n- $n \\in \\mathbb{R}^{?}$: …\n- $d \\in \\mathbb{R}^{?}$: …`),
    },
    {
      name: 'a table glossary gets a table row',
      code: table,
      errors: [{ messageId: 'undeclared', line: lineOf(table, 'The margin'), column: columnOf(table, '\\gamma'), data: { symbol: '\\gamma' } }],
      output: table.replace('| $\\lambda>0$ | penalty | scalar |', '| $\\lambda>0$ | penalty | scalar |\n| $\\gamma \\in \\mathbb{R}^{?}$ | … | … |'),
    },
    {
      name: 'an empty glossary section gets its first entry',
      code: emptyGlossary,
      errors: [{ messageId: 'undeclared', line: lineOf(emptyGlossary, 'The margin'), column: columnOf(emptyGlossary, '\\gamma'), data: { symbol: '\\gamma' } }],
      output: emptyGlossary.replace('## 2) Notation & Objects (complete glossary)', '## 2) Notation & Objects (complete glossary)\n\n- $\\gamma \\in \\mathbb{R}^{?}$: …'),
    },
    {
      name: 'CRLF line breaks are kept in the inserted entry',
      code: tau.replace(/\n/g, '\r\n'),
      errors: [{ messageId: 'undeclared', line: lineOf(tau, 'A temperature'), column: columnOf(tau, '\\tau'), data: { symbol: '\\tau' } }],
      output: withSkeleton(tau, '\\tau').replace(/\n/g, '\r\n'),
    },
    {
      name: 'no glossary section: no fix',
      code: noGlossary,
      errors: [{ messageId: 'undeclared', line: lineOf(noGlossary, 'The margin'), column: columnOf(noGlossary, '\\gamma'), data: { symbol: '\\gamma' } }],
      output: null,
    },
  ],
});

describe('symbol-shape details', () => {
  it('points at the glossary section and offers an unsafe, preferred fix', () => {
    const { reports } = runCase(rule, { code: tau }, parseNote);
    assert.equal(reports.length, 1);
    assert.equal(reports[0].related?.[0].message, 'Declare it in the glossary section "2 Notation & Objects".');
    assert.equal(reports[0].related?.[0].range.start.line + 1, lineOf(tau, '### 2)'));
    assert.equal(reports[0].fix?.safe, false);
    assert.equal(reports[0].fix?.preferred, true);
  });
});
