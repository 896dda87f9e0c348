// Scaffolds: a full note of a format, built from the format's data, as a VS
// Code snippet (tab stops through every placeholder) or as plain text (the
// CLI). Both renderings come from one list of parts, so they cannot drift.
import type { FormatSection, NoteFormat } from './formats/types';
import { defaultConfig } from './config';
import { resolveRuleSettings } from './lint';
import { ruleById } from './rules/index';

/** A piece of a scaffold: literal text, a placeholder, a choice, or today's date. */
export type Part =
  | string
  /** A placeholder; parts with the same `key` share one tab stop (later ones mirror the first). */
  | { field: string; key?: string }
  | { choice: readonly string[] }
  | { date: true };

export const PROVENANCE_LABELS = ['VERBATIM', 'RECONSTRUCTED', 'ASSUMPTION', 'GAP', 'LECTURER CLAIM'] as const;
/** An optional timestamp ("anchor derivations to timestamps where possible"): delete it when there is none. */
export const TIMESTAMP_PLACEHOLDER = '[00:00]';

export interface ScaffoldOptions {
  /** The note's topic; when absent the topic is a placeholder itself. */
  topic?: string;
  /** Write front matter with `format:`, `title:` and `date:` (default true). */
  frontMatter?: boolean;
  /** `YYYY-MM-DD` for the plain-text rendering; default today (UTC). */
  date?: string;
  /** Include optional sections such as the appendix (default true). */
  includeOptional?: boolean;
}

// ---- rendering -------------------------------------------------------------

/**
 * Escapes text for a snippet body with as few backslashes as the syntax
 * allows, so the shipped file stays readable: `$` always, `}` inside a
 * placeholder, `,` and `|` inside a choice, and a backslash only where the
 * next character would make it an escape (or it ends the piece, before
 * whatever comes next), so `\\mathbb` stays as written.
 */
export function escapeSnippet(text: string, context: 'text' | 'placeholder' | 'choice' = 'text'): string {
  const special = context === 'text' ? '$' : context === 'placeholder' ? '$}' : '$},|';
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      out += next === undefined || next === '\\' || next === '$' || next === '}' || special.includes(next) ? '\\\\' : c;
    } else {
      out += special.includes(c) ? `\\${c}` : c;
    }
  }
  return out;
}

/** Renders parts as a VS Code snippet; tab stops are numbered in reading order and `$0` ends it. */
export function renderSnippet(parts: readonly Part[]): string {
  let next = 1;
  const keyed = new Map<string, number>();
  const out = parts.map((part) => {
    if (typeof part === 'string') return escapeSnippet(part);
    if ('date' in part) return '$CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE';
    if ('choice' in part) return `\${${next++}|${part.choice.map((o) => escapeSnippet(o, 'choice')).join(',')}|}`;
    if (part.key !== undefined) {
      const mirrored = keyed.get(part.key);
      if (mirrored !== undefined) return `\${${mirrored}}`;
      keyed.set(part.key, next);
    }
    return `\${${next++}:${escapeSnippet(part.field, 'placeholder')}}`;
  });
  return `${out.join('')}$0`;
}

