import * as assert from 'node:assert/strict';
import { significantTokens, tokenize } from '../../src/core/tex/tokens';
import { argumentTokens, closingBrace, groupEnd, readArgument } from '../../src/core/tex/arguments';
import { BOLD_STYLES } from '../../src/core/tex/vocabulary';
import { findSymbols } from '../../src/core/math/symbols';
import { checkMath, envFromDomains, symbolKey } from '../../src/core/shapes/index';

describe('tex: the one tokenizer and its significant view', () => {
  it('drops blanks, sizers, invisible delimiters and phantoms, and joins numbers', () => {
    const tex = '\\left( x_{12} + 1.5 \\right.\\phantom{a{b}} \\, \\frac12 ~&\\operatorname*{max} % note\n\\|y\\|';
    const view = significantTokens(tex);
    assert.deepEqual(view.map((t) => t.text),
      ['(', 'x', '_', '{', '12', '}', '+', '1.5', '\\frac', '1', '2', '\\operatorname*', '{', 'm', 'a', 'x', '}', '\\|', 'y', '\\|']);
    assert.deepEqual(view.map((t) => t.kind).slice(0, 8), ['punct', 'letter', 'punct', 'open', 'num', 'close', 'punct', 'num']);
    for (const t of view) assert.equal(tex.slice(t.start, t.end), t.text);
  });

  it('pairs braces within the view, so an argument (or a slice of one) is found by its pair', () => {
    const view = significantTokens('\\hat{\\mathbf{w}}^{(1)}');
    const hat = argumentTokens(view, 1)!;
    assert.deepEqual(hat.tokens.map((t) => t.text), ['\\mathbf', '{', 'w', '}']);
    // The slice keeps its pairs: the inner argument is read inside it.
    assert.deepEqual(argumentTokens(hat.tokens, 1)!.tokens.map((t) => t.text), ['w']);
    assert.equal(argumentTokens(significantTokens('x^{a'), 2), undefined);
    assert.equal(argumentTokens(significantTokens('}'), 0), undefined);
  });

  it('reads arguments on the full tokens and braces on text the same way', () => {
    const tex = '\\frac {a\\}{b}} % {\n{c}';
    const tokens = tokenize(tex);
    const arg = readArgument(tokens, 1)!;
    assert.equal(arg.braced && arg.closed, true);
    assert.equal(tex.slice(tokens[arg.start].start, tokens[arg.end - 1].end), '{a\\}{b}}');
    assert.equal(groupEnd(tex, 6), 14);
    // `%` comments out the rest of the line in TeX, not in Markdown prose.
    assert.equal(groupEnd('{a % }\n}', 0), 8);
    assert.equal(groupEnd('{a % }\n}', 0, false), 6);
    assert.equal(groupEnd('{never', 0), -1);
    assert.equal(closingBrace('{never', 0), 6);
  });
});

describe('tex: one vocabulary', () => {
  it('reads every bold style as one style, in the symbol finder and in the shape checker alike', () => {
    for (const style of ['mathbf', 'boldsymbol', 'bm', 'pmb', 'mathbfit', 'mathbold']) {
      assert.ok(BOLD_STYLES.has(style), style);
      assert.equal(findSymbols(`\\${style}{w}`)[0]?.key, '\\mathbf{w}', style);
      assert.equal(symbolKey(`\\${style}{w}`), '\\mathbf{w}', style);
    }
    const env = envFromDomains({ '\\mathbold{W}': '\\mathbb{R}^{n\\times d}', '\\mathbfit{x}': '\\mathbb{R}^{k}' });
    assert.equal(checkMath('\\bm{W}\\boldsymbol{x}', env).length, 1);
  });
});
