/**
 * concept-bullets: the lecture format's §1 (the `concept` section) asks for
 * 3–6 bullets. Bullets are the top-level list items of the section, ordered
 * or not (nested items elaborate a bullet and are not counted).
 */
import type { Rule } from '../types';
import type { NoteModel } from '../model';
import { contentLines, lineRange, sectionBodies, sectionLabel } from './util/sections';

interface Options { min: number; max: number }

const rule: Rule<Options> = {
  meta: {
    id: 'concept-bullets',
    description: 'The concept section has fewer or more bullets than the format asks for (3–6).',
    severity: { default: 'warning', 'deep-pass': 'off' },
    optionsSchema: {
      type: 'object',
      properties: {
        min: { type: 'integer', minimum: 0, description: 'Fewest bullets allowed.' },
        max: { type: 'integer', minimum: 1, description: 'Most bullets allowed.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { min: 3, max: 6 },
    fixable: false,
    notesOnly: true,
    messages: {
      tooFew: 'Section "{{section}}" has {{count}} bullets; the format asks for {{min}}–{{max}}.',
      tooMany: 'Section "{{section}}" has {{count}} bullets; the format asks for {{min}}–{{max}} (this is bullet {{first}}).',
    },
  },
  check(context) {
    const { model } = context;
    const min = context.options.min ?? 3;
    const max = context.options.max ?? 6;
    for (const { section, from, to } of sectionBodies(model, 'concept')) {
      const bullets = bulletLines(model, from, to);
      const data = { section: sectionLabel(section.spec), count: bullets.length, min, max };
      if (bullets.length < min) {
        context.report({ messageId: 'tooFew', data, range: section.heading.range });
      } else if (bullets.length > max) {
        context.report({ messageId: 'tooMany', data: { ...data, first: max + 1 }, range: lineRange(model, bullets[max]) });
      }
    }
  },
};

export default rule;

/** Lines starting with a typographic bullet: Markdown sees a paragraph, the reader a bullet. */
const TEXT_BULLET = /^\s*[•▪◦‣●]\s/;

function bulletLines(model: NoteModel, from: number, to: number): number[] {
  const items = topLevelItemLines(model, from, to);
  const typed = contentLines(model, from, to).filter((line) => TEXT_BULLET.test(model.lines[line]));
  return [...items, ...typed].sort((a, b) => a - b);
}

/** First lines of the shallowest list items that start in [from, to). */
function topLevelItemLines(model: NoteModel, from: number, to: number): number[] {
  const items: { line: number; level: number }[] = [];
  for (const item of model.listItems) {
    if (item.line >= to) break;
    if (item.line >= from) items.push(item);
  }
  const top = Math.min(...items.map((i) => i.level));
  return items.filter((i) => i.level === top).map((i) => i.line);
}
