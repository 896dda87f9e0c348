import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core/parse/index';
import { domainSymbols } from '../../src/core/rules/util/domains';
import { splitHeading, titleKeys } from '../../src/core/parse/headings';
import { ShapeCache, createShapeEnv, sharedShapeCache } from '../../src/core/shapes/index';
import { analyzeShapes } from '../../src/core/shapes/infer';
import { lintModel } from '../../src/core/lint';
import { workDone } from '../../src/core/work';
import fc from 'fast-check';

describe('work done once per note', () => {
  const note = [
    '---', 'format: lecture', '---', '', '# T', '', '## 2) Notation & Objects (Complete Glossary)', '',
    '- $p\\in\\Delta^{K-1}$: class probabilities.', '- $q\\in\\mathcal{Q}$: a member of the family.', '',
    '## 3) Assumptions, Constraints & Conditions', '', '- The family $\\mathcal{Q}$ is convex.', '',
  ].join('\n');

  it('domain letters are read once per model, recomputed when its symbols are replaced', () => {
    const model = parseNote(note);
    assert.deepEqual([...domainSymbols(model, false)].sort(), ['\\Delta', '\\mathcal{Q}']);
    // `\mathcal{Q}` is used outside a domain too: only `\Delta` names nothing but a domain.
    assert.deepEqual([...domainSymbols(model, true)], ['\\Delta']);
    assert.deepEqual([...domainSymbols(model, false)].sort(), ['\\Delta', '\\mathcal{Q}']);
    model.symbols = [];
    assert.deepEqual([...domainSymbols(model, false)], []);
  });

  it('symbol uses are placed only when their range is read, at the positions of their TeX offsets', () => {
    const withSum = (sum: string) => parseNote(`${note}\n$$\n\\begin{aligned}\nL(w) &= \\|Xw - y\\|^2 \\\\\n &= ${sum}\n\\end{aligned}\n$$\n`);
    const fillingWork = (model: ReturnType<typeof parseNote>) => {
      const before = workDone();
      void model.symbols;
      return workDone() - before;
    };
    const short = withSum('a + b');
    const long = withSum('a + b + c + d + e + f + g + h + k + m + r + s + t + u + v');
    assert.ok(long.symbols.length >= short.symbols.length + 10);
    // Placing each use would be two lookups or more per use.
    assert.equal(fillingWork(withSum('a + b + c + d + e + f + g + h + k + m + r + s + t + u + v')), fillingWork(withSum('a + b')));
    const placed = workDone();
    const lines = long.symbols.map((u) => [u.tex, u.range.start.line, u.range.start.character, u.range.end.character]);
    assert.ok(workDone() > placed);
    assert.deepEqual(lines.slice(6, 10), [['L', 17, 0, 1], ['X', 17, 10, 11], ['y', 17, 15, 16], ['a', 18, 4, 5]]);
  });

  it('domain letters read by TeX offsets are those read by position', () => {
    const model = parseNote(`${note}\n- $\\pi\\in\\Delta^{K-1}$ and $z \\sim \\mathcal{N}(0, I)$ with $y\\in\\{0,1\\}^{n}$.\n`);
    const byOffsets = [false, true].map((only) => [...domainSymbols(model, only)].sort());
    // Uses written by hand have a range only: they are compared by position.
    model.symbols = model.symbols.map((use) => JSON.parse(JSON.stringify(use)));
    const byPosition = [false, true].map((only) => [...domainSymbols(model, only)].sort());
    assert.deepEqual(byOffsets, byPosition);
    assert.deepEqual(byOffsets[0], ['I', '\\Delta', '\\mathcal{Q}']);
  });

  it('a heading keeps its number and title across parses', () => {
    const parts = splitHeading('📖 **2) Notation & Objects**');
    assert.deepEqual(parts, { number: '2', title: 'Notation & Objects' });
    assert.equal(splitHeading('📖 **2) Notation & Objects**'), parts);
    assert.ok(Object.isFrozen(parts));
  });

  it('front matter read once is read again into data of its own for each model', () => {
    const [a, b] = [parseNote(note), parseNote(note)];
    assert.deepEqual(a.frontMatter?.data, { format: 'lecture' });
    a.frontMatter!.data.format = 'deep-pass';
    assert.deepEqual(b.frontMatter?.data, { format: 'lecture' });
    assert.deepEqual(parseNote(note).frontMatter?.data, { format: 'lecture' });
    const bad = parseNote('---\nformat: [lecture\n---\n\n# T\n');
    assert.ok(bad.frontMatter?.error?.message.startsWith('Invalid YAML front matter'));
    assert.deepEqual(parseNote('---\nformat: [lecture\n---\n\n# T\n').frontMatter, bad.frontMatter);
  });

  it('a heading title keeps its keys across calls', () => {
    const keys = titleKeys('Notation & Objects (Complete Glossary)');
    assert.deepEqual([...keys], ['notation objects complete glossary', 'notation objects']);
    assert.equal(titleKeys('Notation & Objects (Complete Glossary)'), keys);
  });
});

