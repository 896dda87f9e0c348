/** YAML front matter: data, range, and a positioned error when the YAML is bad. */
import { parseDocument } from 'yaml';
import type { FrontMatter } from '../model';
import type { Doc } from './scan';
import { memoizeText } from '../memo';

/** What the YAML says, before it is placed in the document: offsets of an error are in the content. */
type Reading = { data: Record<string, unknown> } | { error: string; from?: number; to?: number };

export function parseFrontMatter(doc: Doc, fm: { start: number; end: number; content: string; contentStart: number }): FrontMatter {
  const range = doc.range(fm.start, fm.end);
  const reading = readYaml(fm.content);
  if ('data' in reading) return { data: structuredClone(reading.data), range };
  if (reading.from === undefined || reading.to === undefined) return { data: {}, range, error: { message: reading.error, range } };
  const start = fm.contentStart + Math.min(reading.from, fm.content.length);
  const end = Math.max(start, fm.contentStart + Math.min(reading.to, fm.content.length));
  return { data: {}, range, error: { message: reading.error, range: doc.range(start, end) } };
}

/**
 * Kept per content across parses: every re-parse of a note after an edit
 * reads the same front matter, and the YAML parser is dear next to it. The
 * data is cloned for each model, which may change its own.
 */
const readYaml = memoizeText((content: string): Reading => {
  const yamlDoc = parseDocument(content, { prettyErrors: false });
  if (yamlDoc.errors.length) {
    const error = yamlDoc.errors[0];
    const [from, to] = error.pos;
    return { error: `Invalid YAML front matter: ${error.message.split('\n')[0]}`, from, to };
  }
  let value: unknown;
  try {
    value = yamlDoc.toJS();
  } catch (error) {
    // Well-formed YAML that has no value: an alias to an anchor never set (`format: *x`), too many aliases.
    return { error: `Invalid YAML front matter: ${(error as Error).message}` };
  }
  if (value === null || value === undefined) return { data: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { error: 'Front matter must be a mapping of keys to values.' };
  return { data: value as Record<string, unknown> };
}, 256);
