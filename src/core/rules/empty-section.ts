/**
 * empty-section: a required section with no content. A section whose own
 * body is empty but whose subsections (4 → 4.A … 4.E) have content is not
 * empty. Comments, bare list markers and thematic breaks are not content, so
 * a scaffold's placeholder comments still count as empty.
 */
import type { Rule } from '../types';
import type { NoteModel } from '../model';
import { bodyEnd, bodyStart, hasContentLine, isSubsectionOf, noteSections, sectionLabel } from './util/sections';

const rule: Rule = {
  meta: {
    id: 'empty-section',
    description: 'A required section has no content.',
    severity: { default: 'warning' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
    messages: {
      empty: 'Section "{{section}}" is empty.',
    },
  },
  check(context) {
    const { model } = context;
    if (!model.format) return;
    noteSections(model).forEach((section, index) => {
      if (!section.spec.required || hasContent(model, index)) return;
      context.report({ messageId: 'empty', data: { section: sectionLabel(section.spec) }, range: section.heading.range });
    });
  },
};

export default rule;

function ownContent(model: NoteModel, index: number): boolean {
  return hasContentLine(model, bodyStart(noteSections(model)[index]), bodyEnd(model, index));
}

/** Own content, or a subsection (the headings right after it that belong to it) with content. */
function hasContent(model: NoteModel, index: number): boolean {
  if (ownContent(model, index)) return true;
  const sections = noteSections(model);
  const parent = sections[index].spec;
  for (let i = index + 1; i < sections.length && isSubsectionOf(sections[i].spec, parent); i++) {
    if (ownContent(model, i)) return true;
  }
  return false;
}
