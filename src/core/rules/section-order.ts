/**
 * section-order: a section heading out of the format's order, or a section
 * written twice. The sections kept in order are the longest run that follows
 * the format's order, so one misplaced section gives one finding, not one for
 * every section after it.
 */
import type { Rule } from '../types';
import type { Section } from '../model';
import { noteSections, sectionLabel } from './util/sections';

const rule: Rule = {
  meta: {
    id: 'section-order',
    description: 'A section is out of the format\'s order, or repeated.',
    severity: { default: 'warning' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
    messages: {
      after: 'Section "{{section}}" is out of order: it belongs after "{{other}}".',
      before: 'Section "{{section}}" is out of order: it belongs before "{{other}}".',
      repeated: 'Section "{{section}}" is repeated (first at line {{line}}).',
    },
  },
  check(context) {
    const { model } = context;
    if (!model.format) return;
    const order = new Map(model.format.sections.map((spec, i) => [spec.number, i]));
    const firsts: { section: Section; order: number }[] = [];
    const seen = new Map<string, Section>();
    for (const section of noteSections(model)) {
      const first = seen.get(section.spec.number);
      if (first) {
        context.report({
          messageId: 'repeated',
          data: { section: sectionLabel(section.spec), line: first.heading.range.start.line + 1 },
          range: section.heading.range,
          related: [{ message: 'First written here.', range: first.heading.range }],
        });
        continue;
      }
      seen.set(section.spec.number, section);
      firsts.push({ section, order: order.get(section.spec.number) ?? 0 });
    }
    const kept = longestIncreasing(firsts.map((f) => f.order));
    const inOrder = [...kept].sort((a, b) => a - b).map((k) => firsts[k]);
    firsts.forEach(({ section, order: position }, i) => {
      if (kept.has(i)) return;
      const predecessor = inOrder.filter((f) => f.order < position).pop();
      const other = predecessor ?? inOrder[0];
      context.report({
        messageId: predecessor ? 'after' : 'before',
        data: { section: sectionLabel(section.spec), other: sectionLabel(other.section.spec) },
        range: section.heading.range,
      });
    });
  },
};

export default rule;

/** Indices of one longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = []; // index of the smallest tail of each length
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((value, i) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (values[tails[mid]] < value) low = mid + 1; else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1];
    tails[low] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) kept.add(i);
  return kept;
}
