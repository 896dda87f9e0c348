// The NoteModel's math spans and prose runs are compact records (issue 17:
// a 5 MB note of inline math holds half a million of each): they store
// offsets and strings only, and give the same ranges, lines and segments as
// plain data does.
import * as assert from 'node:assert/strict';
import { parseNote } from '../../src/core/parse/index';
import { mathRange, positionAt } from '../../src/core/parse/positions';
import { equalData } from '../../src/core/equal';

const text = [
  '# Title', '', 'Let $x_1$ and \\(y\\) be given; the mean $\\mu$ too.', '',
  '- an item with $a +', '  b$ over two lines', '', '> $$', '> a &= b \\\\', '> &= c', '> $$', '',
  '| p | q |', '|---|---|', '| $P(Y\\|X)$ | r |', '',
].join('\n');

/** Own fields of a record: numbers, booleans and strings only, no object per span or run. */
function ownObjects(record: object): string[] {
  return Object.entries(record).filter(([, value]) => typeof value === 'object' && value !== null).map(([key]) => key);
}

describe('model records: compact math spans and prose runs', () => {
  const model = parseNote(text);

  it('stores no range, line or segment object per span or run', () => {
    assert.ok(model.math.length >= 5 && model.prose.length >= 5);
    const oneLine = model.math.filter((span) => span.segments.length === 1);
    assert.ok(oneLine.length >= 3);
    for (const span of oneLine) assert.deepEqual(ownObjects(span), [], `span ${span.tex}`);
    for (const run of model.prose) assert.deepEqual(ownObjects(run), [], `run ${run.text}`);
  });

  it('derives the ranges, lines and segments a parse used to store', () => {
    for (const span of model.math) {
      const plain = JSON.parse(JSON.stringify(span));
      assert.deepEqual(plain.range, span.range);
      assert.deepEqual(plain.lines, span.lines);
      assert.deepEqual(span.segments[0], { tex: 0, ...span.contentRange.start });
      assert.deepEqual(mathRange(model, span, 0, span.tex.length).end, span.contentRange.end);
    }
    const quoted = model.math.find((span) => span.display)!;
    assert.deepEqual(quoted.lines.map((l) => [l.tex, l.range.start.line]), [['a &= b', 8], ['&= c', 9]]);
    for (const run of model.prose) {
      assert.equal(model.text.slice(offset(run.range.start), offset(run.range.end)), run.text);
      assert.deepEqual(JSON.parse(JSON.stringify(run)), { text: run.text, range: run.range, section: run.section });
    }
  });

  function offset(position: { line: number; character: number }): number {
    return model.lineStarts[position.line] + position.character;
  }

  it('keeps positions exact across CRLF line breaks', () => {
    const crlf = parseNote(text.replace(/\n/g, '\r\n'));
    assert.deepEqual(crlf.math.map((s) => s.range), model.math.map((s) => s.range));
    assert.deepEqual(positionAt(crlf, crlf.text.indexOf('$x_1$')), model.math[0].range.start);
  });

  it('tells equal data (equalData) as the plain data does, without building it', () => {
    // The same text, one whose first line is longer (later offsets move, positions do not), one with a line added.
    const versions = [model, parseNote(text), parseNote(text.replace('# Title', '# A longer title')), parseNote(`\n${text}`),
      parseNote(text.replace('$\\mu$', '$\\nu$'))];
    const plain = (record: object) => JSON.parse(JSON.stringify(record)) as unknown;
    let equal = 0;
    for (const field of ['math', 'prose', 'symbols'] as const) {
      for (const a of model[field]) {
        for (const other of versions) {
          for (const b of other[field] as object[]) {
            const same = equalData(a, b);
            assert.equal(same, JSON.stringify(plain(a)) === JSON.stringify(plain(b)), `${field}: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
            if (same && a !== b) equal++;
          }
        }
      }
    }
    assert.ok(equal > 20, `${equal} equal pairs of distinct records`);
  });
});

