// No input makes a scan worse than linear (issue 17): for each family of
// adversarial inputs, linting and rendering 8× the text must do at most
// ~8× the work. Work is what the scanning code counts (src/core/work.ts:
// characters scanned, lookup steps), never wall time, so this is not flaky.
import * as assert from 'node:assert/strict';
import { FAMILIES, adversarialText } from '../../scripts/adversarial';
import { parseNote } from '../../src/core/parse/index';
import { lintModel } from '../../src/core/lint';
import { renderNote } from '../../src/core/render/render';
import { workDone } from '../../src/core/work';

const SMALL = 64 * 1024;
const LARGE = 512 * 1024;
/**
 * 8× the text may cost this many times the work: linear, with room for the
 * log factor of binary searches (offset → line), far below quadratic (64×).
 */
const MAX_RATIO = 8 * 1.5;

function workOf(run: () => unknown): number {
  const before = workDone();
  run();
  return workDone() - before;
}

const steps: { name: string; run: (text: string) => unknown }[] = [
  { name: 'lint', run: (text) => lintModel(parseNote(text)) },
  { name: 'render', run: (text) => renderNote(text) },
];

/** The preview: lint, then render with a marker for every diagnostic. */
function preview(text: string): unknown {
  const diagnostics = lintModel(parseNote(text)).map((d) => ({ line: d.range.start.line, severity: d.severity, message: d.message }));
  assert.ok(diagnostics.length > 1000, 'the input gives many diagnostics');
  return renderNote(text, { diagnostics });
}

describe('scaling: work grows linearly with the input', function () {
  this.timeout(180_000);
  for (const family of FAMILIES) {
    for (const step of steps) {
      it(`${step.name}: ${family.name}`, () => {
        const small = workOf(() => step.run(adversarialText(family, SMALL)));
        const large = workOf(() => step.run(adversarialText(family, LARGE)));
        assert.ok(small > 0, 'the scanning code counted some work');
        const ratio = large / small;
        assert.ok(ratio <= MAX_RATIO, `8× the text cost ${ratio.toFixed(1)}× the work (${small} → ${large} units; at most ${MAX_RATIO}×)`);
      });
    }
  }

  it('lint: one line of meant math after a digit, each followed by a bare command', () => {
    // bare-tex asks, for each command, whether it stands in such math: once a search of every pair on the line.
    const family = { name: 'unrendered math and bare commands', piece: '2$\\alpha$ \\beta ' };
    const small = workOf(() => lintModel(parseNote(adversarialText(family, SMALL))));
    const large = workOf(() => lintModel(parseNote(adversarialText(family, LARGE))));
    assert.ok(large / small <= MAX_RATIO, `8× the text cost ${(large / small).toFixed(1)}× the work (${small} → ${large} units)`);
  });

  it('preview with lint markers: list items with an unclosed \\( (a diagnostic on each)', () => {
    const family = { name: 'list items with an unclosed \\(', piece: '- \\(x^2\n' };
    const small = workOf(() => preview(adversarialText(family, SMALL)));
    const large = workOf(() => preview(adversarialText(family, LARGE)));
    assert.ok(large / small <= MAX_RATIO, `8× the text cost ${(large / small).toFixed(1)}× the work (${small} → ${large} units)`);
  });
});
