/**
 * Lints every note under test/fixtures/notes with every rule and the default
 * config. Clean notes must give no diagnostic at all; defect notes give exactly
 * the diagnostics their inline markers announce:
 *
 *   <!-- expect: step-rule, step-label -->      on a line with other text: that line
 *   <!-- expect: step-rule -->                  alone on its line: the next line
 *   <!-- expect: step-rule@+3 -->               3 lines below the comment (inside math)
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/core/lint';

const ROOT = path.join(__dirname, '..', 'fixtures', 'notes');

function notes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return notes(full);
    return entry.name.endsWith('.md') ? [full] : [];
  }).sort();
}

const MARKER = /<!--\s*expect:\s*([^>]*?)\s*-->/g;

/** `line rule` strings (1-based lines) the markers announce. */
export function expectedDiagnostics(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    const alone = lineText.replace(MARKER, '').trim() === '';
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(lineText); m; m = MARKER.exec(lineText)) {
      for (const item of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
        const [rule, offset] = item.split('@');
        const line = index + 1 + (offset !== undefined ? Number(offset) : alone ? 1 : 0);
        out.push(`${line} ${rule}`);
      }
    }
  });
  return out.sort(byLine);
}

function byLine(a: string, b: string): number {
  return Number(a.split(' ')[0]) - Number(b.split(' ')[0]) || a.localeCompare(b);
}

describe('fixture notes', () => {
  it('reads expect markers', () => {
    assert.deepEqual(expectedDiagnostics('a <!-- expect: x, y -->\n<!-- expect: z -->\nb\n<!-- expect: w@+2 -->'), ['1 x', '1 y', '3 z', '6 w']);
  });

  const files = notes(ROOT);
  it('has clean and defect notes in both formats', () => {
    const rel = files.map((f) => path.relative(ROOT, f));
    for (const kind of ['clean', 'defects']) {
      for (const format of ['lecture', 'deep-pass']) {
        assert.ok(rel.some((f) => f.startsWith(kind + path.sep) && path.basename(f).startsWith(format)), `${kind}/${format}-*.md`);
      }
    }
  });

  for (const file of files) {
    const name = path.relative(ROOT, file);
    it(name, () => {
      const text = readFileSync(file, 'utf8');
      const expected = expectedDiagnostics(text);
      const { model, diagnostics } = lintText(text);
      const format = path.basename(file).startsWith('deep-pass') ? 'deep-pass' : 'lecture';
      assert.equal(model.format?.id, format, 'the note is read in its format');
      const actual = diagnostics.map((d) => `${d.range.start.line + 1} ${d.rule}`).sort(byLine);
      if (name.startsWith('clean')) {
        assert.deepEqual(expected, [], 'a clean note carries no expect markers');
        assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule} ${d.message}`), []);
      } else {
        assert.ok(expected.length > 0, 'a defect note announces its diagnostics');
        assert.deepEqual(actual, expected, diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule} ${d.message}`).join('\n'));
      }
    });
  }
});
