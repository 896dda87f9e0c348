import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseNote } from '../../src/core/parse';
import { lintText } from '../../src/core/lint';
import { workDone } from '../../src/core/work';
import { anchoredText, auditStatusTooltip, computeAudit, renderAuditReport } from '../../src/core/audit';

const fixture = readFileSync('test/fixtures/notes/clean/lecture-timestamps.md', 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('timestamps', () => {
  const model = parseNote(fixture);

  it('reads every form in seconds, at its place', () => {
    assert.deepEqual(model.timestamps.map((t) => [t.text, t.start, t.end, t.range.start.line + 1]), [
      ['[12:34]', 754, undefined, lineOf(fixture, '[12:34]')],
      ['(15:02)', 902, undefined, lineOf(fixture, '(15:02)')],
      ['@ 18:40', 1120, undefined, lineOf(fixture, '@ 18:40')],
      ['[1:02:03]', 3723, undefined, lineOf(fixture, '[1:02:03]')],
      ['[20:00–23:00]', 1200, 1380, lineOf(fixture, '[20:00–23:00]')],
      ['[20:40–21:05]', 1240, 1265, lineOf(fixture, '[20:40–21:05]')],
      ['(22:10-22:45)', 1330, 1365, lineOf(fixture, '(22:10-22:45)')],
    ]);
    const first = model.timestamps[0];
    assert.equal(model.lines[first.range.start.line].slice(first.range.start.character, first.range.end.character), '[12:34]');
    assert.ok(model.timestamps.every((t) => t.problem === undefined));
  });

  it('gives each step its own timestamp, else its heading\'s', () => {
    assert.deepEqual(model.steps.map((s) => [s.number, s.timestamp?.text]), [
      ['1', '[12:34]'], ['2', undefined], ['3', '(15:02)'], ['4', '@ 18:40'], ['5', '[1:02:03]'],
      ['6', '[20:40–21:05]'], ['7', '(22:10-22:45)'], ['8', '[20:00–23:00]'],
    ]);
  });

  it('reads the Source\'s time range from the metadata, and no timestamp there', () => {
    assert.deepEqual([model.sourceTime?.text, model.sourceTime?.start, model.sourceTime?.end], ['12:30–41:05', 750, 2465]);
    const sourceLine = lineOf(fixture, '**Source:**') - 1;
    assert.ok(model.timestamps.every((t) => t.range.start.line !== sourceLine));
  });

  it('reads the Source range in other field forms, and none from a time of day', () => {
    const source = (body: string) => parseNote(`---\nformat: lecture\n---\n## 0) Metadata\n\n${body}\n\n## 1) Concept & Intuition\n\n- a\n`).sourceTime?.text;
    assert.equal(source('| Field | Value |\n|---|---|\n| Source (link, time range) | <https://x.org/v?t=0:10>, 1:02:03 to 1:40:00 |'), '1:02:03 to 1:40:00');
    assert.equal(source('- **Source:**\n  - https://x.org/v\n  - 05:00 - 18:30'), '05:00 - 18:30');
    assert.equal(source('- **Date:** 2024-05-01, 10:00–11:30\n- **Source:** https://x.org/v'), undefined);
  });

  it('flags impossible fields and backward ranges, and skips a parenthesised pair that is likely a ratio', () => {
    const note = parseNote('Text [12:60] (1:70) (1:70–1:80) @ 2:60:00 [13:05–12:40] [3:1] x@12:34 (12:34)\n');
    assert.deepEqual(note.timestamps.map((t) => [t.text, t.problem]), [
      ['[12:60]', 'seconds'], ['(1:70–1:80)', 'seconds'], ['@ 2:60:00', 'minutes'], ['[13:05–12:40]', 'order'], ['(12:34)', undefined],
    ]);
  });

  it('reads no timestamp in front matter, math, code or comments', () => {
    const note = parseNote('---\ntime: "[10:00]"\n---\n$[12:34]$ `[12:34]` <!-- [12:34] -->\n\n```\n[12:34]\n```\n');
    assert.deepEqual(note.timestamps, []);
  });

  it('a timestamp between a step\'s marker and "Define"/"Let" keeps the step a definition', () => {
    for (const lead of ['**Step 1 (VERBATIM).** [12:34] Define', 'Step 1 (VERBATIM) @ 12:34: Let', 'Step 1 (12:34): Let', 'Step 1 [12:40–13:05] **Objective.** Define']) {
      const note = parseNote(`## 1) Concept + Intuition + Geometric View\n\nText.\n\n## 4) Full Derivation\n\n${lead} $$J(w) = \\|Xw - y\\|^2$$\n\n## 5) Geometric / Statistical Interpretation\n\nText.\n`);
      assert.deepEqual(note.steps.map((s) => s.isDefinition), [true], lead);
    }
  });

  it('the audit counts anchored VERBATIM steps and lists what falls outside the Source range', () => {
    const { model: linted, diagnostics } = lintText(fixture);
    const audit = computeAudit(linted, diagnostics);
    assert.equal(anchoredText(audit), 'VERBATIM steps anchored to a timestamp: 4 of 5');
    assert.deepEqual(audit.outOfRange, [{ text: '[1:02:03]', line: lineOf(fixture, '[1:02:03]') - 1 }]);
    const report = renderAuditReport(audit, { title: 't.md', lineLink: (line) => `t.md#L${line + 1}` });
    assert.match(report, /## Timestamps\n\nVERBATIM steps anchored to a timestamp: 4 of 5\.\n/);
    assert.match(report, new RegExp(`Outside the Source's time range \\(12:30–41:05\\):\\n\\n- \\\\\\[1:02:03\\\\\\] \\(\\[line ${lineOf(fixture, '[1:02:03]')}\\]`));
    assert.match(auditStatusTooltip(audit), /VERBATIM steps anchored to a timestamp: 4 of 5 \(1 timestamp outside the Source's time range\)\./);
  });
});

describe('timestamps and lecturer-claim at scale', () => {
  /** A lecture note with `n` Source-like metadata lines and `n` uncorrected claims under timestamped headings. */
  const note = (n: number) => [
    '---\nformat: lecture\n---\n## 0) Metadata\n',
    ...Array.from({ length: n }, () => 'Source: recording, no range'),
    '\n## 4) Derivation Protocol\n\n### 4.B Step-by-Step Derivation\n',
    ...Array.from({ length: n }, (_, i) => `#### Part [${i % 60}:00]\n\nEquation (${i + 1}) (LECTURER CLAIM) @ 1:00: $a_${i} = b$ {Rule: r}\n`),
  ].join('\n');
  const work = (text: string) => { const before = workDone(); lintText(text); return workDone() - before; };

  it('does work linear in the note', () => {
    const small = work(note(400));
    const large = work(note(1600));
    assert.ok(large < small * 4 * 1.5, `4× the note took ${(large / small).toFixed(2)}× the work`);
  });
});
