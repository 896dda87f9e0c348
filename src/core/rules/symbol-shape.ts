/**
 * symbol-shape: the first use of a symbol that has no declaration (domain or
 * shape) anywhere in the note. Uses and declarations come from the model
 * (the parser fills them with src/core/math); a use is covered when a
 * declaration has the same cover key (bold and upright forms are one symbol:
 * a declaration of `\mathbf{w}` covers `w_j`).
 *
 * Also covered, by decision (docs/rules-src/symbol-shape.md): a symbol the
 * note defines (`J(w) := …`, or the first `=` of a definition step); a letter
 * that gives a dimension of a declared shape (`n` in `X\in\mathbb{R}^{n\times d}`)
 * unless `requireDimensions`; a letter used only in the domain of declarations
 * (the simplex `\Delta` in `p\in\Delta^{K-1}`); a symbol a glossary entry names without a
 * domain (glossary-shape reports that entry); `ignoreSymbols`. Read as their
 * authors mean them, also silent: letters of an abbreviation typed in math
 * (`TP`), a set, distribution or hypothesis the prose names as such, the whole
 * domain of a declaration, a symbol defined by the equation at its first use
 * or set to a number, an index named alone in prose, the arguments of a
 * defined function's signature.
 *
 * The quick fix adds a glossary entry skeleton at the end of the glossary
 * section; it is not safe (it inserts placeholders the author must fill).
 */
import type { Fix, Position, Range, RelatedInfo, Rule } from '../types';
import type { MathSpan, NoteModel, Section, SymbolUse } from '../model';
import { coverKey } from '../math/atoms';
import { findDefinitions } from '../math/definitions';
import { abbreviationAt } from '../math/symbols';
import { findEquationHeads, findIndices, findSymbols, findValueAssignments } from '../math/index';
import { useTexOffset } from '../shapes/scope';
import { bodyStart, extentEnd, sectionLabel, sectionsWithRole } from './util/sections';
import { domainSymbols } from './util/domains';

interface Options {
  ignoreSymbols: string[];
  requireDimensions: boolean;
  definitionsDeclare: boolean;
}

