import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintText } from '../../src/core/lint';
import { auditStatusText, auditStatusTooltip, computeAudit, renderAuditReport } from '../../src/core/audit';

const text = readFileSync('test/fixtures/workspace/audit/lecture-audit.md', 'utf8');

describe('audit', () => {
  const { model, diagnostics } = lintText(text);
  const audit = computeAudit(model, diagnostics);

  it('counts transformations and the justified ones (definitions are not transformations)', () => {
    assert.equal(audit.transformations, 4);
    assert.equal(audit.justified, 3);
  });

  it('counts steps by provenance label', () => {
    assert.deepEqual(audit.provenance, { VERBATIM: 1, RECONSTRUCTED: 1, ASSUMPTION: 1, GAP: 1, 'LECTURER CLAIM': 1 });
  });

  it('lists the steps to review, gaps first, with their lines', () => {
    assert.deepEqual(audit.flagged.map((step) => [step.kind, step.line + 1, step.number]), [
      ['GAP', 57, '4'], ['ASSUMPTION', 51, '3'], ['LECTURER CLAIM', 65, '5'], ['RECONSTRUCTED', 43, '2'],
    ]);
  });

  it('names the missing required sections and the undeclared symbols', () => {
    assert.deepEqual(audit.missingSections, ['4.C Intermediate Checks']);
    assert.deepEqual(audit.undeclared.map((u) => [u.symbol, u.line + 1]), [['\\tau', 65]]);
  });

  it('gives the status bar text', () => {
    assert.equal(auditStatusText(audit), `3/4 justified · RECONSTRUCTED 1 · ASSUMPTION 1 · GAP 1 · CLAIM 1 · ✖ ${audit.errors}`);
    assert.equal(auditStatusTooltip(audit).split('\n')[0], '3 of 4 transformations state their rule.');
    assert.match(auditStatusTooltip(audit), /1 RECONSTRUCTED, 1 ASSUMPTION, 1 GAP, 1 LECTURER CLAIM, 1 VERBATIM/);
    assert.match(auditStatusTooltip(audit), /\nVERBATIM steps anchored to a timestamp: 1 of 1 \(1 timestamp outside the Source's time range\)\.\n/);
    assert.ok(audit.errors >= 2, 'the unjustified step and the missing section are errors');
  });

  it('renders a report with links to the lines', () => {
    const report = renderAuditReport(audit, { title: 'lecture-audit.md', lineLink: (line) => `note.md#L${line + 1}` });
    assert.match(report, /\| transformations justified \| 3 \/ 4 \(75 %\) \|/);
    assert.match(report, /- \*\*GAP\*\* \(step 4, \[line 57\]\(note\.md#L57\)\): Equation \(4\): set the gradient to zero \(GAP\)\./);
    assert.match(report, /## Missing sections\n\n- 4\.C Intermediate Checks/);
    assert.match(report, /- `\\tau` \(first used at \[line 65\]\(note\.md#L65\)\)/);
    assert.match(report, /## Timestamps\n\nVERBATIM steps anchored to a timestamp: 1 of 1\.\n\nOutside the Source's time range \(05:00–18:30\):\n\n- @ 19:05 \(\[line 51\]\(note\.md#L51\)\)\n/);
  });

  it('says when the Source gives no time range', () => {
    const noRange = lintText(text.replace(', 05:00–18:30', ''));
    const report = renderAuditReport(computeAudit(noRange.model, noRange.diagnostics), { title: 't.md', lineLink: () => '#' });
    assert.match(report, /anchored to a timestamp: 1 of 1\.\n\nThe Source gives no time range to check the timestamps against\./);
  });

  it('says when a file is not a note', () => {
    const plain = lintText('Just $x$ here.\n');
    const report = renderAuditReport(computeAudit(plain.model, plain.diagnostics), { title: 'plain.md', lineLink: () => '#' });
    assert.match(report, /not a note of a known format/);
  });
});
