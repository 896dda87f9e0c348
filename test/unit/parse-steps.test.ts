import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core/parse/index';

const deep = (body: string) => `---\nformat: deep-pass\n---\n## 2) Notation & Objects\n\n- $w\\in\\mathbb{R}^d$: weights.\n\n## 4) Full Derivation\n\n${body}\n\n## 5) Geometric / Statistical Interpretation\n\nText.\n`;
const steps = (body: string) => parseNote(deep(body)).steps;
const summary = (body: string) => steps(body).map((s) => ({
  number: s.number, source: s.numberSource, def: s.isDefinition,
  t: s.transformations.map((t) => `${t.relation}${t.covered ? '+' : '-'}`).join(' '),
  rules: s.rules.map((r) => `${r.form}:${r.count}`).join(' '),
}));

describe('parseNote: derivation steps', () => {
  it('groups a marker paragraph with its display math and the statements after it', () => {
    assert.deepEqual(summary('**Step 1 (VERBATIM).** Expand.\n\n$$\na = b\n$$\n\n{Rule: linearity}\n\nOne-line justification.\n\n**Step 2.** Next.\n\n$$b = c$$\n'), [
      { number: '1', source: 'marker', def: false, t: '=+', rules: 'braces:1' },
      { number: '2', source: 'marker', def: false, t: '=-', rules: '' },
    ]);
  });

  it('reads every stated-rule form, counting ;-separated items and ignoring empty stubs', () => {
    const s = summary([
      'Step 1: $$a = b$$\n{Rule: x; y}', 'Step 2: $$a = b$$\n**Rules used:** x', 'Step 3: $$a = b$$\n_Justification:_ x',
      'Step 4: $$a \\overset{\\text{x}}{=} b$$', 'Step 5: $$a = b \\quad \\text{(x)}$$', '1. $a = b$ (by x)', '2. $a = b$ {Rule: }',
    ].join('\n\n'));
    assert.deepEqual(s.map((x) => x.rules), ['braces:2', 'line:1', 'line:1', 'annotation:1', 'trailing-text:1', 'by-prose:1', 'braces:0']);
    assert.deepEqual(s.map((x) => x.t), ['=+', '=+', '=+', '=+', '=+', '=+', '=-']);
  });

  it('reads "the chain rule:" in a sentence as prose, not as a stated rule', () => {
    assert.deepEqual(summary('Step 1: $$a = b$$\nRecall the chain rule: it composes.').map((s) => [s.t, s.rules]), [['=-', '']]);
  });

  it('covers a block when its statements number its unannotated lines, else none of them', () => {
    const block = '$$\n\\begin{aligned}\na &= b \\\\\n&\\overset{(i)}{=} c \\\\\n&= d\n\\end{aligned}\n$$';
    assert.deepEqual(summary(`Step 1:\n${block}\n{Rule: x}\n{Rule: y}`)[0].t, '&=+ =+ &=+');
    const short = steps(`Step 1:\n${block}\n{Rule: x}`)[0];
    assert.deepEqual(short.transformations.map((t) => [t.covered, t.blockTransformations, t.blockRules]), [[false, 3, 2], [true, 3, 2], [false, 3, 2]]);
  });

  it('takes numbers from a marker, else the list number, else \\tag', () => {
    assert.deepEqual(summary('3. Step 7: $a = b$ (by x)\n4. $b = c \\tag{9}$ (by y)\n\n$$c = d \\tag{10}$$\n(by z)').map((s) => [s.number, s.source]), [['7', 'marker'], ['4', 'list'], ['10', 'tag']]);
    assert.deepEqual(summary('Equation (3a): $$a=b$$ (by x)\n\nEq. (3.1): $$a=b$$ (by x)\n\n(4) $$a=b$$ (by x)').map((s) => s.number), ['3a', '3.1', '4']);
  });

  it('makes a step of a heading with a marker, and of prose that leads into display math', () => {
    assert.deepEqual(summary('### Step 1 (VERBATIM): objective\n\nDefine the loss:\n\n$$J = a$$\n\nThen we expand:\n\n$$J = b$$\n{Rule: x}').map((s) => [s.number, s.def, s.t]), [
      ['1', true, '=+'], [undefined, false, '=+'],
    ]);
  });

  it('reads step markers after emoji, and numbered headings inside a derivation', () => {
    assert.deepEqual(summary('#### 🔹 Step 1 (VERBATIM): objective\n\n$$a = b$$ (by x)\n\n#### 2. Expand\n\n$$b = c$$ (by y)\n\n#### **3a)** Again\n\n$$c = d$$ (by z)').map((s) => [s.number, s.source]), [
      ['1', 'marker'], ['2', 'marker'], ['3a', 'marker'],
    ]);
  });

  it('keeps "where …" prose with inline relations in the step, and skips conditions', () => {
    assert.deepEqual(summary('Step 1: $$a = b$$\n{Rule: x}\n\nwhere $c = d$ holds and $\\lambda > 0$.').map((s) => s.t), ['=+']);
  });

  it('ignores non-derivation sections, plain Markdown and math inside stated rules', () => {
    assert.equal(parseNote('# x\n\n$$a = b$$\n').steps.length, 0);
    const model = parseNote(deep('Step 1: $$a = b$$\n{Rule: $\\nabla_w w^\\top A w = 2Aw$}'));
    assert.equal(model.steps[0].transformations.length, 1);
    assert.equal(model.math.filter((m) => m.placeholder).length, 1);
  });

  it('gives a step the labels of the headings above it and its own, valid or not', () => {
    const model = parseNote(deep('### Expansion (RECONSTRUCTED)\n\nStep 1 [VERBATUM]: $$a = b$$ (by x)\n\n### Other\n\nStep 2: $$b = c$$ (by y)'));
    assert.deepEqual(model.steps.map((s) => s.provenance.map((p) => `${p.kind}${p.valid ? '' : '!'}${p.inHeading ? '^' : ''}`)), [['RECONSTRUCTED^', 'VERBATIM!'], []]);
  });
});

