import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MathIndex, NoteRenderer, renderNote } from '../../src/core/render/render';
import { createMarkdownIt } from '../../src/core/markdown';
import { numberEquations, labelAnchor } from '../../src/core/render/numbering';
import { macroDefinitions } from '../../src/core/tex/macros';

/** The visible text of rendered HTML, KaTeX's MathML copy removed. */
function visible(html: string): string {
  return html.replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, '').replace(/<[^>]+>/g, '').replace(/&#8239;/g, ' ');
}

const numbers = (html: string) => [...html.matchAll(/<span class="tag">([\s\S]*?)<\/span><\/span><\/span>/g)].map((m) => visible(m[1]));

describe('render: equation numbering', () => {
  it('numbers labelled display equations in order, skipping numbers a \\tag uses', () => {
    const n = numberEquations([
      { tex: 'a \\label{first}', display: true },
      { tex: 'b \\tag{2}', display: true },
      { tex: 'c', display: true },
      { tex: 'd \\label{second}', display: true },
    ]);
    assert.equal(n.labels.get('first')?.number, '1');
    assert.equal(n.labels.get('second')?.number, '3');
  });

  it('numbers every row of align and equation environments, not the starred ones', () => {
    const n = numberEquations([
      { tex: '\\begin{align}a&=b\\label{r1}\\\\c&=d\\\\e&=f\\notag\\label{r3}\\end{align}', display: true },
      { tex: '\\begin{align*}x&=y\\label{s}\\end{align*}', display: true },
      { tex: '\\begin{equation}z\\label{eq}\\end{equation}', display: true },
    ]);
    assert.deepEqual(n.rows[0].map((r) => r.auto), [1, 2, undefined]);
    assert.equal(n.labels.get('r1')?.number, '1');
    assert.equal(n.labels.get('r3')?.number, undefined);
    assert.equal(n.labels.get('s')?.number, undefined);
    assert.equal(n.labels.get('eq')?.number, '3');
  });

  it('uses the tag of a tagged label and records duplicates', () => {
    const n = numberEquations([
      { tex: 'x \\tag{3a}\\label{t}', display: true },
      { tex: 'y \\label{t}', display: true },
    ]);
    assert.equal(n.labels.get('t')?.number, '3a');
    assert.deepEqual(n.duplicates.get('t'), [0, 1]);
  });

  it('writes our numbers into the rows KaTeX shows, and renders multline', () => {
    const { html } = renderNote('\\begin{align}\na &= b \\\\\nc &= d \\notag \\\\\ne &= f\n\\end{align}\n\n\\begin{multline}\nx \\\\ = y\n\\end{multline}\n');
    const [align, multline] = html.split('</div>');
    // The visible text of each block ends with its tag column: one (n) per numbered row, none for the \notag row.
    assert.deepEqual(visible(align).match(/\(\d+\)/g), ['(1)', '(2)']);
    assert.deepEqual(visible(multline).match(/\(\d+\)/g), ['(3)']);
    // No number comes from KaTeX's own CSS counter (it would disagree with ours across the page).
    assert.doesNotMatch(html.replace(/<span class="katex-mathml">[\s\S]*?<\/math><\/span>/g, ''), /eqn-num/);
    assert.doesNotMatch(html, /mlnotes-math-error/);
  });

  it('never numbers inline math', () => {
    assert.equal(numberEquations([{ tex: 'x\\label{i}', display: false }]).labels.size, 0);
  });
});

describe('render: references', () => {
  const note = [
    'See \\eqref{loss} and \\ref{loss}, and \\eqref{nowhere}.', '',
    '$$', 'L(w) = \\|Xw - y\\|^2 \\label{loss}', '$$', '',
    '$$ \\nabla L = 0 \\quad\\text{by } \\eqref{loss} \\tag{7} $$', '',
    '\\begin{equation*}q \\label{star}\\end{equation*}', '',
    'Star: \\eqref{star}.', '',
  ].join('\n');
  const { html } = renderNote(note);

  it('links \\eqref and \\ref in prose to the numbered equation', () => {
    assert.match(html, new RegExp(`<a class="mlnotes-ref" href="#${labelAnchor('loss')}">\\(1\\)</a> and <a class="mlnotes-ref" href="#${labelAnchor('loss')}">1</a>`));
  });

  it('gives the labelled equation the anchor and KaTeX the number', () => {
    assert.match(html, new RegExp(`<div class="mlnotes-math" data-line="2" id="${labelAnchor('loss')}">`));
    assert.deepEqual(numbers(html), ['(1)', '(7)']);
  });

  it('links \\eqref inside math', () => {
    assert.match(html, new RegExp(`<a href="#${labelAnchor('loss')}">`));
  });

  it('shows a dangling reference as "??" with its name, in prose and in math', () => {
    assert.match(visible(html), /\(\?\? nowhere\)/);
    assert.match(visible(html), /Star: \(\?\? star\)/);
    const math = renderNote('$$ a = \\eqref{ghost} $$\n').html;
    assert.match(visible(math), /\?\?/);
    assert.match(visible(math), /ghost/);
  });
});

