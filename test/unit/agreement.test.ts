/**
 * The linter and the renderer agree on where math is (issue 13, NOTE-SPEC §2),
 * on every Markdown file of the shared folder, every fixture and random notes.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { agreementProblems } from '../support/agreement';
import { SHARED_DIR } from '../support/shared';
import { randomDocument } from '../fuzz/generators';

const FUZZ_SEED = Number(process.env.MLNOTES_FUZZ_SEED ?? 20261122);
import { lintText } from '../../src/core/index';
import type { MathSpanRecord } from '../../src/core/parse/records';

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return /\.(md|markdown)$/i.test(name) ? [path] : [];
  });
}

/** Markdown that real notes hold and that GitHub reads in its own way. */
const MARKDOWN_PIECES = [
  '<details>\n<summary>Proof of $a^2$</summary>\n\n$x_i$ inside\n\n</details>', '<sub>$x_1$</sub>', '<code>($AIRFLOW_HOME/dags) \\alpha</code>',
  '<pre>\necho $TAXI_DIR \\beta\n</pre>', '<kbd>$', '</kbd>', '<br>', '<img src="a.png" alt="$\\alpha$">', '![The matrix $\\mathbf{A}$ on $x](i.svg)',
  '[see](u "title $\\gamma")', '| $P(Y\\|X)$ | $\\|w\\|_2$ |\n|---|---|\n| $a\\|b$ x | y |', '$\\$10 \\pm \\$1$', '2$\\times$', '$ \\Sigma x $',
  '$HOME', '$(pwd)/data', '${DIR}', '$10', '$$\na = \\text{if $x>0$}\n$$', '$$b = \\text{if $y$}$$', '<!-- $x -->', '\\$', 'clearly',
];

describe('agreement: the linter checks math exactly where the renderer renders it', function () {
  this.timeout(300000);

  it('on every Markdown file under ../shared (seeds, corpus, corpus/real)', function () {
    const files = markdownFiles(SHARED_DIR);
    if (files.length === 0) {
      console.log(`    (skipped: ${SHARED_DIR} is absent)`);
      this.skip();
    }
    const problems = files.flatMap((file) => agreementProblems(readFileSync(file, 'utf8')).problems.map((p) => `${relative(SHARED_DIR, file)} ${p}`));
    assert.deepEqual(problems, []);
    assert.ok(files.length > 50, `only ${files.length} files`);
  });

  it('on every fixture', () => {
    const files = markdownFiles('test/fixtures');
    const problems = files.flatMap((file) => agreementProblems(readFileSync(file, 'utf8')).problems.map((p) => `${file} ${p}`));
    assert.deepEqual(problems, []);
    assert.ok(files.length > 20);
  });

  // A fixed seed, as the fuzz tests have (fuzz.test.ts): `npm test` gives the same answer every run;
  // MLNOTES_FUZZ_SEED tries others.
  it('on random notes from the fuzz generators, with HTML, tables and dollars mixed in', () => {
    const note = fc.tuple(randomDocument, fc.array(fc.tuple(fc.constantFrom(...MARKDOWN_PIECES), fc.nat()), { maxLength: 8 }))
      .map(([text, inserts]) => inserts.reduce((t, [piece, at]) => {
        const cut = t.length ? at % t.length : 0;
        return `${t.slice(0, cut)}\n\n${piece}\n\n${t.slice(cut)}`;
      }, text));
    // Known, left to the one TeX layer: a \label{…} whose argument runs over lines is read by the
    // linter's KaTeX check and by the renderer's label removal differently.
    const labelOverLines = /\\label\{[^}]*\n/;
    fc.assert(fc.property(note.filter((text) => !labelOverLines.test(text)), (text) => {
      const { problems } = agreementProblems(text);
      assert.deepEqual(problems, [], JSON.stringify(text));
    }), { numRuns: 150, seed: FUZZ_SEED });
  });

  it('fails on a reading that drops the table-cell unescape', () => {
    const text = '| a | b |\n|---|---|\n| $P(Y\\|X)$ | y |\n';
    const { model, diagnostics } = lintText(text);
    assert.deepEqual(agreementProblems(text, model, diagnostics).problems, []);
    // What a scanner that read the cell as written would produce: the math `P(Y\|X)`.
    const broken = { ...model, math: model.math.map((m) => ({ ...(m as MathSpanRecord).toJSON(), tex: m.tex.replace('|', '\\|') })) };
    assert.match(agreementProblems(text, broken, diagnostics).problems.join('\n'), /\(a\) formula 1 at 3:3: rendered "P\(Y\|X\)", linted "P\(Y\\\\\|X\)"/);
  });

  it('fails on a prose rule inside HTML or alt text', () => {
    const text = 'Clearly <code>\\alpha</code> and ![$\\beta$](i.png).\n';
    const { model, diagnostics } = lintText(text);
    assert.deepEqual(agreementProblems(text, model, diagnostics).problems, []);
    const fake = [...diagnostics, { ...diagnostics[0], rule: 'bare-tex', range: { start: { line: 0, character: 15 }, end: { line: 0, character: 21 } } }];
    assert.match(agreementProblems(text, model, fake).problems.join('\n'), /\(c\) bare-tex at 1:16 is inside HTML/);
  });
});
