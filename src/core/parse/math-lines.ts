/**
 * Reading one math span: its logical lines (NOTE-SPEC §3: `\\` rows, source
 * lines, a source line that starts with a relation), and on each line the
 * relations that make it a transformation, definitions, and rule annotations.
 * One linear scan per line; no regex restarts per character.
 */
import { closingBrace, textArgument } from '../tex/arguments';
import {
  ANNOTATED_RELATIONS, BOLD_STYLES, DEFINITION_RELATIONS, EQUIVALENCES, IMPLICATIONS, INEQUALITIES as INEQUALITY_NAMES, commands,
} from '../tex/vocabulary';

/** Relations that make a transformation (NOTE-SPEC §3), with their usual synonyms. */
const RELATION_COMMANDS = new Set([...INEQUALITY_NAMES, ...EQUIVALENCES, ...IMPLICATIONS]);
const INEQUALITIES = new Set(['<', '>', ...commands(INEQUALITY_NAMES)]);
/** Definition relations: no rule needed. */
const DEFINITION_COMMANDS = DEFINITION_RELATIONS;
const ANNOTATING = ANNOTATED_RELATIONS;
/** Commands whose argument holds no relation of the line (text, names, labels, a bold letter). */
const OPAQUE_ARGUMENT = new Set(['text', 'textrm', 'textit', 'textbf', 'mbox', 'mathrm', 'operatorname', 'label', 'tag']);
/** Groups whose content sits on the line itself (a relation inside counts). */
const TRANSPARENT = new Set(['boxed', 'displaystyle', 'textstyle', 'color', 'bbox', 'underbrace', 'overbrace', 'left', 'bigl', 'Bigl']);
/** Matrix-like environments: their `\\` rows are not lines of the derivation. */
const ARRAY_ENVS = /^(?:[pbBvV]?matrix|smallmatrix|cases|dcases|rcases|array|subarray|substack)\*?$/;
const OPEN_PARENS = new Set(['langle', 'lvert', 'lVert', 'lbrace', 'lceil', 'lfloor', '{']);
const CLOSE_PARENS = new Set(['rangle', 'rvert', 'rVert', 'rbrace', 'rceil', 'rfloor', '}']);

export interface TexLine { from: number; to: number }

export interface LineRelations {
  /** Relations that make the line a transformation (definitions excluded), as written. */
  relations: string[];
  /** Offset in tex of the first such relation. */
  first: number;
  definitions: number;
  /** A rule stated inside the math of this line (`\overset{…}{=}`, `\text{(…)}` at the end, …). */
  annotated: boolean;
  annotationText?: string;
  /** `annotation` for `\overset{…}{=}`-style relations, `trailing-text` for `\text{(…)}` at the end. */
  annotationForm?: 'annotation' | 'trailing-text';
}

function isLetter(c: number): boolean { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }

/**
 * The logical lines of a span. Rows split at `\\` outside matrix-like
 * environments and braces; within a row, a source line that starts with a
 * relation starts a new line; without any `\\`, every source line is a line.
 */
export function logicalLines(tex: string, display: boolean): TexLine[] {
  if (!display) return trimLine(tex, 0, tex.length);
  const rows: TexLine[] = [];
  const envs: string[] = [];
  let depth = 0;
  let rowStart = 0;
  let sawBreak = false;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\\') {
      const next = tex[i + 1];
      if (next === '\\') {
        if (depth === 0 && !envs.some((e) => ARRAY_ENVS.test(e))) {
          rows.push({ from: rowStart, to: i });
          rowStart = i + 2;
          sawBreak = true;
        }
        i++;
        continue;
      }
      if (tex.startsWith('begin{', i + 1) || tex.startsWith('end{', i + 1)) {
        const open = tex.indexOf('{', i);
        const close = tex.indexOf('}', open);
        if (close > 0) {
          const name = tex.slice(open + 1, close);
          if (tex[i + 1] === 'b') envs.push(name); else envs.pop();
          i = close;
          continue;
        }
      }
      if (next === '{' || next === '}') i++;
    }
  }
  rows.push({ from: rowStart, to: tex.length });
  const lines: TexLine[] = [];
  for (const row of rows) {
    for (const piece of splitSourceLines(tex, row, !sawBreak)) lines.push(...trimLine(tex, piece.from, piece.to));
  }
  return lines;
}

