/** YAML front matter: data, range, and a positioned error when the YAML is bad. */
import { parseDocument } from 'yaml';
import type { FrontMatter } from '../model';
import type { Doc } from './scan';

export function parseFrontMatter(doc: Doc, fm: { start: number; end: number; content: string; contentStart: number }): FrontMatter {
  const range = doc.range(fm.start, fm.end);
  const yamlDoc = parseDocument(fm.content, { prettyErrors: false });
  if (yamlDoc.errors.length) {
    const error = yamlDoc.errors[0];
    const [from, to] = error.pos;
    const start = fm.contentStart + Math.min(from, fm.content.length);
    const end = Math.max(start, fm.contentStart + Math.min(to, fm.content.length));
    const message = `Invalid YAML front matter: ${error.message.split('\n')[0]}`;
    return { data: {}, range, error: { message, range: doc.range(start, end) } };
  }
  let value: unknown;
  try {
    value = yamlDoc.toJS();
  } catch (error) {
    // Well-formed YAML that has no value: an alias to an anchor never set (`format: *x`), too many aliases.
    return { data: {}, range, error: { message: `Invalid YAML front matter: ${(error as Error).message}`, range } };
  }
  if (value === null || value === undefined) return { data: {}, range };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { data: {}, range, error: { message: 'Front matter must be a mapping of keys to values.', range } };
  }
  return { data: value as Record<string, unknown>, range };
}
