import * as assert from 'node:assert/strict';
import { isCondition, lineRelations, logicalLines, trailingAnnotation } from '../../src/core/parse/math-lines';

const lines = (tex: string, display = true) => logicalLines(tex, display).map((l) => tex.slice(l.from, l.to));
const relations = (tex: string) => lineRelations(tex, 0, tex.length);

describe('math lines: logical lines of a span', () => {
  it('splits \\\\ rows of aligned/align, dropping the environment wrappers', () => {
    assert.deepEqual(lines('\n\\begin{aligned}\nJ &= a \\\\\n  &= b \\\\\n  &\\le c\n\\end{aligned}\n'), ['J &= a', '&= b', '&\\le c']);
    assert.deepEqual(lines('\\begin{align}a &= b \\\\ &= c\\end{align}'), ['a &= b', '&= c']);
  });

  it('uses source lines when there is no \\\\', () => {
    assert.deepEqual(lines('\nJ(w) = a\n     = b\n'), ['J(w) = a', '= b']);
  });

  it('starts a new line where a source line of a row starts with a relation', () => {
    assert.deepEqual(lines('a = b + c\n  + d \\\\\n= e\n  = f'), ['a = b + c\n  + d', '= e', '= f']);
  });

  it('does not split the rows of matrices or cases, nor inside braces', () => {
    assert.deepEqual(lines('f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}'), ['f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}']);
    assert.deepEqual(lines('A = \\begin{pmatrix} a \\\\ b \\end{pmatrix}'), ['A = \\begin{pmatrix} a \\\\ b \\end{pmatrix}']);
  });

  it('gives inline math one line', () => {
    assert.deepEqual(lines('a = b', false), ['a = b']);
  });
});

describe('math lines: relations', () => {
  it('finds every relation of NOTE-SPEC §3', () => {
    for (const rel of ['=', '<', '>', '\\le', '\\ge', '\\approx', '\\propto', '\\iff', '\\implies', '\\Rightarrow', '\\equiv', '\\leq', '\\geq']) {
      assert.deepEqual(relations(`a ${rel} b`).relations, [rel], rel);
    }
  });

  it('ignores relations in sub/superscripts, \\text, command arguments and parentheses', () => {
    assert.deepEqual(relations('\\sum_{i=1}^{n} x_i').relations, []);
    assert.deepEqual(relations('x \\quad \\text{if a = b}').relations, []);
    assert.deepEqual(relations('P(y = 1 \\mid x)').relations, []);
    assert.deepEqual(relations('\\frac{a = b}{c}').relations, []);
    assert.deepEqual(relations('\\{x : x = 1\\}').relations, []);
  });

  it('counts a relation inside \\boxed, and reports &= as written', () => {
    assert.deepEqual(relations('\\boxed{w = v}').relations, ['=']);
    assert.deepEqual(relations('&= b').relations, ['&=']);
  });

  it('separates definitions from relations', () => {
    for (const tex of ['J := a', 'J =: a', 'J \\coloneqq a', 'J \\triangleq a', 'J \\stackrel{\\text{def}}{=} a', 'J \\overset{\\mathrm{def}}{=} a', 'J \\mathrel{:}= a']) {
      const r = relations(tex);
      assert.deepEqual([r.relations, r.definitions], [[], 1], tex);
    }
    assert.deepEqual(relations('J := a = b').relations, ['=']);
  });

  it('reads annotated relations as covered', () => {
    for (const tex of ['a \\overset{\\text{chain rule}}{=} b', 'a \\stackrel{(i)}{=} b', 'a \\underset{\\text{KKT}}{\\le} b']) {
      const r = relations(tex);
      assert.equal(r.annotated, true, tex);
      assert.equal(r.annotationForm, 'annotation');
    }
  });

  it('reads a rule in \\text at the end of a line', () => {
    assert.equal(trailingAnnotation('a = b \\quad \\text{(chain rule)}'), 'chain rule');
    assert.equal(trailingAnnotation('a = b \\quad\\text{by Jensen} \\tag{3}'), 'by Jensen');
    assert.equal(trailingAnnotation('a = b \\quad (\\text{product rule})'), 'product rule');
    assert.equal(trailingAnnotation('a &= b && \\text{(definition of } r)'), 'definition of');
    assert.equal(trailingAnnotation('a = b \\text{ for all } i'), undefined);
    assert.equal(trailingAnnotation('\\text{by} = c'), undefined);
    assert.equal(relations('a = b \\quad \\text{(linearity)}').annotationForm, 'trailing-text');
  });

  it('treats a bound on one symbol as a condition', () => {
    assert.equal(isCondition('\\lambda > 0', ['>']), true);
    assert.equal(isCondition('n \\ge d', ['\\ge']), true);
    assert.equal(isCondition('\\sigma^2 \\ge 0', ['\\ge']), true);
    assert.equal(isCondition('f(x) \\le g(x)', ['\\le']), false);
    assert.equal(isCondition('a = 0', ['=']), false);
  });
});
