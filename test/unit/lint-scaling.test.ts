// The lint of the adversarial inputs (issue 17) in detail: scaling.test.ts
// allows a log factor (8× the text may cost 12× the work); the parse and the
// rules need none, so a search per span or per line that creeps back in
// shows here. And the rules read each prose run once (a 5 MB note has
// millions of runs).
import * as assert from 'node:assert/strict';
import { FAMILIES, adversarialText } from '../../scripts/adversarial';
import { parseNote } from '../../src/core/parse/index';
import { ProseRunRecord } from '../../src/core/parse/records';
import { lintModel } from '../../src/core/lint';
import { workDone } from '../../src/core/work';
import { GroupEnds, groupEnd } from '../../src/core/tex/arguments';
import fc from 'fast-check';

const SMALL = 64 * 1024;
const LARGE = 512 * 1024;
/** 8× the text: 8× the work, with a little room; a binary search per span or line makes it 9× and more. */
const MAX_RATIO = 8.4;

function lintWork(text: string): number {
  const before = workDone();
  lintModel(parseNote(text));
  return workDone() - before;
}

describe('lint scaling: no search per span or per line', function () {
  this.timeout(120_000);
  for (const family of FAMILIES) {
    it(`8× the text is 8× the work: ${family.name}`, () => {
      const small = lintWork(adversarialText(family, SMALL));
      const large = lintWork(adversarialText(family, LARGE));
      const ratio = large / small;
      assert.ok(ratio <= MAX_RATIO, `8× the text cost ${ratio.toFixed(2)}× the work (${small} → ${large} units)`);
    });
  }
});

describe('lint scaling: groups that never close are read once', function () {
  this.timeout(60_000);
  // Each group runs to the end of the text: read once per group, the line cost quadratic time.
  const texts: [string, (n: number) => string][] = [
    ['bare-tex: a prose line of `\\alpha{`', (n) => `x ${'\\alpha{'.repeat(n)}\n`],
    ['macros: a formula of `\\newcommand{`', (n) => `$$\n${'\\newcommand{'.repeat(n)}\n$$\n`],
    // Closed, nested: each group read whole, once per definition, was quadratic too.
    ['macros: a formula of nested `\\newcommand{…}`', (n) => `$$\n${'\\newcommand{'.repeat(n)}${'}'.repeat(n)}\n$$\n`],
    ['bare-tex: a prose line of nested `\\alpha{…}`', (n) => `x ${'\\alpha{'.repeat(n)}${'}'.repeat(n)}\n`],
    // Braces in a `%` comment are no group: each definition there was read on past the comment.
    ['macros: a `%` comment line of `\\newcommand{`', (n) => `$$\n% ${'\\newcommand{'.repeat(n)}\n$$\n`],
  ];
  for (const [name, text] of texts) {
    it(name, () => {
      const small = lintWork(text(1000));
      const large = lintWork(text(8000));
      assert.ok(large / small <= MAX_RATIO, `8× the text cost ${(large / small).toFixed(2)}× the work (${small} → ${large} units)`);
    });
  }

  it('steps: each derivation heading\'s labels are found once, not among every heading label of the note', () => {
    const note = (steps: number) => `---\nformat: deep-pass\n---\n## 4) Full Derivation\n\n${
      Array.from({ length: steps }, (_, k) => `### Step ${k + 1} (VERBATIM)\n\n$$a_${k} = b$$\n\n`).join('')}`;
    const small = lintWork(note(100));
    const large = lintWork(note(800));
    // Each step places its range (a binary search over the lines), as scaling.test.ts allows; a pass over the labels per heading is 18×.
    assert.ok(large / small <= 12, `8× the steps cost ${(large / small).toFixed(2)}× the work (${small} → ${large} units)`);
  });

  it('GroupEnds answers as groupEnd at every brace', () => {
    const piece = fc.constantFrom('{', '}', '\\', '%', '\n', 'a', ' ');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), fc.boolean(), fc.boolean(), (text, comments, readFirst) => {
      const groups = new GroupEnds(text, comments, readFirst);
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '{') assert.equal(groups.at(i), groupEnd(text, i, comments), `${JSON.stringify(text)} at ${i}`);
      }
    }), { numRuns: 2000 });
  });
});

describe('lint: prose runs read once', () => {
  /** Counts reads of the records' text and range while `run` runs. */
  function reads(run: () => void): { text: number; range: number } {
    const proto = ProseRunRecord.prototype;
    const text = Object.getOwnPropertyDescriptor(proto, 'text')!;
    const range = Object.getOwnPropertyDescriptor(proto, 'range')!;
    const counts = { text: 0, range: 0 };
    Object.defineProperty(proto, 'text', { ...text, get(this: ProseRunRecord) { counts.text++; return text.get!.call(this); } });
    Object.defineProperty(proto, 'range', { ...range, get(this: ProseRunRecord) { counts.range++; return range.get!.call(this); } });
    try {
      run();
    } finally {
      Object.defineProperty(proto, 'text', text);
      Object.defineProperty(proto, 'range', range);
    }
    return counts;
  }

  it('the rules read each run\'s text once and build no run\'s range', () => {
    // Runs with `$` and `\` make bare-tex and math-syntax read them; a link makes proseSegments mask one.
    const text = 'Cost $5 and \\( more, see [a](http://x.y) \\alpha\n'.repeat(300) + '\nA `code` and $x$ and \\[\n'.repeat(300);
    const model = parseNote(text);
    const runs = model.prose.length;
    assert.ok(runs >= 900);
    const counted = reads(() => lintModel(model));
    assert.ok(counted.text <= runs, `${counted.text} reads of the text of ${runs} runs`);
    assert.ok(counted.range <= 10, `${counted.range} ranges built`);
  });
});
