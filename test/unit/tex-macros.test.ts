import * as assert from 'node:assert/strict';
import markdownIt from 'markdown-it';
import { blankDefinitions, macroDefinitions, noteMacros, onlyDefinesMacros, readDefinitions } from '../../src/core/tex/macros';
import { lintText } from '../../src/core/lint';
import { NoteRenderer, renderNote } from '../../src/core/render/render';
import { mlnotesMarkdownItPlugin } from '../../src/core/render/plugin';

/** A note that defines its macros in math, inline and display, in every form LaTeX allows. */
const NOTE = [
  '# Macros',
  '',
  'Let $\\newcommand{\\R}{\\mathbb{R}}$ and $\\newcommand*{\\E}{\\mathbb{E}}$ and $\\DeclareMathOperator*{\\argmax}{arg\\,max}$.',
  '',
  '$$',
  '\\renewcommand{\\Var}{\\mathrm{Var}}',
  '\\def\\f#1{f(#1)}',
  '\\DeclareMathOperator{\\tr}{tr}',
  '$$',
  '',
  'Then $x \\in \\R$, $\\E[x]$, $\\argmax_x \\f{x}$, $\\Var$ and $\\tr A$.',
  '',
].join('\n');

const BAD = 'Bad: $\\newcommand{\\Q}{\\mathbb{Q}$ here.\n';

function katexErrors(html: string): number {
  return (html.match(/mlnotes-math-error/g) ?? []).length;
}

/** The KaTeX output of every formula, in order. */
function formulas(html: string): string[] {
  return html.match(/<span class="katex">[\s\S]*?<\/annotation>/g) ?? [];
}

describe('tex: the macro reader', () => {
  it('reads every form of definition, with its extent', () => {
    const tex = '\\newcommand*{\\E}{\\mathbb{E}} \\renewcommand\\V[1]{v_{#1}} \\providecommand{\\p}{p} '
      + '\\def\\f#1#2{#1+#2} \\DeclareMathOperator*{\\am}{arg\\,max} \\DeclareMathOperator\\tr{tr} \\newcommand{\\g}[2][x]{#1#2}';
    const found = readDefinitions(tex);
    assert.deepEqual(found.map((d) => [d.name, d.body]), [
      ['\\E', '\\mathbb{E}'], ['\\V', 'v_{#1}'], ['\\p', 'p'], ['\\f', '#1+#2'],
      ['\\am', '\\operatorname*{arg\\,max}'], ['\\tr', '\\operatorname{tr}'], ['\\g', '#1#2'],
    ]);
    for (const d of found) assert.match(tex.slice(d.start, d.end), /^\\[A-Za-z]+.*\}$/);
    assert.equal(blankDefinitions(tex).trim(), '');
    assert.equal(blankDefinitions(tex).length, tex.length);
  });

  it('does not read a definition whose braces never close, nor a longer command name', () => {
    assert.deepEqual(readDefinitions('\\newcommand{\\Q}{\\mathbb{Q}'), []);
    assert.deepEqual(readDefinitions('\\newcommand{\\Q'), []);
    assert.deepEqual(readDefinitions('\\definition{x} \\newcommandx{\\a}{b}'), []);
    assert.equal(blankDefinitions('x + \\newcommand{\\Q}{\\mathbb{Q}'), 'x + \\newcommand{\\Q}{\\mathbb{Q}');
  });

  it('reads no definition in a `%` comment, as TeX and KaTeX read none there', () => {
    assert.deepEqual(macroDefinitions('x % \\newcommand{\\Q}{\\mathbb{Q}}\n\\newcommand{\\N}{\\mathbb{N}}'), { '\\N': '\\mathbb{N}' });
    assert.deepEqual(macroDefinitions('50\\% \\newcommand{\\Q}{\\mathbb{Q}}'), { '\\Q': '\\mathbb{Q}' }, 'an escaped % starts no comment');
  });

  it('lets a later definition win and knows a span that only defines', () => {
    assert.deepEqual(noteMacros([{ tex: '\\newcommand{\\a}{1}' }, { tex: '\\renewcommand{\\a}{2}' }]), { '\\a': '2' });
    assert.equal(onlyDefinesMacros('\n\\newcommand{\\R}{\\mathbb{R}}\n\\def\\f{f}\n'), true);
    assert.equal(onlyDefinesMacros('\\newcommand{\\R}{\\mathbb{R}} x = 1'), false);
    assert.equal(onlyDefinesMacros('x = 1'), false);
  });
});

describe('macro definitions inside math', () => {
  it('math-syntax: no diagnostic for the definitions or their uses', () => {
    const { model, diagnostics } = lintText(NOTE);
    assert.deepEqual(diagnostics.filter((d) => d.rule === 'math-syntax').map((d) => d.message), []);
    assert.deepEqual(Object.keys(model.macros).sort(), ['\\E', '\\R', '\\Var', '\\argmax', '\\f', '\\tr']);
  });

  it('math-syntax: a definition whose braces never close is still reported, on its span', () => {
    const { diagnostics } = lintText(NOTE + '\n' + BAD);
    const errors = diagnostics.filter((d) => d.rule === 'math-syntax');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].range.start.line, NOTE.split('\n').length);
  });

  it('renders definitions as nothing and their uses as math, alike in the live preview, the export and the built-in preview', () => {
    const text = NOTE + '\n' + BAD;
    const { model } = lintText(text);
    // Live preview: the model's tokens and macros; export and `mlnotes render`: the text alone; VS Code: the plugin.
    const live = new NoteRenderer().render(text, { noteMacros: model.macros }, model.tokens).html;
    const exported = renderNote(text).html;
    const builtin = mlnotesMarkdownItPlugin(markdownIt({ html: true })).render(text);
    for (const html of [live, exported, builtin]) {
      assert.equal(katexErrors(html), 1, 'only the bad definition fails');
      assert.match(html, /mlnotes-math-error[^>]*>\$\\newcommand\{\\Q\}/);
      const rendered = formulas(html);
      assert.equal(rendered.length, 9);
      // The definitions show nothing: no letters in their KaTeX output, no definition in the source kept by KaTeX.
      for (const definition of [rendered[0], rendered[1], rendered[2], rendered[3]]) {
        assert.doesNotMatch(definition, /<mi|<mo|mord|newcommand|DeclareMathOperator|\\def/);
      }
      assert.match(rendered[4], /double-struck/); // \R
      assert.match(rendered[5], /double-struck/); // \E
      assert.match(rendered[6], /arg/); // \argmax
      assert.match(rendered[7], /Var/); // \Var
      assert.match(rendered[8], />tr</); // \tr
    }
    assert.deepEqual(formulas(live), formulas(exported));
    assert.deepEqual(formulas(builtin), formulas(exported));
  });
});
