// An unclosed `$`, `$$`, `\(` or `\[` in prose is reported when TeX follows it
// in the next LOOKAHEAD (240) characters of its paragraph
// (src/core/rules/util/dollars.ts). TexAhead answers from where TeX stands in
// each run, found once; it must answer exactly as reading that text does.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNote } from '../../src/core/parse/index';
import { TexAhead } from '../../src/core/rules/util/dollars';
import type { LineSpan, ProseRun } from '../../src/core/model';
import { workDone } from '../../src/core/work';

const LOOKAHEAD = 240;
const TEX_LIKE = /\\[A-Za-z]|[\^_{]/;

/** The text after `offset` of run `r` and of the runs that continue its paragraph, as the rule reads it. */
function paragraphAfter(runs: readonly ProseRun[], paragraphs: LineSpan[], r: number, offset: number): string {
  let text = runs[r].text.slice(offset, offset + LOOKAHEAD);
  const first = runs[r].range.start.line;
  const paragraph = paragraphs.find((p) => p.start <= first && first < p.end);
  const end = paragraph ? paragraph.end : Infinity;
  for (let k = r + 1; k < runs.length && text.length < LOOKAHEAD; k++) {
    const line = runs[k].range.start.line;
    if (line > runs[k - 1].range.start.line + 1 || line >= end) break;
    text += '\n' + runs[k].text.slice(0, LOOKAHEAD - text.length);
  }
  return text;
}

/** Pieces that make TeX, runs of prose of every length near the window, and paragraph, item and line breaks. */
const PIECES = ['\\alpha', '\\', '\\[', '$', '$x$', '^', '_', '{', 'a', ' ', '\n', '\n\n', '- ', '1. ', '> ', '# h\n', '`c`',
  'y'.repeat(97), 'z'.repeat(236), 'q'.repeat(239), '\\b', '\n\\c', 'w '.repeat(60)];
const note = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

describe('dollars: TeX after an unclosed delimiter', () => {
  it('TexAhead answers as reading the paragraph after the offset does, at every offset', () => {
    fc.assert(fc.property(note, (text) => {
      const model = parseNote(text);
      const ahead = new TexAhead(model.prose, () => model.paragraphs);
      model.prose.forEach((run, r) => {
        const runText = run.text;
        for (let offset = 0; offset <= runText.length; offset++) {
          assert.equal(ahead.follows(r, runText, offset), TEX_LIKE.test(paragraphAfter(model.prose, model.paragraphs, r, offset)),
            `run ${r} offset ${offset} in ${JSON.stringify(text)}`);
        }
      });
    }), { seed: 20261205, numRuns: 1500 });
  });

  it('asking at every offset of a long run costs work linear in the run', () => {
    const text = '\\['.repeat(20_000) + ' \\alpha';
    const model = parseNote(text);
    const run = model.prose[0].text;
    const ahead = new TexAhead(model.prose, () => model.paragraphs);
    const before = workDone();
    let yes = 0;
    for (let offset = 0; offset <= run.length; offset++) if (ahead.follows(0, run, offset)) yes++;
    assert.equal(yes, LOOKAHEAD - 1, 'TeX is found from the offsets within the window of it');
    assert.ok(workDone() - before <= 4 * run.length, `${workDone() - before} units for ${run.length} characters`);
  });
});
