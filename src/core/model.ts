/**
 * The NoteModel: one parse of one document version, shared by the linter,
 * the preview, hovers and the audit report. Ranges are exact source ranges
 * (0-based line/character) in the document text.
 */
import type { Range } from './types';
import type { MarkdownToken, MathDelimiter } from './markdown';
import type { NoteFormat, FormatSection } from './formats/types';

export interface NoteModel {
  text: string;
  /** The document's lines without their line endings. */
  lines: string[];
  /** Offset of the first character of each line. */
  lineStarts: number[];
  /** The markdown-it tokens of `text` (createMarkdownIt()), reused by the renderer; only with `parseNote(text, { keepTokens: true })`. */
  tokens?: MarkdownToken[];
  frontMatter?: FrontMatter;
  /** The note's format; undefined when the file is not a note (no structure diagnostics then). */
  format?: NoteFormat;
  formatSource?: 'front-matter' | 'option' | 'inferred';
  /** Why a named format could not be used (e.g. an unknown `format:` id), positioned. */
  formatError?: { message: string; range: Range };
  headings: Heading[];
  /** Headings matched to sections of the format, in document order. */
  sections: Section[];
  math: MathSpan[];
  steps: Step[];
  declarations: Declaration[];
  glossary: GlossaryEntry[];
  /** Every use of a symbol in math outside placeholders, in document order. */
  symbols: SymbolUse[];
  labels: EquationLabel[];
  references: EquationReference[];
  tags: EquationTag[];
  ruleStatements: RuleStatement[];
  /** Provenance labels, spelt right or wrong. */
  provenance: ProvenanceMark[];
  /** Macros defined in the note (`\newcommand`, `\renewcommand`, `\def`), name with backslash → body. */
  macros: Record<string, string>;
  /** HTML comments (suppression comments are read from these). */
  comments: Comment[];
  /** Inline code spans and fenced/indented code blocks. */
  code: CodeSpan[];
  /** Raw HTML (blocks, tags, elements), images with their alt text, link destinations and titles: neither math nor prose. */
  opaque: Range[];
  /** Runs of prose: text outside math, code, comments and front matter. */
  prose: ProseRun[];
  /** Paragraphs (in lists and quotes too; not headings), as the lines they span. */
  paragraphs: LineSpan[];
  /** List items at every depth, in document order. */
  listItems: ListItem[];
  /** Timestamps in the prose outside front matter and the metadata section (`[12:34]`, `(1:02:03)`, `@ 12:34`, ranges), in document order. */
  timestamps: Timestamp[];
  /** The lecture's time range as the metadata section's Source gives it (`05:00–18:30`), if it gives one. */
  sourceTime?: Timestamp;
}

/** A point or a range in the lecture's recording, in seconds. */
export interface Timestamp {
  /** As written, brackets included (`[12:40–13:05]`, `@ 12:34`). */
  text: string;
  range: Range;
  start: number;
  /** The end of a range; undefined for a point. */
  end?: number;
  /** Why it is no time: a minutes or seconds field of 60 or more (not the leading field), or a range that ends before it starts. */
  problem?: 'minutes' | 'seconds' | 'order';
}

/** Lines `start` up to (not including) `end`. */
export interface LineSpan { start: number; end: number }

export interface ListItem {
  /** The line of the item's marker. */
  line: number;
  /** markdown-it's nesting level: deeper in lists and quotes is higher. */
  level: number;
}

export interface FrontMatter {
  data: Record<string, unknown>;
  range: Range;
  /** A YAML error, positioned in the document. */
  error?: { message: string; range: Range };
}

export interface Heading {
  level: number;
  /** The heading's raw text as written (without `#` markers). */
  text: string;
  range: Range;
  line: number;
  /** Section number as written (`4`, `4.B`), if any. */
  number?: string;
  /** The title after the number, stripped of emphasis, emoji and remarks. */
  title: string;
}

export interface Section {
  heading: Heading;
  /** The format section this heading matched. */
  spec: FormatSection;
  /** First line of the content (after the heading) and the line the section ends before. */
  contentStart: number;
  end: number;
}

export interface MathLine {
  /** One line of a display block (`\\`-separated or source line), trimmed of `&` alignment only where noted by the parser. */
  tex: string;
  range: Range;
}

