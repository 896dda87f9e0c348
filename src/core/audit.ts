/**
 * The audit of one note: how much of the derivation is justified, what is
 * reconstructed, assumed, a gap or a lecturer's claim, what is undeclared and
 * what is missing. Shown in the status bar and the audit report.
 */
import type { NoteModel, ProvenanceKind, Step, Timestamp } from './model';
import type { LintDiagnostic } from './types';
import { PROVENANCE_KINDS } from './parse/provenance';


/** The kinds a reader must look at: everything not taken verbatim from the source. */
const FLAGGED_KINDS: ProvenanceKind[] = ['GAP', 'ASSUMPTION', 'LECTURER CLAIM', 'RECONSTRUCTED'];

export interface FlaggedStep {
  kind: ProvenanceKind;
  /** 0-based line of the step. */
  line: number;
  number?: string;
  /** The step's first line, shortened. */
  summary: string;
}

export interface Audit {
  isNote: boolean;
  formatName?: string;
  transformations: number;
  justified: number;
  steps: number;
  provenance: Record<ProvenanceKind, number>;
  errors: number;
  warnings: number;
  flagged: FlaggedStep[];
  undeclared: { symbol: string; line: number }[];
  missingSections: string[];
  /** VERBATIM steps, and how many of them are anchored to a timestamp that is a time. */
  verbatimSteps: number;
  anchoredVerbatim: number;
  /** The Source's time range as written, when the metadata gives one. */
  sourceTime?: string;
  /** Timestamps outside the Source's time range. */
  outOfRange: { text: string; line: number }[];
}

export function computeAudit(model: NoteModel, diagnostics: LintDiagnostic[]): Audit {
  // Definitions need no rule (NOTE-SPEC §3), so they are not part of the coverage figure.
  const transformations = model.steps.filter((step) => !step.isDefinition).flatMap((step) => step.transformations);
  return {
    isNote: model.format !== undefined,
    formatName: model.format?.name,
    transformations: transformations.length,
    justified: transformations.filter((t) => t.covered).length,
    steps: model.steps.length,
    provenance: countProvenance(model.steps),
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    flagged: flaggedSteps(model),
    undeclared: undeclaredSymbols(diagnostics),
    missingSections: missingSections(model),
    ...anchoring(model),
  };
}

function anchoring(model: NoteModel): Pick<Audit, 'verbatimSteps' | 'anchoredVerbatim' | 'sourceTime' | 'outOfRange'> {
  const verbatim = model.steps.filter((step) => stepKinds(step).includes('VERBATIM'));
  const source = model.sourceTime && !model.sourceTime.problem ? model.sourceTime : undefined;
  const outside = (t: Timestamp) => source !== undefined && !t.problem && (t.start < source.start || (t.end ?? t.start) > source.end!);
  return {
    verbatimSteps: verbatim.length,
    anchoredVerbatim: verbatim.filter((step) => step.timestamp && !step.timestamp.problem).length,
    ...(source ? { sourceTime: source.text } : {}),
    outOfRange: model.timestamps.filter(outside).map((t) => ({ text: t.text, line: t.range.start.line })),
  };
}

/** "VERBATIM steps anchored to a timestamp: k of n". */
export function anchoredText(audit: Audit): string {
  return `VERBATIM steps anchored to a timestamp: ${audit.anchoredVerbatim} of ${audit.verbatimSteps}`;
}

/** A step's own labels; a heading's labels only when the step has none of its own. */
export function stepKinds(step: Step): ProvenanceKind[] {
  // One pass and one array: every step rule asks this of every step on every lint.
  const kinds: ProvenanceKind[] = [];
  let own = false;
  for (const mark of step.provenance) {
    if (!mark.valid || !mark.kind || (own && mark.inHeading)) continue;
    if (!own && !mark.inHeading) {
      own = true;
      kinds.length = 0; // the step's own labels replace its headings'
    }
    if (!kinds.includes(mark.kind)) kinds.push(mark.kind);
  }
  return kinds;
}

function countProvenance(steps: Step[]): Record<ProvenanceKind, number> {
  const counts = Object.fromEntries(PROVENANCE_KINDS.map((kind) => [kind, 0])) as Record<ProvenanceKind, number>;
  for (const step of steps) for (const kind of stepKinds(step)) counts[kind]++;
  return counts;
}

function flaggedSteps(model: NoteModel): FlaggedStep[] {
  const flagged: FlaggedStep[] = [];
  for (const step of model.steps) {
    for (const kind of stepKinds(step)) {
      if (!FLAGGED_KINDS.includes(kind)) continue;
      const line = step.range.start.line;
      flagged.push({ kind, line, number: step.number, summary: summarize(model.lines[line] ?? '') });
    }
  }
  return flagged.sort((a, b) => FLAGGED_KINDS.indexOf(a.kind) - FLAGGED_KINDS.indexOf(b.kind) || a.line - b.line);
}

