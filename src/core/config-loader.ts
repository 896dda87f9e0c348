/**
 * The one config loader, for the CLI (over `node:fs`) and the extension (over
 * `vscode.workspace.fs`, so virtual workspaces work too): finds the nearest
 * `.mlnotes.json` / `.mlnotes.jsonc` upward from a note's folder, reads it and
 * its custom formats (paths relative to it, inline objects, and every
 * `*.mlnotes-format.json` beside it), positions every error at the JSON node
 * of the bad value, and falls back to the defaults when the config is invalid.
 *
 * Paths are `/`-separated strings (the adapter maps them to files or URIs).
 * Only regular files of at most `MAX_JSON_BYTES` are read: a device, FIFO or
 * folder named as a format is refused after a `stat`, never opened.
 */
import { getNodeValue, type Node } from 'jsonc-parser';
import { capErrors, defaultConfig, mergeConfigs, parseConfigText, type ConfigError, type ResolvedConfig } from './config';
import { builtinFormats } from './formats/index';
import { resolveFormats } from './formats/load';
import type { NoteFormat } from './formats/types';
import { MAX_JSON_BYTES, nearestNodeAt, parseJsonDocument, type JsonDocument } from './json';
import { rangeOf } from './text';

/** `.mlnotes.json` wins over `.mlnotes.jsonc` in the same folder. */
export const CONFIG_FILE_NAMES = ['.mlnotes.json', '.mlnotes.jsonc'];
/** Format files picked up beside the config without being listed in `customFormats`. */
export const FORMAT_FILE_SUFFIX = '.mlnotes-format.json';

export interface FileInfo {
  /** Anything that is neither a regular file nor a folder (device, FIFO, socket) is `other`. */
  type: 'file' | 'directory' | 'other';
  size: number;
}

/** What the loader needs from a file system; each method may reject (the loader reports the message). */
export interface ConfigFileSystem {
  /** undefined when nothing is at `path`. */
  stat(path: string): Promise<FileInfo | undefined>;
  /** The text of a regular file (the extension gives an open editor's unsaved text). */
  readFile(path: string): Promise<string>;
  /** The names in a folder. */
  readDirectory(path: string): Promise<string[]>;
}

export interface LoadedConfig {
  /** The config file, if one applies. */
  file?: string;
  config: ResolvedConfig;
  formats: NoteFormat[];
  /** Positioned errors of the config and its formats (at most 20, then a count). Non-empty: not all of the config is in force. */
  errors: ConfigError[];
  /** Every config or format file examined, with or without errors (to clear their old diagnostics). */
  files: string[];
}

/** A layer on top of the config file: VS Code settings in the extension. */
export interface ConfigLayer {
  config: Partial<ResolvedConfig>;
  /** Names the layer in errors about its inline formats, e.g. `settings (mlnotes.formats)`. */
  source: string;
}

// ------------------------------------------------------------------ paths

/** The folder holding `path` (`/a/b` → `/a`; `/` and `C:/` are their own parent). */
export function parentPath(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return trimmed;
  const parent = trimmed.slice(0, slash);
  return parent === '' || /^[A-Za-z]:$/.test(parent) ? `${parent}/` : parent;
}

