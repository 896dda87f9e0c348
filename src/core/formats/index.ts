import type { NoteFormat } from './types';
import deepPass from './deep-pass.json';
import lecture from './lecture.json';

export * from './load';

/** The formats that ship with mlnotes (validated against the schema in test/unit/formats.test.ts). */
export const builtinFormats: NoteFormat[] = [deepPass as NoteFormat, lecture as NoteFormat];

/** The format with this id, if any. */
export function findFormat(formats: readonly NoteFormat[], id: string): NoteFormat | undefined {
  return formats.find((f) => f.id === id);
}
