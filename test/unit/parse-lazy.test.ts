// What a parse leaves to be derived when read (issue 17: a 5 MB note of `$$x`
// lines holds a million lines and half a million spans over two lines): the
// derived data must be what the parse would have stored, and the parse must
// not build it.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { markdownFor, markdownSource, parseNote } from '../../src/core/parse/index';
import { parseInRuns } from '../../src/core/markdown';
import { mathPosition } from '../../src/core/parse/positions';
import { Doc, TokenScanner, masks } from '../../src/core/parse/scan';

// Math over lines in paragraphs, list items, quotes, table cells; indentation and tabs.
const PIECES = [
  '$', '$$', '\\(', '\\)', '\\[', '\\]', '\\begin{align}', '\\end{align}', 'a', 'x_1', '&=', '\\\\', '|', '\\|',
  '\n', '\n\n', '  ', '    ', '\t', '> ', '- ', '1. ', '| $P(Y\\|X)$ | $a\n', '|---|---|\n', '\r\n',
];

/** Where each line of a span's TeX stands in the document, by mathPosition. */
function misplacedLines(text: string): string[] {
  const model = parseNote(text);
  const problems: string[] = [];
  for (const span of model.math) {
    let from = 0;
    for (const line of span.tex.split('\n')) {
      // A table cell's `\|` is one character in the TeX: compare up to it. A tab became blanks: compare past them.
      const lead = line.length - line.trimStart().length;
      const content = line.trimStart().split('|')[0];
      const at = mathPosition(model, span, from + lead);
      const docLine = model.lines[at.line] ?? '';
      if (content && !docLine.startsWith(content, at.character)) {
        problems.push(`${JSON.stringify(content)} placed at ${at.line}:${at.character} in ${JSON.stringify(docLine)}`);
      }
      from += line.length + 1;
    }
  }
  return problems;
}

