// Finding and loading the config for each note: `--config FILE`, or the
// nearest `.mlnotes.json` / `.mlnotes.jsonc` upward from the note's folder.
// Custom formats named by path are read here (core reads no files).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { defaultConfig, parseConfigText, type ConfigError, type ResolvedConfig } from '../core/config';
import { builtinFormats } from '../core/formats/index';
import { resolveFormats, type FormatSource } from '../core/formats/load';
import type { NoteFormat } from '../core/formats/types';
import { computeLineStarts, rangeOf } from '../core/text';

/** `.mlnotes.json` wins over `.mlnotes.jsonc` in the same folder. */
export const CONFIG_NAMES = ['.mlnotes.json', '.mlnotes.jsonc'];

export interface LoadedConfig {
  /** The config file, if one applies. */
  file?: string;
  config: ResolvedConfig;
  formats: NoteFormat[];
  /** Config and custom-format errors, positioned; non-empty means the defaults are in force. */
  errors: ConfigError[];
}

/** The nearest config file at or above `dir`, if any. */
export function findConfigFile(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(current) === current) return undefined;
  }
}

/** `$.sections[2]["a b"].role` → ['sections', 2, 'a b', 'role']. */
export function jsonPathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const m of path.slice(1).matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
  }
  return segments;
}

function nodeError(file: string, text: string, node: Node | undefined, message: string): ConfigError {
  const lineStarts = computeLineStarts(text);
  const range = node ? rangeOf(lineStarts, node.offset, node.offset + node.length) : rangeOf(lineStarts, 0, 0);
  return { file, message, range };
}

interface FormatInput extends FormatSource {
  /** Where errors are positioned: the file's text and the node path of the format inside it. */
  file: string;
  text: string;
  root: Node | undefined;
  prefix: (string | number)[];
}

/** Reads one custom format named by path, relative to the config file's folder. */
function readFormatFile(configFile: string, configText: string, configRoot: Node | undefined, index: number, path: string): FormatInput | ConfigError[] {
  const file = resolve(dirname(configFile), path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const where = configRoot && findNodeAtLocation(configRoot, ['customFormats', index]);
    return [nodeError(configFile, configText, where, `Cannot read custom format "${path}": ${(error as Error).message}`)];
  }
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true });
  if (parseErrors.length > 0 || !root) {
    const lineStarts = computeLineStarts(text);
    return parseErrors.map((e) => ({ file, message: `Invalid JSON: ${printParseErrorCode(e.error)}.`, range: rangeOf(lineStarts, e.offset, e.offset + e.length) }));
  }
  // Plain objects (jsonc-parser builds them without a prototype).
  const json = JSON.parse(JSON.stringify(getNodeValue(root))) as unknown;
  return { json, source: file, file, text, root, prefix: [] };
}

/** The built-in formats plus the config's custom ones; each bad format is an error at its place. */
function loadFormats(configFile: string, configText: string, config: ResolvedConfig): { formats: NoteFormat[]; errors: ConfigError[] } {
  const configRoot = parseTree(configText.replace(/^\uFEFF/, ' '), [], { allowTrailingComma: true });
  const inputs: FormatInput[] = [];
  const errors: ConfigError[] = [];
  config.customFormats.forEach((entry, index) => {
    if (typeof entry === 'string') {
      const read = readFormatFile(configFile, configText, configRoot, index, entry);
      if (Array.isArray(read)) errors.push(...read); else inputs.push(read);
    } else {
      inputs.push({ json: entry, source: configFile, file: configFile, text: configText, root: configRoot, prefix: ['customFormats', index] });
    }
  });
  const formats = [...builtinFormats];
  for (const input of inputs) {
    const result = resolveFormats(formats, [input]);
    formats.splice(0, formats.length, ...result.formats);
    for (const error of result.errors) {
      const node = input.root && findNodeAtLocation(input.root, [...input.prefix, ...jsonPathSegments(error.path)]);
      const label = input.prefix.length ? `Custom format customFormats[${String(input.prefix[1])}]` : 'Custom format';
      errors.push(nodeError(input.file, input.text, node ?? (input.root && findNodeAtLocation(input.root, input.prefix)), `${label}: ${error.path} ${error.message}.`));
    }
  }
  return { formats, errors };
}

/** Loads a config file; on any error the defaults (and built-in formats) are in force. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, config: defaultConfig(), formats: [...builtinFormats], errors: [{ file, message: `Cannot read the config: ${(error as Error).message}`, range: rangeOf([0], 0, 0) }] };
  }
  const { config, errors } = parseConfigText(text, file);
  if (errors.length > 0) return { file, config, formats: [...builtinFormats], errors };
  const formats = loadFormats(file, text, config);
  if (formats.errors.length > 0) return { file, config: defaultConfig(), formats: [...builtinFormats], errors: formats.errors };
  return { file, config, formats: formats.formats, errors: [] };
}

/** Config lookup with a cache per folder and per config file. */
export class ConfigResolver {
  private readonly byFile = new Map<string, LoadedConfig>();
  private readonly byDir = new Map<string, string | undefined>();

  constructor(private readonly explicit?: string) {}

  forNote(notePath: string): LoadedConfig {
    const file = this.explicit ?? this.lookup(dirname(notePath));
    if (!file) return { config: defaultConfig(), formats: [...builtinFormats], errors: [] };
    let loaded = this.byFile.get(file);
    if (!loaded) {
      loaded = loadConfigFile(file);
      this.byFile.set(file, loaded);
    }
    return loaded;
  }

  /** Every config loaded so far (to report each one's errors once). */
  loaded(): LoadedConfig[] {
    return [...this.byFile.values()];
  }

  private lookup(dir: string): string | undefined {
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfigFile(dir));
    return this.byDir.get(dir);
  }
}
