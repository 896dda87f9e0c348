// Property / fuzz tests (issue 8): random Markdown + LaTeX and mutations of
// real text never make the parser, a rule or the renderer throw or hang, and
// every diagnostic range lies inside the document and on what it names.
//
// `npm test` runs a fixed seed and a bounded count. Longer runs:
//   MLNOTES_FUZZ_RUNS=2000 node scripts/run-unit.cjs fuzz        (runs per property)
//   MLNOTES_FUZZ_SEED=123 node scripts/run-unit.cjs fuzz         (another seed)
// On failure the message gives the seed, the path and the shrunk
// counterexample; replay it with MLNOTES_FUZZ_SEED and MLNOTES_FUZZ_PATH.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { applyMutations, lineWindow, mutations, randomDocument } from '../fuzz/generators';
import { checkText, diagnosticProblems, namedThingProblem, rangeProblem, textAt } from '../fuzz/properties';
import { parseNote } from '../../src/core/parse/index';
import { lintModel } from '../../src/core/lint';
import { applyFixes } from '../../src/core/fix';
import type { LintDiagnostic } from '../../src/core/types';

const CORPUS = resolve(__dirname, '../../../shared/corpus/ml-interview-study-sheet.md');
const FIXTURES = resolve(__dirname, '../fixtures');

const seed = Number(process.env.MLNOTES_FUZZ_SEED ?? 20261122);
const path = process.env.MLNOTES_FUZZ_PATH;
const longRuns = process.env.MLNOTES_FUZZ_RUNS ? Number(process.env.MLNOTES_FUZZ_RUNS) : undefined;
if (longRuns !== undefined && !(longRuns > 0)) throw new Error(`MLNOTES_FUZZ_RUNS must be a positive number, got "${process.env.MLNOTES_FUZZ_RUNS}"`);

/** Runs per property: the default share in `npm test`, or MLNOTES_FUZZ_RUNS scaled by the same share. */
function runs(defaultRuns: number, share = 1): number {
  return longRuns === undefined ? defaultRuns : Math.max(1, Math.round(longRuns * share));
}

/** fc.assert with the seed (and replay path) in force and a replay hint in the failure message. */
function check<T>(property: fc.IProperty<T>, numRuns: number): void {
  try {
    fc.assert(property, { seed, path, numRuns, endOnFailure: numRuns > 200 ? false : undefined });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const replayPath = /path: "([^"]*)"/.exec(message)?.[1];
    throw new Error(`${message}\nReplay: MLNOTES_FUZZ_SEED=${seed}${replayPath ? ` MLNOTES_FUZZ_PATH="${replayPath}"` : ''} node scripts/run-unit.cjs fuzz`);
  }
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  }).sort();
}

const fixtures = markdownFiles(FIXTURES).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const corpus = existsSync(CORPUS) ? readFileSync(CORPUS, 'utf8') : undefined;

describe(`fuzz: parse, lint and render never throw or hang (seed ${seed})`, function () {
  // The whole file takes ~20 s with the default counts; a long run takes what it takes.
  this.timeout(longRuns === undefined ? 60_000 : 0);

  it('the fixtures and the corpus as they are', () => {
    assert.ok(fixtures.length >= 10, `expected the repository's fixture notes under ${FIXTURES}`);
    for (const { file, text } of fixtures) {
      try { checkText(text); } catch (error) { throw new Error(`${file}: ${(error as Error).message}`); }
    }
    if (corpus) for (const format of [undefined, 'lecture', 'deep-pass']) checkText(corpus, { format });
  });

  it('random Markdown + LaTeX documents', () => {
    // Also with a format forced, so the note-only rules run on text that is barely a note.
    const format = fc.constantFrom(undefined, 'lecture', 'deep-pass');
    check(fc.property(randomDocument, format, (text, id) => { checkText(text, { format: id }); }), runs(300));
  });

  it('mutated fixture notes (lines deleted, duplicated, swapped; delimiters, nesting, long lines, CRLF, BOM, NUL…)', () => {
    const fixture = fc.nat({ max: fixtures.length - 1 });
    check(fc.property(fixture, mutations, (index, list) => {
      checkText(applyMutations(fixtures[index].text, list));
    }), runs(120, 0.8));
  });

  it('the safe fixes of a mutated fixture (as lint --fix applies them) give a text that passes the same checks', () => {
    const fixture = fc.nat({ max: fixtures.length - 1 });
    check(fc.property(fixture, mutations, (index, list) => {
      const text = applyMutations(fixtures[index].text, list);
      const fixed = applyFixes(text, lintModel(parseNote(text)), { safeOnly: true, reparse: (t) => lintModel(parseNote(t)) });
      checkText(fixed);
    }), runs(25, 0.2));
  });

  it('mutated windows of the study-sheet corpus', function () {
    if (!corpus) this.skip(); // reported by the next test's title; the fixtures still run above
    const window = fc.record({ start: fc.nat({ max: 5000 }), length: fc.integer({ min: 1, max: 150 }) });
    // The corpus is no note: forcing a format runs the note-only rules on its varied real text too.
    const format = fc.constantFrom(undefined, 'lecture', 'deep-pass');
    check(fc.property(window, mutations, format, ({ start, length }, list, id) => {
      checkText(applyMutations(lineWindow(corpus!, start, length), list), { format: id });
    }), runs(60, 0.4));
  });

  it('the whole corpus, mutated', function () {
    if (!corpus) this.skip();
    check(fc.property(mutations, (list) => { checkText(applyMutations(corpus!, list)); }), runs(3, 0.02));
  });

  it(corpus ? 'found the corpus' : `SKIPPED the corpus cases: ${CORPUS} is absent`, () => {
    // Not a failure: the corpus lives outside the repository. The title says what was skipped.
  });
});

