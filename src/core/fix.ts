/**
 * Fixes are data (text edits); this module applies them. Edits of one call
 * must not overlap: they were all computed against the same text.
 */
import type { Fix, LintDiagnostic, TextEdit } from './types';
import { computeLineStarts, offsetOf } from './text';

interface OffsetEdit { start: number; end: number; newText: string; order: number }

export class OverlappingEditsError extends Error {}

function toOffsetEdits(text: string, edits: readonly TextEdit[]): OffsetEdit[] {
  const lineStarts = computeLineStarts(text);
  return edits.map((edit, order) => {
    const start = offsetOf(text, lineStarts, edit.range.start);
    const end = offsetOf(text, lineStarts, edit.range.end);
    if (end < start) throw new RangeError(`Edit range ends before it starts (edit ${order})`);
    return { start, end, newText: edit.newText, order };
  });
}

/**
 * Two edits conflict when they replace common characters, or when one inserts
 * strictly inside the other's replaced text. Insertions at the same point do
 * not conflict: they are applied in the order given.
 */
function conflicts(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const inside = (point: OffsetEdit, span: OffsetEdit) =>
    point.start === point.end && span.start < point.start && point.start < span.end;
  return inside(a, b) || inside(b, a);
}

function sortEdits(edits: OffsetEdit[]): OffsetEdit[] {
  // By position; at one position insertions go before a replacement, otherwise keep the given order.
  return [...edits].sort((a, b) => a.start - b.start
    || Number(a.end > a.start) - Number(b.end > b.start)
    || a.order - b.order);
}

function applySorted(text: string, sorted: OffsetEdit[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of sorted) {
    parts.push(text.slice(cursor, edit.start), edit.newText);
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** Applies edits that were all computed against `text`; throws OverlappingEditsError if two overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = sortEdits(toOffsetEdits(text, edits));
  for (let i = 1; i < sorted.length; i++) {
    if (conflicts(sorted[i - 1], sorted[i])) {
      throw new OverlappingEditsError(`Edits ${sorted[i - 1].order} and ${sorted[i].order} overlap`);
    }
  }
  return applySorted(text, sorted);
}

export interface ApplyFixesOptions {
  /** Only fixes marked `safe` (what `mlnotes lint --fix` and "Fix all" apply). Default true. */
  safeOnly?: boolean;
  /** Parses and lints the fixed text again; when given, passes repeat until no fix applies or `maxPasses`. */
  reparse?: (text: string) => LintDiagnostic[];
  /** Default 10, like ESLint. */
  maxPasses?: number;
}

function selectable(diagnostic: LintDiagnostic, safeOnly: boolean): Fix | undefined {
  const fix = diagnostic.fix;
  if (!fix || fix.edits.length === 0) return undefined;
  return safeOnly && !fix.safe ? undefined : fix;
}

/**
 * One pass: every fix whose edits do not conflict with a fix taken before it
 * (in diagnostic order) is applied; the rest wait for the next pass.
 */
export function applyFixesOnce(text: string, diagnostics: readonly LintDiagnostic[], safeOnly = true): { text: string; applied: number } {
  const taken: OffsetEdit[] = [];
  let applied = 0;
  for (const diagnostic of diagnostics) {
    const fix = selectable(diagnostic, safeOnly);
    if (!fix) continue;
    let edits: OffsetEdit[];
    try {
      applyEdits(text, fix.edits); // a fix must be consistent in itself
      edits = toOffsetEdits(text, fix.edits).map((edit) => ({ ...edit, order: taken.length + edit.order }));
    } catch {
      continue;
    }
    if (edits.some((edit) => taken.some((other) => conflicts(edit, other)))) continue;
    taken.push(...edits);
    applied++;
  }
  return { text: applied ? applySorted(text, sortEdits(taken)) : text, applied };
}

/**
 * Applies the diagnostics' fixes and returns the new text. With `reparse`,
 * repeats on the fixed text until it is stable (at most `maxPasses` passes),
 * so fixes that conflicted in one pass are applied in the next.
 */
export function applyFixes(text: string, diagnostics: readonly LintDiagnostic[], options: ApplyFixesOptions = {}): string {
  const safeOnly = options.safeOnly ?? true;
  const maxPasses = options.reparse ? options.maxPasses ?? 10 : 1;
  let current = text;
  let currentDiagnostics = diagnostics;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const result = applyFixesOnce(current, currentDiagnostics, safeOnly);
    if (result.applied === 0 || result.text === current) break;
    current = result.text;
    if (!options.reparse || pass === maxPasses) break;
    currentDiagnostics = options.reparse(current);
  }
  return current;
}