/** `relative` resolved against folder `dir` (`.` and `..` folded); an absolute `relative` stands alone. */
export function joinPath(dir: string, relative: string): string {
  const absolute = relative.startsWith('/') || /^[A-Za-z]:[\\/]/.test(relative);
  const whole = absolute ? relative : `${dir.replace(/\/+$/, '')}/${relative}`;
  const [head, ...rest] = whole.split('/');
  const parts: string[] = [];
  for (const part of rest) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop(); else parts.push(part);
  }
  return `${head}/${parts.join('/')}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

// ------------------------------------------------------------------ reading

type ReadResult = { text: string } | { problem: string };

function describeType(info: FileInfo): string {
  return info.type === 'directory' ? 'a folder' : 'not a regular file (a device, FIFO or socket)';
}

/** The text of `path` when it is a regular file of acceptable size; otherwise why not. */
export async function readRegularFile(fs: ConfigFileSystem, path: string): Promise<ReadResult> {
  try {
    const info = await fs.stat(path);
    if (!info) return { problem: 'no such file' };
    if (info.type !== 'file') return { problem: `${describeType(info)}; only regular files are read` };
    if (info.size > MAX_JSON_BYTES) return { problem: `larger than ${MAX_JSON_BYTES / 1024 / 1024} MB; not read` };
    return { text: await fs.readFile(path) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** The nearest config file at or above `dir`; the search stops after `root` (a workspace folder) when given. */
export async function findConfigFile(fs: ConfigFileSystem, dir: string, root?: string): Promise<string | undefined> {
  for (let current = dir, depth = 0; depth < 256; depth++) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = joinPath(current, name);
      const info = await fs.stat(candidate).catch(() => undefined);
      if (info) return candidate;
    }
    const parent = parentPath(current);
    if (parent === current || (root !== undefined && current === root)) return undefined;
    current = parent;
  }
  return undefined;
}

// ------------------------------------------------------------------ formats

/** One custom format to validate, and where its errors are positioned. */
interface FormatInput {
  json: unknown;
  /** The file its errors are reported in (undefined: a settings layer, no file). */
  file?: string;
  source: string;
  doc?: JsonDocument;
  /** Path of the format inside `doc` (`['customFormats', 2]` for an inline one). */
  prefix: (string | number)[];
  label: string;
}

/** `$.sections[2]["a b"].role` → ['sections', 2, 'a b', 'role']. */
export function jsonPathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const m of path.slice(1).matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
  }
  return segments;
}

function errorAt(file: string, doc: JsonDocument | undefined, node: Node | undefined, message: string): ConfigError {
  const range = doc && node ? rangeOf(doc.lineStarts, node.offset, node.offset + node.length) : rangeOf([0], 0, 0);
  return { file, message, range };
}

/** A format file's JSON, or its errors (syntax, size, depth) in its own file. */
async function readFormatFile(fs: ConfigFileSystem, file: string): Promise<{ input: FormatInput } | { errors: ConfigError[] } | { problem: string }> {
  const read = await readRegularFile(fs, file);
  if ('problem' in read) return read;
  const doc = parseJsonDocument(read.text);
  if (doc.problems.length > 0 || !doc.root) return { errors: doc.problems.map((p) => ({ file, ...p })) };
  const json = JSON.parse(JSON.stringify(getNodeValue(doc.root))) as unknown;
  return { input: { json, file, source: file, doc, prefix: [], label: 'Custom format' } };
}

/** The `*.mlnotes-format.json` files in `dir`, sorted (so the first of two with one id is stable). */
async function formatFilesIn(fs: ConfigFileSystem, dir: string): Promise<string[]> {
  const names = await fs.readDirectory(dir).catch(() => []);
  return names.filter((name) => name.endsWith(FORMAT_FILE_SUFFIX)).sort().map((name) => joinPath(dir, name));
}

interface FormatsResult { formats: NoteFormat[]; errors: ConfigError[]; files: string[] }

/** The built-ins, then each valid custom format; an invalid one is skipped and reported at the node of its bad value. */
async function loadFormats(fs: ConfigFileSystem, file: string | undefined, doc: JsonDocument | undefined, config: ResolvedConfig, layer?: ConfigLayer): Promise<FormatsResult> {
  const inputs: FormatInput[] = [];
  const errors: ConfigError[] = [];
  const files: string[] = [];
  const fileEntries = new Set<string>();
  const fromFile = config.customFormats.length - (layer?.config.customFormats?.length ?? 0);
  for (const [index, entry] of config.customFormats.entries()) {
    if (index >= fromFile || !file) {
      if (typeof entry === 'object') inputs.push({ json: entry, source: layer?.source ?? 'settings', prefix: [], label: `Custom format in ${layer?.source ?? 'settings'}` });
      continue;
    }
    const where = ['customFormats', index];
    if (typeof entry === 'object') {
      inputs.push({ json: entry, file, source: file, doc, prefix: where, label: `Custom format customFormats[${index}]` });
      continue;
    }
    const path = joinPath(parentPath(file), entry);
    if (fileEntries.has(path)) continue;
    fileEntries.add(path);
    files.push(path);
    const read = await readFormatFile(fs, path);
    if ('problem' in read) errors.push(errorAt(file, doc, nearestNodeAt(doc?.root, where), `Cannot read custom format "${entry}": ${read.problem}.`));
    else if ('errors' in read) errors.push(...read.errors);
    else inputs.push(read.input);
  }
  for (const path of file ? await formatFilesIn(fs, parentPath(file)) : []) {
    if (fileEntries.has(path)) continue;
    files.push(path);
    const read = await readFormatFile(fs, path);
    if ('problem' in read) errors.push({ file: path, message: `Cannot read this format: ${read.problem}.`, range: rangeOf([0], 0, 0) });
    else if ('errors' in read) errors.push(...read.errors);
    else inputs.push(read.input);
  }
  let formats = [...builtinFormats];
  for (const input of inputs) {
    const result = resolveFormats(formats, [input]);
    formats = result.formats;
    for (const error of result.errors) {
      const message = `${input.label}: ${error.path} ${error.message}.`;
      if (!input.file) { errors.push({ file: input.source, message, range: rangeOf([0], 0, 0) }); continue; }
      const node = nearestNodeAt(input.doc?.root, [...input.prefix, ...jsonPathSegments(error.path)]);
      errors.push(errorAt(input.file, input.doc, node, message));
    }
  }
  return { formats, errors, files };
}

// ------------------------------------------------------------------ loading

/** Caps the errors of each file separately, so one noisy file does not hide another's. */
function capPerFile(errors: ConfigError[]): ConfigError[] {
  const byFile = new Map<string, ConfigError[]>();
  for (const error of errors) {
    const list = byFile.get(error.file);
    if (list) list.push(error); else byFile.set(error.file, [error]);
  }
  return [...byFile.values()].flatMap(capErrors);
}

/**
 * Loads `file` (or none: the defaults) with `layer` on top. An invalid config
 * gives the defaults (and the built-in formats) with its errors; an invalid
 * custom format is skipped and reported, the rest stays in force.
 */
export async function loadConfig(fs: ConfigFileSystem, file: string | undefined, layer?: ConfigLayer): Promise<LoadedConfig> {
  let fromFile = defaultConfig();
  let doc: JsonDocument | undefined;
  const errors: ConfigError[] = [];
  if (file) {
    const read = await readRegularFile(fs, file);
    if ('problem' in read) {
      errors.push({ file, message: `Cannot read the config: ${read.problem}.`, range: rangeOf([0], 0, 0) });
    } else {
      const parsed = parseConfigText(read.text, file);
      errors.push(...parsed.errors);
      if (parsed.errors.length === 0) {
        fromFile = parsed.config;
        doc = parseJsonDocument(read.text);
      }
    }
  }
  const config = layer ? mergeConfigs(fromFile, layer.config) : fromFile;
  const formats = await loadFormats(fs, errors.length === 0 ? file : undefined, doc, config, layer);
  return { file, config, formats: formats.formats, errors: capPerFile([...errors, ...formats.errors]), files: [...(file ? [file] : []), ...formats.files] };
}

/**
 * Config lookup with a cache per folder and per config file: each folder is
 * searched once, each config file read once (until `clear`).
 */
export class ConfigResolver {
  private readonly byFile = new Map<string, Promise<LoadedConfig>>();
  private readonly byDir = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly fs: ConfigFileSystem,
    private readonly options: { explicit?: string; root?: string; layer?: ConfigLayer } = {},
  ) {}

  /** The config in force for a note in folder `dir`. */
  async forFolder(dir: string): Promise<LoadedConfig> {
    const file = this.options.explicit ?? await this.lookup(dir);
    const key = file ?? '';
    let loaded = this.byFile.get(key);
    if (!loaded) {
      loaded = loadConfig(this.fs, file, this.options.layer);
      this.byFile.set(key, loaded);
    }
    return loaded;
  }

  /** Every config loaded so far (to report each one's errors once). */
  loaded(): Promise<LoadedConfig[]> {
    return Promise.all(this.byFile.values());
  }

  private lookup(dir: string): Promise<string | undefined> {
    let found = this.byDir.get(dir);
    if (!found) {
      found = findConfigFile(this.fs, dir, this.options.root);
      this.byDir.set(dir, found);
    }
    return found;
  }
}