const rule: Rule<Options> = {
  meta: {
    id: 'symbol-shape',
    description: 'The first use of a symbol that has no declaration of its domain or shape anywhere in the note.',
    severity: { default: 'warning' },
    optionsSchema: {
      type: 'object',
      properties: {
        ignoreSymbols: {
          type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true,
          description: 'Symbols that need no declaration, as TeX (`I`, `\\mathbf{1}`, `\\Pi`). Bold and upright forms follow their letter.',
        },
        requireDimensions: {
          type: 'boolean',
          description: 'Require a declaration also for letters that give a dimension of a declared shape (`n`, `d` in `X\\in\\mathbb{R}^{n\\times d}`).',
        },
        definitionsDeclare: {
          type: 'boolean',
          description: 'Count a definition (`J(w) := …`, or the first `=` of a Define/Let step) as the defined symbol\'s introduction.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { ignoreSymbols: ['I'], requireDimensions: false, definitionsDeclare: true },
    fixable: true,
    notesOnly: true,
    messages: {
      undeclared: 'Symbol {{symbol}} is used without a declaration of its domain or shape anywhere in the note.',
    },
  },
  check(context) {
    const { model, options } = context;
    const defined = new Set<string>();
    const covered = coveredKeys(model, options, defined);
    const glossary = sectionsWithRole(model, 'glossary')[0];
    const reported = new Set<string>();
    const indices = lazy(() => noteIndices(model));
    for (const use of model.symbols) {
      const key = coverKey(use.key);
      if (covered.has(key) || reported.has(key)) continue;
      if (use.dimension && !options.requireDimensions) continue;
      if (inAbbreviation(model, use, covered) || namesIndex(model, use, indices) || inSignature(model, use, defined)) continue;
      reported.add(key);
      const related: RelatedInfo[] = glossary
        ? [{ message: formatSection(glossary.section), range: glossary.section.heading.range }]
        : [];
      context.report({
        messageId: 'undeclared',
        data: { symbol: use.key },
        range: use.range,
        related,
        fix: glossary ? skeletonFix(model, glossary.index, use) : undefined,
      });
    }
  },
};

export default rule;

function formatSection(section: Section): string {
  return `Declare it in the glossary section "${sectionLabel(section.spec)}".`;
}

/** Every cover key that needs no (further) declaration; fills `defined` with the keys the note defines. */
function coveredKeys(model: NoteModel, options: Options, defined: Set<string>): Set<string> {
  const covered = new Set<string>();
  for (const symbol of options.ignoreSymbols ?? []) covered.add(coverKey(symbol.trim()));
  for (const declaration of model.declarations) covered.add(coverKey(declaration.symbol));
  // A set or distribution named only in domains (`p\in\Delta^{K-1}`) needs no declaration of its own.
  for (const key of domainSymbols(model, true)) covered.add(key);
  for (const entry of model.glossary) for (const symbol of entry.symbols) covered.add(coverKey(symbol));
  if (!options.requireDimensions) {
    // A letter that gives a dimension of a declared shape is introduced by it (a positive integer).
    for (const use of model.symbols) if (use.dimension) covered.add(coverKey(use.key));
  }
  // The readings below look at the text again: skip them when every use is covered already.
  if (model.symbols.every((use) => covered.has(coverKey(use.key)))) return covered;
  for (const key of shapelessNamedInProse(model)) covered.add(key);
  for (const key of wholeDomains(model)) covered.add(key);
  if (options.definitionsDeclare !== false) {
    for (const key of [...definedKeys(model), ...definedAtFirstUse(model)]) { covered.add(key); defined.add(key); }
  }
  return covered;
}

/**
 * Keys whose first use in the note is the left side of an equation that
 * defines it (`\kappa = \frac{p_o-p_e}{1-p_e}`, `f(x) = w^\top x + b`): not
 * used before, the equation cannot be a claim about it.
 */
function definedAtFirstUse(model: NoteModel): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<string>();
  const headsBySpan = new Map<number, Set<number>>();
  for (const use of model.symbols) {
    const key = coverKey(use.key);
    if (seen.has(key) || use.math === undefined) continue;
    const span = model.math[use.math];
    // `F1 = …` is no use of `F`, and `Define $l(i,j)$ as:` a mention: the first use is the next one.
    if (/^[A-Za-z]$/.test(use.key) && abbreviationAt(span.tex, useTexOffset(span, use))) continue;
    if (!span.display && isAlone(span.tex, use.tex)) continue;
    seen.add(key);
    let heads = headsBySpan.get(use.math);
    if (!heads) headsBySpan.set(use.math, heads = new Set(findEquationHeads(span.tex).map((d) => d.start)));
    if (heads.has(useTexOffset(span, use))) keys.add(key);
  }
  return keys;
}

/**
 * `TP`, `FN`, `BM25`: a letter in an abbreviation typed in math, unless a
 * letter of the run is declared (then `XW` is a product and each letter a use).
 */
function inAbbreviation(model: NoteModel, use: SymbolUse, covered: Set<string>): boolean {
  if (!/^[A-Za-z]$/.test(use.key) || use.math === undefined) return false;
  const span = model.math[use.math];
  const letters = abbreviationAt(span.tex, useTexOffset(span, use));
  return !!letters && !letters.some((letter) => covered.has(letter));
}

/**
 * `Define $l(i,j)$ as:` before `$$l(i,j) = …$$`: a function the note defines,
 * named alone by its signature; its arguments are the definition's dummies.
 */
function inSignature(model: NoteModel, use: SymbolUse, defined: Set<string>): boolean {
  const span = use.math === undefined ? undefined : model.math[use.math];
  if (!span || span.display) return false;
  const head = findSymbols(span.tex)[0];
  if (!head || !defined.has(coverKey(head.key))) return false;
  const onlyArguments = /^\s*\([^()]*\)\s*$/.test(span.tex.slice(head.end)) && span.tex.slice(0, head.start).trim() === '';
  return onlyArguments && useTexOffset(span, use) > head.end;
}

/** `for image $i$`, `at rank $k$`: a letter alone in prose that a formula of the note binds as an index is that index. */
function namesIndex(model: NoteModel, use: SymbolUse, indices: () => Set<string>): boolean {
  if (!/^[a-z]$/.test(use.key) || use.math === undefined) return false;
  const span = model.math[use.math];
  return !span.display && span.tex.trim() === use.tex && indices().has(use.key);
}

function noteIndices(model: NoteModel): Set<string> {
  const indices = new Set<string>();
  for (const span of model.math) if (!span.placeholder) for (const key of findIndices(span.tex)) indices.add(key);
  return indices;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const ARROWS = /\\(?:to|rightarrow|longrightarrow|mapsto)\b/;

/**
 * A letter that is by itself the whole domain of a declaration, or a whole
 * side of a map (`x\in\mathcal{X}`, `f:\mathcal{X}\to\mathcal{Z}`,
 * `S\subseteq\mathcal{V}`), is a set wherever else it is used (`\dim(\mathcal{Z})`).
 */
function wholeDomains(model: NoteModel): Set<string> {
  const keys = new Set<string>();
  for (const declaration of model.declarations) {
    if (declaration.kind !== 'set-membership' && declaration.kind !== 'subset' && declaration.kind !== 'map') continue;
    for (const side of declaration.domain.split(ARROWS)) {
      const found = findSymbols(side);
      if (found.length === 1 && found[0].tex === side.trim()) keys.add(coverKey(found[0].key));
    }
  }
  return keys;
}

/** Nouns for things with no shape: sets and spaces, distributions (NOTE-SPEC §4 "Domains"), statistical hypotheses. */
const KIND_NOUN = String.raw`(?:space|(?:data)?set|vocabulary|alphabet|family|distribution|(?:null|alternative)\s+hypothesis|hypothesis\s+testing)`;
/** `the input space $\mathcal{X}$`, `**Input space** $\mathcal{X}$`, `the joint distribution $P(X, Y)$`. */
const KIND_BEFORE = new RegExp(String.raw`\b${KIND_NOUN}\**\s*\(?$`, 'i');
/** `$\mathcal{X}$: input space`, `$\mathcal{H}$ is the hypothesis space`. */
const KIND_AFTER = new RegExp(String.raw`^\**\s*(?:[:—–-]|,?\s*(?:is|denotes))\s*(?:the|a|an|our|some)?\s*(?:[\w-]+\s+){0,2}${KIND_NOUN}\b`, 'i');

/**
 * Symbols that the prose right next to them names a set, a space, a
 * distribution or a hypothesis: the note's own statement of what they are,
 * none of which has a shape. The math must be the symbol alone, or applied
 * to arguments (`$P(X)$`, whose arguments stay uses).
 */
function shapelessNamedInProse(model: NoteModel): Set<string> {
  const keys = new Set<string>();
  for (const use of model.symbols) {
    const span = use.math === undefined ? undefined : model.math[use.math];
    if (!span || span.display || !isAlone(span.tex, use.tex)) continue;
    const { start, end } = span.range;
    if (start.line !== end.line) continue;
    const line = model.lines[start.line] ?? '';
    if (KIND_BEFORE.test(line.slice(0, start.character)) || KIND_AFTER.test(line.slice(end.character))) keys.add(coverKey(use.key));
  }
  return keys;
}

/** `\mathcal{X}`, `P(X, Y)`: the symbol alone or applied to one argument list. */
function isAlone(tex: string, symbol: string): boolean {
  const text = tex.trim();
  return text.startsWith(symbol) && /^(?:\([^()]*\))?$/.test(text.slice(symbol.length).trim());
}

/** Symbols the note defines: `:=`-style anywhere; plain `=` in definition steps and `definitions` sections. */
function definedKeys(model: NoteModel): Set<string> {
  const definitionSpans = new Set<MathSpan>();
  for (const step of model.steps) if (step.isDefinition) for (const span of step.math) definitionSpans.add(span);
  const keys = new Set<string>();
  for (const span of model.math) {
    if (span.placeholder) continue;
    const inDefinitions = span.section >= 0 && model.sections[span.section]?.spec.role === 'definitions';
    for (const found of findDefinitions(span.tex, inDefinitions || definitionSpans.has(span))) keys.add(coverKey(found.symbol));
    for (const found of findValueAssignments(span.tex)) keys.add(coverKey(found.symbol));
  }
  return keys;
}

/**
 * A glossary entry skeleton for the symbol, after the glossary section's last
 * line with text: a list item, or a table row when the glossary is a table.
 */
function skeletonFix(model: NoteModel, index: number, use: SymbolUse): Fix {
  const section = model.sections[index];
  const from = bodyStart(section);
  let last = section.heading.range.end.line;
  for (let line = Math.min(extentEnd(model, index), model.lines.length) - 1; line >= from; line--) {
    if (model.lines[line].trim()) { last = line; break; }
  }
  const lastText = model.lines[last] ?? '';
  const declaration = `$${use.key} \\in \\mathbb{R}^{?}$`;
  const eol = model.text.includes('\r\n') ? '\r\n' : '\n';
  let newText: string;
  if (last === section.heading.range.end.line) newText = `${eol}${eol}- ${declaration}: …`;
  else if (/^\s*\|/.test(lastText)) newText = `${eol}${tableRow(lastText, declaration)}`;
  else newText = `${eol}- ${declaration}: …`;
  const at: Position = { line: last, character: lastText.length };
  const range: Range = { start: at, end: at };
  return { title: `Add a glossary entry for ${use.key}`, edits: [{ range, newText }], safe: false, preferred: true };
}

/** `| $w \in \mathbb{R}^{?}$ | … |` with as many cells as the table's last row. */
function tableRow(lastRow: string, declaration: string): string {
  const cells = lastRow.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).length;
  const rest = Array.from({ length: Math.max(1, cells - 1) }, () => ' … |').join('');
  return `| ${declaration} |${rest}`;
}
