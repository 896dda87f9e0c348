// `mlnotes lint [--format text|json|sarif] [--config FILE] [--fix] PATH…`
// (NOTE-SPEC §6). Folders are walked for `*.md` (node_modules and .git are
// skipped); each note gets the nearest `.mlnotes.json`/`.mlnotes.jsonc` above
// it unless --config names one. Exit 0: no error-severity diagnostic; 1: some;
// 2: bad usage, an unreadable path or file, or an invalid config.
import { statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { lintText } from '../core/lint';
import { applyFixes } from '../core/fix';
import { allRules } from '../core/rules/index';
import type { LintDiagnostic } from '../core/types';
import type { ConfigError } from '../core/config';
import { EXIT, type CliCommand, type CliIO } from './command';
import { ConfigResolver, type LoadedConfig } from '../core/config-loader';
import { loaderPath, nodeConfigFs } from './config-fs';
import { formatJson, formatSarif, formatText, type FileResult } from './lint-output';
import { failureReason, fileHooks, readDirEntries, readTextFile, replaceFile } from './files';

const pkg = require('../../package.json') as { version: string };

const FORMATS = ['text', 'json', 'sarif'] as const;
type OutputFormat = (typeof FORMATS)[number];

const usage = `Usage: mlnotes lint [--format text|json|sarif] [--config FILE] [--fix] PATH…

Checks notes against NOTE-SPEC's rules. Folders are searched for *.md files
(node_modules and .git are skipped). Each note uses the nearest .mlnotes.json
or .mlnotes.jsonc at or above its folder, unless --config names a file.

Options:
  -f, --format FORMAT   text (default), json or sarif
  -c, --config FILE     use this config file for every note
  --fix                 apply the safe fixes and write the files (only when changed)
  -h, --help            show this help

Exit status: 0 no errors, 1 error-severity problems found, 2 bad usage,
an unreadable file or an invalid config.
`;

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * Every `*.md` below `dir`, sorted, without following symlinked folders (no
 * cycles). A folder that cannot be listed is reported through `unreadable`
 * and the walk goes on with the rest.
 */
function markdownFiles(dir: string, unreadable: (dir: string, error: unknown) => void): string[] {
  let entries;
  try {
    entries = (fileHooks.readDir ?? readDirEntries)(dir);
  } catch (error) {
    unreadable(dir, error);
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : markdownFiles(full, unreadable);
    if (!entry.name.toLowerCase().endsWith('.md')) return [];
    return entry.isFile() || (entry.isSymbolicLink() && isFile(full)) ? [full] : [];
  });
}

function isFile(path: string): boolean {
  try { return statSync(path).isFile(); } catch { return false; }
}

