/**
 * equation-ref: references that resolve to nothing, and numbers defined twice
 * (NOTE-SPEC §5). Labels and equation numbers come from the renderer's
 * numbering (render/numbering.ts), so the check and the preview agree.
 */
import type { Rule } from '../types';
import type { NoteModel } from '../model';
import { numberEquations } from '../render/numbering';

const rule: Rule = {
  meta: {
    id: 'equation-ref',
    description: 'A reference to an equation that does not exist, or a label or tag defined twice.',
    severity: { default: 'error' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: false,
    messages: {
      undefinedLabel: '\\{{kind}}{{{name}}} refers to no \\label{{{name}}}.',
      unnumbered: '\\{{kind}}{{{name}}} refers to an equation without a number (a starred environment or \\notag).',
      undefinedNumber: '"{{text}}" refers to no equation ({{name}}).',
      duplicateLabel: '\\label{{{name}}} is defined more than once (first at line {{line}}).',
      duplicateTag: 'Equation number ({{name}}) is given more than once (first at line {{line}}).',
    },
  },
  check(context) {
    const { model } = context;
    if (!model.references.length && !model.labels.length && !model.tags.length) return;
    const numbering = numberEquations(model.math);
    const numbers = equationNumbers(model, numbering.rows.flat().map((r) => r.tag ?? (r.auto !== undefined ? String(r.auto) : undefined)));

    for (const ref of model.references) {
      if (ref.kind === 'prose') {
        if (!numbers.has(ref.name)) {
          context.report({ messageId: 'undefinedNumber', data: { text: model.lines[ref.range.start.line].slice(ref.range.start.character, ref.range.end.character), name: ref.name }, range: ref.range });
        }
        continue;
      }
      const target = numbering.labels.get(ref.name);
      if (!target) context.report({ messageId: 'undefinedLabel', data: { kind: ref.kind, name: ref.name }, range: ref.range });
      else if (target.number === undefined) context.report({ messageId: 'unnumbered', data: { kind: ref.kind, name: ref.name }, range: ref.range });
    }

    const firstLabel = new Map<string, number>();
    for (const label of model.labels) {
      if (label.math < 0) continue;
      const first = firstLabel.get(label.name);
      if (first === undefined) firstLabel.set(label.name, label.range.start.line);
      else context.report({ messageId: 'duplicateLabel', data: { name: label.name, line: first + 1 }, range: label.range });
    }
    const firstTag = new Map<string, number>();
    for (const tag of model.tags) {
      const first = firstTag.get(tag.tag);
      if (first === undefined) firstTag.set(tag.tag, tag.range.start.line);
      else context.report({ messageId: 'duplicateTag', data: { name: tag.tag, line: first + 1 }, range: tag.range });
    }
  },
};

export default rule;

/** Every equation number a prose "Eq. (k)" may name: tags, automatic numbers, and step numbers. */
function equationNumbers(model: NoteModel, rowNumbers: (string | undefined)[]): Set<string> {
  const numbers = new Set<string>();
  for (const n of rowNumbers) if (n !== undefined) numbers.add(n.trim());
  for (const t of model.tags) numbers.add(t.tag.trim());
  for (const s of model.steps) if (s.number !== undefined) numbers.add(s.number);
  return numbers;
}
