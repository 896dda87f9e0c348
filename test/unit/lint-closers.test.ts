// The environment a `\begin{…}` names, read in place by the math guards
// (src/core/math-closers.ts), as the rules' `(?:equation|…)\*?(?=\})` reads it.
import * as assert from 'node:assert/strict';
import { blockGuards, inlineGuards } from '../../src/core/math-closers';
import { DISPLAY_ENVIRONMENTS } from '../../src/core/markdown';

describe('math guards: the environment of a \\begin', () => {
  const inline = inlineGuards(DISPLAY_ENVIRONMENTS).begin!;
  const block = blockGuards(DISPLAY_ENVIRONMENTS).begin!;
  const cases: [string, boolean][] = [
    ['\\begin{gather*}a\\end{gather*}', true],
    ['\\begin{multline}a\\end{multline}', true],
    ['\\begin{equation*}a\\end{equation}', false],
    ['\\begin{align*x}a\\end{align*x}', false],
    ['\\begin{aligned}a\\end{aligned}', false],
    ['\\begin{align**}a\\end{align**}', false],
    ['\\begin{alignx}a\\end{alignx}', false],
    ['\\begin{align', false],
  ];
  for (const [tex, matches] of cases) {
    it(`${tex}: ${matches ? 'a' : 'no'} display environment`, () => {
      const rex = new RegExp(`^\\\\begin\\{((?:${DISPLAY_ENVIRONMENTS.join('|')})\\*?)\\}[\\s\\S]*?\\\\end\\{\\1\\}`);
      assert.equal(rex.test(tex), matches, 'the rules\' regex');
      assert.equal(inline({}, tex, 0), matches);
      assert.equal(block({}, tex, 0), matches);
    });
  }
});