export interface MathSpan {
  tex: string;
  display: boolean;
  delimiter: MathDelimiter;
  /** The whole span, delimiters included. */
  range: Range;
  /** The math content only. */
  contentRange: Range;
  /** Logical lines of the span (one for inline math). */
  lines: MathLine[];
  /** Index into NoteModel.sections, or -1 before the first section. */
  section: number;
  /** Math inside a stated rule or an identities section: its letters are placeholders. */
  placeholder: boolean;
  /** Where each source line of `tex` starts in the document (first entry: offset 0); see positions.mathPosition. */
  segments: MathSegment[];
  /** A block-level token (its own paragraph) rather than math inside a paragraph, list item or table cell. */
  block: boolean;
}

/** `tex` offset `tex` stands at document position (line, character). */
export interface MathSegment { tex: number; line: number; character: number }

export type StepNumberSource = 'marker' | 'list' | 'tag';

export interface Step {
  range: Range;
  section: number;
  number?: string;
  numberSource?: StepNumberSource;
  numberRange?: Range;
  math: MathSpan[];
  transformations: Transformation[];
  isDefinition: boolean;
  provenance: ProvenanceMark[];
  rules: RuleStatement[];
  /** The step's first timestamp, else the one in the nearest heading above it that has one. */
  timestamp?: Timestamp;
}

export interface Transformation {
  /** The relation as written, e.g. `=`, `\le`, `&=`. */
  relation: string;
  /** The line of math that holds it. */
  range: Range;
  /** Whether a stated rule covers it (annotation in the math, or enough statements after the block). */
  covered: boolean;
  /** How many transformations its block has and how many rules the block states (for the message). */
  blockTransformations: number;
  blockRules: number;
}

export type DeclarationKind = 'set-membership' | 'scalar-bound' | 'distribution' | 'map' | 'subset' | 'set-definition';

export interface Declaration {
  /** The normalised symbol key (see SymbolUse.key). */
  symbol: string;
  /** The symbol as written. */
  tex: string;
  kind: DeclarationKind;
  /** The domain/shape as written, e.g. `\mathbb{R}^{n\times d}`. */
  domain: string;
  range: Range;
  /** The symbol alone (absent for a table row whose domain stands in another cell): the rest of `range` is the domain. */
  symbolRange?: Range;
  inGlossary: boolean;
}

export interface GlossaryEntry {
  range: Range;
  /** Symbol keys the entry names. */
  symbols: string[];
  declarations: Declaration[];
  /** The entry's prose meaning, if any. */
  meaning: string;
}

export interface SymbolUse {
  /** Normalised key: decorations, sub/superscripts and primes removed, styles kept (`\mathbf{w}`). */
  key: string;
  tex: string;
  range: Range;
  /** Index into NoteModel.math of the span it stands in. */
  math?: number;
  /** True when the letter stands only inside a shape (`n` in `\mathbb{R}^{n\times d}`). */
  dimension?: boolean;
}

export interface EquationLabel { name: string; range: Range; math: number }
export interface EquationReference { name: string; kind: 'eqref' | 'ref' | 'prose'; range: Range; inMath: boolean }
export interface EquationTag { tag: string; range: Range; math: number }

export type RuleStatementForm = 'braces' | 'line' | 'annotation' | 'trailing-text' | 'by-prose';

export interface RuleStatement {
  form: RuleStatementForm;
  /** The rule's text, e.g. `chain rule`. */
  text: string;
  range: Range;
  /** How many rules it states (`;`-separated items count one each). */
  count: number;
}

export type ProvenanceKind = 'VERBATIM' | 'RECONSTRUCTED' | 'ASSUMPTION' | 'GAP' | 'LECTURER CLAIM';

export interface ProvenanceMark {
  /** The label as written, without brackets. */
  text: string;
  /** The label meant; undefined when it is not recognisable. */
  kind?: ProvenanceKind;
  /** False for a misspelling (`RECONSTRUCT`, `Reconstructed`). */
  valid: boolean;
  range: Range;
  inHeading: boolean;
}

export interface Comment { text: string; range: Range }
export interface CodeSpan { text: string; block: boolean; range: Range }
export interface ProseRun { text: string; range: Range; section: number }
