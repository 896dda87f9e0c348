/**
 * Equation numbers and cross-references, resolved by us because KaTeX has no
 * `\label`, `\ref` or `\eqref`. The ONE implementation of numbering: the
 * preview, the export, the built-in Markdown preview plugin and the
 * `equation-ref` checks all read it from here.
 *
 * Decisions (NOTE-SPEC §2 is silent on them), chosen to agree with LaTeX
 * and with what KaTeX shows:
 * - `equation`, `multline` and every row of `align`/`gather` (unstarred) are
 *   numbered, as in LaTeX, unless the row has `\tag`, `\notag` or `\nonumber`.
 *   We write the number in as `\tag{n}` so KaTeX's own CSS counter never
 *   shows a number that disagrees with ours.
 * - `$$…$$` and `\[…\]` are numbered only when they carry a `\label`.
 * - A `\tag{…}` gives the number as written; automatic numbers count 1, 2, …
 *   in document order and skip every number a `\tag` already uses, so no two
 *   equations show the same number.
 * - Starred environments are never numbered; a `\ref` to a label there
 *   shows "??" like a missing one.
 * - A duplicate `\label` keeps its first equation; later ones are listed.
 * - Inline math (`$…$`, `\(…\)`) is never numbered.
 */
import { scanCommands, type TexCommand } from '../tex/commands';
import { memoizeText } from '../memo';

export interface MathItem {
  tex: string;
  display: boolean;
}

export interface EquationTarget {
  name: string;
  /** What `\ref` prints, e.g. `3` (the tag text for `\tag{…}`); undefined when the equation has no number. */
  number?: string;
  /** Whether the number came from `\tag*` (printed without parentheses). */
  starredTag: boolean;
  /** Index of the math item that holds the label. */
  item: number;
  /** The HTML id of the equation. */
  anchor: string;
}

export interface NumberedRow {
  labels: string[];
  /** Explicit tag text, if any. */
  tag?: string;
  /** Automatic number given to this row, if any. */
  auto?: number;
  /** Where `\tag{auto}` goes in the item's tex (end of the row's content). */
  insertAt: number;
}

export interface Numbering {
  /** Every label by name (the first definition wins). */
  labels: Map<string, EquationTarget>;
  /** Labels defined more than once: name → every item index holding it. */
  duplicates: Map<string, number[]>;
  /** Per math item: the rows that carry a label or a tag (empty for the rest). */
  rows: NumberedRow[][];
}

const NUMBERED_ENVIRONMENTS = /^(?:equation|align|gather|multline|flalign|alignat)$/;
const ROW_ENVIRONMENTS = /^(?:align|gather|flalign|alignat)\*?$/;

