/**
 * lecturer-claim: the lecture prompt says "If the lecturer errs, tag
 * (LECTURER CLAIM) and show a corrected (RECONSTRUCTED) version". A claim is
 * corrected when its own step, or a step after it before the first step that
 * is labelled otherwise, is a correction: it carries (RECONSTRUCTED) or one
 * of its lines leads with "Correction" / "Corrected". Steps with no label of
 * their own after the claim continue it. The fix inserts a numbered
 * (RECONSTRUCTED) step after the claim with the claim's formula to edit and a
 * `{Rule: }` to fill in.
 */
import type { Fix, Position, Range, Rule } from '../types';
import type { NoteModel, Step } from '../model';
import { stepKinds } from '../audit';
import { comparePositions } from '../text';
import { countWork } from '../work';
import { scanCommands } from '../tex/commands';

/** Markdown, a step marker, labels and timestamps that may stand before "Correction" on a line. */
const LEAD_PIECE = /^(?:[\s>#*_.:,;—–-]+|(?:[-+]|\d+[.)])\s|Step\s+\d[\w.]*|Eq(?:uation|n)?\.?\s*\(\s*[\w.]+\s*\)|[([][^()[\]\n]{0,30}[)\]])/;
const CORRECTION = /^Correct(?:ion|ed)\b/;

function leadsWithCorrection(line: string): boolean {
  let rest = line;
  for (let i = 0; i < 12; i++) {
    const piece = LEAD_PIECE.exec(rest);
    if (!piece) break;
    rest = rest.slice(piece[0].length);
  }
  return CORRECTION.test(rest);
}

/** The step's last line (a list item's range may end at the start of the next line). */
function lastLine(step: Step): number {
  const { start, end } = step.range;
  return end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
}

function isCorrection(model: NoteModel, step: Step): boolean {
  if (stepKinds(step).includes('RECONSTRUCTED')) return true;
  countWork(lastLine(step) - step.range.start.line + 1);
  for (let line = step.range.start.line; line <= lastLine(step); line++) {
    if (leadsWithCorrection(model.lines[line] ?? '')) return true;
  }
  return false;
}

const rule: Rule = {
  meta: {
    id: 'lecturer-claim',
    description: 'A (LECTURER CLAIM) is not followed by its corrected (RECONSTRUCTED) version.',
    severity: { default: 'warning', 'deep-pass': 'off' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: true,
    notesOnly: true,
    messages: {
      uncorrected: 'The LECTURER CLAIM of step {{step}} has no corrected (RECONSTRUCTED) version after it: add one in the same step or the next.',
    },
  },
  check(context) {
    const { model } = context;
    const steps = model.steps;
    for (let i = 0; i < steps.length; i++) {
      if (!stepKinds(steps[i]).includes('LECTURER CLAIM')) continue;
      // The claim runs on through its unlabelled continuation, up to a correction or a step labelled otherwise.
      let j = i;
      let corrected = false;
      for (; j < steps.length; j++) {
        countWork(1);
        if (isCorrection(model, steps[j])) { corrected = true; break; }
        const kinds = stepKinds(steps[j]);
        if (j > i && kinds.length > 0 && !kinds.includes('LECTURER CLAIM')) break;
      }
      if (!corrected) {
        const claim = steps[i];
        const mark = claim.provenance.find((p) => p.kind === 'LECTURER CLAIM' && p.valid && !p.inHeading);
        context.report({
          messageId: 'uncorrected',
          data: { step: claim.number ?? `at line ${claim.range.start.line + 1}` },
          range: mark?.range ?? claim.numberRange ?? firstLine(model, claim),
          fix: correctionStub(model, steps.slice(i, j)),
        });
      }
      i = corrected ? j : j - 1;
    }
  },
};

export default rule;

function firstLine(model: NoteModel, step: Step): Range {
  const line = step.range.start.line;
  return { start: step.range.start, end: { line, character: (model.lines[line] ?? '').length } };
}

/**
 * After the claim's last step: `**Step 5a (RECONSTRUCTED).** Correction of step 5: …`,
 * the claim's formula (without its `\tag`/`\label`, which would repeat) and
 * `{Rule: }`. Not safe: the author writes the correction.
 */
function correctionStub(model: NoteModel, run: Step[]): Fix {
  const eol = model.text.includes('\r\n') ? '\r\n' : '\n';
  const claim = run[0];
  const last = run[run.length - 1];
  const line = lastLine(last);
  const at = { line, character: (model.lines[line] ?? '').length };
  const marker = last.number !== undefined ? `**Step ${subNumber(last.number)} (RECONSTRUCTED).**` : '**(RECONSTRUCTED)**';
  const named = claim.number !== undefined ? ` of step ${claim.number}` : '';
  const formula = claimFormula(run, eol);
  const parts = [`${marker} Correction${named}: …`, ...(formula ? [formula] : []), '{Rule: }'];
  const after = (model.lines[line + 1] ?? '').trim() ? eol : '';
  return {
    title: 'Insert a (RECONSTRUCTED) correction after the claim',
    edits: [{ range: { start: at, end: at }, newText: `${eol}${eol}${parts.join(eol + eol)}${after}` }],
    safe: false,
    preferred: true,
  };
}

/** `5` → `5a`, `5a` → `5b`, `3.1` → `3.2`: a sub-step of the claim's last step. */
function subNumber(number: string): string {
  const letter = /^(\d+)([a-y])$/i.exec(number);
  if (letter) return letter[1] + String.fromCharCode(letter[2].charCodeAt(0) + 1);
  const dotted = /^(.*\.)(\d+)$/.exec(number);
  if (dotted) return `${dotted[1]}${Number(dotted[2]) + 1}`;
  return `${number}a`;
}

/** The last display formula of the claim (else its math with a relation), as a display block to edit. */
function claimFormula(run: Step[], eol: string): string | undefined {
  const claims = run.filter((step) => stepKinds(step).includes('LECTURER CLAIM')).reverse();
  const span = claims.map((step) => step.math.filter((m) => m.display).pop()).find(Boolean)
    ?? claims.map((step) => step.math.find((m) => step.transformations.some((t) => contains(m.range, t.range.start)))).find(Boolean);
  if (!span) return undefined;
  const lines = withoutNumbering(span.tex).split('\n').map((l) => l.trim()).filter(Boolean);
  return span.delimiter === 'begin' ? lines.join(eol) : ['$$', ...lines, '$$'].join(eol);
}

const NUMBERING = new Set(['\\label', '\\tag', '\\tag*']);

/** The formula without its `\label` and `\tag`: a copy must not number a second equation the same. */
function withoutNumbering(tex: string): string {
  let out = '';
  let at = 0;
  for (const command of scanCommands(tex)) {
    if (!NUMBERING.has(command.name)) continue;
    out += tex.slice(at, command.start);
    at = command.end;
  }
  return out + tex.slice(at);
}

function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}
