import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core/parse';
import { DeclarationScope, formatShape, inferShape, shapeAtPosition, texOffsetAt } from '../../src/core/shapes';

const text = [
  '---', 'format: lecture', '---', '', '# Note', '',
  '- $X\\in\\mathbb{R}^{n\\times d}$: design matrix; $w\\in\\mathbb{R}^d$.',
  '',
  'The fit $\\hat{y} = Xw$ and, over two lines,',
  '$$',
  '\\nabla_w L',
  '  = X^\\top(Xw - y)',
  '$$',
  '',
  'Later, $A\\in\\mathbb{R}^{d\\times r}$.',
].join('\n');

describe('shapes in a parsed note', () => {
  const model = parseNote(text);

  it('maps a document position into a span\'s tex', () => {
    const span = model.math.find((m) => m.tex.includes('\\hat{y}'))!;
    const line = 8;
    const character = model.lines[line].indexOf('Xw');
    assert.equal(span.tex.slice(texOffsetAt(span, { line, character })).startsWith('Xw'), true);
    assert.equal(texOffsetAt(span, { line: 3, character: 0 }), -1);
  });

  it('gives the shape under a position, with its document range', () => {
    const line = 11;
    const character = model.lines[line].indexOf('X^');
    const found = shapeAtPosition(model, { line, character });
    assert.equal(found?.label, 'n×d');
    assert.deepEqual(found?.range, { start: { line, character }, end: { line, character: character + 1 } });
    const onTop = shapeAtPosition(model, { line, character: character + 2 });
    assert.equal(onTop?.label, 'd×n');
    assert.equal(shapeAtPosition(model, { line: 4, character: 2 }), undefined);
  });

  it('scopes declarations: a symbol declared later is unknown before it', () => {
    const scope = new DeclarationScope(model);
    const first = model.math.find((m) => m.tex.includes('\\hat{y}'))!;
    assert.equal(inferShape('A', scope.before(first)), null);
    const last = model.math[model.math.length - 1];
    assert.equal(formatShape(inferShape('A', scope.before(last))!), 'd×r');
  });
});
