import * as assert from 'node:assert/strict';
import { benches } from '../../scripts/bench';
import { runAdversarial } from '../../scripts/bench-adversarial';
import { FAMILIES } from '../../scripts/adversarial';
import { distinctCopies } from '../../scripts/bench-render';
import { parseNote } from '../../src/core/parse/index';
import { interleaved, median, medianTime } from '../../scripts/bench-timing';

describe('bench helpers', () => {
  it('takes the median of odd and even counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('runs the function once to warm up, then the timed runs, with the setup before each', () => {
    let calls = 0;
    let setups = 0;
    const time = medianTime(() => { calls++; }, 3, () => { setups++; });
    assert.equal(calls, 4);
    assert.equal(setups, 4);
    assert.ok(time >= 0);
  });

  it('interleaves the cases round by round', () => {
    const order: string[] = [];
    interleaved(2, { a: { fn: () => order.push('a'), before: () => order.push('a0') }, b: { fn: () => order.push('b') } });
    assert.deepEqual(order, ['a0', 'a', 'b', 'a0', 'a', 'b', 'a0', 'a', 'b']);
  });

  it('makes a batch of calls per case in each round, and gives the time per call', () => {
    const order: string[] = [];
    const times = interleaved(1, { a: { fn: () => order.push('a'), before: () => order.push('a0') }, b: { fn: () => order.push('b') } }, 2);
    assert.deepEqual(order, ['a0', 'a', 'a0', 'a', 'b', 'b', 'a0', 'a', 'a0', 'a', 'b', 'b']);
    assert.ok(times.a >= 0 && times.b >= 0);
  });

  it('the copies of the render bench share no formula, and differ only in spaces inside an empty group', () => {
    const text = 'Inline $x$ and \\(y\\).\n\n$$\na = b\n$$\n\n\\begin{align}\nc &= d\n\\end{align}\n';
    const copies = distinctCopies(text, 10);
    const math = parseNote(copies.join('\n\n')).math;
    assert.equal(math.length, 40);
    assert.equal(new Set(math.map((m) => m.tex)).size, 40);
    assert.equal(new Set(copies.map((copy) => copy.replace(/\{ *\}/g, '{}'))).size, 1);
    assert.equal(copies[0].replace(/\{\}/g, ''), text);
  });

  it('every bench gives named measurements with units on a small corpus', function () {
    this.timeout(180_000); // the big-note bench starts fresh processes: slow on a loaded machine, never a limit
    const text = '# Title\n\nSome $x^2$ and \\theta.\n\n$$\na = b\n$$\n\nA line of plain prose here.\n\nAnother line of plain prose.\n';
    const corpora = [{ label: '1×', text }, { label: '10×', text: Array(10).fill(text).join('\n\n') }];
    const measurements = benches.flatMap((bench) => bench.run({ corpora, runs: 1, batch: () => 2 }));
    assert.ok(measurements.length >= 12);
    for (const m of measurements) {
      assert.ok(m.name.length > 0 && Number.isFinite(m.value) && ['ms', 'MB', '×'].includes(m.unit), JSON.stringify(m));
    }
    assert.ok(measurements.some((m) => m.name === 'first lint time 10× / 1×'));
  });
});

describe('bench: adversarial inputs', () => {
  it('lints and renders a family in a fresh process and reports its time and peak RSS', function () {
    this.timeout(60_000);
    const family = FAMILIES[0];
    for (const step of ['lint', 'render'] as const) {
      const figures = runAdversarial(family, 4096, step);
      assert.ok(figures.wallMs > 0 && figures.cpuMs > 0 && figures.peakRssMB > 10, JSON.stringify(figures));
    }
  });
});
