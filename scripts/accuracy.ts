/**
 * `npm run accuracy [-- --as-note lecture|deep-pass] [--rule ID…] [PATH…]`
 *
 * Lints notes nobody here wrote and prints every diagnostic, grouped by rule,
 * with file:line:column and the source line, then the counts: the material
 * of the precision review in docs/accuracy.md. By default it reads, beside
 * the repository, ../shared/corpus/real/ (public notes), the seed prompts and
 * the study sheet; give paths to read others.
 *
 * --as-note FORMAT  lint each file as a note of that format (where its front
 *                   matter names none), so the note-only rules run too.
 * --rule ID         print only this rule's diagnostics (repeatable); counts
 *                   still cover every rule.
 * --canary          with --as-note: also lint each file with a known shape
 *                   mismatch and an unjustified step appended in a derivation
 *                   section, and count the files where shape-mismatch and
 *                   step-rule find them (a 0 above must not come from a rule
 *                   that never runs on these files).
 *
 * Exits 1 if linting any file throws (the review needs zero crashes).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lintText, type LintDiagnostic } from '../src/core/index';

const SHARED = resolve(__dirname, '../../shared');

function markdownFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => {
    const full = join(path, name);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return /\.(md|markdown)$/i.test(name) ? [full] : [];
  });
}

interface Finding { file: string; diagnostic: LintDiagnostic; source: string }

function main(): number {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: {
    'as-note': { type: 'string' }, rule: { type: 'string', multiple: true }, canary: { type: 'boolean' },
  } });
  const format = values['as-note'];
  if (format !== undefined && !['lecture', 'deep-pass'].includes(format)) {
    process.stderr.write(`accuracy: --as-note takes lecture or deep-pass, not "${format}"\n`);
    return 2;
  }
  const groups: [string, string[]][] = positionals.length
    ? positionals.map((p) => [p, markdownFiles(resolve(p))])
    : [['corpus/real', markdownFiles(join(SHARED, 'corpus/real'))], ['seeds', markdownFiles(join(SHARED, 'seeds'))],
      ['study sheet', markdownFiles(join(SHARED, 'corpus/ml-interview-study-sheet.md'))]];
  if (groups.every(([, files]) => files.length === 0)) {
    process.stderr.write(`accuracy: no Markdown files found (looked in ${SHARED}); give paths\n`);
    return 2;
  }
  const shown = values.rule ? new Set(values.rule) : undefined;
  let crashes = 0;
  const out: string[] = [];
  const totals: string[] = [];
  for (const [name, files] of groups) {
    const findings: Finding[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      try {
        const lines = text.split(/\r\n?|\n/);
        for (const diagnostic of lintText(text, { format }).diagnostics) {
          findings.push({ file: relative(process.cwd(), file), diagnostic, source: lines[diagnostic.range.start.line] ?? '' });
        }
      } catch (error) {
        crashes++;
        out.push(`CRASH ${file}: ${(error as Error).stack ?? error}`);
      }
    }
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) byRule.set(f.diagnostic.rule, [...(byRule.get(f.diagnostic.rule) ?? []), f]);
    const rules = [...byRule.keys()].sort();
    out.push(`\n=== ${name}: ${files.length} files, ${findings.length} diagnostics${format ? ` (as ${format} notes)` : ''}`);
    for (const rule of rules.filter((r) => !shown || shown.has(r))) {
      out.push(`\n--- ${rule} (${byRule.get(rule)!.length})`);
      for (const { file, diagnostic: d, source } of byRule.get(rule)!) {
        out.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity}: ${d.message}`);
        out.push(`    ${source.trim().slice(0, 240)}`);
      }
    }
    totals.push(`${name}: ${files.length} files, ${findings.length} diagnostics${rules.length ? ` — ${rules.map((r) => `${r} ${byRule.get(r)!.length}`).join(', ')}` : ''}`);
    if (values.canary && format) totals.push(`  canary: ${canary(files, format)}`);
  }
  process.stdout.write(`${out.join('\n')}\n\n=== counts\n${totals.join('\n')}\ncrashes: ${crashes}\n`);
  return crashes ? 1 : 0;
}

const DERIVATION_HEADING: Record<string, string> = {
  lecture: '#### 4.B Step-by-Step Derivation (Numbered)',
  'deep-pass': '## 4) Full Derivation (step-by-step, numbered)',
};

/** In how many files shape-mismatch and step-rule report a seeded `Zu` (7×3 times 5) stated with no rule. */
function canary(files: string[], format: string): string {
  const seeded = `\n\n${DERIVATION_HEADING[format]}\n\n1. With $Z\\in\\mathbb{R}^{7\\times 3}$ and $u\\in\\mathbb{R}^{5}$:\n\n   $$\nv = Z u\n$$\n`;
  const found = { 'shape-mismatch': 0, 'step-rule': 0 };
  for (const file of files) {
    const rules = new Set(lintText(readFileSync(file, 'utf8') + seeded, { format }).diagnostics.map((d) => d.rule));
    for (const rule of Object.keys(found) as (keyof typeof found)[]) if (rules.has(rule)) found[rule]++;
  }
  return `seeded defect found in ${files.length} files: shape-mismatch ${found['shape-mismatch']}, step-rule ${found['step-rule']}`;
}

process.exitCode = main();
