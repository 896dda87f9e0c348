/**
 * Hover text for a position in a note: a `\eqref{…}` shows its equation; a
 * symbol shows its declaration (or that it has none) and the inferred shape
 * of the sub-expression under the cursor. VS Code's hover sanitizer keeps
 * neither KaTeX's HTML nor MathML, so math is shown as TeX plus a Unicode
 * rendering; the preview shows the real thing.
 */
import type { Declaration, NoteModel } from './model';
import type { Position, Range } from './types';
import { texToUnicode } from './unicode';
import { DeclarationScope, formatShape, mayUseDeclared, texOffsetAt, type ShapedNode } from './shapes';
import { analyzeShapes } from './shapes/infer';
import { innermostNode } from './shapes/query';
import { mathRange } from './parse/positions';

export interface HoverText { markdown: string; range: Range }

export function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function hoverAt(model: NoteModel, position: Position): HoverText | undefined {
  const reference = referenceHover(model, position);
  if (reference) return reference;
  const symbol = symbolHover(model, position);
  const shape = shapeHover(model, position);
  if (symbol && shape) return { markdown: `${symbol.markdown}\n\n${shape.markdown}`, range: symbol.range };
  return symbol ?? shape;
}

export function symbolHover(model: NoteModel, position: Position): HoverText | undefined {
  const use = model.symbols.find((symbol) => contains(symbol.range, position));
  if (!use) return undefined;
  const declarations = model.declarations.filter((d) => d.symbol === use.key);
  if (declarations.length === 0) {
    return {
      markdown: `\`${use.key}\` has no declaration in this note: give it a domain or shape, e.g. \`$${use.key} \\in \\mathbb{R}^{d}$\` in the glossary.`,
      range: use.range,
    };
  }
  return { markdown: declarations.map((d) => declarationText(model, d)).join('\n\n---\n\n'), range: use.range };
}

function declarationText(model: NoteModel, declaration: Declaration): string {
  const where = declaration.inGlossary ? 'glossary' : `line ${declaration.range.start.line + 1}`;
  const meaning = model.glossary.find((entry) => entry.declarations.includes(declaration))?.meaning?.trim();
  const lines = [`**${texToUnicode(declaration.tex)}** ${relationOf(declaration)} ${texToUnicode(declaration.domain)} (${where})`];
  if (meaning) lines.push('', meaning);
  lines.push('', '```latex', sourceOf(model, declaration.range), '```');
  return lines.join('\n');
}

function relationOf(declaration: Declaration): string {
  switch (declaration.kind) {
    case 'distribution': return '∼';
    case 'map': return ':';
    case 'subset': return '⊆';
    case 'set-definition': return '=';
    case 'scalar-bound': return 'is a scalar,';
    default: return '∈';
  }
}

function sourceOf(model: NoteModel, range: Range): string {
  const start = model.lineStarts[range.start.line] + range.start.character;
  const end = model.lineStarts[range.end.line] + range.end.character;
  return model.text.slice(start, end);
}

export function referenceHover(model: NoteModel, position: Position): HoverText | undefined {
  const reference = model.references.find((ref) => contains(ref.range, position));
  if (!reference || reference.kind === 'prose') return undefined;
  const label = model.labels.find((l) => l.name === reference.name);
  if (!label) return { markdown: `No equation has \`\\label{${reference.name}}\`.`, range: reference.range };
  const math = model.math[label.math];
  const tex = math.tex.replace(/\\label\{[^}]*\}/g, '').trim();
  return {
    markdown: [`Equation \`${reference.name}\` (line ${math.range.start.line + 1}):`, '', '```latex', tex, '```'].join('\n'),
    range: reference.range,
  };
}

export function shapeHover(model: NoteModel, position: Position): HoverText | undefined {
  const index = model.math.findIndex((m) => contains(m.contentRange, position));
  const span = model.math[index];
  if (!span || span.placeholder) return undefined;
  const offset = texOffsetAt(span, position);
  if (offset < 0) return undefined;
  const found = innermostNode(shapedNodes(model, index), offset);
  return found && {
    markdown: `Shape of \`${span.tex.slice(found.start, found.end)}\`: ${formatShape(found.shape)}`,
    range: mathRange(model, span, found.start, found.end),
  };
}

/**
 * Shapes are inferred once per formula and document version (a model is one
 * version): moving the mouse over a note asks for the same ones again and
 * again. The declarations in force are walked once, in document order.
 */
interface ShapeCache { scope?: DeclarationScope; walked: number; nodes: Map<number, readonly ShapedNode[]> }
const shapeCaches = new WeakMap<NoteModel, ShapeCache>();

/** How many formulas hovers have inferred the shapes of (for tests). */
export const hoverStats = { inferences: 0 };

function shapedNodes(model: NoteModel, index: number): readonly ShapedNode[] {
  let cache = shapeCaches.get(model);
  if (!cache) shapeCaches.set(model, (cache = { walked: -1, nodes: new Map() }));
  const known = cache.nodes.get(index);
  if (known) return known;
  // The scope only walks forward: a formula before the last one asked for starts a new walk.
  if (!cache.scope || cache.walked > index) cache.scope = new DeclarationScope(model);
  cache.walked = index;
  const span = model.math[index];
  const env = cache.scope.before(span);
  hoverStats.inferences++;
  const nodes = mayUseDeclared(env, span.tex) ? analyzeShapes(span.tex, env, true).nodes : [];
  cache.nodes.set(index, nodes);
  return nodes;
}