describe('fuzz: extreme inputs, one each', function () {
  this.timeout(60_000);
  const cases: [string, string][] = [
    ['empty', ''],
    ['only a BOM', '\uFEFF'],
    ['only line breaks of every kind', '\r\n\r\r\n\n\r'],
    ['only NULs', '\0'.repeat(1000)],
    ['a lone surrogate', 'a \uD800 $\uDC00$ b'],
    ['10 000 dollars', '$'.repeat(10_000)],
    ['5 000 open braces in math', `$${'{'.repeat(5000)}x$`],
    ['5 000 balanced braces in math', `$${'{'.repeat(5000)}x${'}'.repeat(5000)}$`],
    ['nested \\frac 300 deep', `$$${'\\frac{'.repeat(300)}x${'}{y}'.repeat(300)}$$`],
    ['\\begin{align} never ended', '\\begin{align}\nx &= y\n'.repeat(200)],
    ['2 000 \\[ openers', '\\[\n'.repeat(2000)],
    ['a 200 KB line of prose and TeX', 'we use \\theta and $x_i$ then '.repeat(7000)],
    ['a 200 KB line of inline math', '$a$'.repeat(70_000)],
    ['1 000 headings', '## 4.B Step-by-Step Derivation\n'.repeat(1000)],
    ['block quotes 500 deep', `${'> '.repeat(500)}$x$`],
    ['list items 300 deep', Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- $x_${i}$`).join('\n')],
    ['stray {Rule: everywhere', '---\nformat: lecture\n---\n## 4.B Step-by-Step Derivation\n' + '$$a = b$$ {Rule:\n'.repeat(500)],
    ['macro bomb', '$\\def\\a{\\a\\a}\\a$ and $$\\def\\b{\\b\\b}\\b$$'],
    ['CRLF note with BOM and tabs', '\uFEFF---\r\nformat: lecture\r\n---\r\n## 2) Notation\r\n-\t$x \\in \\mathbb{R}$:\tinput\r\n'],
  ];
  for (const [name, text] of cases) it(name, () => { checkText(text); });
});

describe('fuzz: the properties themselves catch what they should', () => {
  const model = parseNote('We use \\theta here.\r\nand $x$\n');
  const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

  it('a range past a line end, past the last line or backwards is outside', () => {
    assert.equal(rangeProblem(model, range(0, 7, 0, 13)), undefined);
    assert.match(rangeProblem(model, range(0, 0, 0, 99)) ?? '', /end .* outside/);
    assert.match(rangeProblem(model, range(3, 0, 3, 0)) ?? '', /start .* outside/);
    assert.match(rangeProblem(model, range(1, 3, 0, 1)) ?? '', /start after end/);
    assert.equal(textAt(model, range(0, 7, 1, 3)), '\\theta here.\nand');
  });

  it('a bare-tex finding must cover the command it names', () => {
    const [finding] = lintModel(model).filter((d) => d.rule === 'bare-tex');
    assert.equal(namedThingProblem(model, finding), undefined);
    const shifted: LintDiagnostic = { ...finding, range: range(0, 6, 0, 12) };
    assert.match(namedThingProblem(model, shifted) ?? '', /bare-tex covers " \\\\thet", names "\\\\theta"/);
  });

  it('a rule crash surfaced by the engine fails the check', () => {
    const throwing = { meta: { id: 'boom', description: '', severity: { default: 'error' as const }, optionsSchema: {}, defaultOptions: {}, fixable: false, notesOnly: false, messages: {} }, check() { throw new Error('kaput'); } };
    const [engine] = lintModel(model, undefined, { rules: [throwing] });
    assert.match(diagnosticProblems(model, engine).join('\n'), /engine: Rule "boom" failed on this file: kaput/);
  });
});