describe('parseNote: references, macros, symbols, glossary', () => {
  it('reads \\label, \\tag, \\eqref/\\ref in math and prose, and prose "Eq. (k)"', () => {
    const model = parseNote('See \\eqref{a}, Eq. (2) and Equation (3).\n\n$$x = y \\label{a} \\tag{2}$$\n\nEquation (3): $z = 1$ and $\\ref{a}$\n');
    assert.deepEqual(model.references.map((r) => [r.kind, r.name, r.inMath]), [['eqref', 'a', false], ['ref', 'a', true], ['prose', '2', false], ['prose', '3', false]]);
    assert.deepEqual(model.labels.map((l) => [l.name, l.math]), [['a', 0]]);
    assert.deepEqual(model.tags.map((t) => t.tag), ['2']);
  });

  it('collects macros the note defines', () => {
    const model = parseNote('$$\n\\newcommand{\\R}{\\mathbb{R}}\n\\renewcommand\\norm[1]{\\|#1\\|}\n\\def\\E{\\mathbb{E}}\n\\DeclareMathOperator{\\tr}{tr}\n$$\n');
    assert.deepEqual(model.macros, { '\\R': '\\mathbb{R}', '\\norm': '\\|#1\\|', '\\E': '\\mathbb{E}', '\\tr': '\\operatorname{tr}' });
  });

  it('positions symbols inside a multi-line display block', () => {
    const model = parseNote('$$\na = b\n  + \\theta\n$$\n');
    const theta = model.symbols.find((s) => s.key === '\\theta')!;
    assert.deepEqual(theta.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } });
  });

  it('reads glossary entries from list items, table rows (symbol and domain in separate cells) and lines', () => {
    const text = [
      '---', 'format: lecture', '---', '## 2) Notation & Objects', '',
      '- $X\\in\\mathbb{R}^{n\\times d}$: design matrix', '- $\\eta$: step size', '',
      '| Symbol | Meaning | Shape |', '|---|---|---|', '| $w$ | weights | $\\mathbb{R}^d$ |', '',
      '$b\\in\\mathbb{R}$: bias', '$\\lambda\\ge 0$: penalty', '',
    ].join('\n');
    const model = parseNote(text);
    assert.deepEqual(model.glossary.map((e) => [e.symbols, e.declarations.map((d) => `${d.kind}:${d.domain}`), e.meaning]), [
      [['X'], ['set-membership:\\mathbb{R}^{n\\times d}'], 'design matrix'],
      [['\\eta'], [], 'step size'],
      [['w'], ['set-membership:\\mathbb{R}^d'], 'weights'],
      [['b'], ['set-membership:\\mathbb{R}'], 'bias'],
      [['\\lambda'], ['scalar-bound:\\ge 0'], 'penalty'],
    ]);
    assert.ok(model.declarations.every((d) => d.inGlossary));
  });

  it('reports an unknown front-matter format where it is written, and honours the format option', () => {
    const model = parseNote('---\ntitle: x\nformat: lectures\n---\n# x\n');
    assert.equal(model.format, undefined);
    assert.match(model.formatError!.message, /Unknown note format "lectures"/);
    assert.equal(model.formatError!.range.start.line, 2);
    assert.equal(parseNote('# x\n', { format: 'lecture' }).format?.id, 'lecture');
  });
});