describe('shape problems kept per formula', () => {
  const tex = 'X w';

  it('a formula analysed once is not analysed again while what it reads is the same, even from new bindings', () => {
    const cache = new ShapeCache();
    const env = () => createShapeEnv({ X: '\\mathbb{R}^{n\\times d}', w: '\\mathbb{R}^{n}', y: '\\mathbb{R}^{d}' });
    const first = cache.problems(tex, env());
    assert.equal(first.length, 1);
    assert.deepEqual(cache.problems(tex, env()), first);
    assert.deepEqual(cache.stats, { analyses: 1, hits: 1 });
  });

  it('a changed declaration of a symbol the formula uses gives a new analysis', () => {
    const cache = new ShapeCache();
    const wrong = createShapeEnv({ X: '\\mathbb{R}^{n\\times d}', w: '\\mathbb{R}^{n}', y: '\\mathbb{R}^{d}' });
    const right = createShapeEnv({ X: '\\mathbb{R}^{n\\times d}', w: '\\mathbb{R}^{d}', y: '\\mathbb{R}^{d}' });
    const unrelated = createShapeEnv({ X: '\\mathbb{R}^{n\\times d}', w: '\\mathbb{R}^{n}', y: '\\mathbb{R}^{d}', Z: '\\mathbb{R}^{q}' });
    assert.equal(cache.problems(tex, wrong).length, 1);
    assert.deepEqual(cache.problems(tex, right), []);
    assert.deepEqual(cache.problems(tex, right), analyzeShapes(tex, right).problems);
    assert.equal(cache.problems(tex, unrelated).length, 1);
    assert.deepEqual(cache.stats, { analyses: 3, hits: 1 });
  });

  it('a symbol declared only later (a new base) gives a new analysis', () => {
    const cache = new ShapeCache();
    assert.deepEqual(cache.problems(tex, createShapeEnv({ y: '\\mathbb{R}^{d}' })), []);
    assert.equal(cache.problems(tex, createShapeEnv({ X: '\\mathbb{R}^{n\\times d}', w: '\\mathbb{R}^{n}', y: '\\mathbb{R}^{d}' })).length, 1);
  });

  it('a kept result is always what a new analysis gives (random formulas under random declarations)', () => {
    const domains = ['\\mathbb{R}^{n\\times d}', '\\mathbb{R}^{d}', '\\mathbb{R}^{n}', '\\mathbb{R}', '\\mathbb{R}^{d\\times d}'];
    const symbols = ['X', 'w', 'y', 'A', 'x_i'];
    const env = fc.array(fc.tuple(fc.constantFrom(...symbols), fc.constantFrom(...domains)), { maxLength: 5 })
      .map((pairs) => createShapeEnv(pairs.map(([symbol, domain]) => ({ symbol, domain }))));
    const formula = fc.array(fc.constantFrom('X', 'w', 'y', 'A', 'x_i', 'x_j', '^\\top', '^{-1}', ' + ', ' = ', '(', ')', '\\sum_i ', '2', '\\frac{1}{n}'), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join(''));
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('X^\\top w', 'A x_i', 'w + y'), formula), { maxLength: 4 }), fc.array(env, { minLength: 1, maxLength: 6 }), (pairs, envs) => {
      const cache = new ShapeCache();
      const texts = pairs.flat();
      for (const e of envs) for (const tex of texts) assert.deepEqual(cache.problems(tex, e), analyzeShapes(tex, e).problems, tex);
    }), { numRuns: 400 });
  });

  it('a second lint of a note analyses none of its formulas again, with the same diagnostics', () => {
    const note = '---\nformat: lecture\n---\n\n## 2) Notation & Objects\n\n- $X\\in\\mathbb{R}^{n\\times d}$: data.\n- $w\\in\\mathbb{R}^{n}$: weights.\n\n$$\nX w\n$$\n';
    sharedShapeCache.clear();
    const first = lintModel(parseNote(note));
    const analyses = sharedShapeCache.stats.analyses;
    assert.ok(first.some((d) => d.rule === 'shape-mismatch'));
    assert.deepEqual(lintModel(parseNote(note)), first);
    assert.equal(sharedShapeCache.stats.analyses, analyses);
  });
});

describe('transformation lines kept per formula', () => {
  it('the same formula in two steps, and in a second parse, has its transformations at its own lines', () => {
    const step = (k: number) => `Equation (${k}): expand (VERBATIM).\n\n$$\n\\begin{aligned}\na &= b + c \\\\\n  &= d\n\\end{aligned}\n$$\n\n{Rule: algebra}\n`;
    const note = `---\nformat: lecture\n---\n\n## 4) Derivation Protocol\n\n### 4.B Step-by-Step Derivation\n\n${step(1)}\n${step(2)}`;
    const lines = (text: string) => parseNote(text).steps.map((s) => s.transformations.map((t) => [t.range.start.line, t.range.start.character, t.relation]));
    const expected = [[[12, 0, '&='], [13, 2, '&=']], [[23, 0, '&='], [24, 2, '&=']]];
    assert.deepEqual(lines(note), expected);
    assert.deepEqual(lines(note), expected);
    assert.deepEqual(lines(`\n\n${note.replace('---\n\n', '---\n\n\n\n')}`.trimStart()), expected.map((s) => s.map(([l, c, r]) => [(l as number) + 2, c, r])));
  });
});
