import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core/parse';
import { readFileSync } from 'node:fs';
import { hoverAt, hoverStats, shapeHover } from '../../src/core/hover';
import { shapeAtPosition } from '../../src/core/shapes';
import { texToUnicode } from '../../src/core/unicode';

const note = [
  '---', 'format: lecture', '---', '',
  '## 2) Notation & Objects', '',
  '- $X\\in\\mathbb{R}^{n\\times d}$: design matrix.',
  '- $w\\in\\mathbb{R}^d$: weight vector.', '',
  '## 4.B Step-by-Step Derivation', '',
  'Equation (1): the prediction $X w + \\tau$ (VERBATIM).', '',
  '$$',
  'p = X w \\label{eq:p}',
  '$$', '',
  'By \\eqref{eq:p} we are done.', '',
].join('\n');

describe('hover text', () => {
  const model = parseNote(note);
  const line = (n: number) => model.lines[n];

  it('shows the declaration of a symbol with its meaning and TeX', () => {
    const at = { line: 11, character: line(11).indexOf('X w') };
    const hover = hoverAt(model, at);
    assert.ok(hover, 'a hover over X');
    assert.match(hover.markdown, /\*\*X\*\* ∈ ℝ\^\(n×d\) \(glossary\)/);
    assert.match(hover.markdown, /design matrix/);
    assert.match(hover.markdown, /```latex\nX\\in\\mathbb\{R\}\^\{n\\times d\}\n```/);
  });

  it('says when a symbol has no declaration', () => {
    const at = { line: 11, character: line(11).indexOf('\\tau') + 1 };
    assert.match(hoverAt(model, at)?.markdown ?? '', /`\\tau` has no declaration/);
  });

  it('shows the inferred shape of the sub-expression under the cursor', () => {
    const at = { line: 14, character: line(14).indexOf('w \\label') };
    assert.match(hoverAt(model, at)?.markdown ?? '', /Shape of `w`: d×1/);
  });

  it('shows the equation an \\eqref points at', () => {
    const at = { line: 17, character: line(17).indexOf('eq:p') };
    const hover = hoverAt(model, at);
    assert.match(hover?.markdown ?? '', /Equation `eq:p` \(line 14\):\n\n```latex\np = X w\n```/);
  });
});

describe('hover shapes, cached per version', () => {
  const text = readFileSync('test/fixtures/notes/clean/lecture-ridge.md', 'utf8');
  /** Every position inside a formula, in an order that jumps back and forth through the note. */
  const positions = (model: ReturnType<typeof parseNote>) => model.math
    .flatMap((m) => Array.from({ length: m.contentRange.end.character - m.contentRange.start.character }, (_, i) => ({ line: m.contentRange.start.line, character: m.contentRange.start.character + i })))
    .filter((_, i) => i % 3 === 0)
    .sort((a, b) => ((a.line * 7919 + a.character) % 101) - ((b.line * 7919 + b.character) % 101));

  it('gives the shape the declarations in force give, as an uncached inference does', () => {
    const model = parseNote(text);
    const all = positions(model);
    let shown = 0;
    for (const at of all) {
      const expected = shapeAtPosition(model, at);
      const hover = shapeHover(model, at);
      assert.equal(hover?.markdown, expected && `Shape of \`${expected.expression}\`: ${expected.label}`, `at ${at.line}:${at.character}`);
      assert.deepEqual(hover?.range, expected?.range);
      if (hover) shown++;
    }
    assert.ok(shown > 20, `${shown} shapes shown`);
  });

  it('infers each formula once per version however often it is hovered', () => {
    const model = parseNote(text);
    const before = hoverStats.inferences;
    for (const at of positions(model)) hoverAt(model, at);
    const first = hoverStats.inferences - before;
    assert.ok(first > 0 && first <= model.math.length, `${first} inferences for ${model.math.length} formulas`);
    for (let pass = 0; pass < 2; pass++) for (const at of positions(model)) hoverAt(model, at);
    assert.equal(hoverStats.inferences - before, first, 'hovering again inferred nothing');
    // The next version (a new model) infers again.
    const edited = parseNote(`${text}\n`);
    const again = hoverStats.inferences;
    hoverAt(edited, positions(edited)[0]);
    assert.equal(hoverStats.inferences - again, 1);
  });
});

describe('texToUnicode', () => {
  const cases: [string, string][] = [
    ['X\\in\\mathbb{R}^{n\\times d}', 'X ∈ ℝ^(n×d)'],
    ['w\\in\\mathbb{R}^d', 'w ∈ ℝᵈ'],
    ['\\varepsilon\\sim\\mathcal{N}(0,\\sigma^2)', 'ε ∼ N(0,σ²)'],
    ['f:\\mathbb{R}^d\\to\\mathbb{R}', 'f:ℝᵈ → ℝ'],
    ['\\mathbf{w}^\\top x', 'wᵀ x'],
    ['y\\in\\{0,1\\}^n', 'y ∈ {0,1}ⁿ'],
    ['\\unknown{a}', '\\unknowna'],
  ];
  for (const [tex, expected] of cases) it(tex, () => assert.equal(texToUnicode(tex), expected));
});
