/**
 * shape-mismatch: linear algebra whose declared shapes do not fit
 * (`X^\top w` with `X\in\mathbb{R}^{n\times d}`, `w\in\mathbb{R}^d`), both
 * sides of a relation with different shapes, a sum of unequal shapes, the
 * inverse of a non-square matrix. Shapes come only from the note's own
 * declarations; whatever the checker does not understand is never reported.
 */
import type { Rule } from '../types';
import type { Declaration } from '../model';
import { checkMath, DeclarationScope } from '../shapes';
import { mathRange } from '../parse/positions';

const rule: Rule = {
  meta: {
    id: 'shape-mismatch',
    description: 'An expression whose declared shapes do not fit, with both shapes in the message.',
    severity: { default: 'warning' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: false,
    messages: {
      mismatch: '`{{expression}}`: {{detail}}',
    },
  },
  check(context) {
    const { model } = context;
    if (!model.declarations.some(declaresShape)) return;
    const scope = new DeclarationScope(model);
    for (const span of model.math) {
      const env = scope.before(span);
      // Cited identities use placeholder letters (NOTE-SPEC §4): their shapes are not the note's.
      if (span.placeholder) continue;
      for (const problem of checkMath(span.tex, env)) {
        context.report({
          messageId: 'mismatch',
          data: { expression: problem.expression, detail: problem.detail },
          range: mathRange(model, span, problem.start, problem.end),
        });
      }
    }
  },
};

export default rule;

function declaresShape(declaration: Declaration): boolean {
  return declaration.kind === 'set-membership' || declaration.kind === 'map' || declaration.kind === 'scalar-bound';
}
