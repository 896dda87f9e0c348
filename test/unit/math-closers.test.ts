// The guards in src/core/math-closers.ts must answer exactly as the math
// rules' regexes in src/core/markdown.ts do, or the linter and the renderer
// would read math differently from before (and from each other's tests).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import texmath = require('markdown-it-texmath');
import { DISPLAY_ENVIRONMENTS, createMarkdownIt } from '../../src/core/markdown';
import { blockGuards, inlineGuards, type MathGuard } from '../../src/core/math-closers';

createMarkdownIt(); // installs the `mlnotes` delimiter table
const table = (texmath as unknown as { rules: Record<string, { inline: Rule[]; block: Rule[] }> }).rules.mlnotes;
interface Rule { rex: RegExp; tag: string; delimiter: string }

/** Pieces that open, close or break math, so random text often nearly matches. */
const PIECES = ['\\(', '\\)', '\\[', '\\]', '$$', '$', '\\', '(', ')', '[', ']', '\n', '\n\n', '\n \n', ' ', '\t', '\r\n', 'x',
  '\\begin{equation}', '\\end{equation}', '\\begin{align*}', '\\end{align*}', '\\end{align}', '\\begin{foo}', '\\begin{', '}'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));

function regexMatches(rule: Rule, src: string, pos: number): boolean {
  rule.rex.lastIndex = pos;
  return rule.rex.exec(src) !== null && rule.rex.lastIndex > pos;
}

function agree(kind: string, rules: Rule[], guards: Partial<Record<string, MathGuard>>): void {
  const guarded = rules.filter((rule) => guards[rule.delimiter]);
  assert.ok(guarded.length >= 3, `${kind}: the guarded rules are in the table`);
  fc.assert(fc.property(text, (src) => {
    const owner = {};
    for (const rule of guarded) {
      for (let pos = src.indexOf(rule.tag); pos !== -1; pos = src.indexOf(rule.tag, pos + 1)) {
        assert.equal(guards[rule.delimiter]!(owner, src, pos), regexMatches(rule, src, pos),
          `${kind} ${rule.delimiter} at ${pos} in ${JSON.stringify(src)}`);
      }
    }
  }), { seed: 20261204, numRuns: 3000 });
}

describe('math closers: the guards answer as the regexes do', () => {
  it('inline \\( \\[ and \\begin', () => agree('inline', table.inline, inlineGuards(DISPLAY_ENVIRONMENTS)));
  it('block $$ \\[ and \\begin', () => agree('block', table.block, blockGuards(DISPLAY_ENVIRONMENTS)));

  it('a few cases by hand', () => {
    const inline = inlineGuards(DISPLAY_ENVIRONMENTS);
    const block = blockGuards(DISPLAY_ENVIRONMENTS);
    assert.equal(inline['\\(']!({}, '\\(x\\)', 0), true);
    assert.equal(inline['\\(']!({}, '\\(\\)', 0), false);
    assert.equal(inline.begin!({}, '\\begin{align*}a\\end{align}', 0), false);
    assert.equal(block['$$']!({}, '$$x\n\n$$\n', 0), false);
    assert.equal(block['$$']!({}, '$$x\ny$$  \nz', 0), true);
    assert.equal(block['\\[']!({}, '\\[x\\] y\n', 0), false);
  });
});
