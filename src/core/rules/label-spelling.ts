/**
 * label-spelling: a provenance label spelt wrong (NOTE-SPEC §3):
 * `(RECONSTRUCT)`, `(Reconstructed)`, `(VERBATUM)`. The fix writes the label
 * meant, in upper case.
 */
import type { Rule } from '../types';

const rule: Rule = {
  meta: {
    id: 'label-spelling',
    description: 'A provenance label is misspelt.',
    severity: { default: 'error' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: true,
    notesOnly: true,
    messages: {
      misspelt: 'Provenance label "{{label}}" is misspelt: write "{{expected}}".',
    },
  },
  check(context) {
    for (const mark of context.model.provenance) {
      if (mark.valid || !mark.kind) continue;
      context.report({
        messageId: 'misspelt',
        data: { label: mark.text, expected: mark.kind },
        range: mark.range,
        fix: { title: `Write ${mark.kind}`, edits: [{ range: mark.range, newText: mark.kind }], safe: true, preferred: true },
      });
    }
  },
};

export default rule;
