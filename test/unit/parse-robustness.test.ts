import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNote } from '../../src/core/parse/index';
import { mathPosition, offsetAt } from '../../src/core/parse/positions';

// Pieces that stress the parser: delimiters, environments, comments, code, headings, lists, tables, markers.
const PIECES = [
  '$', '$$', '\\$', '\\(', '\\)', '\\[', '\\]', '\\begin{align}', '\\end{align}', '\\begin{aligned}', '\\\\', '&=', '=', '\\le',
  '<!--', '-->', '`', '```', '\n', '\n\n', '  ', '> ', '- ', '1. ', '## 4) Full Derivation\n', '#### 4.B Step-by-Step Derivation\n',
  '**Step 1 (RECONSTRUCTED).** ', 'Equation (2): ', '(3) ', '{Rule: x}', 'Rule: y', '(by z)', '| a | $b$ |\n|---|---|\n| $c$ | d |\n',
  '\\label{a}', '\\eqref{a}', '\\tag{1}', 'Eq. (1)', '\\newcommand{\\R}{\\mathbb{R}}', '(VERBATUM)', '[GAP]', 'x', 'w^\\top', '\\overset{a}{=}',
  '---\nformat: lecture\n---\n', '\r\n', '\t', '😀', '§4 ',
];

describe('parseNote: robustness', () => {
  it('never throws, and keeps every range inside the text, on arbitrary mixes of tricky pieces', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), (pieces) => {
      const text = pieces.join('');
      const model = parseNote(text);
      const inText = (p: { line: number; character: number }) => p.line < model.lines.length && p.character <= model.lines[p.line].length;
      for (const span of model.math) {
        assert.ok(inText(span.range.start) && inText(span.range.end), 'math range');
        for (let i = 0; i <= span.tex.length; i += 7) assert.ok(inText(mathPosition(model, span, i)), 'tex position');
      }
      for (const run of model.prose) {
        const start = offsetAt(model, run.range.start);
        assert.equal(text.slice(start, start + run.text.length), run.text, 'prose text is the source text');
      }
      for (const step of model.steps) for (const t of step.transformations) assert.ok(inText(t.range.start), 'transformation range');
      model.symbols.forEach((s) => assert.ok(inText(s.range.start), 'symbol range'));
    }), { numRuns: 300 });
  });

  it('gives a math span whose tex is the document text between its delimiters', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES.filter((p) => !p.includes('\r'))), { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      const model = parseNote(text);
      for (const span of model.math) {
        if (span.tex.includes('\n')) continue; // Multi-line inline math loses indentation in the token; checked through mathPosition above.
        const start = offsetAt(model, span.contentRange.start);
        assert.equal(text.slice(start, start + span.tex.length), span.tex);
      }
    }), { numRuns: 300 });
  });
});
