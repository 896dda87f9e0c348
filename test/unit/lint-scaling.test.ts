// The lint of the adversarial inputs (issue 17) in detail: scaling.test.ts
// allows a log factor (8× the text may cost 12× the work); the parse and the
// rules need none, so a search per span or per line that creeps back in
// shows here.
import * as assert from 'node:assert/strict';
import { FAMILIES, adversarialText } from '../../scripts/adversarial';
import { parseNote } from '../../src/core/parse/index';
import { lintModel } from '../../src/core/lint';
import { workDone } from '../../src/core/work';

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
