/**
 * Reading user JSON (configs, note formats) safely: a size limit, a nesting
 * limit checked by a flat scan before any recursive parse (jsonc-parser,
 * ajv and structuredClone all recurse, so 50 000 nested brackets would blow
 * the stack), and node lookups by path that stay linear however many errors
 * are positioned in one document.
 */
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import type { Range } from './types';
import { computeLineStarts, rangeOf } from './text';

/** Largest config or format file read, in bytes (UTF-16 units for text): real ones are a few KB. */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;
/** Deepest nesting of objects and arrays accepted: real configs nest about six levels. */
export const MAX_JSON_DEPTH = 64;
/** Errors listed per load; the rest are counted in one last line. */
export const MAX_LISTED_ERRORS = 20;

export interface JsonProblem { message: string; range: Range }

export interface JsonDocument {
  /** The text as parsed (a BOM replaced by a space, so offsets hold). */
  text: string;
  lineStarts: number[];
  root: Node | undefined;
  /** Size, depth and syntax problems; non-empty means `root` must not be used. */
  problems: JsonProblem[];
}

/** Counts elementary steps of the error paths (node lookups, prefix checks) so tests can check they stay linear. */
export const jsonWork = { steps: 0 };

/** The offset of the first bracket nested deeper than `limit`, by a flat token scan (no recursion). */
export function tooDeepAt(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Parses JSON with comments and trailing commas, refusing over-large and over-deep texts with a positioned problem. */
export function parseJsonDocument(raw: string): JsonDocument {
  const text = raw.replace(/^\uFEFF/, ' ');
  const lineStarts = computeLineStarts(text);
  const at = (start: number, end = start) => rangeOf(lineStarts, start, end);
  if (text.length > MAX_JSON_BYTES) {
    return { text, lineStarts, root: undefined, problems: [{ message: `The file is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB; not read.`, range: at(0) }] };
  }
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    return { text, lineStarts, root: undefined, problems: [{ message: `Nested more than ${MAX_JSON_DEPTH} levels deep here; not read.`, range: at(deep, deep + 1) }] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors.map((e) => ({ message: `Invalid JSON: ${printParseErrorCode(e.error)}.`, range: at(e.offset, e.offset + e.length) }));
  if (problems.length === 0 && !root) problems.push({ message: 'Invalid JSON: ValueExpected.', range: at(0) });
  return { text, lineStarts, root, problems };
}

// Property lookups by name, indexed once per object node: with one lookup per
// error, a scan of the properties each time would be quadratic.
const propertyIndex = new WeakMap<Node, Map<string, Node>>();

/** The property node (key + value) named `name` in `object`, if any. */
export function propertyNode(object: Node | undefined, name: string): Node | undefined {
  if (object?.type !== 'object') return undefined;
  let index = propertyIndex.get(object);
  if (!index) {
    index = new Map();
    for (const property of object.children ?? []) {
      jsonWork.steps++;
      const key = property.children?.[0]?.value;
      if (typeof key === 'string' && !index.has(key)) index.set(key, property);
    }
    propertyIndex.set(object, index);
  }
  jsonWork.steps++;
  return index.get(name);
}

/** The value node at `path` below `root` (as jsonc-parser's findNodeAtLocation, with indexed property lookups). */
export function nodeAt(root: Node | undefined, path: readonly (string | number)[]): Node | undefined {
  let node = root;
  for (const segment of path) {
    jsonWork.steps++;
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.type === 'array' ? node.children?.[segment] : undefined;
    else node = propertyNode(node, segment)?.children?.[1];
  }
  return node;
}

/** The deepest node that exists along `path` (the place to report a missing or bad value at). */
export function nearestNodeAt(root: Node | undefined, path: readonly (string | number)[]): Node | undefined {
  let node = root;
  for (const segment of path) {
    const next = nodeAt(node, [segment]);
    if (!next) break;
    node = next;
  }
  return node;
}

/** The first `MAX_LISTED_ERRORS` items and, when there are more, one more made by `more` from the count left out. */
export function capList<T>(items: T[], more: (count: number, first: T) => T): T[] {
  if (items.length <= MAX_LISTED_ERRORS) return items;
  const left = items.length - MAX_LISTED_ERRORS;
  return [...items.slice(0, MAX_LISTED_ERRORS), more(left, items[MAX_LISTED_ERRORS])];
}
