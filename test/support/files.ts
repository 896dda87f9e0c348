import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.md` file below `dir`, sorted; none when `dir` is absent. */
export function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  }).sort();
}
