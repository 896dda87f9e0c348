/**
 * step-label: a derivation step (and a definitions equation) with no
 * provenance label (NOTE-SPEC §3). A label in a heading covers every step
 * under it. A misspelt label counts as present here: label-spelling flags it,
 * so the step is not reported twice.
 */
import type { Rule } from '../types';

const rule: Rule = {
  meta: {
    id: 'step-label',
    description: 'A derivation step has no provenance label such as (VERBATIM) or (RECONSTRUCTED).',
    severity: { default: 'warning', 'deep-pass': 'off' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
    messages: {
      missing: 'Step {{step}} has no provenance label: mark it (VERBATIM), (RECONSTRUCTED), (ASSUMPTION), (GAP) or (LECTURER CLAIM).',
    },
  },
  check(context) {
    const { model } = context;
    for (const step of model.steps) {
      if (step.provenance.some((p) => p.kind !== undefined)) continue;
      const line = step.range.start.line;
      const text = model.lines[line] ?? '';
      const start = Math.max(step.range.start.character, text.length - text.trimStart().length);
      context.report({
        messageId: 'missing',
        data: { step: step.number !== undefined ? step.number : `at line ${line + 1}` },
        range: step.numberRange ?? { start: { line, character: start }, end: { line, character: text.trimEnd().length } },
      });
    }
  },
};

export default rule;
