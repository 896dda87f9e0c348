import * as assert from 'node:assert/strict';
import { tokenize } from '../../src/core/tex/tokens';
import { readArgument, skipOptionalArgument, sliceTokens } from '../../src/core/tex/arguments';

const kinds = (tex: string) => tokenize(tex).map((t) => `${t.kind}:${t.text}`);

describe('math: tex tokenizer', () => {
  const table: [string, string[]][] = [
    ['x', ['letter:x']],
    ['\\alpha', ['command:\\alpha']],
    ['\\alpha2', ['command:\\alpha', 'digit:2']],
    ['\\{x\\}', ['command:\\{', 'letter:x', 'command:\\}']],
    ['\\\\', ['command:\\\\']],
    ['\\,dx', ['command:\\,', 'letter:d', 'letter:x']],
    ['x_{i}^2', ['letter:x', 'sub:_', 'open:{', 'letter:i', 'close:}', 'sup:^', 'digit:2']],
    ["f'", ['letter:f', "prime:'"]],
    ['a  &= b', ['letter:a', 'space:  ', 'align:&', 'char:=', 'space: ', 'letter:b']],
    ['x % note\ny', ['letter:x', 'space: ', 'comment:% note', 'space:\n', 'letter:y']],
    ['é', ['char:é']],
    ['𝑥', ['char:𝑥']],
    ['\\', ['command:\\']],
    ['', []],
  ];
  for (const [tex, expected] of table) {
    it(`tokenizes ${JSON.stringify(tex)}`, () => assert.deepEqual(kinds(tex), expected));
  }

  it('records offsets that slice back to the text', () => {
    const tex = '\\frac{a_1}{\\sqrt{b}} + \\mathbf{w}^\\top x';
    for (const t of tokenize(tex)) assert.equal(tex.slice(t.start, t.end), t.text);
  });

  it('pairs braces, leaving unmatched ones at -1', () => {
    const tokens = tokenize('{a{b}}}{');
    assert.equal(tokens[0].pair, 5);
    assert.equal(tokens[5].pair, 0);
    assert.equal(tokens[2].pair, 4);
    assert.equal(tokens[6].pair, -1);
    assert.equal(tokens[7].pair, -1);
  });

  it('reads braced and single-token arguments', () => {
    const tokens = tokenize('\\frac {ab} c');
    const first = readArgument(tokens, 1)!;
    assert.equal(sliceTokens('\\frac {ab} c', tokens, first.innerStart, first.innerEnd), 'ab');
    const second = readArgument(tokens, first.end)!;
    assert.equal(tokens[second.start].text, 'c');
    assert.equal(second.braced, false);
    assert.equal(readArgument(tokenize('x}'), 1), undefined);
    assert.equal(readArgument(tokenize('x'), 1), undefined);
  });

  it('reads an unclosed group to the end', () => {
    const tokens = tokenize('{ab');
    const arg = readArgument(tokens, 0)!;
    assert.equal(arg.innerEnd, tokens.length);
  });

  it('skips an optional argument', () => {
    const tokens = tokenize('\\sqrt[n]{x}');
    assert.equal(tokens[skipOptionalArgument(tokens, 1)].text, '{');
    assert.equal(skipOptionalArgument(tokenize('\\sqrt{x}'), 1), 1);
  });

  it('never throws on arbitrary input', () => {
    for (const tex of ['\\', '}{', '^_^', '\\\\\\', '\u0000', '\ud800', 'a\\']) assert.doesNotThrow(() => tokenize(tex));
  });
});
