/**
 * shape-mismatch: linear algebra whose declared shapes do not fit
 * (`X^\top w` with `X\in\mathbb{R}^{n\times d}`, `w\in\mathbb{R}^d`), both
 * sides of a relation with different shapes, a sum of unequal shapes, the
 * inverse of a non-square matrix. Shapes come only from the note's own
 * declarations; whatever the checker does not understand is never reported.
 */
import type { Position, Rule } from '../types';
import type { Declaration, MathSpan, NoteModel } from '../model';
import { checkMath, createShapeEnv, declareShape, mayUseDeclared, type ShapeEnv } from '../shapes';
import { mathRange } from '../parse/positions';

const rule: Rule = {
  meta: {
    id: 'shape-mismatch',
    description: 'An expression whose declared shapes do not fit, with both shapes in the message.',
    severity: { default: 'warning' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
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
      if (span.placeholder || !mayUseDeclared(env, span.tex)) continue;
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

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * The declarations in force at a math span: the glossary's everywhere, any
 * other from where it is written on (including in the span itself), a later
 * declaration of the same symbol replacing an earlier one. A letter reused in
 * another section with another meaning thus never meets the old shape.
 */
export class DeclarationScope {
  private readonly pending: Declaration[];
  private next = 0;
  readonly env: ShapeEnv;

  constructor(model: NoteModel) {
    const glossary = model.declarations.filter((d) => d.inGlossary);
    this.env = createShapeEnv(glossary.map(toDeclared));
    this.pending = model.declarations.filter((d) => !d.inGlossary)
      .sort((a, b) => (before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0));
  }

  /** The environment for `span`; spans must be asked for in document order. */
  before(span: MathSpan): ShapeEnv {
    while (this.next < this.pending.length && before(this.pending[this.next].range.start, span.range.end)) {
      declareShape(this.env, toDeclared(this.pending[this.next++]), 'shadow');
    }
    return this.env;
  }
}

function toDeclared(d: Declaration) {
  return { symbol: d.tex, domain: d.domain, kind: d.kind };
}

/** The environment in force at one span (for hovers): the same scoping as the rule. */
export function shapeEnvironmentAt(model: NoteModel, span: MathSpan): ShapeEnv {
  return new DeclarationScope(model).before(span);
}
