/**
 * A NoteModel built without the parser, for tests of the engine and the rule
 * tester: the text and its lines, HTML comments found by a regex, and an
 * optional format. Everything else is empty.
 */
import type { Comment, NoteModel } from '../../../src/core/model';
import type { NoteFormat } from '../../../src/core/formats/types';
import { builtinFormats } from '../../../src/core/formats/index';
import { computeLineStarts, rangeOf } from '../../../src/core/text';

export function fakeModel(text: string, options: { format?: string | NoteFormat } = {}): NoteModel {
  const lineStarts = computeLineStarts(text);
  const comments: Comment[] = [...text.matchAll(/<!--[\s\S]*?-->/g)].map((m) => ({
    text: m[0],
    range: rangeOf(lineStarts, m.index!, m.index! + m[0].length),
  }));
  const format = typeof options.format === 'string' ? builtinFormats.find((f) => f.id === options.format) : options.format;
  return {
    text,
    lines: text.split(/\r\n|\r|\n/),
    lineStarts,
    format,
    formatSource: format ? 'front-matter' : undefined,
    headings: [],
    sections: [],
    math: [],
    steps: [],
    declarations: [],
    glossary: [],
    symbols: [],
    labels: [],
    references: [],
    tags: [],
    ruleStatements: [],
    provenance: [],
    macros: {},
    comments,
    opaque: [],
    code: [],
    prose: [],
    paragraphs: [],
    listItems: [],
    timestamps: [],
  } as NoteModel;
}

export const fakeParse = (text: string, options: { format?: string }) => fakeModel(text, options);