/** The files named by the paths: a file as given (any extension), a folder walked. */
function collectFiles(paths: string[], cwd: string, problems: string[]): string[] {
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stat;
    try {
      stat = statSync(absolute);
    } catch (error) {
      problems.push(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`);
      continue;
    }
    if (stat.isDirectory()) {
      const before = problems.length;
      const found = markdownFiles(absolute, (folder, error) => {
        problems.push(`cannot read folder ${displayPath(folder, cwd)}: ${failureReason(error)} (skipped; the rest is linted)`);
      });
      // Like a misspelt path, an empty folder must not pass as "no problems".
      if (found.length === 0 && problems.length === before) problems.push(`${path}: no Markdown files (*.md) in this folder`);
      for (const file of found) files.add(file);
    } else {
      files.add(absolute);
    }
  }
  return [...files];
}

function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute) || basename(absolute);
  return rel.split(sep).join('/');
}

/** Fixes insert `\n`; a CRLF file keeps CRLF. */
function withLineEnding(diagnostics: LintDiagnostic[], eol: string): LintDiagnostic[] {
  if (eol === '\n') return diagnostics;
  return diagnostics.map((d) => (d.fix
    ? { ...d, fix: { ...d.fix, edits: d.fix.edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, eol) })) } }
    : d));
}

interface LintOneResult { diagnostics: LintDiagnostic[]; fixed: boolean }

const BOM = '\uFEFF';

/**
 * Lints (and with `fix`, fixes) one file's text. A BOM is set aside so that
 * columns on the first line match what editors show, and put back on writing.
 */
function lintOne(fileText: string, loaded: LoadedConfig, fix: boolean): { result: LintOneResult; text: string } {
  const bom = fileText.startsWith(BOM) ? BOM : '';
  const text = fileText.slice(bom.length);
  const options = { config: loaded.config, formats: loaded.formats };
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const lint = (t: string) => withLineEnding(lintText(t, options).diagnostics, eol);
  const diagnostics = lint(text);
  if (!fix || !diagnostics.some((d) => d.fix?.safe)) return { result: { diagnostics, fixed: false }, text: fileText };
  const fixedText = applyFixes(text, diagnostics, { safeOnly: true, reparse: lint });
  if (fixedText === text) return { result: { diagnostics, fixed: false }, text: fileText };
  return { result: { diagnostics: lint(fixedText), fixed: true }, text: bom + fixedText };
}

function configErrorText(error: ConfigError, cwd: string): string {
  return `${displayPath(error.file, cwd)}:${error.range.start.line + 1}:${error.range.start.character + 1}: ${error.message}`;
}

interface ParsedArgs { format: OutputFormat; config?: string; fix: boolean; paths: string[] }

function parse(args: string[]): ParsedArgs | 'help' | string {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        fix: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const format = (values.format ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) return `unknown --format "${values.format}" (expected text, json or sarif)`;
  if (positionals.length === 0) return 'no PATH given';
  return { format, config: values.config, fix: values.fix ?? false, paths: positionals };
}

async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parse(args);
  if (parsed === 'help') {
    io.stdout(usage);
    return EXIT.ok;
  }
  if (typeof parsed === 'string') {
    io.stderr(`mlnotes lint: ${parsed}\n\n${usage}`);
    return EXIT.usage;
  }
  const problems: string[] = [];
  const files = collectFiles(parsed.paths, io.cwd, problems);
  const resolver = new ConfigResolver(nodeConfigFs, { explicit: parsed.config ? loaderPath(resolve(io.cwd, parsed.config)) : undefined });
  const results: FileResult[] = [];
  for (const file of files) {
    const loaded = await resolver.forFolder(loaderPath(dirname(file)));
    let read;
    try {
      read = readTextFile(file);
    } catch (error) {
      problems.push(`cannot read ${displayPath(file, io.cwd)}: ${failureReason(error)}`);
      continue;
    }
    // With a broken config the defaults lint the note, but nothing is rewritten under the wrong settings.
    const { result, text: newText } = lintOne(read.text, loaded, parsed.fix && loaded.errors.length === 0);
    if (result.fixed) {
      try {
        // Only if the file is still what was read: an edit saved meanwhile is never overwritten.
        replaceFile(file, newText, read.snapshot);
      } catch (error) {
        problems.push(`cannot write ${displayPath(file, io.cwd)}: ${failureReason(error)}`);
        continue;
      }
    }
    results.push({ file: displayPath(file, io.cwd), diagnostics: result.diagnostics });
  }
  const configErrors = (await resolver.loaded()).flatMap((l) => l.errors);
  for (const error of configErrors) io.stderr(`mlnotes lint: invalid config: ${configErrorText(error, io.cwd)} (defaults used)\n`);
  for (const problem of problems) io.stderr(`mlnotes lint: ${problem}\n`);

  if (parsed.format === 'json') io.stdout(formatJson(results));
  else if (parsed.format === 'sarif') io.stdout(formatSarif(results, { version: pkg.version, cwd: io.cwd, rules: allRules }));
  else io.stdout(formatText(results));

  if (configErrors.length > 0 || problems.length > 0) return EXIT.usage;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? EXIT.failure : EXIT.ok;
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check notes and report diagnostics',
  usage,
  run,
};