/** Renders parts as plain text: each placeholder's default, the first choice, the given date. */
export function renderText(parts: readonly Part[], date = todayUtc()): string {
  return parts.map((part) => {
    if (typeof part === 'string') return part;
    if ('date' in part) return date;
    if ('choice' in part) return part.choice[0];
    return part.field;
  }).join('');
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

// ---- building --------------------------------------------------------------

/** `## 4) Full Derivation` for a section, `### 4.B Step-by-Step Derivation` for a sub-section. */
export function sectionHeading(section: FormatSection): string {
  return section.number.includes('.') ? `### ${section.number} ${section.title}` : `## ${section.number}) ${section.title}`;
}

/** Whether a rule is on for notes of this format by default (the rule's own default, then the format's `rules`). */
function ruleOn(format: NoteFormat, id: string): boolean {
  const rule = ruleById(id);
  return !rule || resolveRuleSettings(rule, format, defaultConfig()).severity !== 'off';
}

const labelChoice = (): Part => ({ choice: PROVENANCE_LABELS.map((l) => `(${l})`) });

const oneLine = (text: string) => text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');

/** The parts of a full note of `format`. */
export function scaffoldParts(format: NoteFormat, givenOptions: ScaffoldOptions = {}): Part[] {
  // The topic goes into one-line places (the title heading, a list item): line breaks become spaces.
  const options = givenOptions.topic === undefined ? givenOptions : { ...givenOptions, topic: oneLine(givenOptions.topic) };
  const topic: Part = options.topic !== undefined ? options.topic : { field: 'Topic', key: 'topic' };
  const parts: Part[] = [];
  if (options.frontMatter ?? true) {
    const title: Part[] = options.topic !== undefined ? [JSON.stringify(options.topic)] : ['"', topic, '"'];
    parts.push('---\n', `format: ${format.id}\n`, 'title: ', ...title, '\n', 'date: ', { date: true }, '\n---\n\n');
  }
  parts.push('# ', topic, '\n');
  const labels = ruleOn(format, 'step-label');
  // Timestamps anchor steps to a recording: only in a format whose metadata names its source.
  const stamps = ruleOn(format, 'timestamp') && format.sections.some((s) => s.role === 'metadata');
  for (const section of format.sections) {
    if (!section.required && !(options.includeOptional ?? true)) continue;
    parts.push('\n', sectionHeading(section), '\n\n', ...sectionBody(format, section, { labels, stamps }, options));
  }
  return parts;
}

/** What a format's steps carry: a provenance label (step-label on), a timestamp placeholder (timestamp on). */
interface StepParts { labels: boolean; stamps: boolean }

/** ` (VERBATIM) [00:00]` after a step marker, as the format asks. */
function stepLead(parts: StepParts): Part[] {
  return [...(parts.labels ? [' ', labelChoice()] : []), ...(parts.stamps ? [' ', { field: TIMESTAMP_PLACEHOLDER }] : [])];
}

function sectionBody(format: NoteFormat, section: FormatSection, step: StepParts, options: ScaffoldOptions): Part[] {
  const hint = (fallback: string): Part => ({ field: section.placeholder ?? fallback });
  switch (section.role) {
    case 'metadata':
      return [
        '- **Lecture Title:** ', { field: options.topic ?? 'Lecture title' }, '\n',
        // Placeholders of the right form, so a fresh note passes metadata-fields until they are filled in.
        '- **Source:** ', { field: 'https://example.org/lecture' }, ', ', { field: '00:00–00:00' }, '\n',
        '- **Topic Tags:** ', { field: 'optimization, convexity' }, '\n',
      ];
    case 'concept':
      if (!ruleOn(format, 'concept-bullets')) return [hint('What the concept solves and why it matters.'), '\n'];
      // The concept-bullets rule wants 3-6 bullets: start with three.
      return [
        '- ', { field: 'What the concept solves.' }, '\n',
        '- ', { field: 'Why it matters.' }, '\n',
        '- ', { field: 'A geometric picture or mathematical interpretation.' }, '\n',
      ];
    case 'glossary':
      return [
        '- $', { field: 'X\\in\\mathbb{R}^{n\\times d}' }, '$: ', { field: 'design matrix; each row is a feature vector' }, '\n',
        '- $', { field: 'y\\in\\mathbb{R}^{n}' }, '$: ', { field: 'target vector' }, '\n',
        '- $', { field: 'w\\in\\mathbb{R}^{d}' }, '$: ', { field: 'parameter vector' }, '\n',
      ];
    case 'definitions':
      return [
        'Equation (1)', ...stepLead(step), ': Define the ', { field: 'objective' }, '\n\n',
        '$$\n', { field: 'J(w) := \\tfrac12\\|Xw-y\\|_2^2' }, '\n$$\n',
      ];
    case 'derivation':
      return derivationBody(format, step);
    case 'checks':
      return [
        '- Dimensional check: ', { field: 'shapes of each side' }, '\n',
        '- Edge cases: ', { field: 'where the steps break down' }, '\n',
        '- Convexity/Stationarity: ', { field: 'whether critical points are global minima' }, '\n',
      ];
    case 'identities':
      return ['- $', { field: '\\nabla_w\\, w^\\top A w = (A+A^\\top)w' }, '$ (', { field: 'reference' }, ')\n'];
    case 'result':
      return ['$$\n\\boxed{', { field: 'w^\\star = \\ldots' }, '}\n$$\n\n', { field: 'Conditions under which it holds.' }, '\n'];
    case 'recap':
      return [{ field: 'One precise, technical sentence.' }, '\n'];
    default:
      return [hint(section.title), '\n'];
  }
}

/** Two steps: a definition (needs no rule) when the format has no definitions section, then a transformation with its rule. */
function derivationBody(format: NoteFormat, stepParts: StepParts): Part[] {
  const label = (): Part[] => stepLead(stepParts);
  const parts: Part[] = [];
  let step = 1;
  if (!format.sections.some((s) => s.role === 'definitions')) {
    parts.push(`**Step ${step++}.**`, ...label(), ' Define the ', { field: 'objective' }, '\n\n',
      '$$\n', { field: 'J(w) := \\tfrac12\\|Xw-y\\|_2^2' }, '\n$$\n\n');
  }
  parts.push(`**Step ${step}.**`, ...label(), ' ', { field: 'One-line justification.' }, '\n\n',
    '$$\n', { field: '\\nabla_w J(w)' }, ' = ', { field: 'X^\\top(Xw-y)' }, '\n$$\n\n',
    '{Rule: ', { field: 'gradient of a quadratic form' }, '}\n');
  return parts;
}

/** The note as a snippet for `editor.insertSnippet`. */
export function scaffoldSnippet(format: NoteFormat, options: ScaffoldOptions = {}): string {
  return renderSnippet(scaffoldParts(format, options));
}

/** The note as plain text (placeholders show their default text). */
export function scaffoldText(format: NoteFormat, options: ScaffoldOptions = {}): string {
  return renderText(scaffoldParts(format, options), options.date);
}
