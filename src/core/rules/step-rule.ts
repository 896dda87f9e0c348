/**
 * step-rule: a transformation in a derivation step with no stated rule
 * (NOTE-SPEC §3). The parser decides coverage (annotations in the math cover
 * their line; otherwise the statements after a block must number at least its
 * unannotated transformations); this rule reports what is left.
 */
import type { Fix, Rule } from '../types';
import type { MathSpan, NoteModel, Step, Transformation } from '../model';

const rule: Rule = {
  meta: {
    id: 'step-rule',
    description: 'A transformation in a derivation step states no rule.',
    severity: { default: 'error' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: true,
    notesOnly: true,
    messages: {
      missing: 'Transformation "{{relation}}" states no rule (add {Rule: …} under it, or annotate the relation).',
      missingInBlock: 'Transformation "{{relation}}" states no rule: the block has {{transformations}} transformations and states {{rules}} rule(s).',
      emptyStub: 'Transformation "{{relation}}" states no rule: the {Rule: } stub under it is empty.',
    },
  },
  check(context) {
    const { model } = context;
    for (const step of model.steps) {
      if (step.isDefinition) continue;
      const hasEmptyStub = step.rules.some((r) => (r.form === 'braces' || r.form === 'line') && r.count === 0);
      for (const t of step.transformations) {
        if (t.covered) continue;
        const data = { relation: t.relation, transformations: t.blockTransformations, rules: t.blockRules };
        if (hasEmptyStub) {
          context.report({ messageId: 'emptyStub', data, range: t.range });
          continue;
        }
        context.report({
          messageId: t.blockTransformations > 1 ? 'missingInBlock' : 'missing',
          data,
          range: t.range,
          fix: stubFix(model, step, t),
        });
      }
    }
  },
};

export default rule;

/** The math span of the step that holds the transformation. */
function spanOf(step: Step, t: Transformation): MathSpan | undefined {
  const line = t.range.start.line;
  const ch = t.range.start.character;
  return step.math.find((m) => {
    const { start, end } = m.range;
    const afterStart = line > start.line || (line === start.line && ch >= start.character);
    const beforeEnd = line < end.line || (line === end.line && ch <= end.character);
    return afterStart && beforeEnd;
  });
}

/**
 * Inserts a `{Rule: }` line after the line where the transformation's math
 * ends, indented like that line so it stays in the same list item. Not safe:
 * the stub states nothing until it is filled in (and an empty stub does not
 * count as a rule), so `--fix` must not add it unasked.
 */
function stubFix(model: NoteModel, step: Step, t: Transformation): Fix {
  const span = spanOf(step, t);
  const line = span ? span.range.end.line : t.range.end.line;
  const text = model.lines[line] ?? '';
  const firstLine = model.lines[span ? span.range.start.line : line] ?? '';
  // Under a list item's first line, indent to the item's content so the stub stays in the item.
  const item = /^([ \t>]*)((?:[-*+]|\d+[.)])[ \t]+)/.exec(firstLine);
  const indent = item ? item[1] + ' '.repeat(item[2].length) : /^[ \t>]*/.exec(firstLine)![0];
  const at = { line, character: text.length };
  return {
    title: 'Insert a {Rule: } stub',
    edits: [{ range: { start: at, end: at }, newText: `\n${indent}{Rule: }` }],
    safe: false,
    preferred: true,
  };
}
