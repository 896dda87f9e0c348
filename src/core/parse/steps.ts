/**
 * Derivation steps (NOTE-SPEC §3): grouping the blocks of a `derivation` or
 * `definitions` section into steps, their numbers, provenance, stated rules,
 * and which transformations those rules cover.
 */
import type { MathSpan, NoteModel, RuleStatement, Step, StepNumberSource, Transformation, ProvenanceMark } from '../model';
import type { Range } from '../types';
import { isCondition, lineRelations, logicalLines } from './math-lines';
import { closingBrace } from '../tex/arguments';
import { onlyDefinesMacros } from '../tex/macros';
import type { Block, Doc, RawMath } from './scan';
import { mathRange } from './positions';
import { memoizeText } from '../memo';
import { firstIndexFrom } from '../search';
import { countWork } from '../work';

/** A rule statement with its document offsets. */
interface RawStatement extends RuleStatement { start: number; end: number }

const BRACE_RULE = /\{\s*[*_]*\s*Rules?\b[^:{}\n]{0,20}:/g;
/** `Rule:` / `Rules:` / `Rule used:` / `Justification:`, capitalised as a label (so "the chain rule:" in a sentence is prose). */
const LINE_RULE = /(^|[^\w{\\])([*_]*)(R(?:ULES?|ules?)(?: used| applied| USED)?|J(?:ustification|USTIFICATION))([*_]*)\s*:/gm;
const BY_PROSE = /\((?:by|using|via)\s+(?:[^()\n]|\([^()\n]*\))+\)/gi;

/** `;`-separated items of a statement, each one rule; an empty stub (`{Rule: }`) states none. */
function countItems(text: string): number {
  return text.split(';').filter((item) => STATES_SOMETHING.test(item)).length;
}
/** A character of an item that is not blank, emphasis or dots. */
const STATES_SOMETHING = /[^\s*_.…]/;

/** Rule statements in prose (`{Rule: …}`, `Rule: …`, `(by …)`), document-wide. `prose` has math, code and comments blanked. */
export function findStatements(doc: Doc, noCode: string, prose: string): RawStatement[] {
  const braces: RawStatement[] = [];
  const lines: RawStatement[] = [];
  const byProse: RawStatement[] = [];
  if (/rule/i.test(prose)) {
    BRACE_RULE.lastIndex = 0;
    for (let m = BRACE_RULE.exec(prose); m; m = BRACE_RULE.exec(prose)) {
      const close = closingBrace(noCode, m.index, false);
      const end = Math.min(close + 1, noCode.length);
      const text = noCode.slice(m.index + m[0].length, close).trim();
      braces.push({ form: 'braces', text, range: doc.range(m.index, end), count: countItems(text), start: m.index, end });
      BRACE_RULE.lastIndex = end;
    }
  }
  if (/rule|justification/i.test(prose)) {
    LINE_RULE.lastIndex = 0;
    const inBraces = rangeTester(braces);
    for (let m = LINE_RULE.exec(prose); m; m = LINE_RULE.exec(prose)) {
      const start = m.index + m[1].length;
      if (inBraces(start)) continue;
      let bodyStart = start + m[0].length - m[1].length;
      while (noCode[bodyStart] === '*' || noCode[bodyStart] === '_') bodyStart++;
      const lineEnd = doc.lineEnd(doc.lineAt(start));
      const text = noCode.slice(bodyStart, lineEnd).replace(/[*_\s]+$/, '').trim();
      lines.push({ form: 'line', text, range: doc.range(start, lineEnd), count: countItems(text), start, end: lineEnd });
    }
  }
  if (prose.includes('(')) {
    BY_PROSE.lastIndex = 0;
    const inBraces = rangeTester(braces);
    const inLine = rangeTester(lines);
    for (let m = BY_PROSE.exec(prose); m; m = BY_PROSE.exec(prose)) {
      const start = m.index;
      if (inBraces(start) || inLine(start)) continue;
      const end = start + m[0].length;
      const text = noCode.slice(start + 1, end - 1).trim();
      byProse.push({ form: 'by-prose', text, range: doc.range(start, end), count: 1, start, end });
    }
  }
  return [...braces, ...lines, ...byProse].sort((a, b) => a.start - b.start);
}

/**
 * Whether offsets, asked in increasing order, fall inside one of `ranges`
 * (sorted by start, their ends never decreasing): one pass over the ranges
 * for all the offsets, instead of one per offset.
 */
function rangeTester(ranges: readonly { start: number; end: number }[]): (offset: number) => boolean {
  let next = 0;
  return (offset) => {
    while (next < ranges.length && ranges[next].end <= offset) next++;
    return next < ranges.length && ranges[next].start <= offset;
  };
}

// ---------------------------------------------------------------------------

const STEP_NUMBER = '(\\d+(?:[a-z]|\\.\\d+)*)';
/** Sticky: read at the end of a block's leading markdown, without slicing it off. */
const MARKER = new RegExp(
  `(?:Step\\s+${STEP_NUMBER}|Equation\\s*\\(\\s*${STEP_NUMBER}\\s*\\)|Eqn?\\.?\\s*\\(\\s*${STEP_NUMBER}\\s*\\)|\\(\\s*${STEP_NUMBER}\\s*\\))(?![\\w(])`, 'iy');
/** Markdown that may stand before a marker: quote, heading and list markers, emphasis. Sticky: its length is read from `lastIndex` (leadLength). */
const LEADING = /[\s>#]*(?:(?:[-*+]|\d+[.)])\s+)?[*_\s]*(?:[\p{Extended_Pictographic}\uFE0F\u200D]+[*_\s]*)*/uy;
/** A numbered heading inside a derivation (`#### 2. Expand the square`, `### 3a) …`). */
const HEADING_NUMBER = /^[\s#]*[*_\s]*(?:[\p{Extended_Pictographic}\uFE0F\u200D]+[*_\s]*)*(\d+(?:[a-z]|\.\d+)*)[.):][*_]*(?=\s)/u;
/** Sticky, its word boundary checked by definitionWordAt (the text may be cut inside a lead-in). */
const DEFINITION_WORD = /(?:Define|Let|Set|Denote|Consider)/y;
/** Prose that continues a step rather than starting one ("where $\lambda>0$ …"). */
const CONTINUATION = /(?:where|with|here|for|since|because|note|i\.e\.|e\.g\.|so|which|this|that|assuming|under|if|provided|as|and|hence|thus|then|therefore)\b/iy;

interface Marker { number: string; start: number; end: number; after: number }

/** The length of the leading markdown of `text` (LEADING, which always matches), without a match object: this runs for every block. */
function leadLength(text: string): number {
  LEADING.lastIndex = 0;
  LEADING.test(text);
  return LEADING.lastIndex;
}

/** The step marker after the first `lead` characters of `text` (its leading markdown, LEADING). */
function findMarker(text: string, base: number, lead: number): Marker | undefined {
  MARKER.lastIndex = lead;
  const m = MARKER.exec(text);
  if (!m) return undefined;
  const number = m[1] ?? m[2] ?? m[3] ?? m[4];
  const start = base + lead;
  return { number, start, end: start + m[0].length, after: lead + m[0].length };
}

/** Punctuation, labels and timestamps (`[12:34]`, `@ 12:34`) between a step's marker and its first word. */
/** Sticky: read at an offset (skip). */
const SKIP = /(?:[\s.:,;—–-]|[([][A-Za-z /,&]+[)\]]|[([][\d: \t–—-]+[)\]]|@[ \t]*\d[\d:]*)+/y;
/** List and quote markers before a step's text, without emphasis. */
const BLOCK_LEAD = /^[\s>#]*(?:(?:[-*+]|\d+[.)])\s+)?/;

/**
 * Whether the step's prose, after its marker, labels and any bold/italic
 * lead-in (`**Objective.**`), starts with Define/Let/Set/Denote/Consider
 * (as the spec writes them: capitalised). Read by offsets into `text`: a
 * step's first block can be long, and this runs for every step.
 */
function startsWithDefinition(text: string, marker: Marker | undefined): boolean {
  let at: number;
  if (marker) {
    const emphasis = /[*_]+$/.exec(text.slice(0, marker.after - (marker.end - marker.start)).trimEnd())?.[0];
    at = skip(text, marker.after);
    // The marker's own bold/italic closes here (`**Step 1.** …`), or after a title (`**Step 1 — Primal problem.** Define …`).
    if (emphasis && text.startsWith(emphasis, at)) at = skip(text, at + emphasis.length);
    else if (emphasis) {
      const close = text.indexOf(emphasis, at);
      if (close > at && close < at + 120 && !text.slice(at, close).includes('\n')) at = skip(text, close + emphasis.length);
    }
  } else {
    at = skip(text, BLOCK_LEAD.exec(text)![0].length);
  }
  LEAD_EMPHASIS.lastIndex = at;
  const lead = LEAD_EMPHASIS.exec(text)?.[0];
  if (lead) {
    const close = text.indexOf(lead, at + lead.length);
    const innerEnd = close < 0 ? text.length : close;
    // SKIP holds no `*` or `_`: skipping inside the lead-in stops at its end.
    if (definitionWordAt(text, skip(text, at + lead.length), innerEnd)) return true;
    if (close >= 0) {
      at = skip(text, close + lead.length);
      while (text[at] === '*' || text[at] === '_') at++;
    }
  }
  return definitionWordAt(text, at, text.length);
}

const LEAD_EMPHASIS = /\*\*|__|\*|_/y;

/** The offset past what SKIP matches at `at`. */
function skip(text: string, at: number): number {
  SKIP.lastIndex = at;
  return SKIP.test(text) ? SKIP.lastIndex : at;
}

/** Whether a DEFINITION_WORD starts at `at`, as a whole word of `text` cut at `end`. */
function definitionWordAt(text: string, at: number, end: number): boolean {
  DEFINITION_WORD.lastIndex = at;
  if (!DEFINITION_WORD.test(text)) return false;
  const after = DEFINITION_WORD.lastIndex;
  return after === end || (after < end && !/\w/.test(text[after]));
}

interface Unit {
  block: Block;
  math: number[];
  text: string;
  /** Length of the text's leading markdown (LEADING); 0 for math. */
  lead: number;
  marker?: Marker;
  display: boolean;
  relationInline: boolean;
  statementOnly: boolean;
  /** A "where …" clause: its inline math explains the step and holds no transformation. */
  explanatory?: boolean;
}

interface Group { spans: number[]; start: number; statements: RawStatement[] }

interface Draft {
  units: Unit[];
  headingMarks: ProvenanceMark[];
  hasMath: boolean;
  statementAfterMath: boolean;
}

export function buildSteps(model: NoteModel, doc: Doc, blocks: Block[], math: RawMath[], noCode: string, prose: string,
  sectionOfLine: (line: number) => number): void {
  const statements = findStatements(doc, noCode, prose);
  model.ruleStatements = statements.map(({ form, text, range, count }) => ({ form, text, range, count }));
  markPlaceholders(model, math, statements);
  if (!model.format) return;
  const roles = model.sections.map((s) => s.spec.role);
  if (!roles.some((r) => r === 'derivation' || r === 'definitions')) return;

  const transformationCache = new Map<number, LineInfo[]>();
  markProseConditions(model, top(blocks), math, prose, roles, sectionOfLine, transformationCache);
  const headingStack: { level: number; marks: ProvenanceMark[] }[] = [];
  const headingMarks = model.provenance.filter((p) => p.inHeading);
  let draft: Draft | undefined;
  let draftSection = -1;
  let mathCursor = 0;
  let statementCursor = 0;
  let markCursor = 0;

  const close = () => {
    if (draft && draft.units.length) {
      const step = finishStep(model, doc, draft, draftSection, math, statements, transformationCache);
      if (step) {
        model.steps.push(step);
        model.ruleStatements.push(...step.rules.filter((r) => r.form === 'annotation' || r.form === 'trailing-text'));
      }
    }
    draft = undefined;
  };
  const open = (unit: Unit, section: number) => {
    close();
    draftSection = section;
    // A loop, not flatMap (slow in V8): this runs for every step.
    const headingMarks: ProvenanceMark[] = [];
    for (const heading of headingStack) for (const mark of heading.marks) headingMarks.push(mark);
    draft = { units: [unit], headingMarks, hasMath: unit.display || unit.relationInline, statementAfterMath: false };
  };
  const attach = (unit: Unit) => {
    if (!draft) return;
    if (draft.hasMath && unitHasStatement(unit, statements)) draft.statementAfterMath = true;
    draft.units.push(unit);
    draft.hasMath ||= unit.display || unit.relationInline;
  };

  const topBlocks = top(blocks);
  for (let i = 0; i < topBlocks.length; i++) {
    const block = topBlocks[i];
    const section = sectionOfLine(block.startLine);
    const role = section >= 0 ? roles[section] : 'none';
    if (block.kind === 'heading') {
      const level = block.headingLevel ?? 1;
      while (headingStack.length && headingStack[headingStack.length - 1].level >= level) headingStack.pop();
      const isSectionHeading = section >= 0 && model.sections[section].heading.line === block.startLine;
      if (isSectionHeading) headingStack.length = 0;
      // Marks and headings both come in document order: one cursor, not a pass over every mark per heading.
      const from = markCursor;
      while (markCursor < headingMarks.length && headingMarks[markCursor].range.start.line < block.startLine) markCursor++;
      const marks: ProvenanceMark[] = [];
      for (; markCursor < headingMarks.length && headingMarks[markCursor].range.start.line < block.endLine; markCursor++) marks.push(headingMarks[markCursor]);
      countWork(1 + markCursor - from);
      headingStack.push({ level, marks });
    }
    if (role !== 'derivation' && role !== 'definitions') { close(); continue; }
    while (mathCursor < math.length && math[mathCursor].start < block.start) mathCursor++;
    const spans: number[] = [];
    for (let k = mathCursor; k < math.length && math[k].start < block.end; k++) spans.push(k);
    while (statementCursor < statements.length && statements[statementCursor].end <= block.start) statementCursor++;
    const unit = makeUnit(model, block, spans, prose, statements, statementCursor, transformationCache);
    if (section !== draftSection) close();

    switch (block.kind) {
      case 'heading':
        if (unit.marker && !(model.sections[section].heading.line === block.startLine)) open(unit, section);
        else close();
        break;
      case 'item':
        if (unit.marker || block.ordered || unit.display || unit.relationInline) open(unit, section);
        else attach(unit);
        break;
      case 'paragraph': {
        // A paragraph of nothing but HTML comments is not part of any step.
        if (!unit.math.length && !/\S/.test(unit.text)) break;
        const next = topBlocks[i + 1];
        const leadsMath = next?.kind === 'math' && sectionOfLine(next.startLine) === section;
        const openDraft = draft && ((!draft.hasMath && !draft.statementAfterMath) || ledByMarker(draft));
        if (unit.statementOnly) attach(unit);
        else if (unit.marker) open(unit, section);
        else if (unit.display || unit.relationInline) {
          if (draft && !unit.display && continues(unit)) {
            unit.explanatory = true;
            attach(unit);
          }
          // The math of a step whose marker paragraph had none ("**Step 2.** Expand." then "We get $$…$$"),
          // or more of a step led by a marker, which owns what follows it up to the next step.
          else if (openDraft) attach(unit);
          else open(unit, section);
        } else if (draft && (!draft.hasMath || !leadsMath || ledByMarker(draft))) attach(unit);
        else if (leadsMath) open(unit, section);
        break;
      }
      case 'math':
        if (!unit.display) break; // Only macro definitions: no step.
        if (draft && ((!draft.hasMath && !draft.statementAfterMath) || ledByMarker(draft))) attach(unit);
        else open(unit, section);
        break;
      default:
        close();
    }
  }
  close();
}

/** Whether the unit's prose, after its leading markdown, continues a step ("where …"). */
function continues(unit: Unit): boolean {
  CONTINUATION.lastIndex = unit.lead;
  return CONTINUATION.test(unit.text);
}

function top(blocks: Block[]): Block[] {
  return blocks.filter((b) => b.depth === 0 && b.kind !== 'front-matter');
}

/**
 * A step led by a marker paragraph owns the display math, rule
 * lines and prose after it up to the next step marker, list item or heading
 * (NOTE-SPEC §3, a step's extent); a `\tag{k}` there numbers that same step.
 */
function ledByMarker(draft: Draft): boolean {
  const first = draft.units[0];
  return !!first.marker && first.block.kind === 'paragraph';
}

/** Words that make a relation in the inline math after them a condition ("Solve when $\operatorname{rank}(X)=d$"). */
const CONDITION_WORDS = 'when|if|for|where|with|whenever|provided(?:\\s+that)?|assuming(?:\\s+that)?|given(?:\\s+that)?|since|unless|such\\s+that|s\\.\\s*t\\.|subject\\s+to';
const CONDITION_BEFORE = new RegExp(`(?:^|[^\\w.])(?:${CONDITION_WORDS})[\\s*_]*$`, 'i');
const CONDITION_CLAUSE = new RegExp(`^[\\s*_]*(?:(?:and|but|or|only)\\s+)?(?:${CONDITION_WORDS})(?![\\w])`, 'i');
/** Where a clause starts: punctuation, a dash, or the end of a sentence (not the dots of `s.t.`, `i.e.`). */
const CLAUSE_BREAK = /[;:!?,(—–]|(?<!\b(?:s\.t|i\.e|e\.g|cf|resp|vs))\.(?=\s)/g;

/**
 * Inline math in prose led by when/if/for/where/with/… ("provided $|C_k|\ge 1$",
 * "s.t. \(\sum_k \pi_k = 1\)") states a condition, not a transformation: its
 * transformations are dropped (the clause is read back to the previous math
 * span or the clause's start).
 */
function markProseConditions(model: NoteModel, blocks: Block[], math: RawMath[], prose: string, roles: (string | undefined)[],
  sectionOfLine: (line: number) => number, cache: Map<number, LineInfo[]>): void {
  let k = 0;
  for (const block of blocks) {
    if (block.kind !== 'paragraph' && block.kind !== 'item') continue;
    const role = roles[sectionOfLine(block.startLine)];
    if (role !== 'derivation' && role !== 'definitions') continue;
    while (k < math.length && math[k].start < block.start) k++;
    for (let j = k; j < math.length && math[j].start < block.end; j++) {
      if (math[j].display) continue;
      const from = j > k ? math[j - 1].end : block.start;
      if (isConditionClause(prose.slice(from, math[j].start))) cache.set(j, []);
    }
  }
}

function isConditionClause(before: string): boolean {
  if (CONDITION_BEFORE.test(before)) return true;
  let clause = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(before); m; m = CLAUSE_BREAK.exec(before)) clause = m.index + m[0].length;
  return CONDITION_CLAUSE.test(before.slice(clause).replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
}

function unitHasStatement(unit: Unit, statements: RawStatement[]): boolean {
  const first = firstIndexFrom(statements, unit.block.start, (s) => s.start);
  return first < statements.length && statements[first].start < unit.block.end;
}

/** The items whose key lies in [start, end), from `items` sorted by that key. */
function itemsIn<T>(items: readonly T[], start: number, end: number, key: (item: T) => number): T[] {
  const out: T[] = [];
  for (let i = firstIndexFrom(items, start, key); i < items.length && key(items[i]) < end; i++) out.push(items[i]);
  return out;
}

interface LineInfo { tex: string; range: Range; relation: string; annotated: boolean; annotation?: string; form?: 'annotation' | 'trailing-text' }

/** The transformation lines of a span (cached per span). */
function transformationsOf(model: NoteModel, index: number, cache: Map<number, LineInfo[]>): LineInfo[] {
  const cached = cache.get(index);
  if (cached) return cached;
  const span = model.math[index];
  const out: LineInfo[] = [];
  if (!span.placeholder) {
    for (const l of texTransformations(span.tex, span.display)) {
      out.push({ tex: l.tex, range: mathRange(model, span, l.from, l.to), relation: l.relation, annotated: l.annotated, annotation: l.annotation, form: l.form });
    }
  }
  cache.set(index, out);
  return out;
}

/** A line of a formula holding a transformation, at its offsets in the formula. */
interface TexTransformation extends Omit<LineInfo, 'range'> { from: number; to: number }

/**
 * Which lines of a formula hold transformations depends on its text alone, so
 * it is kept across parses: a re-parse after an edit finds most formulas
 * unchanged. One memo for display and one for inline math, keyed by the
 * formula itself: a prefixed key was a new string to hash at every look-up.
 */
const displayTransformations = memoizeText((tex) => readTransformations(tex, true));
const inlineTransformations = memoizeText((tex) => readTransformations(tex, false));

function texTransformations(tex: string, display: boolean): readonly TexTransformation[] {
  return display ? displayTransformations(tex) : inlineTransformations(tex);
}

function readTransformations(tex: string, display: boolean): TexTransformation[] {
  const out: TexTransformation[] = [];
  for (const { from, to } of logicalLines(tex, display)) {
    const rel = lineRelations(tex, from, to);
    const line = tex.slice(from, to);
    if (!rel.relations.length) continue;
    if (isCondition(line, rel.relations)) continue;
    out.push({ from, to, tex: line, relation: rel.relations[0], annotated: rel.annotated, annotation: rel.annotationText, form: rel.annotationForm });
  }
  return out;
}

function makeUnit(model: NoteModel, block: Block, spans: number[], prose: string, statements: RawStatement[], sc: number, cache: Map<number, LineInfo[]>): Unit {
  const text = prose.slice(block.start, block.end);
  const unit: Unit = { block, math: spans, text, lead: 0, display: false, relationInline: false, statementOnly: false };
  for (const k of spans) {
    const span = model.math[k];
    if (span.placeholder || onlyDefinesMacros(span.tex)) continue;
    if (span.display) unit.display = true;
    else if (transformationsOf(model, k, cache).length) unit.relationInline = true;
  }
  if (block.kind !== 'math') {
    const lead = unit.lead = leadLength(text);
    unit.marker = findMarker(text, block.start, lead);
    if (!unit.marker && block.kind === 'heading') {
      const m = HEADING_NUMBER.exec(text);
      if (m) {
        const start = block.start + m[0].search(/\d/);
        unit.marker = { number: m[1], start, end: start + m[1].length, after: m[0].length };
      }
    }
    const first = statements[sc];
    unit.statementOnly = !!first && first.start <= block.start + lead + 2 && first.start >= block.start && (first.form === 'braces' || first.form === 'line');
  }
  return unit;
}

function finishStep(model: NoteModel, doc: Doc, draft: Draft, section: number, math: RawMath[], statements: RawStatement[],
  cache: Map<number, LineInfo[]>): Step | undefined {
  const first = draft.units[0];
  const last = draft.units[draft.units.length - 1];
  const start = first.block.start;
  const end = last.block.end;
  // Plain loops: flatMap is slow in V8, and this runs for every step.
  const spanIndices: number[] = [];
  for (const unit of draft.units) for (const k of unit.math) if (!model.math[k].placeholder) spanIndices.push(k);
  const isDefinitionSection = model.sections[section]?.spec.role === 'definitions';
  const leadText = first.text;
  // A step led by a heading (`### Step 1 (VERBATIM): objective`) has its prose in the next block.
  const body = first.block.kind === 'heading' && draft.units[1]?.block.kind === 'paragraph' ? draft.units[1] : undefined;
  const isDefinition = isDefinitionSection || startsWithDefinition(leadText, first.marker)
    || (body !== undefined && startsWithDefinition(body.text, body.marker));

  const stepStatements = itemsIn(statements, start, end, (s) => s.start);
  const groups = groupMath(model, draft, math);
  for (const s of stepStatements) {
    let target = groups[0];
    for (const g of groups) if (g.start <= s.start) target = g;
    target?.statements.push(s);
  }

  const transformations: Transformation[] = [];
  const annotations: RuleStatement[] = [];
  for (const group of groups) {
    // A group is mostly one span: its cached lines are read in place, not copied.
    const lines = group.spans.length === 1 ? transformationsOf(model, group.spans[0], cache) : linesOf(model, group.spans, cache);
    let stated = 0;
    for (const s of group.statements) stated += s.count;
    let annotated = 0;
    for (const l of lines) {
      if (!l.annotated) continue;
      annotated++;
      annotations.push({ form: l.form ?? 'annotation', text: l.annotation ?? '', range: l.range, count: 1 });
    }
    const coveredByStatements = stated >= lines.length - annotated;
    for (const l of lines) {
      transformations.push({
        relation: l.relation, range: l.range, covered: isDefinition || l.annotated || coveredByStatements,
        blockTransformations: lines.length, blockRules: stated + annotated,
      });
    }
  }

  const rules: RuleStatement[] = [];
  for (const { form, text, range, count } of stepStatements) rules.push({ form, text, range, count });
  for (const a of annotations) rules.push(a);
  const stepMath = spanIndices.map((k) => model.math[k]);
  const provenance = ownProvenance(model, doc, start, end, draft.headingMarks);
  const number = stepNumber(draft, model, spanIndices, doc);
  const range = doc.range(start, end);
  return number
    ? { range, section, number: number.number, numberSource: number.numberSource, numberRange: number.numberRange, math: stepMath, transformations, isDefinition, provenance, rules }
    : { range, section, math: stepMath, transformations, isDefinition, provenance, rules };
}

function linesOf(model: NoteModel, spans: number[], cache: Map<number, LineInfo[]>): LineInfo[] {
  const lines: LineInfo[] = [];
  for (const k of spans) for (const l of transformationsOf(model, k, cache)) lines.push(l);
  return lines;
}

/**
 * The marks of the headings above the step (the draft's own array, added to),
 * then its own (not in a heading) in [start, end): provenance comes in document order.
 */
function ownProvenance(model: NoteModel, doc: Doc, start: number, end: number, headingMarks: ProvenanceMark[]): ProvenanceMark[] {
  for (const mark of itemsIn(model.provenance, start, end, (p) => offsetIn(doc, p.range))) if (!mark.inHeading) headingMarks.push(mark);
  return headingMarks;
}

function offsetIn(doc: Doc, range: Range): number {
  return doc.lineStart(range.start.line) + range.start.character;
}

/** Display spans each form a block; inline spans between them form one block per unit. */
function groupMath(model: NoteModel, draft: Draft, math: RawMath[]): Group[] {
  const groups: Group[] = [];
  for (const unit of draft.units) {
    if (unit.explanatory) continue;
    let inlineGroup: Group | undefined;
    for (const k of unit.math) {
      if (model.math[k].placeholder) continue;
      if (model.math[k].display) {
        groups.push({ spans: [k], start: math[k].start, statements: [] });
        inlineGroup = undefined;
      } else {
        if (!inlineGroup) { inlineGroup = { spans: [], start: math[k].start, statements: [] }; groups.push(inlineGroup); }
        inlineGroup.spans.push(k);
      }
    }
  }
  return groups;
}

interface StepNumber { number: string; numberSource: StepNumberSource; numberRange: Range }

function stepNumber(draft: Draft, model: NoteModel, spanIndices: number[], doc: Doc): StepNumber | undefined {
  for (const unit of draft.units) {
    if (unit.marker) return { number: unit.marker.number, numberSource: 'marker', numberRange: doc.range(unit.marker.start, unit.marker.end) };
    if (unit.display || unit.relationInline) break;
  }
  const first = draft.units[0];
  if (first.block.kind === 'item' && first.block.ordered && first.block.listNumber !== undefined) {
    const at = first.block.listNumberStart ?? first.block.start;
    return { number: first.block.listNumber, numberSource: 'list', numberRange: doc.range(at, at + first.block.listNumber.length) };
  }
  // Tags come in document order, so by math index: the first tag of the step's first span that has one.
  for (const k of spanIndices) {
    const i = firstIndexFrom(model.tags, k, (t) => t.math);
    if (i < model.tags.length && model.tags[i].math === k) return { number: model.tags[i].tag, numberSource: 'tag', numberRange: model.tags[i].range };
  }
  return undefined;
}

/** Math inside a stated rule is a cited identity: a placeholder. */
function markPlaceholders(model: NoteModel, math: RawMath[], statements: RawStatement[]): void {
  if (!statements.length) return;
  let s = 0;
  for (let k = 0; k < math.length; k++) {
    while (s < statements.length && statements[s].end <= math[k].start) s++;
    if (s < statements.length && statements[s].start <= math[k].start && math[k].end <= statements[s].end) model.math[k].placeholder = true;
  }
}

export type { MathSpan };
