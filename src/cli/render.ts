// `mlnotes render NOTE.md [-o NOTE.html]`: one standalone HTML file with the
// same renderer and security rules as the preview (KaTeX CSS inlined, its
// woff2 fonts embedded as data: URLs, no script at all). Also the export
// behind "ML Notes: Export preview as HTML".
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfigText } from '../core/config';
import { NoteRenderer, type RenderOptions } from '../core/render/render';
import { katexCssWithFonts, makeNonce, noteTitle, standalonePage } from '../core/render/page';
import { sanitizeBody } from '../core/render/sanitize';
import { EXIT, type CliCommand, type CliIO } from './command';

const usage = `Usage: mlnotes render NOTE.md [-o NOTE.html] [--config FILE]

Renders a note to one standalone HTML file: math by KaTeX, equation numbers
and references resolved, KaTeX's CSS and fonts embedded, no script.

Options:
  -o, --output FILE   write to FILE (default: stdout); never the note itself
  --config FILE       read macros from FILE instead of the .mlnotes.json found upward
  -h, --help          show this help
`;

export interface ExportAssets { katexCss: string; previewCss: string }

/** The first folder in `candidates` that holds `file`. */
function findAsset(candidates: string[], file: string): string {
  const found = candidates.map((dir) => join(dir, file)).find((path) => existsSync(path));
  if (!found) throw new Error(`cannot find ${file} (looked in ${candidates.join(', ')}); run \`npm run build\``);
  return found;
}

let assetsCache: ExportAssets | undefined;

/** KaTeX's CSS with woff2 fonts as data: URLs, and the preview's CSS; from dist/ when bundled, from the sources otherwise. */
export function loadExportAssets(root = __dirname): ExportAssets {
  if (assetsCache && root === __dirname) return assetsCache;
  const katexDirs = [join(root, 'media/katex'), join(root, '../media/katex'), join(root, '../../node_modules/katex/dist'), join(root, '../../dist/media/katex')];
  const cssDirs = [join(root, 'webview'), join(root, '../webview'), join(root, '../../src/webview')];
  const katexCssPath = findAsset(katexDirs, 'katex.min.css');
  const fontDir = join(dirname(katexCssPath), 'fonts');
  const katexCss = katexCssWithFonts(readFileSync(katexCssPath, 'utf8'),
    (file) => `data:font/woff2;base64,${readFileSync(join(fontDir, file)).toString('base64')}`);
  const assets = { katexCss, previewCss: readFileSync(findAsset(cssDirs, 'preview.css'), 'utf8') };
  if (root === __dirname) assetsCache = assets;
  return assets;
}

/** A note as one standalone HTML page. */
export function renderStandalone(text: string, fileName: string, options: RenderOptions = {}, assets = loadExportAssets()): string {
  // The page has no script: the note's raw HTML is sanitized here, by the preview's policy.
  const { html, slots } = new NoteRenderer().render(text, { ...options, slots: true });
  return standalonePage({ nonce: makeNonce(), title: noteTitle(text, basename(fileName)), bodyHtml: sanitizeBody(html, slots), ...assets });
}

/** `.mlnotes.json` / `.mlnotes.jsonc` in the note's folder or the nearest one above. */
export function findConfigFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const name of ['.mlnotes.json', '.mlnotes.jsonc']) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The user's macros from the config file; its errors are printed (positioned) and the defaults used. */
function configMacros(file: string | undefined, io: CliIO): Record<string, string> {
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`mlnotes render: cannot read the config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (defaults used)\n`);
    return {};
  }
  const { config, errors } = parseConfigText(text, file);
  for (const e of errors) io.stderr(`${e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}: config error: ${e.message}\n`);
  return config.macros;
}

/** Writes through a temporary file so a failure never leaves half a page behind. */
function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function run(args: string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: {
      output: { type: 'string', short: 'o' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (error) {
    io.stderr(`mlnotes render: ${(error as Error).message}\n\n${usage}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) { io.stdout(usage); return EXIT.ok; }
  if (positionals.length !== 1) {
    io.stderr(`mlnotes render: ${positionals.length === 0 ? 'missing the note' : 'one note at a time'}\n\n${usage}`);
    return EXIT.usage;
  }
  const input = resolve(io.cwd, positionals[0]);
  const output = values.output === undefined ? undefined : resolve(io.cwd, values.output);
  if (output === input) {
    io.stderr('mlnotes render: the output would overwrite the note itself; choose another -o\n');
    return EXIT.usage;
  }
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (error) {
    io.stderr(`mlnotes render: cannot read ${positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT.failure;
  }
  const configFile = values.config === undefined ? findConfigFile(dirname(input)) : resolve(io.cwd, values.config);
  if (configFile && !existsSync(configFile)) {
    io.stderr(`mlnotes render: config file not found: ${values.config}\n`);
    return EXIT.usage;
  }
  const html = renderStandalone(text, input, { macros: configMacros(configFile, io) });
  if (output === undefined) io.stdout(html);
  else {
    try {
      writeAtomically(output, html);
    } catch (error) {
      io.stderr(`mlnotes render: cannot write ${values.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT.failure;
    }
  }
  return EXIT.ok;
}

export const renderCommand: CliCommand = { name: 'render', summary: 'render a note to standalone HTML', usage, run };