const RELATION_START = /^[\s&]*(?:=|<|>|\\(?:le|leq|ge|geq|approx|propto|iff|implies|Rightarrow|Longrightarrow|equiv|lt|gt|leqslant|geqslant|simeq|cong|overset|stackrel|underset)(?![A-Za-z]))/;

function splitSourceLines(tex: string, row: TexLine, everyLine: boolean): TexLine[] {
  const out: TexLine[] = [];
  let start = row.from;
  let i = tex.indexOf('\n', row.from);
  while (i !== -1 && i < row.to) {
    const nextLineEnd = tex.indexOf('\n', i + 1);
    const nextLine = tex.slice(i + 1, nextLineEnd === -1 || nextLineEnd > row.to ? row.to : nextLineEnd);
    if (everyLine || RELATION_START.test(nextLine)) {
      out.push({ from: start, to: i });
      start = i + 1;
    }
    i = tex.indexOf('\n', i + 1);
  }
  out.push({ from: start, to: row.to });
  return out;
}

/** Environment wrappers around the lines (never a matrix or cases, whose rows are content). */
const KEPT_ENV = '(?!(?:[pbBvV]?matrix|smallmatrix|cases|dcases|rcases|array|subarray)\\*?\\})';
const WRAPPER = new RegExp(`^\\s*(?:\\\\(?:begin|end)\\{${KEPT_ENV}[^}]*\\}(?:\\{[^}]*\\})?|\\\\(?:nonumber|notag)\\b|\\\\\\[|\\\\\\])\\s*`);
const WRAPPER_END = new RegExp(`\\s*(?:\\\\(?:begin|end)\\{${KEPT_ENV}[^}]*\\}|\\\\(?:nonumber|notag))\\s*$`);

/** The line without surrounding blanks and environment wrappers; empty lines are dropped. */
function trimLine(tex: string, from: number, to: number): TexLine[] {
  let text = tex.slice(from, to);
  for (let m = WRAPPER.exec(text); m && m[0].length; m = WRAPPER.exec(text)) { from += m[0].length; text = text.slice(m[0].length); }
  for (let m = WRAPPER_END.exec(text); m && m[0].length; m = WRAPPER_END.exec(text)) { to -= m[0].length; text = text.slice(0, text.length - m[0].length); }
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  from += lead;
  to -= trail;
  return to > from ? [{ from, to }] : [];
}

interface Group { transparent: boolean }

