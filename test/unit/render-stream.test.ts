// Rendering in pieces (issue 17): `mlnotes render` writes the page as it is
// rendered, so a note of megabytes never becomes one string. The pieces must
// join to exactly what the in-memory render gives, and no piece may grow
// with the note (the size of the largest piece is counted, not timed).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { markdownFiles } from '../support/shared';
import fc from 'fast-check';
import { NoteRenderer, noteMathIfNeeded } from '../../src/core/render/render';
import { createMarkdownIt } from '../../src/core/markdown';
import { renderStandalone, writeStandalone } from '../../src/core/render/standalone';
import { chunkedWriter } from '../../src/cli/files';
import { lintModel } from '../../src/core/lint';
import { parseNote } from '../../src/core/parse/index';
import { FAMILIES, adversarialText } from '../../scripts/adversarial';
import { randomDocument } from '../fuzz/generators';


const texts = [
  ...markdownFiles(resolve(__dirname, '../fixtures')),
  ...markdownFiles(resolve(__dirname, '../../../shared/seeds')),
  ...markdownFiles(resolve(__dirname, '../../../shared/corpus')),
].map((file) => readFileSync(file, 'utf8'));

/** The pieces `renderTo` writes for `text`. */
function pieces(text: string, diagnostics = false): string[] {
  const out: string[] = [];
  const markers = diagnostics ? lintModel(parseNote(text)).map((d) => ({ line: d.range.start.line, severity: d.severity, message: d.message })) : [];
  new NoteRenderer().renderTo(text, { diagnostics: markers }, (html) => out.push(html));
  return out;
}

function sameAsRender(text: string, diagnostics = false): void {
  const markers = diagnostics ? lintModel(parseNote(text)).map((d) => ({ line: d.range.start.line, severity: d.severity, message: d.message })) : [];
  assert.equal(pieces(text, diagnostics).join(''), new NoteRenderer().render(text, { diagnostics: markers }).html);
}

