// `mlnotes new deep-pass|lecture "Topic" [-o FILE]`: the same scaffold the
// editor commands insert, as plain text, on stdout or in a new file.
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinFormats, loadFormatText } from '../core/formats/index';
import type { NoteFormat } from '../core/formats/types';
import { scaffoldText } from '../core/scaffold';
import { readRegularFileSync } from './config-fs';
import { EXIT, type CliCommand, type CliIO } from './command';

const formatIds = builtinFormats.map((f) => f.id);

const usage = `Usage: mlnotes new <${formatIds.join('|')}> "Topic" [-o FILE] [--no-front-matter] [--no-appendix]
       mlnotes new --format-file FILE.mlnotes-format.json "Topic" [-o FILE] …

Writes a new note with every section heading of its format.

Options:
  -o, --output FILE     write to FILE instead of stdout (never overwrites an existing file)
  --format-file FILE    use the custom format in FILE (JSON, see schemas/note-format.schema.json)
  --no-front-matter     leave out the front matter (format, title, date)
  --no-appendix         leave out optional sections
  -h, --help            show this help
`;

function run(args: string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        'format-file': { type: 'string' },
        'no-front-matter': { type: 'boolean' },
        'no-appendix': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr(`mlnotes new: ${(error as Error).message}\n\n${usage}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  let format: NoteFormat | undefined;
  let topicWords = positionals;
  if (values['format-file'] !== undefined) {
    const loaded = loadFormatFile(resolve(io.cwd, values['format-file']), io);
    if (typeof loaded === 'number') return loaded;
    format = loaded;
  } else {
    const [formatId, ...rest] = positionals;
    topicWords = rest;
    format = builtinFormats.find((f) => f.id === formatId);
    if (!format) {
      io.stderr(`mlnotes new: ${formatId === undefined ? 'missing the format' : `unknown format "${formatId}"`} (expected ${formatIds.join(' or ')})\n\n${usage}`);
      return EXIT.usage;
    }
  }
  const topic = topicWords.join(' ').trim();
  if (topic === '') {
    io.stderr(`mlnotes new: missing the topic\n\n${usage}`);
    return EXIT.usage;
  }
  // A line break would turn the rest of the topic into raw Markdown lines of the note.
  if (/[\r\n\u2028\u2029]/.test(topic)) {
    io.stderr('mlnotes new: the topic must be one line (it contains a line break); nothing written\n');
    return EXIT.usage;
  }
  if (values.output !== undefined && /[\\/]$/.test(values.output)) {
    io.stderr(`mlnotes new: -o ${values.output} names a folder; give the new note's file name (e.g. ${values.output}topic.md)\n`);
    return EXIT.usage;
  }
  const text = scaffoldText(format, {
    topic,
    frontMatter: !values['no-front-matter'],
    includeOptional: !values['no-appendix'],
  });
  if (values.output === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  return writeNew(resolve(io.cwd, values.output), text, io);
}

/** The format in `file`, or an exit code after printing why it cannot be used. */
function loadFormatFile(file: string, io: CliIO): NoteFormat | number {
  let text: string;
  try {
    text = readRegularFileSync(file);
  } catch (error) {
    io.stderr(`mlnotes new: cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const result = loadFormatText(text, file);
  if ('format' in result) return result.format;
  for (const error of result.errors) io.stderr(`${file}: ${error.path}: ${error.message}\n`);
  io.stderr('mlnotes new: the format file is not valid; nothing written\n');
  return EXIT.usage;
}

function isFolder(path: string): boolean {
  try { return lstatSync(path).isDirectory(); } catch { return false; }
}

function writeNew(file: string, text: string, io: CliIO): number {
  try {
    // 'wx' fails if the file exists, atomically: no check-then-write race.
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      const what = isFolder(file) ? 'is a folder; give the new note\'s file name inside it' : 'already exists; not overwriting it (choose another name with -o)';
      io.stderr(`mlnotes new: ${file} ${what}\n`);
      return EXIT.usage;
    }
    io.stderr(`mlnotes new: cannot write ${file}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  io.stderr(`Created ${file}\n`);
  return EXIT.ok;
}

export const newCommand: CliCommand = {
  name: 'new',
  summary: `write a new note scaffold (${formatIds.join(', ')})`,
  usage,
  run,
};
