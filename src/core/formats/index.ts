import type { NoteFormat } from './types';
import deepPass from './deep-pass.json';
import lecture from './lecture.json';

export * from './load';

/**
 * The formats that ship with mlnotes (validated against the schema in test/unit/formats.test.ts).
 * Their files hold structure only: each rule's default severity per format is
 * written once, in the rule module (`meta.severity`), where the docs and the
 * schema read it. A custom format's `rules` is a user setting on top.
 */
export const builtinFormats: NoteFormat[] = [deepPass, lecture].map((json) => ({ ...json, rules: {} }) as NoteFormat);

/** The format with this id, if any. */
export function findFormat(formats: readonly NoteFormat[], id: string): NoteFormat | undefined {
  return formats.find((f) => f.id === id);
}