describe('render in pieces', function () {
  this.timeout(120_000);

  it('writes exactly the in-memory render: fixtures, seeds, corpus, with and without lint markers', () => {
    assert.ok(texts.length >= 10);
    for (const text of texts) {
      sameAsRender(text);
      sameAsRender(text, true);
    }
  });

  it('writes exactly the in-memory render of random documents', () => {
    fc.assert(fc.property(randomDocument, (text) => sameAsRender(text, true)), { seed: 20261205, numRuns: 150 });
  });

  it('writes exactly the in-memory render of long lists, handed over item by item: tight, loose, nested, marked', () => {
    const items = (piece: string, n = 400) => piece.repeat(n);
    const lists = [
      items('- item $x$\n'),
      `${items('- item $x$\n')}\n- loose at the end\n`,
      `- loose at the start\n\n${items('- item $x$\n')}`,
      `${items('- a\n')}- b\n\n  second paragraph\n${items('- c\n')}`,
      `${items('1. \\(x^2\n')}text after\n\n${items('- $$x\n', 300)}\n> quote\n`,
      `${items('- a\n  - nested\n\n  - nested loose\n- ```\n  code\n  ```\n', 150)}- $$\n  y\n  $$\n`,
      `intro \\(x\n\n${items('- \\(x^2 a\n  next line\n')}${items('+ other marker\n')}`,
      // A diagnostic in a hidden paragraph goes on its item, which need not stand next to it.
      items('- ```\n  code\n  ```\n  text \\(x^2\n', 200),
      // No blank line with text after it: tight whatever the items hold, written as it goes.
      `${items('- $$x\n')}\n\n`,
      `text\n\n${items('- a\n  - nested\n  > quote\n-\n')}`,
      `${items('1. \\(x^2\n')}# heading\n${items('- a\n')}`,
      // A blank line late in the list, or after it with text.
      `${items('- $$x\n')}\n- late\n`,
      `${items('- $$x\n')}\ntext\n`,
      `${items('- $$x\n')}  \n  more of the last item\n`,
      `${items('- $$x\n')}\n\n# heading\n\n${items('1. \\(x\n')}\n> quote\n`,
      `${items('- a\n')}- \`\`\`\n  x\n\n  y\n  \`\`\`\n${items('- b\n')}\n*emphasis*\n`,
    ];
    for (const text of lists) {
      sameAsRender(text);
      sameAsRender(text, true);
    }
  });

  it('numbers equations as it meets them when nothing refers forward: no first read of the note, the same page', () => {
    const numbered = '\\begin{equation}a\\label{a}\\end{equation}\n\n$$b \\label{b}$$\n\n\\[c\\]\n\n'
      + '\\begin{align}x &= 1 \\label{x}\\\\ y &= 2 \\nonumber\\\\ z &= 3\\end{align}\n\n'
      + 'Text $\\begin{aligned}p\\end{aligned}$ and\n\\begin{equation*}q\\label{q}\\end{equation*}\n\n$$d \\label{a}$$\n';
    for (const text of [numbered, numbered.repeat(300)]) {
      assert.equal(noteMathIfNeeded(text), undefined);
      sameAsRender(text);
    }
    // equation a, $$b$$, two rows of align, the later $$d$$ (its duplicate label is no anchor): KaTeX shows the tags it was given.
    assert.deepEqual([...pieces(numbered).join('').matchAll(/\\tag\{(\d+)\}/g)].map((m) => m[1]), ['1', '2', '3', '4', '5']);
    for (const forward of ['\\eqref{a}', '$$e \\tag{2}$$', '$\\newcommand{\\R}{r}$']) assert.ok(noteMathIfNeeded(numbered + forward) !== undefined, forward);
  });

  it('writes exactly the in-memory render when paragraphs are parsed as they are written, in batches', () => {
    const markersOf = (text: string) => lintModel(parseNote(text)).map((d) => ({ line: d.range.start.line, severity: d.severity, message: d.message }));
    const same = (text: string, batchSize: number, markers = markersOf(text)) => {
      const out: string[] = [];
      new NoteRenderer({ longInline: 0, batchSize }).renderTo(text, { diagnostics: markers }, (html) => out.push(html));
      assert.equal(out.join(''), new NoteRenderer().render(text, { diagnostics: markers }).html);
    };
    const hard = 'a *b $x$ c* $$y \\tag{3}$$ \\eqref{e} [l *e* $x$](u) <b>$y$</b> ![a $y$](i) `c` &amp; $w$\n$$z\\label{e}$$\n\n'
      + '- $x$ $y$\n  $z$ $w$\n- $v$ ~~s~~ $u$\n\n> $a$ $b$\n> $c$\n\n| $x$ | $y$ $z$ |\n|---|---|\n| $w$ $v$ | $u$ |\n';
    for (const size of [1, 2, 5]) {
      same(hard, size);
      for (const text of texts) same(text, size);
    }
    fc.assert(fc.property(randomDocument, fc.integer({ min: 1, max: 20 }), (text, size) => same(text, size, [])), { seed: 20261206, numRuns: 150 });
  });

  it('renders its own parse (line breaks and escapes kept in the text) as it renders the shared parser\'s tokens', () => {
    const md = createMarkdownIt();
    const same = (text: string) => assert.equal(new NoteRenderer().render(text).html, new NoteRenderer().render(text, {}, md.parse(text, {})).html);
    for (const text of texts) same(text);
    same('a  \nb \nc\\\nd \\* \\\\ \\a \\[x\\] \\\n\te *f\ng* `h\ni` ![j\nk](l) <b>m\nn</b> \\eq\nref{o}\n');
    fc.assert(fc.property(randomDocument, same), { seed: 20261206, numRuns: 150 });
  });

  it('writes no piece larger than one token\'s HTML: never the page, never a paragraph', () => {
    const largest = (list: string[]) => list.reduce((most, p) => Math.max(most, p.length), 0);
    for (const family of FAMILIES) {
      const text = adversarialText(family, 64 * 1024);
      const written = pieces(text);
      // A text token may be as long as the note's longest line; a formula's HTML does not grow with the note.
      // The page of a note of inline math is ~95 times the note.
      assert.ok(largest(written) <= Math.max(8192, text.length), `${family.name}: a piece of ${largest(written)} characters`);
    }
    const math = pieces(adversarialText(FAMILIES.find((f) => f.name === 'one long line of inline math')!, 256 * 1024));
    assert.ok(largest(math) <= 4096 && math.length > 50_000, `${math.length} pieces, the largest ${largest(math)} characters`);
  });

  it('writes the exported page in pieces: the same page as the sanitized export', () => {
    const assets = { katexCss: '.katex{}', previewCss: 'p{}' };
    // Only the serialisation of the same document may differ: entities, and `<hr />` for `<hr>`.
    const normalise = (page: string) => page.replace(/nonce-[0-9a-f]+|nonce="[0-9a-f]+"/g, 'N').replace(/&#39;/g, '\'')
      .replace(/&quot;/g, '"').replace(/&#8239;/g, '\u202f').replace(/ \/>/g, '>');
    const policy = '| a | b |\n|:--|--:|\n| $x$ | [f](ftp://host/f) |\n\n[m](mailto:a@b.c) ![i](data:image/png;base64,AA) [d](data:image/png;base64,AA)\n';
    for (const text of [...texts, policy]) {
      const out: string[] = [];
      writeStandalone(text, 'note.md', {}, assets, (html) => out.push(html));
      assert.equal(normalise(out.join('')), normalise(renderStandalone(text, 'note.md', {}, assets)));
    }
  });

  it('gathers the pieces into chunks of about 64 KB for the file', () => {
    const chunks: Buffer[] = [];
    const writer = chunkedWriter((bytes) => chunks.push(Buffer.from(bytes)));
    const piece = 'x\u200b\u00e9'.repeat(300);
    for (let i = 0; i < 1000; i++) writer.write(piece);
    writer.write('y'.repeat(100_000));
    writer.end();
    assert.equal(Buffer.concat(chunks).toString('utf8'), piece.repeat(1000) + 'y'.repeat(100_000));
    // Whole characters in each chunk, none over 64 KB but the one piece that is larger.
    for (const chunk of chunks) assert.equal(Buffer.from(chunk.toString('utf8'), 'utf8').length, chunk.length);
    assert.ok(chunks.length >= 15 && chunks.slice(0, -1).every((c) => c.length <= 1 << 16), chunks.map((c) => c.length).join(', '));
  });

  it('writes the same bytes whether a piece is encoded or its kept bytes copied: short, long, repeated, out of the recent ones', () => {
    const pool = ['a', 'b\u00e9 ', 'x'.repeat(63), 'y'.repeat(64), '\u200b'.repeat(500), 'z\u00e9'.repeat(40_000), 'w'.repeat(200_000)];
    const written = (list: string[]) => {
      const chunks: Buffer[] = [];
      const writer = chunkedWriter((bytes) => chunks.push(Buffer.from(bytes)));
      for (const piece of list) writer.write(piece);
      writer.end();
      for (const chunk of chunks) assert.equal(Buffer.from(chunk.toString('utf8'), 'utf8').length, chunk.length, 'whole characters');
      return Buffer.concat(chunks).toString('utf8');
    };
    fc.assert(fc.property(fc.array(fc.nat({ max: pool.length - 1 }), { maxLength: 60 }), (picks) => {
      const list = picks.map((i) => pool[i]);
      assert.equal(written(list), list.join(''));
    }), { seed: 20261206, numRuns: 100 });
    // More distinct long pieces of one length than are remembered, then some of them again.
    const distinct = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2)}:${'\u00e9'.repeat(9000)}`);
    const list = [...distinct, distinct[0], distinct[19], distinct[19], ...distinct, ...pool];
    assert.equal(written(list), list.join(''));
  });
});