function summarize(line: string): string {
  const text = line.trim().replace(/^([-*+]|\d+[.)])\s+/, '');
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

/** Undeclared symbols as the `symbol-shape` rule found them (one per symbol: its first use). */
function undeclaredSymbols(diagnostics: LintDiagnostic[]): { symbol: string; line: number }[] {
  return diagnostics
    .filter((d) => d.rule === 'symbol-shape')
    .map((d) => ({ symbol: String(d.data?.symbol ?? d.message), line: d.range.start.line }));
}

function missingSections(model: NoteModel): string[] {
  if (!model.format) return [];
  const present = new Set(model.sections.map((section) => section.spec.number));
  return model.format.sections
    .filter((section) => section.required && !present.has(section.number))
    .map((section) => `${section.number} ${section.title}`);
}

/** The status bar text, short enough not to be clipped: `3/4 justified · RECONSTRUCTED 1 · ASSUMPTION 1 · GAP 1 · CLAIM 1 · ✖ 2`. */
export function auditStatusText(audit: Audit): string {
  const p = audit.provenance;
  return [
    `${audit.justified}/${audit.transformations} justified`,
    `RECONSTRUCTED ${p.RECONSTRUCTED}`, `ASSUMPTION ${p.ASSUMPTION}`, `GAP ${p.GAP}`, `CLAIM ${p['LECTURER CLAIM']}`,
    `✖ ${audit.errors}`,
  ].join(' · ');
}

/** The status bar tooltip: the same figures in words. */
export function auditStatusTooltip(audit: Audit): string {
  const p = audit.provenance;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `${audit.justified} of ${plural(audit.transformations, 'transformation')} state their rule.`,
    `Steps: ${p.RECONSTRUCTED} RECONSTRUCTED, ${p.ASSUMPTION} ASSUMPTION, ${p.GAP} GAP, ${p['LECTURER CLAIM']} LECTURER CLAIM, ${p.VERBATIM} VERBATIM.`,
    `${anchoredText(audit)}${audit.outOfRange.length ? ` (${plural(audit.outOfRange.length, 'timestamp')} outside the Source's time range)` : ''}.`,
    `${plural(audit.errors, 'error')}, ${plural(audit.warnings, 'warning')}. Click for the audit report.`,
  ].join('\n');
}

export interface ReportOptions {
  title: string;
  /** A Markdown link target for a 0-based line of the note. */
  lineLink(line: number): string;
}

/** The audit report as Markdown. */
export function renderAuditReport(audit: Audit, options: ReportOptions): string {
  const link = (line: number) => `[line ${line + 1}](${options.lineLink(line)})`;
  const percent = audit.transformations ? Math.round((100 * audit.justified) / audit.transformations) : 100;
  const out: string[] = [`# Audit report: ${options.title}`, ''];
  if (!audit.isNote) {
    out.push('This file is not a note of a known format, so only its math is checked.', '');
  } else {
    out.push(`Format: ${audit.formatName}`, '');
  }
  out.push('## Coverage', '',
    '| figure | value |', '|---|---|',
    `| transformations justified | ${audit.justified} / ${audit.transformations} (${percent} %) |`,
    `| steps | ${audit.steps} |`,
    ...PROVENANCE_KINDS.map((kind) => `| ${kind} steps | ${audit.provenance[kind]} |`),
    `| errors | ${audit.errors} |`,
    `| warnings | ${audit.warnings} |`, '');
  out.push('## Steps to review', '');
  if (audit.flagged.length === 0) out.push('None: every labelled step is VERBATIM.');
  for (const step of audit.flagged) {
    const number = step.number ? `step ${step.number}, ` : '';
    out.push(`- **${step.kind}** (${number}${link(step.line)}): ${escapeMarkdown(step.summary)}`);
  }
  out.push('', '## Timestamps', '', `${anchoredText(audit)}.`, '');
  if (audit.sourceTime) {
    out.push(`Outside the Source's time range (${audit.sourceTime}):`, '');
    if (audit.outOfRange.length === 0) out.push('None.');
    for (const stamp of audit.outOfRange) out.push(`- ${escapeMarkdown(stamp.text)} (${link(stamp.line)})`);
  } else {
    out.push('The Source gives no time range to check the timestamps against.');
  }
  out.push('', '## Undeclared symbols', '');
  if (audit.undeclared.length === 0) out.push('None.');
  for (const symbol of audit.undeclared) out.push(`- \`${symbol.symbol}\` (first used at ${link(symbol.line)})`);
  out.push('', '## Missing sections', '');
  if (audit.missingSections.length === 0) out.push('None.');
  for (const section of audit.missingSections) out.push(`- ${section}`);
  out.push('');
  return out.join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}
