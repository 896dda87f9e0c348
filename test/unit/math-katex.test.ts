import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MathCheckCache, checkTex, prepareForKatex } from '../../src/core/math/katex-check';
import { createMarkdownIt } from '../../src/core/markdown';
import { studySheetOrSkip } from '../support/shared';

/** `ok`, or the offending characters and the message. */
function verdict(tex: string, display = true, macros: Record<string, string> = {}): string {
  const result = checkTex(tex, display, macros);
  return result.ok ? 'ok' : `${JSON.stringify(tex.slice(result.start, result.end))}: ${result.message}`;
}

describe('math: KaTeX check', () => {
  const accepted: [string, boolean?, Record<string, string>?][] = [
    ['x^2 + y^2'],
    ['a \\label{eq:loss} = b'],
    ['\\eqref{eq:loss} \\text{ and } \\ref{eq:other}'],
    ['x \\tag{1}', false],
    ['x \\tag{1} \\tag{2}'],
    ['x \\tag*{A}'],
    ['\\begin{align} a &= b \\label{eq:a} \\\\ c &= d \\notag \\end{align}'],
    ['\\begin{multline} a \\\\ b \\end{multline}'],
    ['\\begin{multline*} a \\\\ b \\end{multline*}'],
    ['\\begin{equation*} a \\end{equation*}'],
    ['\\RR^n', true, { '\\RR': '\\mathbb{R}' }],
    ['\\newcommand{\\RR}{\\mathbb{R}} \\RR^n', true, { '\\RR': '\\mathbb{R}' }],
    ['\\DeclareMathOperator{\\tr}{tr} \\tr A', true, { '\\tr': '\\operatorname{tr}' }],
    ['\\def\\f#1{#1^2} \\f{x}'],
    // A note's definitions are read by the extension and blanked for KaTeX: KaTeX's own \R is no obstacle,
    // `\newcommand*` reads as `\newcommand`, `\renewcommand` needs no earlier definition.
    ['\\newcommand{\\R}{\\mathbb{R}} \\R'],
    ['\\newcommand*{\\E}{\\mathbb{E}} \\E[x]', false],
    ['\\renewcommand{\\V}{\\mathrm{Var}} \\V'],
    ['\\newcommand{\\f}[2]{#1+#2} \\f{a}{b}'],
    ['\\DeclareMathOperator*{\\argmax}{arg\\,max} \\argmax_x f(x)'],
    ['\\providecommand\\g{g} \\g', false],
    ['\\operatorname*{arg\\,max}_x f(x)'],
    ['\\text{Fréchet}'],
  ];
  for (const [tex, display = true, macros = {}] of accepted) {
    it(`accepts ${tex}`, () => assert.equal(verdict(tex, display, macros), 'ok'));
  }

  const rejected: [string, string, boolean?, Record<string, string>?][] = [
    ['\\foo + 1', '"\\\\foo": Undefined control sequence: \\foo'],
    ['a \\label{x} \\foo', '"\\\\foo": Undefined control sequence: \\foo'],
    ['x^', '"^": Expected group after \'^\''],
    ['\\frac{a}{', '"{": Unexpected end of input in a macro argument, expected \'}\''],
    ['\\left( x', '"x": Expected \'\\right\', got \'EOF\''],
    ['a}b', '"}": Expected \'EOF\', got \'}\''],
    ['a & b', '"&": Expected \'EOF\', got \'&\'', false],
    ['\\begin{foo} a \\end{foo}', '"{foo}": No such environment: foo'],
    ['\\RR^n', '"\\\\RR": Undefined control sequence: \\RR'],
    // A definition whose braces never close is not read: KaTeX reports it.
    ['\\newcommand{\\foo}{\\mathbb{Q}', '"}": Unexpected end of input in a macro argument, expected \'}\''],
  ];
  for (const [tex, expected, display = true, macros = {}] of rejected) {
    it(`rejects ${tex} at the right characters`, () => assert.equal(verdict(tex, display, macros), expected));
  }

  it('points at the whole span when the error is inside a macro body', () => {
    const result = checkTex('a + \\bad', true, { '\\bad': '\\frac{1}{\\undefinedthing}' });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual([result.start, result.end], [0, 8]);
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    const result = checkTex('{'.repeat(5000) + 'x' + '}'.repeat(5000), true);
    assert.equal(result.ok, false);
  });

  it('keeps positions: the prepared tex has the same length', () => {
    for (const tex of ['a \\label{eq:a} b \\tag{3}', '\\begin{multline*}x\\end{multline*}', '\\eqref{a}\\ref{b}', '\\notag x']) {
      assert.equal(prepareForKatex(tex).length, tex.length, tex);
    }
  });

  it('caches by (tex, display, macros)', () => {
    const cache = new MathCheckCache();
    const macros = { '\\RR': '\\mathbb{R}' };
    assert.equal(cache.check('\\RR', true, macros).ok, true);
    assert.equal(cache.check('\\RR', true, { ...macros }).ok, true);
    assert.equal(cache.check('\\RR', true, {}).ok, false);
    assert.equal(cache.check('x\\tag{1}', false, {}).ok, true);
    assert.deepEqual(cache.stats, { parses: 3, hits: 1 });
    assert.equal(cache.size, 3);
  });

  it('finds exactly the one real error of the study-sheet corpus', function () {
    const text = studySheetOrSkip(this);
    const tokens = createMarkdownIt().parse(text, {});
    const errors: string[] = [];
    const visit = (list: typeof tokens) => {
      for (const token of list) {
        if (token.type === 'math_inline' || token.type === 'math_inline_double' || token.type === 'math_block') {
          const result = checkTex(token.content, token.type !== 'math_inline');
          if (!result.ok) errors.push(`${token.map?.[0] ?? ''} ${token.content.slice(result.start, result.end)} ${result.message}`);
        }
        if (token.children) visit(token.children);
      }
    };
    visit(tokens);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /\} Expected 'EOF', got '\}'/);
  });
});