describe('parse: data derived on first read', () => {
  it('places every line of every math span where the document holds it', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 50 }), (pieces) => {
      const text = pieces.join('');
      assert.deepEqual(misplacedLines(text), [], JSON.stringify(text));
    }), { numRuns: 500 });
  });

  it('places the lines of indented, quoted and tabbed math', () => {
    const text = [
      'Para $a', 'b$ and', '  - item $c +', '    d +', '\te$', '', '> $$', '> f &= g', '> $$', '', '$$h', '   i$$', '',
      '1. one', '   $$', '   j', '   $$',
    ].join('\n');
    assert.deepEqual(misplacedLines(text), []);
    assert.deepEqual(parseNote(text).math.map((s) => s.segments.map((g) => [g.tex, g.line, g.character])), [
      [[0, 0, 6], [2, 1, 0]],
      [[0, 2, 10], [4, 3, 4], [8, 4, 1]],
      [[0, 6, 4], [1, 7, 0], [10, 8, 0]],
      [[0, 10, 2], [2, 11, 0]],
      [[0, 14, 5], [1, 15, 3], [3, 16, 3]],
    ]);
  });

  it('looks up no position for math whose TeX is the text one to one', () => {
    const text = '$$x\n'.repeat(2000) + '\n\n' + '$$\ny\n$$\n\n'.repeat(500);
    const pos = Doc.prototype.pos;
    let lookups = 0;
    Doc.prototype.pos = function (this: Doc, offset: number) { lookups++; return pos.call(this, offset); };
    try {
      const model = parseNote(text);
      assert.equal(model.math.length, 1500);
      assert.ok(lookups < 50, `${lookups} position lookups`);
      lookups = 0;
      assert.deepEqual(model.math[0].segments, [{ tex: 0, line: 0, character: 2 }, { tex: 2, line: 1, character: 0 }]);
      assert.deepEqual(model.math[1000].segments, [{ tex: 0, line: 2002, character: 2 }, { tex: 1, line: 2003, character: 0 }, { tex: 3, line: 2004, character: 0 }]);
      assert.ok(model.math[0].segments === model.math[0].segments, 'built once, then kept');
    } finally {
      Doc.prototype.pos = pos;
    }
  });

  it('splits the lines on first read, as the parse read them', () => {
    for (const text of ['a\nb\n', 'a\r\nb\rc', 'x\0y\n\n', '']) {
      const model = parseNote(text);
      assert.equal(Object.getOwnPropertyDescriptor(model, 'lines'), undefined, 'not split by the parse');
      assert.deepEqual(model.lines, text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD').split('\n'));
      assert.ok(Object.getOwnPropertyDescriptor(model, 'lines')?.enumerable, 'then an own field');
    }
    const set = parseNote('a\nb');
    set.lines = ['c'];
    assert.deepEqual(set.lines, ['c']);
  });

  it('blanks ranges as characters, keeping line breaks', () => {
    // Code unit by code unit: a range may split a surrogate pair.
    const reference = (src: string, ranges: { start: number; end: number }[]) => {
      let out = '';
      for (let i = 0; i < src.length; i++) out += src[i] !== '\n' && ranges.some((r) => i >= r.start && i < r.end) ? ' ' : src[i];
      return out;
    };
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '\n', ' ', 'é', '\uD83D', '\uDE00', '$') }), fc.array(fc.tuple(fc.nat(40), fc.nat(40))), (src, pairs) => {
      const ranges = pairs.map(([a, b]) => ({ start: Math.min(a, b, src.length), end: Math.min(Math.max(a, b), src.length) }));
      const half = ranges.slice(0, ranges.length >> 1);
      const rest = ranges.slice(ranges.length >> 1);
      assert.equal(masks(src, ranges, []).noCode, reference(src, ranges));
      assert.equal(masks(src, [], ranges).prose, reference(src, ranges));
      assert.deepEqual(masks(src, half, rest), { noCode: reference(src, half), prose: reference(src, ranges) });
      // Sparse ranges (a note's) are blanked as slices, dense ones in a buffer: padded, the same ranges are sparse.
      const padded = src + 'é\n'.repeat(40 * ranges.length);
      assert.deepEqual(masks(padded, half, rest), { noCode: reference(padded, half), prose: reference(padded, ranges) });
    }), { numRuns: 500 });
    assert.equal(masks('\uFEFFa$x$', [], [{ start: 2, end: 5 }]).prose, '\uFEFFa   ', 'a BOM stays');
    const long = 'ab\n'.repeat(10000);
    assert.equal(masks(long, [{ start: 1, end: long.length - 1 }], []).noCode, 'a' + ' \n' + '  \n'.repeat(9999));
  });

  it('keeps an item\'s paragraphs as line spans only, no block each (a list of a million items)', () => {
    const text = '- a $x$\n- b\n\n  c\n\n> d\n\ne\n\n- # h\n';
    const doc = new Doc(markdownSource(text));
    const scanner = new TokenScanner(doc);
    parseInRuns(markdownFor({}), doc.src, (run) => scanner.add(run));
    const scan = scanner.result();
    assert.deepEqual(scan.blocks.map((b) => [b.kind, b.startLine, b.depth]), [
      ['item', 0, 0], ['item', 1, 0], ['paragraph', 5, 0], ['paragraph', 7, 0], ['item', 9, 0], ['heading', 9, 1],
    ]);
    assert.deepEqual(scan.paragraphs, [{ start: 0, end: 1 }, { start: 1, end: 2 }, { start: 3, end: 4 }, { start: 5, end: 6 }, { start: 7, end: 8 }]);
    assert.deepEqual(parseNote(text).paragraphs, scan.paragraphs);
    // Lines that each start three list items: more items than lines.
    const nested = parseNote('- - - a\n'.repeat(100));
    assert.deepEqual(nested.listItems, Array.from({ length: 100 }, (_, line) => [1, 3, 5].map((level) => ({ line, level }))).flat());
    assert.equal(nested.paragraphs.length, 100);
  });

  it('keeps a span\'s delimiter, display and block in one field (a million spans)', () => {
    const model = parseNote('$a$ \\(b\\) $$c$$\n\n\\[\nd\n\\]\n\n\\begin{align*}\ne\n\\end{align*}\n');
    assert.deepEqual(model.math.map((s) => [s.delimiter, s.display, s.block]),
      [['$', false, false], ['\\(', false, false], ['$$', true, false], ['\\[', true, true], ['begin', true, true]]);
    for (const span of model.math) {
      assert.deepEqual(Object.keys(span).filter((key) => ['delimiter', 'display', 'block'].includes(key)), [], 'no own field each');
      const plain = JSON.parse(JSON.stringify(span));
      assert.deepEqual([plain.delimiter, plain.display, plain.block], [span.delimiter, span.display, span.block]);
    }
  });
});

describe('parse: the model is a fast object', () => {
  // V8's own test of an object's layout: a model kept as a hash table made every read of its fields in the parse and the rules a look-up.
  setFlagsFromString('--allow-natives-syntax');
  const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;

  it('keeps its fields in a fast layout, before and after every lazy field is read', () => {
    const model = parseNote('---\nformat: lecture\n---\n\n## 2) Notation\n\n- $x\\in\\mathbb{R}^d$: input.\n\n## 4) Derivation\n\n**Step 1 (VERBATIM) [00:12]:** $$y = x$$\n');
    assert.ok(hasFastProperties(model), 'after the parse');
    void [model.symbols, model.declarations, model.glossary, model.lines, model.paragraphs, model.listItems];
    assert.ok(hasFastProperties(model), 'after the lazy fields are read');
  });
});
