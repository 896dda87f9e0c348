import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findSymbols } from '../../src/core/math/symbols';
import { findDeclarations } from '../../src/core/math/declarations';
import { findDefinitions } from '../../src/core/math/definitions';
import { tokenize } from '../../src/core/tex/tokens';
import { checkTex, prepareForKatex } from '../../src/core/math/katex-check';

/** TeX made of the pieces the finders care about, in any order and nesting (balanced or not). */
const PIECES = ['x', 'w', 'n', 'd', 'e', 'E', 'P', 'O', 'I', '\\theta', '\\hat', '\\mathbf', '\\mathbb', '\\mathcal', '\\mathrm', '\\text',
  '\\sum', '\\int', '\\forall', '\\in', '\\sim', '\\to', '\\ge', '\\{', '\\}', '\\left', '\\right', '\\frac', '\\label', '\\tag',
  '{', '}', '(', ')', '[', ']', '^', '_', "'", ',', ':', '=', '<', '>', ' ', '&', '\\\\', '0', '1', '\\times', '\\top', '-', '\\', '%', '\n'];
const tex = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

describe('math: properties over arbitrary TeX', () => {
  it('tokens cover the text exactly, in order', () => {
    fc.assert(fc.property(tex, (t) => {
      const tokens = tokenize(t);
      assert.equal(tokens.map((k) => k.text).join(''), t);
    }), { numRuns: 500 });
  });

  it('findSymbols never throws and its offsets slice back to the symbol as written', () => {
    fc.assert(fc.property(tex, (t) => {
      for (const s of findSymbols(t)) {
        assert.equal(t.slice(s.start, s.end), s.tex);
        assert.ok(s.key.length > 0);
      }
    }), { numRuns: 500 });
  });

  it('findDeclarations and findDefinitions never throw and stay inside the text', () => {
    fc.assert(fc.property(tex, (t) => {
      for (const d of findDeclarations(t)) {
        assert.ok(d.start >= 0 && d.start <= d.symbolStart && d.symbolEnd <= t.length && d.end <= t.length);
        assert.equal(t.slice(d.symbolStart, d.symbolEnd), d.tex);
      }
      for (const d of [...findDefinitions(t), ...findDefinitions(t, true)]) assert.equal(t.slice(d.start, d.end), d.tex);
    }), { numRuns: 500 });
  });

  it('the tex given to KaTeX keeps every position', () => {
    fc.assert(fc.property(tex, (t) => { assert.equal(prepareForKatex(t).length, t.length); }), { numRuns: 500 });
  });
});

describe('math: the KaTeX fast path is sound', () => {
  it('agrees with KaTeX on math without commands, where the fast path applies', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const katex = require('katex') as { __parse(tex: string, options: object): unknown };
    const accepts = (t: string, display: boolean) => {
      try { katex.__parse(t, { displayMode: display, throwOnError: true, strict: 'ignore', maxExpand: 1000, maxSize: 20 }); return true; } catch { return false; }
    };
    const over = (chars: string) => fc.array(fc.constantFrom(...chars.split('')), { minLength: 1, maxLength: 16 }).map((p) => p.join(''));
    // One mix of everything, one of the plain characters with a single extra at a time, so near-misses of the fast path occur.
    const plain = fc.oneof(over("aZx09 +-=*/(),.;:<>!|[]'^_{}&#~\n\t"), over("ax1 +=(|'\n"), over('ax1 +=(|^\n'), over('ax1 +=(|&\n'));
    fc.assert(fc.property(plain, fc.boolean(), (t, display) => {
      assert.equal(checkTex(t, display).ok, accepts(t, display), JSON.stringify(t));
    }), { numRuns: 3000 });
  });
});