const CASES_ENVS = /^\s*(?:cases|dcases|rcases)\*?\s*$/;
/** Text that starts the constraint part of a line wherever it stands. */
const CONSTRAINT_ALWAYS = /^[\s,;:(\\]*(?:s\.\s*t\.|subject\s+to|such\s+that)/i;
/** Text that starts a condition after something else on the line (`… \quad \text{for } i = 1, …`). */
const CONSTRAINT_AFTER = /^[\s,;:(\\]*(?:for|if|where|when|whenever|with|provided|assuming|given|unless|iff)\b/i;

/** The relations on one logical line, skipping sub/superscripts, `\text{}`, command arguments and parentheses. */
export function lineRelations(tex: string, from: number, to: number): LineRelations {
  const result: LineRelations = { relations: [], first: -1, definitions: 0, annotated: false };
  const groups: Group[] = [];
  let parens = 0;
  let pendingTransparent = false;
  let prevSignificant = '';
  // A condition is no transformation (NOTE-SPEC §3): after `\text{s.t.}`, `\text{for}`, `\forall`, …
  // the rest of the line is a constraint; so is the condition column of `cases`.
  let constraint = false;
  let cases = 0;
  let conditionColumn = false;
  const open = () => groups.every((g) => g.transparent) && parens === 0 && !constraint && !conditionColumn;
  const add = (rel: string, at: number) => {
    if (result.first < 0) result.first = at;
    result.relations.push(rel);
  };
  for (let i = from; i < to; i++) {
    const c = tex[i];
    if (c === ' ' || c === '\n' || c === '\t') continue;
    if (c === '{') {
      const transparent = pendingTransparent || prevSignificant === '' || /[=+\-*/&(,<>]/.test(prevSignificant);
      groups.push({ transparent });
      pendingTransparent = false;
      prevSignificant = '{';
      continue;
    }
    if (c === '}') { groups.pop(); prevSignificant = '}'; continue; }
    if (c === '(' || c === '[') { if (groups.every((g) => g.transparent)) parens++; prevSignificant = c; continue; }
    if (c === ')' || c === ']') { if (groups.every((g) => g.transparent)) parens = Math.max(0, parens - 1); prevSignificant = c; continue; }
    if (c === '\\') {
      let j = i + 1;
      while (j < to && isLetter(tex.charCodeAt(j))) j++;
      if (j === i + 1) {
        const sym = tex[j] ?? '';
        if (sym === '\\') conditionColumn = false;
        if (sym === '{') { if (groups.every((g) => g.transparent)) parens++; }
        else if (sym === '}') { if (groups.every((g) => g.transparent)) parens = Math.max(0, parens - 1); }
        i = j;
        prevSignificant = '\\' + sym;
        continue;
      }
      const name = tex.slice(i + 1, j);
      i = j - 1;
      prevSignificant = '\\' + name;
      if (name === 'begin' || name === 'end') {
        const [nFrom, nTo, next] = textArgument(tex, j);
        if (CASES_ENVS.test(tex.slice(nFrom, nTo))) {
          cases = Math.max(0, cases + (name === 'begin' ? 1 : -1));
          conditionColumn = false;
        }
        i = next - 1;
        prevSignificant = '}';
        continue;
      }
      if (name === 'forall') {
        if (prevSignificant !== '') constraint = true;
        continue;
      }
      if (OPAQUE_ARGUMENT.has(name) || BOLD_STYLES.has(name)) {
        const [aFrom, aTo, next] = textArgument(tex, j);
        const words = tex.slice(aFrom, aTo);
        if (CONSTRAINT_ALWAYS.test(words) || (prevSignificant !== '' && CONSTRAINT_AFTER.test(words))) constraint = true;
        i = next - 1;
        prevSignificant = '}';
        continue;
      }
      if (ANNOTATING.has(name)) {
        const [aFrom, aTo, afterA] = textArgument(tex, j);
        const [bFrom, bTo, afterB] = textArgument(tex, afterA);
        const base = tex.slice(bFrom, bTo).trim();
        const annotation = tex.slice(aFrom, aTo).trim();
        if (base === '=' || RELATION_COMMANDS.has(base.slice(1)) || base === '<' || base === '>') {
          if (open()) {
            if (/def|\\triangle|\\Delta|^:$/i.test(annotation)) result.definitions++;
            else {
              add(base, i + 1 - name.length - 1);
              result.annotated = true;
              result.annotationText ??= annotation;
              result.annotationForm = 'annotation';
            }
          }
        }
        i = afterB - 1;
        prevSignificant = '}';
        continue;
      }
      if (TRANSPARENT.has(name)) { pendingTransparent = true; if (name === 'left' || name === 'bigl' || name === 'Bigl') continue; continue; }
      if (name === 'right' || name === 'bigr' || name === 'Bigr') continue;
      if (OPEN_PARENS.has(name)) { if (groups.every((g) => g.transparent)) parens++; continue; }
      if (CLOSE_PARENS.has(name)) { if (groups.every((g) => g.transparent)) parens = Math.max(0, parens - 1); continue; }
      if (DEFINITION_COMMANDS.has(name)) { if (open()) result.definitions++; continue; }
      if (RELATION_COMMANDS.has(name) && open()) add('\\' + name, j - name.length - 1);
      continue;
    }
    if (c === '&' && cases > 0) { conditionColumn = true; prevSignificant = c; continue; }
    if (c === '_' || c === '^') {
      // A sub/superscript: skip its argument (a group or one token).
      const [, , next] = textArgument(tex, i + 1);
      i = next - 1;
      prevSignificant = '}';
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      const wasColon = prevSignificant === ':' || (prevSignificant === '}' && /\{\s*:\s*\}\s*$/.test(tex.slice(Math.max(from, i - 8), i)));
      let k = i + 1;
      while (tex[k] === ' ') k++;
      const colonAfter = c === '=' && tex[k] === ':' ;
      if (open()) {
        if (c === '=' && (wasColon || colonAfter)) result.definitions++;
        else add(tex[i - 1] === '&' ? '&' + c : c, tex[i - 1] === '&' ? i - 1 : i);
      }
      if (c === '=' && tex[i + 1] === '=') i++;
      prevSignificant = c;
      continue;
    }
    prevSignificant = c;
  }
  if (!result.annotated) {
    const trailing = trailingAnnotation(tex.slice(from, to));
    if (trailing !== undefined) { result.annotated = true; result.annotationText = trailing; result.annotationForm = 'trailing-text'; }
  }
  return result;
}

const TEXT_COMMAND = /\\(?:text|textrm|textit|textsf|mbox|mathrm)\s*\{/g;
const RULE_WORDS = /^\s*(?:\(|\\\{|\{|by\b|using\b|via\b|from\b|since\b|because\b|rule\b|rules\b|as\b|applying\b|apply\b)/i;
const RELATION_AFTER = /[=<>]|\\(?:le|leq|ge|geq|approx|propto|iff|implies|Rightarrow|equiv)(?![A-Za-z])/;

interface TextPiece { command: number; open: number; close: number }

/**
 * A rule written at the end of a line of math: `\text{(…)}`, `\quad\text{by …}`,
 * `(\text{…})`, also split over several `\text{}` pieces with math between
 * them (`\text{(chain rule: } z_2 \text{ is linear in } W_2\text{)}`). The
 * annotation runs to the end of the line: nothing after its last piece may
 * hold a relation (so `\text{by} = …` in the middle of a line is no annotation).
 */
export function trailingAnnotation(line: string): string | undefined {
  return trailingAnnotationAt(line)?.text;
}

/** The annotation of {@link trailingAnnotation} with the offset where it starts. */
export function trailingAnnotationAt(line: string): { text: string; start: number } | undefined {
  const pieces: TextPiece[] = [];
  TEXT_COMMAND.lastIndex = 0;
  for (let m = TEXT_COMMAND.exec(line); m; m = TEXT_COMMAND.exec(line)) {
    const open = m.index + m[0].length - 1;
    const close = closingBrace(line, open);
    pieces.push({ command: m.index, open, close });
    TEXT_COMMAND.lastIndex = Math.max(TEXT_COMMAND.lastIndex, close);
  }
  if (!pieces.length) return undefined;
  const last = pieces[pieces.length - 1];
  const after = line.slice(last.close + 1);
  if (RELATION_AFTER.test(after.replace(/\\(?:tag|label)\{[^{}]*\}/g, '')) || after.replace(/\\(?:tag|label)\{[^{}]*\}|\\\w+|[\s{}().,;&\\]/g, '').length > 12) return undefined;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    const text = line.slice(piece.open + 1, piece.close);
    const before = line.slice(0, piece.command).replace(/\s+$/, '');
    if (!RULE_WORDS.test(text) && !before.endsWith('(') && !before.endsWith('\\{')) continue;
    if (i < pieces.length - 1) {
      // Math between the pieces belongs to the annotation only after the line's own relation,
      // and an annotation opened with `(` must close in its last piece.
      if (!RELATION_AFTER.test(before)) continue;
      if (/^\s*\(/.test(text) && parenBalance(line, pieces.slice(i)) > 0) continue;
    }
    const joined = line.slice(piece.open + 1, last.close).replace(/\}\s*\\(?:text|textrm|textit|textsf|mbox|mathrm)\s*\{/g, '');
    return { text: joined.replace(/^\s*\(|\)\s*$/g, '').trim(), start: piece.command };
  }
  return undefined;
}

/** `(` minus `)` over the text of the pieces. */
function parenBalance(line: string, pieces: TextPiece[]): number {
  let balance = 0;
  for (const p of pieces) {
    for (let k = p.open + 1; k < p.close; k++) {
      if (line[k] === '(') balance++;
      else if (line[k] === ')') balance--;
    }
  }
  return balance;
}

/** A line like `\lambda > 0` or `n \ge d`: a condition on a symbol, not a transformation. */
const CONDITION = /^[\s&]*(?:\\?[A-Za-z]+|\\[a-zA-Z]+\{[A-Za-z]\})(?:[_^](?:\{[^{}]*\}|\\?[A-Za-z0-9]))*\s*(?:<|>|\\le|\\leq|\\ge|\\geq|\\lt|\\gt|\\leqslant|\\geqslant)\s*(?:-?\d+(?:\.\d+)?|\\infty|\\?[A-Za-z]+(?:[_^](?:\{[^{}]*\}|\\?[A-Za-z0-9]))*)\s*[,.;]?\s*$/;

export function isCondition(line: string, relations: string[]): boolean {
  return relations.length === 1 && INEQUALITIES.has(relations[0]) && CONDITION.test(line);
}
