import * as assert from 'node:assert/strict';
import { applyEdits, applyFixes, OverlappingEditsError } from '../../src/core/fix';
import type { LintDiagnostic, TextEdit } from '../../src/core/types';

const at = (line: number, character: number) => ({ line, character });
const edit = (l1: number, c1: number, l2: number, c2: number, newText: string): TextEdit => ({ range: { start: at(l1, c1), end: at(l2, c2) }, newText });

function diagnostic(edits: TextEdit[], safe = true): LintDiagnostic {
  return { rule: 'r', severity: 'warning', message: 'm', range: edits[0].range, docs: 'docs/rules/r.md', fix: { title: 't', edits, safe } };
}

describe('applyEdits', () => {
  it('applies non-overlapping edits in any order, against the original text', () => {
    const text = 'alpha\nbeta\ngamma';
    assert.equal(applyEdits(text, [edit(2, 0, 2, 5, 'G'), edit(0, 0, 0, 5, 'A'), edit(1, 4, 1, 4, '!')]), 'A\nbeta!\nG');
  });

  it('handles CRLF and CR line breaks and clamps a character past the line end', () => {
    assert.equal(applyEdits('ab\r\ncd\ref', [edit(1, 1, 1, 2, 'X'), edit(2, 0, 2, 0, '>'), edit(0, 99, 0, 99, '.')]), 'ab.\r\ncX\r>ef');
  });

  it('keeps the given order of insertions at one point, before a replacement there', () => {
    assert.equal(applyEdits('xy', [edit(0, 1, 0, 2, 'Z'), edit(0, 1, 0, 1, 'a'), edit(0, 1, 0, 1, 'b')]), 'xabZ');
  });

  it('rejects overlapping edits and an insertion inside a replaced range', () => {
    assert.throws(() => applyEdits('abcdef', [edit(0, 0, 0, 3, 'x'), edit(0, 2, 0, 4, 'y')]), OverlappingEditsError);
    assert.throws(() => applyEdits('abcdef', [edit(0, 0, 0, 3, 'x'), edit(0, 1, 0, 1, 'y')]), OverlappingEditsError);
    assert.equal(applyEdits('abcdef', [edit(0, 0, 0, 3, 'x'), edit(0, 3, 0, 3, 'y')]), 'xydef');
  });

  it('rejects an edit that ends before it starts', () => {
    assert.throws(() => applyEdits('abc', [edit(0, 2, 0, 1, 'x')]), RangeError);
  });
});

describe('applyFixes', () => {
  it('applies safe fixes only by default, all fixes when asked', () => {
    const diagnostics = [diagnostic([edit(0, 0, 0, 1, 'A')]), diagnostic([edit(0, 2, 0, 3, 'C')], false)];
    assert.equal(applyFixes('abc', diagnostics), 'Abc');
    assert.equal(applyFixes('abc', diagnostics, { safeOnly: false }), 'AbC');
  });

  it('applies a fix with several edits whole or not at all, and skips one that conflicts', () => {
    const first = diagnostic([edit(0, 0, 0, 1, 'A'), edit(0, 4, 0, 5, 'E')]);
    const conflicting = diagnostic([edit(0, 2, 0, 3, 'C'), edit(0, 4, 0, 5, 'X')]);
    assert.equal(applyFixes('abcde', [first, conflicting]), 'AbcdE');
  });

  it('with reparse, repeats passes until stable so conflicting fixes land later', () => {
    // A fake linter: flags each lower-case letter; fixes overlap pairwise so one pass cannot do them all.
    const lint = (text: string): LintDiagnostic[] => [...text].flatMap((ch, i) =>
      /[a-z]/.test(ch) ? [diagnostic([edit(0, Math.max(0, i - 1), 0, i + 1, text.slice(Math.max(0, i - 1), i) + ch.toUpperCase())])] : []);
    const text = 'abcdef';
    assert.notEqual(applyFixes(text, lint(text)), 'ABCDEF');
    assert.equal(applyFixes(text, lint(text), { reparse: lint }), 'ABCDEF');
  });

  it('stops after maxPasses even if fixes never settle', () => {
    let calls = 0;
    const lint = (text: string): LintDiagnostic[] => { calls++; return [diagnostic([edit(0, text.length, 0, text.length, 'x')])]; };
    assert.equal(applyFixes('', lint(''), { reparse: lint, maxPasses: 3 }), 'xxx');
    assert.equal(calls, 3); // the first lint plus two re-lints
  });
});
