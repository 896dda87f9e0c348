/**
 * Contracts shared by every part of core: positions, edits, diagnostics and
 * rules. Positions are 0-based (line, character) like LSP and VS Code; the CLI
 * converts to 1-based on output.
 */

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A fix is data: text edits against the linted text, applied all at once. */
export interface TextEdit { range: Range; newText: string }

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface RelatedInfo { message: string; range: Range }

/** What a rule reports. `message` is built from `meta.messages[messageId]` and `data`. */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  fix?: Fix;
  related?: RelatedInfo[];
}

export interface Fix {
  /** Title of the quick fix, e.g. "Insert a {Rule: } stub". */
  title: string;
  edits: TextEdit[];
  /** Safe fixes are applied by `mlnotes lint --fix` and "Fix all"; others are offered as quick fixes only. */
  safe: boolean;
  /** The obvious fix for this diagnostic (VS Code `isPreferred`). */
  preferred?: boolean;
}

export interface LintDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  /** The report's messageId and data, for consumers that need the named thing (audit report, hovers). */
  messageId?: string;
  data?: Record<string, string | number>;
  range: Range;
  fix?: Fix;
  related?: RelatedInfo[];
  /** The URL or relative path of the rule's doc page. */
  docs: string;
}

/** JSON Schema, kept loose here; ajv validates it. */
export type JsonSchema = Record<string, unknown>;

export interface RuleMeta {
  id: string;
  description: string;
  /** Default severity, optionally per format id (`default` applies when no entry names the format). */
  severity: { default: SeveritySetting } & Record<string, SeveritySetting>;
  /** JSON Schema of the rule's options object (not including `severity`). */
  optionsSchema: JsonSchema;
  defaultOptions: Record<string, unknown>;
  fixable: boolean;
  /** Whether the rule only makes sense for notes (a known format). Text rules such as math-syntax also run on plain Markdown. */
  notesOnly: boolean;
  messages: Record<string, string>;
}

export interface RuleContext<Options = Record<string, unknown>> {
  /** The parsed note; the type lives in model.ts. */
  model: import('./model').NoteModel;
  options: Options;
  /** KaTeX macros in force: the user's (settings, config) with the note's own definitions on top. */
  macros: Record<string, string>;
  /** The format id the note is linted as, if it is a note. */
  formatId?: string;
  report(report: Report): void;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  check(context: RuleContext<Options>): void;
}
