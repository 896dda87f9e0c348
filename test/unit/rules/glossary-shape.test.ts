import rule from '../../../src/core/rules/glossary-shape';
import { ruleTester } from '../rule-tester';
import { columnOf, deepPassNote, lectureNote, lineOf } from '../../fixtures/structure-rules/notes';

const BASE = '- $X\\in\\mathbb{R}^{n\\times d}$: design matrix.\n- $y\\in\\mathbb{R}^n$: target vector.\n- $w\\in\\mathbb{R}^d$: weight vector.\n- $\\lambda > 0$: regularization coefficient.';
const glossary = (extra: string) => lectureNote({ '2': `${BASE}\n${extra}` });

const bare = glossary('- $n$: number of samples.');
const matrixWord = glossary('- $A$: a design matrix.');
const pair = glossary('- $x_i, y_i$: the $i$-th sample.');
const mixed = glossary('- $b\\in\\mathbb{R}$, $\\tau$: bias and temperature.');
const tableBare = lectureNote({ '2': '| Symbol | Meaning | Shape |\n|---|---|---|\n| $X$ | design matrix | $n\\times d$ |\n| $y$ | targets | $\\mathbb{R}^n$ |\n| $w$ | weights | |\n| $\\lambda$ | penalty | scalar |' });
const paragraphLine = lectureNote({ '2': '$X\\in\\mathbb{R}^{n\\times d}$: design matrix.\n$y$: targets.' });

ruleTester(rule).run({
  valid: [
    { name: 'a clean lecture note', code: lectureNote() },
    { name: 'a clean DEEP-PASS note', code: deepPassNote() },
    { name: 'plain Markdown is no note', code: '## Notation\n\n- $n$: samples.\n' },
    { name: 'a distribution, a map, a set definition, a subset', code: glossary('- $\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2)$: noise.\n- $f:\\mathbb{R}^d\\to\\mathbb{R}$: model.\n- $\\mathcal{D}=\\{(x_i,y_i)\\}_{i=1}^n$: data.\n- $S\\subseteq\\{1,\\dots,d\\}$: support.') },
    { name: 'several declarations in one entry', code: glossary('- $b\\in\\mathbb{R}$, $c\\in\\mathbb{R}^d$: offsets.') },
    { name: 'a shape in a second math span', code: glossary('- $A$: a matrix of shape $n\\times d$.\n- $p$: probabilities in $[0, 1]$.\n- $z$: codes in $\\{0,1\\}^k$.') },
    { name: 'a complete domain in words', code: glossary('- $\\eta$: step size, a positive scalar.\n- $k$: number of clusters (integer).') },
    { name: 'a domain stated on the symbol itself', code: glossary('- $0 < \\gamma < 1$: discount.') },
    { name: 'an entry without math names no symbol', code: glossary('- All vectors are column vectors.') },
    { name: 'domainWords option', code: glossary('- $A$: a design matrix.'), options: { domainWords: ['matrix'] } },
    { name: 'an introductory sentence is not an entry', code: lectureNote({ '2': `Vectors are bold, e.g. $\\mathbf{x}$, and $n$ counts samples.\n\n${BASE}` }) },
    { name: 'a set used as a domain names a space, not a shaped object', code: glossary('- $\\mathcal{X}$: input space; $x_i\\in\\mathcal{X}$.\n- $\\mathcal{S}$, $\\mathcal{A}$: state and action spaces; $s\\in\\mathcal{S}$, $a\\in\\mathcal{A}$.') },
    { name: 'math outside the glossary is not an entry', code: lectureNote({ '5': '- $n$: number of samples.' }) },
  ],
  invalid: [
    {
      name: 'a bare symbol with a meaning only',
      code: bare,
      errors: [{
        messageId: 'noDomain', line: lineOf(bare, '- $n$'), column: columnOf(bare, 'n$: number'), endColumn: columnOf(bare, 'n$: number') + 1,
        data: { symbol: 'n' }, message: 'Glossary entry for n gives no domain or shape (write e.g. n \\in \\mathbb{R}^{d}).',
      }],
    },
    {
      name: '"matrix" is no shape',
      code: matrixWord,
      errors: [{ messageId: 'noDomain', line: lineOf(matrixWord, '- $A$'), column: 4, data: { symbol: 'A' } }],
    },
    {
      name: 'a list of symbols (the parser names the first)',
      code: pair,
      errors: [{ messageId: 'noDomain', line: lineOf(pair, '- $x_i'), column: 4, data: { symbol: 'x' } }],
    },
    {
      name: 'a declaration of one symbol does not cover another in the entry',
      code: mixed,
      errors: [{ messageId: 'noDomain', line: lineOf(mixed, '- $b'), column: columnOf(mixed, '\\tau$: bias'), data: { symbol: '\\tau' } }],
    },
    {
      name: 'a table row with an empty shape cell',
      code: tableBare,
      errors: [{ messageId: 'noDomain', line: lineOf(tableBare, '| $w$'), column: columnOf(tableBare, 'w$ | weights'), data: { symbol: 'w' } }],
    },
    {
      name: 'a glossary line without a bullet',
      code: paragraphLine,
      errors: [{ messageId: 'noDomain', line: lineOf(paragraphLine, '$y$: targets'), column: 2, data: { symbol: 'y' } }],
    },
  ],
});
