import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benches } from '../../scripts/bench';
import { runAdversarial } from '../../scripts/bench-adversarial';
import { FAMILIES } from '../../scripts/adversarial';
import { distinctCopies } from '../../scripts/bench-render';
import { parseNote } from '../../src/core/parse/index';
import { interleaved, median, medianTime } from '../../scripts/bench-timing';
import { asNote, modelStyleNote, noteCorpora } from '../../scripts/note-corpus';
import { everyRuleOn } from '../../scripts/bench-notes';
import { lintModel, resolveRuleSettings } from '../../src/core/lint';
import { allRules } from '../../src/core/rules/index';
import { builtinFormats } from '../../src/core/formats/index';

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
    assert.ok(measurements.some((m) => m.name === 'lint time 10× / 1×, study sheet as a note'));
    const fresh = measurements.find((m) => m.name.startsWith('peak RSS of a fresh process that lints'));
    assert.ok(fresh && fresh.unit === 'MB' && fresh.value > 10, JSON.stringify(fresh));
  });
});

describe('bench: the bundle npm run bench runs', () => {
  it('runs bench.ts\'s main alone, and the benches find their files from scripts/', function () {
    this.timeout(120_000);
    const root = resolve(__dirname, '../..');
    const build = spawnSync(process.execPath, [join(root, 'scripts/build-bench.mjs')], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const dir = mkdtempSync(join(tmpdir(), 'mlnotes-bench-test-'));
    try {
      const corpus = join(dir, 'corpus.md');
      writeFileSync(corpus, '# Title\n\nSome $x^2$ and prose.\n\n$$\na = b\n$$\n');
      const run = spawnSync(process.execPath, [join(root, '.tmp/bench/bench.cjs'), '--only', 'lint', '--runs', '1', '--corpus', corpus],
        { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      // One table: a bench that ran its own main (each is the main module in one bundle) would print another.
      assert.equal(run.stdout.split('corpus: ').length, 2, run.stdout);
      assert.match(run.stdout, /lint \/ parse, 1×/);
      // The fresh process of the peak-RSS target is scripts/adversarial-child.cjs, found from scripts/.
      assert.match(run.stdout, /peak RSS of a fresh process linting the 10× text once +\d/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench: note corpora', () => {
  it('the model-style note is one lecture note of about 200 KB whose steps and equations number on without gaps', function () {
    this.timeout(30_000);
    const text = modelStyleNote();
    assert.ok(Math.abs(Buffer.byteLength(text) - 200 * 1024) < 20 * 1024, `${Buffer.byteLength(text)} bytes`);
    const model = parseNote(text);
    assert.equal(model.format?.id, 'lecture');
    assert.deepEqual(model.sections.map((s) => s.spec.number), ['0', '1', '2', '3', '4', '4.A', '4.B', '4.C', '4.D', '4.E', '5', '6', '7', '8']);
    assert.ok(model.steps.length > 500 && model.math.length > 1000, `${model.steps.length} steps, ${model.math.length} formulas`);
    const numbers = model.steps.map((s) => Number(s.number));
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1));
    const diagnostics = lintModel(model, everyRuleOn());
    assert.deepEqual(diagnostics.filter((d) => ['step-number', 'equation-ref', 'step-rule', 'symbol-shape', 'required-section'].includes(d.rule)), []);
    assert.ok(diagnostics.length < model.steps.length / 10, `${diagnostics.length} diagnostics`);
  });

  it('the study sheet is read as a lecture note, its 10× copy with one front matter', () => {
    const [one, ten, note] = noteCorpora('# Sheet\n\nSome $x$.\n', 'Note.\n');
    assert.equal(one.text, asNote('# Sheet\n\nSome $x$.\n'));
    assert.equal(parseNote(one.text).format?.id, 'lecture');
    assert.equal(ten.text.split('format: lecture').length, 2);
    assert.equal(ten.text.split('# Sheet').length, 11);
    assert.equal(note.text, 'Note.\n');
  });

  it('every rule is on with the bench config, in every format', () => {
    const config = everyRuleOn();
    for (const format of builtinFormats) {
      for (const rule of allRules) assert.notEqual(resolveRuleSettings(rule, format, config).severity, 'off', `${rule.meta.id} in ${format.id}`);
    }
  });
});

describe('bench: adversarial inputs', () => {
  it('lints and renders a family in a fresh process and reports its time and peak RSS', function () {
    this.timeout(60_000);
    const family = FAMILIES[0];
    for (const step of ['lint', 'render'] as const) {
      const runs = runAdversarial(family, 4096, step, 2);
      assert.equal(runs.length, 2);
      for (const figures of runs) assert.ok(figures.wallMs > 0 && figures.cpuMs > 0 && figures.peakRssMB > 10, JSON.stringify(figures));
    }
  });
});
