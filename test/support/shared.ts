// The shared folder (seeds, corpus) lives beside the repository, not in it.
// Tests find it relative to this file and skip with a message where it is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DIR = resolve(__dirname, '../../../shared');
export const STUDY_SHEET = resolve(SHARED_DIR, 'corpus/ml-interview-study-sheet.md');

/** The text of a file under the shared folder, or undefined when it is absent. */
export function readShared(relative: string): string | undefined {
  const path = resolve(SHARED_DIR, relative);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The study sheet's text; skips the calling mocha test (with the reason in the log) when it is absent. */
export function studySheetOrSkip(test: Mocha.Context): string {
  const text = readShared('corpus/ml-interview-study-sheet.md');
  if (text === undefined) {
    console.log(`    (skipped: ${STUDY_SHEET} is absent)`);
    test.skip();
  }
  return text as string;
}

/** Every Markdown file below `dir`, sorted (none when it is absent). */
export function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  }).sort();
}
