import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseNote } from '../../src/core/parse/index';
import { createMarkdownIt } from '../../src/core/markdown';
import { mathPosition, offsetAt, positionAt } from '../../src/core/parse/positions';
import { studySheetOrSkip } from '../support/shared';

const lecture = [
  '---', 'format: lecture', '---', '# Ridge regression',
  '## 0) Metadata', '- Lecture Title: x',
  '## **1. Concept & Intuition**', '- a $x$ b',
  '## 🧠 Section 2: Notation and Objects (Complete Glossary)', '- $X\\in\\mathbb{R}^{n\\times d}$: design',
  '## §4 Derivation Protocol', '### 4.A Definitions (VERBATIM/RECONSTRUCTED)', 'text',
  '### 4.B — Step-by-Step Derivation (Numbered)', '',
  '$$', 'J(w) = a \\\\', '  &= b', '$$', '',
  'Setext', '------',
].join('\n');

describe('parseNote: structure', () => {
  it('reads front matter, headings and sections with normalised numbers and titles', () => {
    const model = parseNote(lecture);
    assert.equal(model.format?.id, 'lecture');
    assert.equal(model.formatSource, 'front-matter');
    assert.deepEqual(model.frontMatter?.data, { format: 'lecture' });
    assert.deepEqual(model.headings.map((h) => [h.number, h.title]), [
      [undefined, 'Ridge regression'], ['0', 'Metadata'], ['1', 'Concept & Intuition'],
      ['2', 'Notation and Objects (Complete Glossary)'], ['4', 'Derivation Protocol'],
      ['4.A', 'Definitions (VERBATIM/RECONSTRUCTED)'], ['4.B', 'Step-by-Step Derivation (Numbered)'], [undefined, 'Setext'],
    ]);
    assert.deepEqual(model.sections.map((s) => s.spec.number), ['0', '1', '2', '4', '4.A', '4.B']);
    const four = model.sections[3];
    assert.equal(four.end, model.lines.length, '4 contains 4.A and 4.B');
    assert.equal(model.sections[4].end, 13);
  });

  it('infers the format from three section headings, and none for plain Markdown', () => {
    const inferred = parseNote('## 1) Concept + Intuition + Geometric View (merged)\n## 2) Notation & Objects\n## 4) Full Derivation\n');
    assert.equal(inferred.format?.id, 'deep-pass');
    assert.equal(inferred.formatSource, 'inferred');
    assert.equal(parseNote('# Notes\n## Notation\n## Derivation\n').format, undefined);
  });

  it('positions a YAML error in the document', () => {
    const model = parseNote('---\ntitle: [unclosed\n---\n# x\n');
    assert.ok(model.frontMatter?.error);
    assert.ok(model.frontMatter!.error!.range.start.line >= 1);
  });

  it('gives a YAML error, never a throw, for an alias to an anchor that is not set', () => {
    const model = parseNote('---\nformat: *deep-pass\n---\n# x\n');
    assert.match(model.frontMatter?.error?.message ?? '', /Invalid YAML front matter: Unresolved alias/);
    assert.deepEqual(model.frontMatter!.data, {});
  });

  it('keeps exact ranges of math, and logical lines of display blocks', () => {
    const model = parseNote(lecture);
    const block = model.math.find((m) => m.display)!;
    assert.equal(block.tex, '\nJ(w) = a \\\\\n  &= b\n');
    assert.deepEqual(block.range, { start: { line: 15, character: 0 }, end: { line: 18, character: 2 } });
    assert.deepEqual(block.lines.map((l) => [l.tex, l.range.start.line, l.range.start.character]), [['J(w) = a', 16, 0], ['&= b', 17, 2]]);
    const inline = model.math.find((m) => m.tex === 'x')!;
    assert.deepEqual(inline.range, { start: { line: 7, character: 4 }, end: { line: 7, character: 7 } });
  });

  it('maps tex offsets of inline math inside an indented multi-line list item', () => {
    const text = '- item $a +\n  b = c$ end\n';
    const model = parseNote(text);
    const span = model.math[0];
    assert.equal(span.tex, 'a +\nb = c');
    assert.deepEqual(mathPosition(model, span, span.tex.indexOf('c')), { line: 1, character: 6 });
    assert.equal(offsetAt(model, positionAt(model, 13)), 13);
  });

  it('never reads math inside code or HTML comments, and reads \\$ as a dollar', () => {
    const model = parseNote('a `$x$` b <!-- $y$ --> \\$5 and \\$6 $z$\n\n```\n$$w$$\n```\n<!--\n$$v$$\n-->\n');
    assert.deepEqual(model.math.map((m) => m.tex), ['z']);
    assert.equal(model.comments.length, 2);
    assert.deepEqual(model.code.map((c) => c.block), [false, true]);
    assert.ok(model.prose.every((p) => !p.text.includes('$y$')));
  });

  it('reads an environment right under a line of text as display math of that paragraph', () => {
    const model = parseNote('Sum:\n\\begin{align}\na &= b \\\\\n&= c\n\\end{align}\nafter\n');
    assert.equal(model.math.length, 1);
    assert.equal(model.math[0].delimiter, 'begin');
    assert.ok(model.math[0].display);
    assert.deepEqual(model.math[0].lines.map((l) => [l.tex, l.range.start.line]), [['a &= b', 2], ['&= c', 3]]);
    assert.deepEqual(model.prose.map((p) => p.text), ['Sum:', 'after']);
  });

  it('keeps tex offsets equal to document offsets in a blockquote, with the markers blanked', () => {
    const model = parseNote('> Quote\n>\n> $$\n> a = b\n> $$\n');
    const span = model.math[0];
    assert.equal(span.tex, '\n  a = b\n  ');
    assert.deepEqual(mathPosition(model, span, span.tex.indexOf('b')), { line: 3, character: 6 });
  });

  it('finds math in table cells, also when two cells hold the same text', () => {
    const model = parseNote('| a | b |\n|---|---|\n| \\(X\\) | \\(X\\) |\n');
    assert.deepEqual(model.math.map((m) => m.range.start), [{ line: 2, character: 2 }, { line: 2, character: 10 }]);
  });

  it('maps CRLF text to the same positions', () => {
    const model = parseNote('a $x$\r\n\r\n$$\r\ny\r\n$$\r\n');
    assert.deepEqual(model.math[1].range, { start: { line: 2, character: 0 }, end: { line: 4, character: 2 } });
    assert.equal(model.lineStarts[1], 7);
  });

  it('computes symbols on first read, and keeps only plain data on the model', () => {
    const model = parseNote('Let $x \\in \\mathbb{R}^d$ and $y = 2x$.\n');
    // A closure kept on the model made V8 promote every parse to the old generation (parse/index.ts).
    for (const key of Reflect.ownKeys(model)) {
      const property = Object.getOwnPropertyDescriptor(model, key)!;
      assert.ok(typeof property.value !== 'function' && !property.get && !property.set, `model[${String(key)}] is code`);
    }
    assert.ok(!Object.keys(model).includes('symbols'), 'symbols are not computed before they are read');
    assert.deepEqual([...new Set(model.symbols.map((s) => s.key))].sort(), ['d', 'x', 'y']);
    assert.ok(Object.keys(model).includes('symbols'));
    model.declarations = [];
    assert.deepEqual(model.declarations, []);
  });

  it('keeps markdown-it\'s tokens only when asked, and builds the same model either way', () => {
    const text = `${lecture}\n\n> quoted $q$\n\n- item $i$\n  - nested\n`;
    const kept = parseNote(text, { keepTokens: true });
    const dropped = parseNote(text);
    assert.deepEqual(kept.tokens, createMarkdownIt().parse(text, {}));
    assert.equal(dropped.tokens, undefined);
    assert.deepEqual({ ...kept, tokens: undefined, symbols: kept.symbols }, { ...dropped, symbols: dropped.symbols });
  });

  it('lists paragraphs (not headings) and list items at every depth', () => {
    const model = parseNote('# Title\n\nOne\ntwo\n\n- a\n\n  b\n  - c\n\n> d\n');
    assert.deepEqual(model.paragraphs, [{ start: 2, end: 4 }, { start: 5, end: 6 }, { start: 7, end: 8 }, { start: 8, end: 9 }, { start: 10, end: 11 }]);
    assert.deepEqual(model.listItems, [{ line: 5, level: 1 }, { line: 8, level: 3 }]);
  });

  it('parses the study-sheet corpus as no note', function () {
    const text = studySheetOrSkip(this);
    const model = parseNote(text);
    assert.equal(model.format, undefined);
    assert.equal(model.sections.length, 0);
    assert.ok(model.math.length > 100);
  });
});