/** The HTML id for a label: only `[A-Za-z0-9-]` survive as is, every other character becomes `_hex_`. */
export function labelAnchor(name: string): string {
  return `mlnotes-eq-${name.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}

interface Row { commands: TexCommand[]; starred: boolean; numbered: boolean; start: number; end: number }

/**
 * Splits a display block into rows. A block that is one environment takes
 * its numbering from it (`align*` is starred); `\\` breaks rows only at the
 * top level of a row environment (`align`, `gather`).
 */
function rowsOf(tex: string, commands: readonly TexCommand[]): Row[] {
  const env = /^\s*\\begin\s*\{([^}]*)\}/.exec(tex)?.[1].trim();
  const wholeEnv = env !== undefined && new RegExp(`\\\\end\\s*\\{${env.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\}\\s*$`).test(tex);
  const starred = wholeEnv && (env!.endsWith('*') || !NUMBERED_ENVIRONMENTS.test(env!));
  const numbered = wholeEnv && !starred;
  const rowEnv = wholeEnv && ROW_ENVIRONMENTS.test(env!);
  const rows: Row[] = [];
  let row: TexCommand[] = [];
  let depth = 0;
  let start = 0;
  let contentEnd = tex.length;
  for (const command of commands) {
    if (command.name === '\\begin') {
      if (depth === 0 && wholeEnv) start = command.end;
      depth++;
    } else if (command.name === '\\end') {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && wholeEnv) contentEnd = command.start;
    } else if (command.name === '\\\\') {
      if (depth === 1 && rowEnv) { rows.push({ commands: row, starred, numbered, start, end: command.start }); row = []; start = command.end; }
    } else row.push(command);
  }
  rows.push({ commands: row, starred, numbered, start, end: contentEnd });
  return rows;
}

/** A row with nothing but spaces and labels (e.g. after a trailing `\\`) is not numbered. */
function isEmptyRow(tex: string, row: Row): boolean {
  let rest = tex.slice(row.start, row.end);
  for (const c of [...row.commands].reverse()) rest = rest.slice(0, c.start - row.start) + rest.slice(c.end - row.start);
  return rest.trim() === '';
}

function explicitTags(items: MathItem[]): Set<string> {
  const tags = new Set<string>();
  for (const item of items) {
    if (!item.display || !item.tex.includes('\\tag')) continue;
    for (const tag of tagsOf(item.tex)) tags.add(tag);
  }
  return tags;
}

/** The `\tag`/`\tag*` texts of a formula: its TeX alone decides them, so they are kept across lints, as its rows are. */
const tagsOf = memoizeText((tex: string): string[] => {
  const tags: string[] = [];
  for (const c of scanCommands(tex)) if ((c.name === '\\tag' || c.name === '\\tag*') && c.arg !== undefined) tags.push(c.arg);
  return tags;
});

/** Numbers the labelled display equations of a note (items in document order). */
export function numberEquations(items: MathItem[]): Numbering {
  const numberer = new EquationNumberer(explicitTags(items));
  items.forEach((item) => numberer.add(item));
  const { rows } = numberer.numbering;
  for (let i = 0; i < items.length; i++) rows[i] ??= [];
  return numberer.numbering;
}

/**
 * Numbers equations one at a time, in document order: what
 * `numberEquations` gives for the items added so far, but that `rows` holds
 * only the items with rows (read `rows[i] ?? []`: a note of a million
 * formulas has few numbered ones). An item's numbers depend only on the
 * items before it, but for the numbers a `\tag` takes anywhere in the note
 * (`taken`), which must be known from the start.
 */
export class EquationNumberer {
  readonly numbering: Numbering = { labels: new Map(), duplicates: new Map(), rows: [] };
  private counter = 0;
  private items = 0;

  constructor(private readonly taken: ReadonlySet<string> = new Set()) {}

  private nextNumber(): number {
    do this.counter++; while (this.taken.has(String(this.counter)));
    return this.counter;
  }

  add(item: MathItem): void {
    const { labels, duplicates, rows } = this.numbering;
    const index = this.items++;
    if (!item.display) return;
    for (const row of formulaRows(item.tex)) {
      const numbered: NumberedRow = { labels: row.labels, tag: row.tag, insertAt: row.end };
      if (row.wantsAuto) numbered.auto = this.nextNumber();
      (rows[index] ??= []).push(numbered);
      const number = numbered.tag ?? (numbered.auto === undefined ? undefined : String(numbered.auto));
      for (const name of row.labels) {
        if (labels.has(name)) {
          const seen = duplicates.get(name) ?? [labels.get(name)!.item];
          duplicates.set(name, [...seen, index]);
          continue;
        }
        labels.set(name, { name, number, starredTag: row.starredTag, item: index, anchor: labelAnchor(name) });
      }
    }
  }
}

/** A row of a display formula that holds a label or a tag, or wants a number of its own. */
interface FormulaRow { labels: string[]; tag?: string; starredTag: boolean; wantsAuto: boolean; end: number }

/**
 * The rows of a display formula that take part in the numbering: a function
 * of its TeX alone, so kept across lints and renders (a re-lint after an edit
 * meets the same formulas again). Read-only: shared between callers.
 */
const formulaRows = memoizeText((tex: string): FormulaRow[] => {
  if (!/\\(?:label|tag|begin)/.test(tex)) return [];
  const out: FormulaRow[] = [];
  for (const row of rowsOf(tex, scanCommands(tex))) {
    const labels = row.commands.filter((c) => c.name === '\\label' && c.arg).map((c) => c.arg!);
    const tagCommand = row.commands.find((c) => c.name === '\\tag' || c.name === '\\tag*');
    const notag = row.commands.some((c) => c.name === '\\notag' || c.name === '\\nonumber');
    const wantsAuto = !tagCommand && !notag && !row.starred && (row.numbered ? !isEmptyRow(tex, row) : labels.length > 0);
    if (labels.length === 0 && !tagCommand && !wantsAuto) continue;
    out.push({ labels, tag: tagCommand?.arg, starredTag: tagCommand?.name === '\\tag*', wantsAuto, end: row.end });
  }
  return out;
});

/** The text a reference shows: `(3)` for `\eqref`, `3` for `\ref`; undefined when the target has no number. */
export function referenceText(target: EquationTarget | undefined, kind: 'eqref' | 'ref'): string | undefined {
  if (!target || target.number === undefined) return undefined;
  return kind === 'eqref' && !target.starredTag ? `(${target.number})` : target.number;
}
