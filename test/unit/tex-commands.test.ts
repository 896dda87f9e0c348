import * as assert from 'node:assert/strict';
import { scanCommands } from '../../src/core/tex/commands';

describe('tex: scanCommands', () => {
  it('reads labels, tags, references, environments and row breaks with their arguments', () => {
    const tex = '\\begin{align} a &= b \\label{ eq:a } \\\\ c \\tag*{3} \\notag \\eqref{x} \\end{align} % \\label{no}';
    assert.deepEqual(scanCommands(tex).map((c) => [c.name, c.arg, tex.slice(c.start, c.end)]), [
      ['\\begin', 'align', '\\begin{align}'],
      ['\\label', 'eq:a', '\\label{ eq:a }'],
      ['\\\\', undefined, '\\\\'],
      ['\\tag*', '3', '\\tag*{3}'],
      ['\\notag', undefined, '\\notag'],
      ['\\eqref', 'x', '\\eqref{x}'],
      ['\\end', 'align', '\\end{align}'],
    ]);
  });

  it('reads a command name of at most 39 letters, as before', () => {
    const long = `\\${'a'.repeat(45)}\\label{k}`;
    assert.deepEqual(scanCommands(long).map((c) => c.name), ['\\label']);
  });

  it('reads a formula once: the preview and the lint meet the same formulas again', () => {
    const tex = '\\begin{equation} x \\label{once} \\end{equation}';
    assert.equal(scanCommands(tex), scanCommands(`${tex}`));
  });
});
