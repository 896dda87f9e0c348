// Output of `mlnotes lint`: ESLint-stylish text, a JSON array (NOTE-SPEC §6)
// and SARIF 2.1.0. Positions are 1-based; end columns point just past the
// last character (as SARIF's and VS Code's exclusive ends).
import type { LintDiagnostic, Severity } from '../core/types';
import type { AnyRule } from '../core/rules/index';

export interface FileResult {
  /** The path as shown: relative to the working folder, `/`-separated. */
  file: string;
  diagnostics: LintDiagnostic[];
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
}

export function toJsonDiagnostics(results: readonly FileResult[]): JsonDiagnostic[] {
  return results.flatMap(({ file, diagnostics }) => diagnostics.map((d) => ({
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    rule: d.rule,
    severity: d.severity,
    message: d.message,
  })));
}

export function formatJson(results: readonly FileResult[]): string {
  return `${JSON.stringify(toJsonDiagnostics(results), null, 2)}\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Like ESLint's "stylish": a block per file, aligned columns, a summary line. */
export function formatText(results: readonly FileResult[]): string {
  const out: string[] = [];
  const totals = { error: 0, warning: 0, info: 0, fixable: 0 };
  for (const { file, diagnostics } of results) {
    if (diagnostics.length === 0) continue;
    const rows = diagnostics.map((d) => [`${d.range.start.line + 1}:${d.range.start.character + 1}`, d.severity, d.message.replace(/\s*\n\s*/g, ' '), d.rule]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
    out.push(file);
    for (const row of rows) out.push(`  ${row[0].padStart(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padEnd(widths[2])}  ${row[3]}`);
    out.push('');
    for (const d of diagnostics) {
      totals[d.severity]++;
      if (d.fix?.safe) totals.fixable++;
    }
  }
  const problems = totals.error + totals.warning + totals.info;
  if (problems === 0) return '';
  out.push(`✖ ${plural(problems, 'problem')} (${plural(totals.error, 'error')}, ${plural(totals.warning, 'warning')}, ${totals.info} info)`);
  if (totals.fixable > 0) out.push(`  ${plural(totals.fixable, 'problem')} fixable with the \`--fix\` option.`);
  return `${out.join('\n')}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function sarifLevel(rule: AnyRule): 'error' | 'warning' | 'note' | 'none' {
  const severity = rule.meta.severity.default;
  return severity === 'off' ? 'none' : SARIF_LEVEL[severity];
}

/** Percent-encodes a relative path for a SARIF `uri` (keeps `/`). */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(absolute: string): string {
  const withSlash = absolute.endsWith('/') ? absolute : `${absolute}/`;
  return `file://${withSlash.startsWith('/') ? '' : '/'}${withSlash.split('/').map(encodeURIComponent).join('/')}`;
}

export interface SarifOptions {
  version: string;
  /** Absolute working folder: the base of every relative `file`. */
  cwd: string;
  rules: readonly AnyRule[];
}

/** A SARIF 2.1.0 log with one run; rules carry their description, default level and doc path. */
export function formatSarif(results: readonly FileResult[], options: SarifOptions): string {
  const rules = [...options.rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const ruleIndex = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'mlnotes',
          version: options.version,
          rules: rules.map((rule) => ({
            id: rule.meta.id,
            shortDescription: { text: rule.meta.description },
            help: { text: `See docs/rules/${rule.meta.id}.md` },
            defaultConfiguration: { level: sarifLevel(rule) },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: directoryUri(options.cwd.replace(/\\/g, '/')) } },
      results: results.flatMap(({ file, diagnostics }) => diagnostics.map((d) => ({
        ruleId: d.rule,
        ...(ruleIndex.has(d.rule) ? { ruleIndex: ruleIndex.get(d.rule) } : {}),
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: relativeUri(file), uriBaseId: 'SRCROOT' },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        }],
      }))),
      columnKind: 'utf16CodeUnits',
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