describe('render: math', () => {
  it('renders every delimiter NOTE-SPEC §2 accepts', () => {
    const src = readFileSync('test/fixtures/render/delimiters.md', 'utf8');
    const { html, stats } = renderNote(src);
    assert.equal(stats.expressions, 11);
    assert.equal((html.match(/class="katex"/g) ?? []).length, 11);
    assert.doesNotMatch(html, /mlnotes-math-error/);
    assert.doesNotMatch(visible(html), /\$|\\\(|\\\[|\\begin/);
  });

  it('loses no text after a $$ block', () => {
    const { html } = renderNote('$$x=1$$\n(a) the next line stays\n\n$$y$$ trailing words\n');
    assert.match(visible(html), /\(a\) the next line stays/);
    assert.match(visible(html), /trailing words/);
  });

  it('puts data-line on every block, math included', () => {
    const { html } = renderNote('# H\n\ntext\n\n$$\nx\n$$\n\n- item\n\n```\ncode\n```\n\n\\begin{align*}\na\n\\end{align*}\n');
    for (const line of [0, 2, 4, 8, 10, 14]) assert.match(html, new RegExp(`data-line="${line}"`), `line ${line}`);
  });

  it('shows a KaTeX error inline with its source and the message on hover, and renders the rest', () => {
    const { html } = renderNote('bad $\\frac{1}{$ and good $x^2$\n\n$$\\begin{matrix} a \\end{pmatrix}$$\n\nafter\n');
    assert.match(html, /<code class="mlnotes-math-error" title="KaTeX parse error: [^"]+">\$\\frac\{1\}\{\$<\/code>/);
    assert.match(html, /<pre class="mlnotes-math-error" title="KaTeX parse error: [^"]*">/);
    assert.equal((html.match(/class="katex"/g) ?? []).length, 1);
    assert.match(html, /<p data-line="4">after<\/p>/);
  });

  it('marks diagnostics on their paragraph or equation', () => {
    const { html } = renderNote('one\n\n$$\nx\n$$\n', { diagnostics: [{ line: 3, severity: 'error', message: 'no rule' }, { line: 0, severity: 'info', message: 'vague' }] });
    assert.match(html, /<p data-line="0" class="mlnotes-diag mlnotes-diag-info" title="info: vague"/);
    assert.match(html, /<div class="mlnotes-math mlnotes-diag mlnotes-diag-error" data-line="2" title="error: no rule"/);
  });
});

describe('render: macros', () => {
  it('reads \\newcommand, \\renewcommand, \\def and \\DeclareMathOperator', () => {
    assert.deepEqual(macroDefinitions('\\newcommand{\\vw}{\\mathbf{w}} \\newcommand\\f[2]{#1+#2} \\def\\g#1{g(#1)} \\DeclareMathOperator{\\tr}{tr}'),
      { '\\vw': '\\mathbf{w}', '\\f': '#1+#2', '\\g': 'g(#1)', '\\tr': '\\operatorname{tr}' });
  });

  it('uses macros from the user (settings and config), from the note, and from the model', () => {
    const html = (text: string, options = {}) => renderNote(text, options).html;
    assert.match(html('$\\vw$', { macros: { '\\vw': '\\mathbf{w}' } }), /mathbf/);
    assert.match(html('$\\newcommand{\\vw}{\\mathbf{w}}$ then $\\vw$'), /mathbf/);
    assert.match(html('$\\def\\vw{\\mathbf{w}}$ then $\\vw$'), /mathbf/);
    assert.match(html('$\\vw$', { noteMacros: { '\\vw': '\\mathbf{w}' } }), /mathbf/);
    // The note's own definition wins over the user's.
    assert.doesNotMatch(html('$\\renewcommand{\\vw}{v}$ $\\vw$', { macros: { '\\vw': '\\mathbf{w}' } }), /mathbf/);
  });

  it('re-renders with KaTeX only what changed, and everything when the macros change', () => {
    const renderer = new NoteRenderer();
    const text = '$a$ $b$ $\\vw$\n\n$$c$$\n';
    assert.equal(renderer.render(text).stats.katexCalls, 4);
    const edit = renderer.render(text.replace('$b$', '$bb$'));
    assert.deepEqual([edit.stats.katexCalls, edit.stats.cacheHits], [1, 3]);
    const changed = renderer.render(text, { macros: { '\\vw': '\\mathbf{w}' } });
    assert.equal(changed.stats.katexCalls, 4);
    assert.match(changed.html, /mathbf/);
    // The old macro set's entries are gone after the pass.
    assert.equal(renderer.cache.size, 4);
  });

  it('forgets expressions edited away, so the cache holds one version of the note', () => {
    const renderer = new NoteRenderer();
    for (const n of [1, 2, 3, 4, 5]) renderer.render(`$x_${n}$ and $y$\n`);
    assert.equal(renderer.cache.size, 2);
    assert.deepEqual(renderer.render('$x_5$ and $y$\n').stats, { expressions: 2, katexCalls: 0, cacheHits: 2 });
  });
});

describe('render: the index of each formula', () => {
  const tokens = createMarkdownIt().parse('$a$ and $b$\n\n$$c$$\n\n$d$\n', {})
    .flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type.startsWith('math'));

  it('gives each math token its index, met in order or not', () => {
    assert.equal(tokens.length, 4);
    const inOrder = new MathIndex(tokens, 10);
    assert.deepEqual(tokens.map((t) => inOrder.get(t)), [10, 11, 12, 13]);
    const anyOrder = new MathIndex(tokens, 10);
    assert.deepEqual([2, 0, 1, 3, 2, 3].map((i) => anyOrder.get(tokens[i])), [12, 10, 11, 13, 12, 13]);
    const [other] = createMarkdownIt().parse('$a$\n', {})[1].children!;
    assert.equal(new MathIndex(tokens).get(other), undefined);
    assert.equal(new MathIndex().get(tokens[0]), undefined);
  });
});
