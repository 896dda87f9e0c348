// `mlnotes render NOTE.md [-o NOTE.html]`: one standalone HTML file with the
// same renderer and security rules as the preview (KaTeX CSS inlined, its
// woff2 fonts embedded as data: URLs, no script at all). The page is built in
// src/core/render/standalone.ts, shared with "ML Notes: Export preview as HTML".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigResolver } from '../core/config-loader';
import { katexCssWithFonts } from '../core/render/page';
import { writeStandalone, type ExportAssets } from '../core/render/standalone';
import { EXIT, type CliCommand, type CliIO } from './command';
import { loaderPath, nodeConfigFs } from './config-fs';
import { chunkedWriter, failureReason, readTextFile, realTarget, replaceFileWith, sameFile } from './files';

const usage = `Usage: mlnotes render NOTE.md [-o NOTE.html] [--config FILE] [--allow-remote-images]

Renders a note to one standalone HTML file: math by KaTeX, equation numbers
and references resolved, KaTeX's CSS and fonts embedded, no script.

Options:
  -o, --output FILE   write to FILE (default: stdout); never the note itself
  --config FILE       read macros from FILE instead of the .mlnotes.json found upward
  --allow-remote-images
                      let the page load https images (off by default: opening
                      the page would tell those servers it was read)
  -h, --help          show this help
`;

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

/** The config's macros for the note (the one loader lint uses); its errors are printed, positioned, and the defaults used. */
async function configMacros(input: string, explicit: string | undefined, io: CliIO): Promise<{ macros: Record<string, string>; ok: boolean }> {
  const resolver = new ConfigResolver(nodeConfigFs, { explicit: explicit && loaderPath(explicit) });
  const { config, errors } = await resolver.forFolder(loaderPath(dirname(input)));
  for (const e of errors) io.stderr(`mlnotes render: invalid config: ${relative(io.cwd, e.file) || e.file}:${e.range.start.line + 1}:${e.range.start.character + 1}: ${e.message} (defaults used)\n`);
  return { macros: config.macros, ok: errors.length === 0 };
}

/** True when `output` is the note: the same path, the same real path (symlinks), or the same file (hard links). */
function wouldOverwrite(input: string, output: string): boolean {
  if (output === input || sameFile(input, output)) return true;
  try {
    return realTarget(output) === realTarget(input);
  } catch {
    return false; // an output that cannot be resolved is reported when it is written
  }
}

async function run(args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: {
      output: { type: 'string', short: 'o' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      'allow-remote-images': { type: 'boolean' },
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
  if (output !== undefined && wouldOverwrite(input, output)) {
    io.stderr('mlnotes render: the output would overwrite the note itself; choose another -o\n');
    return EXIT.usage;
  }
  let text: string;
  try {
    text = readTextFile(input).text;
  } catch (error) {
    io.stderr(`mlnotes render: cannot read ${positionals[0]}: ${failureReason(error)}\n`);
    return EXIT.usage;
  }
  const config = await configMacros(input, values.config === undefined ? undefined : resolve(io.cwd, values.config), io);
  // The page is written in pieces as it is rendered: a note of megabytes never becomes one string.
  const page = (write: (piece: string) => void) => writeStandalone(text, input,
    { macros: config.macros, allowRemoteImages: values['allow-remote-images'] }, loadExportAssets(), write);
  if (output === undefined) {
    const writer = chunkedWriter((bytes) => io.stdout(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
    page(writer.write);
    writer.end();
  } else {
    try {
      replaceFileWith(output, page);
    } catch (error) {
      io.stderr(`mlnotes render: cannot write ${values.output}: ${failureReason(error)}\n`);
      return EXIT.usage;
    }
  }
  // Like lint: the page is written with the defaults, and the exit code says the config was not used.
  return config.ok ? EXIT.ok : EXIT.usage;
}

export const renderCommand: CliCommand = { name: 'render', summary: 'render a note to standalone HTML', usage, run };
