import type { SeveritySetting } from '../types';

export type SectionRole =
  | 'glossary' | 'derivation' | 'definitions' | 'identities' | 'result'
  | 'metadata' | 'recap' | 'concept' | 'checks' | 'none';

export interface FormatSection {
  /** Section number as written in the format, e.g. `4`, `4.B`. */
  number: string;
  title: string;
  aliases: string[];
  required: boolean;
  role: SectionRole;
  /** Text the scaffold puts under the heading as its first tab stop. */
  placeholder?: string;
}

/** A note format: data validated against schemas/note-format.schema.json. */
export interface NoteFormat {
  id: string;
  name: string;
  description?: string;
  sections: FormatSection[];
  /** Per-rule settings for notes of this format: severity or an options object. */
  rules: Record<string, SeveritySetting | ({ severity?: SeveritySetting } & Record<string, unknown>)>;
}
