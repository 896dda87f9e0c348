/**
 * Shape inference over one math span. A recursive-descent parser reads the
 * tokens and infers a shape for every sub-expression it understands; anything
 * else is unknown (`null`) and never reported. Problems are only raised when
 * both operands have known, conflicting shapes.
 *
 * Grammar (loosely): span := side (relation side)* separated by `,`, `\quad`,
 * `\text{…}`, `\\`; side := term (± term)*; term := factor (op? factor)*;
 * factor := atom postfix*.
 */
import { tokenize, type Token } from './tokens';
import { readArgument, parseDim, type MapShape } from './domain';
import { familyKey, readSymbol, type ShapeEnv, type ShapeBinding, type SymbolRead } from './env';
import {
  ONE, constDim, dimsCompatible, dimsEqual, formatShape, isOne, isScalar, shapesCompatible, transposeShape,
  type Dim, type Origin, type Shape,
} from './shape';

export interface ShapeProblem {
  /** Offsets of the offending sub-expression in the tex. */
  start: number;
  end: number;
  /** The sub-expression as written. */
  expression: string;
  /** What is wrong, with both shapes and the declarations behind them. */
  detail: string;
  /** `` `expression`: detail `` */
  message: string;
}

/** An inferred sub-expression, for hovers. */
export interface ShapedNode {
  start: number;
  end: number;
  shape: Shape;
}

interface Value {
  shape: Shape | null;
  start: number;
  end: number;
  /** A declared map (`f:\mathbb{R}^d\to\mathbb{R}`) not yet applied. */
  fn?: MapShape;
  /** An elementwise function (`\sigma`, `\exp`, softmax) not yet applied. */
  elementwise?: boolean;
  /** An undeclared symbol: followed by `(…)` it is a function of unknown shape (`L(\theta)`). */
  undeclared?: boolean;
  /** A declared symbol as written, without postfix marks: `Q(x)` may be a function call, not a product. */
  bareSymbol?: boolean;
  /** A parenthesised group. */
  parenthesised?: boolean;
  /** A lone letter in parentheses right after a declared letter (`h(x)`). */
  callArgument?: boolean;
}

const RELATIONS = new Set(['=', '<', '>', '\\le', '\\leq', '\\ge', '\\geq', '\\leqslant', '\\geqslant', '\\approx',
  '\\propto', '\\equiv', '\\ne', '\\neq', '\\simeq', '\\cong', '\\coloneqq', '\\eqqcolon', '\\triangleq', '\\doteq',
  '\\preceq', '\\succeq', '\\prec', '\\succ', '\\lt', '\\gt', '\\eqdef']);
const ANNOTATED_RELATIONS = new Set(['\\overset', '\\stackrel', '\\underset']);
/** End a chain of relations: what follows is not compared with what came before. */
const SEPARATORS = new Set([',', ';', '\\quad', '\\qquad', '\\\\', '\\in', '\\notin', '\\sim', '\\to', '\\mapsto',
  '\\implies', '\\impliedby', '\\iff', '\\Rightarrow', '\\Leftarrow', '\\Leftrightarrow', '\\Longrightarrow',
  '\\longrightarrow', '\\rightarrow', '\\leftarrow', '\\gets', '\\forall', '\\exists', '\\mid', '\\subset', '\\subseteq',
  '\\supset', '\\supseteq', ':', '\\colon', '\\wedge', '\\vee', '\\land', '\\lor', '\\perp', '\\label', '\\tag',
  '\\hspace', '\\text', '\\textrm', '\\textbf', '\\textit', '\\mbox', '\\textnormal', '\\intertext', '\\hfill',
  '\\sim', '\\overset', '\\stackrel', '\\underset', '\\iid', '\\ni', '\\Longleftrightarrow']);
const TEXT_COMMANDS = new Set(['\\text', '\\textrm', '\\textbf', '\\textit', '\\mbox', '\\textnormal', '\\operatorname',
  '\\mathrm', '\\mathop', '\\operatorname*', '\\intertext', '\\label', '\\tag', '\\hspace']);
const CLOSERS = new Set([')', ']', '}', '\\}', '\\rangle', '\\rVert', '\\rvert', '\\rbrace', '\\rbrack', '\\rceil', '\\rfloor']);
const OPENERS: Record<string, string[]> = {
  '(': [')', ']'], '[': [']', ')'], '{': ['}'], '\\{': ['\\}'], '\\lbrace': ['\\rbrace'], '\\langle': ['\\rangle'],
  '\\lVert': ['\\rVert'], '\\lvert': ['\\rvert'], '\\lceil': ['\\rceil'], '\\lfloor': ['\\rfloor'], '\\lbrack': ['\\rbrack'],
};
const TRANSPARENT_ENVIRONMENTS = new Set(['aligned', 'align', 'align*', 'alignedat', 'split', 'gathered', 'gather',
  'gather*', 'equation', 'equation*', 'multline', 'multline*', 'eqnarray', 'eqnarray*']);

/** Functions that keep the shape of their argument. */
const ELEMENTWISE = new Set(['\\log', '\\ln', '\\exp', '\\tanh', '\\sin', '\\cos', '\\sigma', 'softmax', 'relu', 'sigmoid',
  'sign', 'sgn', 'tanh', 'exp', 'log', 'gelu', 'logsoftmax', 'abs', 'clip', 'normalize']);
const TRANSPOSE_MARKS = new Set(['\\top', 'T', '\\intercal', '\\mathsf{T}', '\\mathrm{T}', '\\mathsf T', '\\mathrm T', '\\mathtt{T}']);
const PSEUDO_MARKS = new Set(['+', '\\dagger']);
const DECORATION_MARKS = new Set(['*', '\\star', '\\ast', '\\prime', "'"]);
const ARG_OPERATORS = new Set(['argmin', 'argmax']);
const EXTREMA = new Set(['\\min', '\\max', '\\sup', '\\inf', 'min', 'max']);
const NUMBER_CONSTANTS = new Set(['\\infty', '\\pi', 'e']);
const BOLD_STYLES = new Set(['\\mathbf', '\\boldsymbol', '\\bm', '\\mathbb', '\\pmb', '\\vec']);
const GROUPING_COMMANDS = new Set(['\\boxed', '\\underbrace', '\\overbrace', '\\underline', '\\cancel', '\\bcancel',
  '\\hat', '\\widehat', '\\bar', '\\overline', '\\tilde', '\\widetilde', '\\mathbf', '\\boldsymbol', '\\bm',
  '\\color', '\\textcolor', '\\left', '\\mathring', '\\vec']);

const BARE_SYMBOL: Partial<Value> = { bareSymbol: true };

/** Shapes are never mutated once made, so scalars can share one object. */
const SCALAR_SHAPE: Shape = Object.freeze({ rows: ONE, cols: ONE }) as Shape;
const ZERO_SCALAR: Shape = Object.freeze({ ...SCALAR_SHAPE, kind: 'zero' }) as Shape;

function scalarShape(): Shape {
  return SCALAR_SHAPE;
}

function isRelation(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (RELATIONS.has(t.text)) return true;
  if (t.text === ':' && tokens[i + 1]?.text === '=') return true;
  if (ANNOTATED_RELATIONS.has(t.text)) {
    const first = readArgument(tokens, i + 1);
    const second = first && readArgument(tokens, first.end);
    return !!second && second.tokens.length >= 1 && isRelation(second.tokens, 0);
  }
  return false;
}

export class ShapeParser {
  i = 0;
  /** The current parse stops before this token index. */
  limit: number;
  problems: ShapeProblem[] = [];
  nodes: ShapedNode[] = [];
  /** Only hovers need every sub-expression's shape. */
  collectNodes = false;

  constructor(readonly tex: string, readonly tokens: Token[], readonly env: ShapeEnv) {
    this.limit = tokens.length;
  }

  private peek(k = 0): Token | undefined {
    return this.i + k < this.limit ? this.tokens[this.i + k] : undefined;
  }

  private text(start: number, end: number): string {
    return this.tex.slice(start, end).trim();
  }

  private value(shape: Shape | null, start: number, end: number, extra?: Partial<Value>): Value {
    if (shape && this.collectNodes) this.nodes.push({ start, end, shape });
    // One object layout for every value keeps the hot paths monomorphic (object spread is slow here).
    const value: Value = {
      shape, start, end, fn: undefined, elementwise: false, undeclared: false, bareSymbol: false,
      parenthesised: false, callArgument: false,
    };
    if (extra) {
      if (extra.fn) value.fn = extra.fn;
      if (extra.elementwise) value.elementwise = true;
      if (extra.undeclared) value.undeclared = true;
      if (extra.bareSymbol) value.bareSymbol = true;
      if (extra.parenthesised) value.parenthesised = true;
      if (extra.callArgument) value.callArgument = true;
    }
    return value;
  }

  private report(start: number, end: number, detail: string, origins: (Origin | undefined)[] = []): void {
    const expression = this.text(start, end);
    const seen = new Set<string>();
    const notes: string[] = [];
    for (const origin of origins) {
      if (!origin || seen.has(origin.symbol)) continue;
      seen.add(origin.symbol);
      notes.push(`\`${origin.symbol}\` is declared in ${origin.domain}`);
    }
    const full = detail + (notes.length ? `; ${notes.join('; ')}` : '');
    this.problems.push({ start, end, expression, detail: full, message: `\`${expression}\`: ${full}` });
  }

  /** Runs `fn` over tokens [this.i, end) and leaves the cursor at `end`. */
  private within<T>(end: number, fn: () => T): T {
    const savedLimit = this.limit;
    this.limit = end;
    try {
      return fn();
    } finally {
      this.limit = savedLimit;
      this.i = end;
    }
  }

  /** Index of the token closing the opener at `open`, or -1. */
  private findClose(open: number): number {
    const opener = this.tokens[open].text;
    const sameMark = opener === '\\|' || opener === '|' || opener === '\\Vert' || opener === '\\vert';
    const closers = sameMark ? [opener] : OPENERS[opener];
    let depth = 0;
    for (let j = open + 1; j < this.limit; j++) {
      const text = this.tokens[j].text;
      if (depth === 0 && closers.includes(text)) return j;
      if (OPENERS[text]) depth++;
      else if (CLOSERS.has(text)) {
        if (depth === 0) return -1;
        depth--;
      }
    }
    return -1;
  }

  // ---- chains of relations -------------------------------------------------

  /** A whole span (or a `\boxed{…}` holding relations): compare the sides of each relation. */
  parseChain(): void {
    let previous: Value | null = null;
    let relation: { start: number; end: number } | null = null;
    let lineBreak = false;
    while (this.i < this.limit) {
      const t = this.tokens[this.i];
      if (isRelation(this.tokens, this.i)) {
        relation = { start: t.start, end: this.skipRelation() };
        continue;
      }
      if (t.text === '\\begin' || t.text === '\\end') {
        if (this.skipEnvironmentMarker()) continue;
      }
      if (t.text === '\\\\') {
        this.i++;
        relation = null;
        lineBreak = true;
        continue;
      }
      if ((SEPARATORS.has(t.text) && !this.isFunctionText()) || CLOSERS.has(t.text) || t.text === '.') {
        this.skipSeparator();
        previous = null;
        relation = null;
        continue;
      }
      if (t.text === '\\boxed' && this.boxedHoldsRelation()) {
        const arg = readArgument(this.tokens, this.i + 1)!;
        this.i += 2;
        this.within(arg.end - 1, () => this.parseChain());
        this.i = arg.end;
        previous = null;
        relation = null;
        continue;
      }
      const before = this.i;
      const side = this.parseExpression();
      if (this.i === before) this.i++;
      if (relation && previous) this.compareSides(previous, side, lineBreak);
      previous = side;
      relation = null;
      lineBreak = false;
    }
  }

  private skipRelation(): number {
    const t = this.tokens[this.i];
    if (t.text === ':') {
      this.i += 2;
      return this.tokens[this.i - 1].end;
    }
    if (ANNOTATED_RELATIONS.has(t.text)) {
      const first = readArgument(this.tokens, this.i + 1)!;
      const second = readArgument(this.tokens, first.end)!;
      this.i = second.end;
      return this.tokens[second.end - 1].end;
    }
    this.i++;
    return t.end;
  }

  /** Skips a separator and the arguments of `\text{…}`, `\label{…}` and the like. */
  private skipSeparator(): void {
    const t = this.tokens[this.i++];
    if (TEXT_COMMANDS.has(t.text) || t.text === '\\overset' || t.text === '\\stackrel' || t.text === '\\underset') {
      const count = t.text === '\\overset' || t.text === '\\stackrel' || t.text === '\\underset' ? 2 : 1;
      for (let k = 0; k < count && this.i < this.limit; k++) {
        const arg = readArgument(this.tokens, this.i);
        if (!arg || arg.end > this.limit) break;
        this.i = arg.end;
      }
    }
  }

  /** `\begin{aligned}` and friends are transparent; returns false for matrices and cases. */
  private skipEnvironmentMarker(): boolean {
    const arg = readArgument(this.tokens, this.i + 1);
    if (!arg) return false;
    const name = arg.tokens.map((t) => t.text).join('');
    if (!TRANSPARENT_ENVIRONMENTS.has(name)) return false;
    this.i = arg.end;
    if (name === 'alignedat' && this.tokens[this.i]?.text === '{') this.i = readArgument(this.tokens, this.i)?.end ?? this.i;
    return true;
  }

  private boxedHoldsRelation(): boolean {
    const arg = readArgument(this.tokens, this.i + 1);
    if (!arg) return false;
    return arg.tokens.some((_, k) => isRelation(arg.tokens, k));
  }

  /** Both sides of a relation must have one shape; across a line break only the new side is marked. */
  private compareSides(left: Value, right: Value, acrossLines: boolean): void {
    const a = left.shape;
    const b = right.shape;
    // Zeros, identities and a scalar against a matrix (`w \ge 0`) are shorthand, not errors.
    if (!a || !b || a.kind || b.kind || isScalar(a) !== isScalar(b) || shapesCompatible(a, b)) return;
    const rowsDiffer = !dimsCompatible(a.rows, b.rows);
    const origins = rowsDiffer ? [a.rowsFrom, b.rowsFrom] : [a.colsFrom, b.colsFrom];
    if (acrossLines) {
      this.report(right.start, right.end,
        `the line before ends with \`${this.text(left.start, left.end)}\`, which is ${formatShape(a)}, but this side is ${formatShape(b)}`, origins);
      return;
    }
    this.report(left.start, right.end, `the left side is ${formatShape(a)} but the right side is ${formatShape(b)}`, origins);
  }

  // ---- expressions ---------------------------------------------------------

  private atStop(): boolean {
    const t = this.peek();
    if (!t) return true;
    if (isRelation(this.tokens, this.i)) return true;
    if (SEPARATORS.has(t.text) && !this.isFunctionText()) return true;
    if (CLOSERS.has(t.text) || t.text === '\\\\' || t.text === '.') return true;
    if (t.text === '\\begin' || t.text === '\\end') {
      const arg = readArgument(this.tokens, this.i + 1);
      return !!arg && TRANSPARENT_ENVIRONMENTS.has(arg.tokens.map((x) => x.text).join(''));
    }
    return false;
  }

  /** `\text{softmax}` is a function name, not prose. */
  private isFunctionText(): boolean {
    const t = this.peek();
    if (!t || !TEXT_COMMANDS.has(t.text)) return false;
    const name = this.commandName(this.i);
    return !!name && (ELEMENTWISE.has(name) || ['diag', 'tr', 'trace', 'det', 'argmin', 'argmax', 'min', 'max', 'E'].includes(name));
  }

  /** side := term ((+|-) term)* */
  parseExpression(): Value {
    const start = this.peek()?.start ?? this.tex.length;
    let unknown = false;
    if (this.peek()?.text === '+' || this.peek()?.text === '-' || this.peek()?.text === '\\pm' || this.peek()?.text === '\\mp') this.i++;
    let acc: Value | null = null;
    for (;;) {
      const term = this.parseTerm();
      if (!term) { unknown = true; break; }
      acc = acc ? this.add(acc, term) : term;
      const op = this.peek()?.text;
      if (op === '+' || op === '-' || op === '\\pm' || op === '\\mp') {
        this.i++;
        continue;
      }
      break;
    }
    const end = this.i > 0 ? this.tokens[Math.min(this.i, this.tokens.length) - 1].end : start;
    if (!acc || unknown) return { shape: null, start, end };
    return acc;
  }

  private add(a: Value, b: Value): Value {
    const start = a.start;
    const end = b.end;
    const x = a.shape;
    const y = b.shape;
    if (!x || !y) return this.value(null, start, end);
    if (x.kind === 'zero') return this.value(y, start, end);
    if (y.kind === 'zero') return this.value(x, start, end);
    if (x.kind === 'identity') return this.value(y.kind === 'identity' ? x : { ...y, kind: undefined }, start, end);
    if (y.kind === 'identity') return this.value(x, start, end);
    // A scalar added to a matrix is the usual broadcast shorthand (`1 - p`): not judged.
    if (isScalar(x) !== isScalar(y)) return this.value(null, start, end);
    const broadcast = broadcastShape(x, y);
    if (broadcast) return this.value(broadcast, start, end);
    if (!shapesCompatible(x, y)) {
      const rowsDiffer = !dimsCompatible(x.rows, y.rows);
      this.report(start, end, `cannot add ${formatShape(x)} and ${formatShape(y)}`,
        rowsDiffer ? [x.rowsFrom, y.rowsFrom] : [x.colsFrom, y.colsFrom]);
      return this.value(null, start, end);
    }
    return this.value({
      rows: x.rows ?? y.rows, cols: x.cols ?? y.cols,
      rowsFrom: x.rows ? x.rowsFrom : y.rowsFrom, colsFrom: x.cols ? x.colsFrom : y.colsFrom,
    }, start, end);
  }

  /** term := factor ((juxtaposition | \cdot | / | \odot …) factor)* ; undefined when nothing was there. */
  private parseTerm(): Value | undefined {
    if (this.atStop()) return undefined;
    let acc: Value | undefined;
    // `A \odot BC` is `A \odot (BC)`: a product binds tighter than the elementwise product.
    let hadamardLeft: Value | undefined;
    let op = '';
    while (!this.atStop()) {
      const t = this.peek()!;
      if (t.text === '+' || t.text === '-' || t.text === '\\pm' || t.text === '\\mp') {
        if (acc) break;
        this.i++;
        continue;
      }
      if (t.text === '\\odot' && acc && !op) {
        hadamardLeft = hadamardLeft ? this.combine(hadamardLeft, acc, '\\odot') : acc;
        acc = undefined;
        this.i++;
        continue;
      }
      if (['\\cdot', '\\times', '*', '/', '\\odot', '\\circ', '\\otimes', '\\div', '\\oplus', '\\ast', '\\star'].includes(t.text)) {
        op = t.text;
        this.i++;
        continue;
      }
      const before = this.i;
      const factor = this.parseFactor();
      if (this.i === before) this.i++;
      acc = acc ? this.combine(acc, factor, op) : factor;
      op = '';
    }
    if (hadamardLeft) {
      if (!acc) return { shape: null, start: hadamardLeft.start, end: hadamardLeft.end };
      acc = this.combine(hadamardLeft, acc, '\\odot');
    }
    if (acc && op) return { shape: null, start: acc.start, end: acc.end };
    return acc;
  }

  private combine(a: Value, b: Value, op: string): Value {
    const start = a.start;
    const end = b.end;
    if (a.fn || a.elementwise) return this.value(null, start, end);
    const x = a.shape;
    const y = b.shape;
    if (op === '/' || op === '\\div') {
      // An unknown divisor is almost always a normaliser (`\sqrt{d_k}`, `n`).
      if (!x) return this.value(null, start, end);
      return this.value(!y || isScalar(y) ? x : null, start, end);
    }
    if (!x || !y) return this.value(null, start, end);
    if (op === '\\odot') {
      const broadcast = broadcastShape(x, y);
      if (broadcast) return this.value(broadcast, start, end);
      if (!isScalar(x) && !isScalar(y) && !x.kind && !y.kind && !shapesCompatible(x, y)) {
        this.report(start, end, `elementwise product needs equal shapes, got ${formatShape(x)} and ${formatShape(y)}`,
          [x.rowsFrom, y.rowsFrom]);
        return this.value(null, start, end);
      }
      return this.value(isScalar(x) ? y : x, start, end);
    }
    if (op === '\\circ' || op === '\\otimes' || op === '\\oplus' || op === '\\star') return this.value(null, start, end);
    if (op === '\\times' && !isScalar(x) && !isScalar(y)) return this.value(null, start, end);
    if (op === '\\cdot' && isColumn(x) && isColumn(y) && shapesCompatible(x, y)) {
      return this.value(scalarShape(), start, end); // `w \cdot x`: the dot product of two vectors.
    }
    return this.multiply(a, b);
  }

  private multiply(a: Value, b: Value): Value {
    const start = a.start;
    const end = b.end;
    const x = a.shape!;
    const y = b.shape!;
    if (isScalar(x)) return this.value(y.kind === 'zero' ? { ...y, kind: undefined } : y, start, end);
    if (isScalar(y)) return this.value(x.kind === 'zero' ? { ...x, kind: undefined } : x, start, end);
    if (x.kind === 'identity') return this.value(y, start, end);
    if (y.kind === 'identity') return this.value(x, start, end);
    if (!dimsCompatible(x.cols, y.rows)) {
      // `Q(x)`, `h(x)`: a declared letter may also name a function; a product that does not fit is read as a call.
      if (a.bareSymbol && b.callArgument) return this.value(null, start, end);
      this.report(start, end, `cannot multiply ${formatShape(x)} by ${formatShape(y)}`, [x.colsFrom, y.rowsFrom]);
      return this.value(null, start, end);
    }
    const product: Shape = { rows: x.rows, cols: y.cols, rowsFrom: x.rowsFrom, colsFrom: y.colsFrom };
    return this.value(isOne(product.rows) && isOne(product.cols) ? scalarShape() : product, start, end);
  }

  // ---- factors -------------------------------------------------------------

  /** factor := atom postfix* */
  private parseFactor(): Value {
    let value = this.parseAtom();
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.text === '^') value = this.superscript(value);
      else if (t.text === '_') value = this.subscript(value);
      else if (t.text === "'" || t.text === '!') { this.i++; value = this.value(t.text === '!' ? null : value.shape, value.start, t.end); }
      else if (t.text === '(' && (value.fn || value.elementwise)) value = this.apply(value);
      else if (t.text === '(' && value.undeclared) value = this.callOfUnknown(value);
      else if (t.text === '(' && value.bareSymbol && this.looksLikeCall()) value = this.callOrProduct(value);
      else break;
    }
    return value;
  }

  private superscript(base: Value): Value {
    const arg = readArgument(this.tokens, this.i + 1);
    if (!arg || arg.end > this.limit) { this.i = this.limit; return { shape: null, start: base.start, end: base.end }; }
    const mark = arg.tokens.map((t) => t.text).join(arg.tokens.length === 2 && arg.tokens[0].text.startsWith('\\math') ? ' ' : '');
    const markText = arg.tokens.length === 4 && arg.tokens[1].text === '{' ? `${arg.tokens[0].text}{${arg.tokens[2].text}}` : mark;
    const end = this.tokens[arg.end - 1].end;
    const exponentStart = this.i + 1;
    this.i = arg.end;
    const s = base.shape;
    if (base.fn || base.elementwise) return { ...base, end };
    if (DECORATION_MARKS.has(markText)) return this.value(s, base.start, end);
    if (TRANSPOSE_MARKS.has(markText)) return this.value(s && transposeShape(s), base.start, end);
    if (PSEUDO_MARKS.has(markText)) {
      // On a vector `^{+}`/`^\dagger` is as often a name (the minimum-norm `\hat{w}^{+}`) as a pseudoinverse: two readings, no shape.
      if (s && isVector(s)) return this.value(null, base.start, end);
      return this.value(s && { ...transposeShape(s), kind: s.kind === 'identity' ? 'identity' : undefined }, base.start, end);
    }
    if (markText === '-1') return this.inverse(base, end);
    if (markText === '-\\top' || markText === '-T') {
      const inverse = this.inverse(base, end);
      return this.value(inverse.shape && transposeShape(inverse.shape), base.start, end);
    }
    // Any other exponent is a power; it is checked as an expression of its own.
    if (arg.tokens.length > 1) this.withinTokens(exponentStart, arg.end);
    if (!s) return this.value(null, base.start, end);
    if (isScalar(s) || s.kind === 'identity') return this.value(s, base.start, end);
    const square = s.rows && s.cols && shapesCompatible({ rows: s.rows, cols: s.rows }, { rows: s.cols, cols: s.cols });
    return this.value(square ? { ...s, kind: undefined } : null, base.start, end);
  }

  /** Parses the content of a brace group (tokens open+1 … close-1) for its own problems. */
  private withinTokens(open: number, end: number): Value | undefined {
    const saved = this.i;
    this.i = open + 1;
    let result: Value | undefined;
    this.within(end - 1, () => { result = this.parseGroupContent(); });
    this.i = Math.max(saved, end);
    return result;
  }

  private inverse(base: Value, end: number): Value {
    const s = base.shape;
    if (!s) return this.value(null, base.start, end);
    if (isScalar(s) || s.kind) return this.value(s, base.start, end);
    if (s.rows && s.cols && !shapesCompatible({ rows: s.rows, cols: s.rows }, { rows: s.cols, cols: s.cols })) {
      this.report(base.start, end, `cannot invert ${formatShape(s)}: only a square matrix has an inverse`, [s.rowsFrom, s.colsFrom]);
      return this.value(null, base.start, end);
    }
    return this.value(s, base.start, end);
  }

  private subscript(base: Value): Value {
    const arg = readArgument(this.tokens, this.i + 1);
    if (!arg || arg.end > this.limit) { this.i = this.limit; return { shape: null, start: base.start, end: base.end }; }
    const end = this.tokens[arg.end - 1].end;
    this.i = arg.end;
    const s = base.shape;
    if (!s) return this.value(null, base.start, end);
    if (isScalar(s)) return this.value(s, base.start, end);
    return this.value(indexCount(arg.tokens) === 2 ? scalarShape() : null, base.start, end);
  }

  private apply(fnValue: Value): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) { this.i++; return this.value(null, fnValue.start, this.tokens[open].end); }
    const arg = this.group(open, close);
    const end = this.tokens[close].end;
    if (fnValue.elementwise) return this.value(arg.shape, fnValue.start, end);
    const map = fnValue.fn!;
    const a = arg.shape;
    if (a && map.from && !a.kind && !isScalar(a) && !isScalar(map.from) && !shapesCompatible(a, map.from)) {
      this.report(fnValue.start, end, `the argument is ${formatShape(a)} but the map takes ${formatShape(map.from)}`,
        [a.rowsFrom, map.from.rowsFrom]);
      return this.value(null, fnValue.start, end);
    }
    // `\sigma:\mathbb{R}\to\mathbb{R}` applied to a vector acts elementwise.
    if (a && !isScalar(a) && map.from && isScalar(map.from) && map.to && isScalar(map.to)) return this.value(a, fnValue.start, end);
    return this.value(map.to, fnValue.start, end);
  }

  /** A bracketed group: its one expression's shape, or unknown for tuples, sets and conditions. */
  private group(open: number, close: number): Value {
    this.i = open + 1;
    let result: Value | undefined;
    this.within(close, () => { result = this.parseGroupContent(); });
    this.i = close + 1;
    const start = this.tokens[open].start;
    const end = this.tokens[close].end;
    return this.value(result?.shape ?? null, start, end, { parenthesised: this.tokens[open].text === '(' });
  }

  /** The inside of a group: one expression, or unknown if it holds commas, relations or anything else. */
  private parseGroupContent(): Value | undefined {
    const values: Value[] = [];
    let extra = false;
    while (this.i < this.limit) {
      const before = this.i;
      const t = this.tokens[this.i];
      if (isRelation(this.tokens, this.i) || SEPARATORS.has(t.text) || CLOSERS.has(t.text) || t.text === '\\\\' || t.text === '.') {
        if (SEPARATORS.has(t.text)) this.skipSeparator();
        else this.i++;
        extra = true;
        continue;
      }
      values.push(this.parseExpression());
      if (this.i === before) this.i++;
    }
    if (values.length !== 1 || extra) return undefined;
    return values[0];
  }

  /** A comma-separated list inside a group (for `\max(0, z)` and `\langle a, b\rangle`). */
  private listContent(open: number, close: number): (Value | null)[] {
    const items: (Value | null)[] = [];
    let from = open + 1;
    for (let j = open + 1; j <= close; j++) {
      const text = this.tokens[j].text;
      if (j < close && OPENERS[text]) { const c = this.findClose(j); if (c > 0) { j = c; continue; } }
      if (j === close || text === ',' || (text === '|' && this.tokens[open].text === '\\langle')) {
        if (j === from) { items.push(null); from = j + 1; continue; }
        this.i = from;
        let item: Value | undefined;
        this.within(j, () => { item = this.parseGroupContent(); });
        items.push(item ?? null);
        from = j + 1;
      }
    }
    this.i = close + 1;
    return items;
  }

  private parseAtom(): Value {
    const t = this.peek()!;
    const start = t.start;
    if (t.kind === 'num') {
      this.i++;
      return this.value(Number(t.text) === 0 ? ZERO_SCALAR : SCALAR_SHAPE, start, t.end);
    }
    if (t.kind === 'letter') return this.parseSymbol()!;
    if (t.kind === 'cmd' && !OPENERS[t.text]) {
      const special = this.parseCommand();
      if (special) return special;
      const symbol = this.parseSymbol();
      if (symbol) return symbol;
    }
    if (t.text === '(' || t.text === '[' || t.text === '{' ) {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      return this.group(this.i, close);
    }
    if (t.text === '\\|' || t.text === '\\Vert' || t.text === '\\lVert') return this.norm();
    if (t.text === '|' || t.text === '\\vert' || t.text === '\\lvert') return this.absolute();
    if (t.text === '\\langle') return this.innerProduct();
    if (OPENERS[t.text]) {
      // Sets `\{…\}`, ceilings, floors: checked inside, unknown outside.
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      this.group(this.i, close);
      return this.value(null, start, this.tokens[close].end);
    }
    return this.poison();
  }

  /** A token we do not understand: it makes its term unknown. */
  private poison(): Value {
    const t = this.tokens[this.i++];
    return { shape: null, start: t.start, end: t.end };
  }

  private parseSymbol(): Value | undefined {
    const read = readSymbol(this.tokens, this.i);
    if (!read || read.end > this.limit) return undefined;
    const first = this.tokens[this.i];
    const end = this.tokens[read.end - 1].end;
    this.i = read.end;
    const binding = this.lookup(read);
    if (binding === 'entry') return this.value(scalarShape(), first.start, end);
    if (binding?.map) {
      const origin: Origin = { symbol: this.tex.slice(first.start, end), domain: binding.domain };
      const from = binding.map.from && { ...binding.map.from, rowsFrom: origin, colsFrom: origin };
      return this.value(null, first.start, end, { fn: { from, to: binding.map.to } });
    }
    if (binding?.shape) {
      const origin: Origin = { symbol: this.tex.slice(first.start, end), domain: binding.domain };
      const s = binding.shape;
      const value = this.value({ rows: s.rows, cols: s.cols, kind: s.kind, rowsFrom: origin, colsFrom: origin }, first.start, end, BARE_SYMBOL);
      if (!read.trailingMark) return value;
      if (read.trailingMark === '-1') return this.inverse(value, end);
      return this.value(transposeShape(value.shape!), first.start, end);
    }
    if (binding) return this.value(null, first.start, end);
    return this.undeclared(read.baseKey, read.sub, first.start, end);
  }

  /** Declared exactly, declared without decoration, or an entry `X_{ij}` of a declared matrix. */
  private lookup(read: SymbolRead): ShapeBinding | 'entry' | undefined {
    const { key, plainKey, baseKey, sub } = read;
    const bindings = this.env.bindings;
    const exact = bindings.get(key) ?? bindings.get(plainKey);
    if (exact) return exact;
    const family = familyKey(read);
    const member = family && (bindings.get(family) ?? bindings.get(family.replace(/^~/, '')));
    if (member) return member;
    if (!sub) return undefined;
    const base = bindings.get(baseKey);
    const s = base?.shape;
    if (s && !isScalar(s) && !isColumn(s) && indexCount(sub) === 2) return 'entry';
    return undefined;
  }

  /** Undeclared letters: identity `I`, constants `e`, `\pi`, elementwise `\sigma`; otherwise unknown. */
  private undeclared(baseKey: string, sub: Token[] | undefined, start: number, end: number): Value {
    if (baseKey === 'I' || baseKey === '\\mathbf{I}' || baseKey === '\\mathbb{I}') {
      if (!sub) return this.value({ rows: null, cols: null, kind: 'identity' }, start, end);
      const n = parseDim(sub);
      return this.value(n ? { rows: n, cols: n } : null, start, end);
    }
    if (!sub && NUMBER_CONSTANTS.has(baseKey)) return this.value(scalarShape(), start, end);
    if (!sub && baseKey === '\\sigma') return this.value(null, start, end, { elementwise: true });
    return this.value(null, start, end, { undeclared: true });
  }

  /** `L(\theta)` with `L` undeclared: checked inside, unknown outside. */
  private callOfUnknown(fn: Value): Value {
    const close = this.findClose(this.i);
    if (close < 0) return { ...fn, undeclared: false };
    const arg = this.group(this.i, close);
    return this.value(null, fn.start, arg.end);
  }

  /** `(s, a)` or `(x)` with nothing after it: the arguments of a call, not an operand. */
  private looksLikeCall(): boolean {
    const close = this.findClose(this.i);
    if (close < 0) return false;
    const after = this.tokens[close + 1]?.text;
    if (close + 1 < this.limit && (after === '^' || after === '_')) return false;
    if (readSymbol(this.tokens, this.i + 1)?.end === close) return true;
    let depth = 0;
    for (let j = this.i + 1; j < close; j++) {
      const text = this.tokens[j].text;
      if (OPENERS[text]) depth++;
      else if (CLOSERS.has(text)) depth--;
      else if (depth === 0 && (text === ',' || text === '|' || text === ';')) return true;
    }
    return false;
  }

  /** `Q(s, a)` is a call (unknown); `X(w - w^*)` a product; `h(x)` that does not fit is read as a call. */
  private callOrProduct(symbol: Value): Value {
    const close = this.findClose(this.i);
    if (close < 0) return { ...symbol, bareSymbol: false };
    const open = this.i;
    const argumentSymbol = readSymbol(this.tokens, open + 1);
    const arg = this.group(open, close);
    if (!arg.shape) return this.value(null, symbol.start, arg.end);
    // Only a lone letter reads as an argument (`h(x)`); `X(\sigma(Xw) - y)` is a product and is checked.
    return this.multiply(symbol, { ...arg, callArgument: argumentSymbol?.end === close });
  }

  /** The name of `\operatorname{…}`, `\mathrm{…}`, `\text{…}`, `\mathop{…}`, or undefined. */
  private commandName(i: number): string | undefined {
    const arg = readArgument(this.tokens, i + 1);
    if (!arg || arg.tokens.length === 0) return undefined;
    if (!arg.tokens.every((t) => t.kind === 'letter' || t.text === '\\mathrm' || t.text === '{' || t.text === '}')) {
      if (arg.tokens.length === 1 && ELEMENTWISE.has(arg.tokens[0].text)) return arg.tokens[0].text;
      return undefined;
    }
    return arg.tokens.filter((t) => t.kind === 'letter').map((t) => t.text).join('');
  }

  /** Operators, functions, fractions, special symbols; undefined when `t` is a plain symbol. */
  private parseCommand(): Value | undefined {
    const t = this.peek()!;
    const start = t.start;
    const text = t.text;
    if (TEXT_COMMANDS.has(text) && text !== '\\label' && text !== '\\tag') {
      const name = this.commandName(this.i);
      const arg = readArgument(this.tokens, this.i + 1);
      if (!name || !arg || (name.length === 1 && text === '\\mathrm')) return undefined;
      this.i = arg.end;
      return this.namedOperator(name.toLowerCase(), start, this.tokens[arg.end - 1].end);
    }
    if (text === '\\frac' || text === '\\dfrac' || text === '\\tfrac') return this.fraction();
    if (text === '\\sqrt') return this.squareRoot();
    if (text === '\\sum' || text === '\\prod' || text === '\\int' || text === '\\oint' || text === '\\bigoplus') return this.bigOperator();
    if (text === '\\nabla') return this.gradient();
    if (text === '\\infty') { this.i++; return this.value(scalarShape(), start, t.end); }
    if (text === '\\partial' || text === '\\dots' || text === '\\cdots' || text === '\\ldots') return this.poison();
    if (text === '\\arg') {
      const next = this.tokens[this.i + 1]?.text;
      if (next === '\\min' || next === '\\max') {
        this.i += 2;
        return this.extremum(next === '\\min' ? 'argmin' : 'argmax', start);
      }
      return this.poison();
    }
    if (text === '\\argmin' || text === '\\argmax') { this.i++; return this.extremum(text.slice(1), start); }
    if (EXTREMA.has(text)) { this.i++; return this.extremum(text.slice(1), start); }
    if (text === '\\det' || text === '\\tr' || text === '\\trace' || text === '\\diag') {
      this.i++;
      return this.namedOperator(text.slice(1), start, t.end);
    }
    if (ELEMENTWISE.has(text) && text !== '\\sigma') {
      this.i++;
      return this.functionOf(start, (s) => s);
    }
    if (text === '\\mathbb' || BOLD_STYLES.has(text)) {
      const special = this.styledSpecial();
      if (special) return special;
    }
    if (text === '\\begin') return this.environment();
    if (GROUPING_COMMANDS.has(text) && !readSymbol(this.tokens, this.i)) return this.groupingCommand();
    return undefined;
  }

  /** `\mathbb{E}`, `\mathbf{1}`, `\mathbf{0}`, `\mathbb{1}`; undefined for a styled letter. */
  private styledSpecial(): Value | undefined {
    const t = this.peek()!;
    const arg = readArgument(this.tokens, this.i + 1);
    if (!arg || arg.tokens.length !== 1) return undefined;
    const inner = arg.tokens[0].text;
    const start = t.start;
    if (inner === 'E' && t.text === '\\mathbb') {
      this.i = arg.end;
      return this.expectation(start);
    }
    if (inner === '1' || inner === '0') {
      this.i = arg.end;
      let end = this.tokens[arg.end - 1].end;
      const next = this.peek()?.text;
      if (inner === '1' && (next === '[' || next === '(' || next === '\\{')) {
        const close = this.findClose(this.i);
        if (close < 0) return this.value(null, start, end);
        this.group(this.i, close);
        return this.value(scalarShape(), start, this.tokens[close].end); // an indicator
      }
      let rows: Dim | null = null;
      if (next === '_') {
        const sub = readArgument(this.tokens, this.i + 1);
        if (!sub || sub.end > this.limit) return this.value(null, start, end);
        this.i = sub.end;
        end = this.tokens[sub.end - 1].end;
        rows = parseDim(sub.tokens);
        if (!rows) return this.value(inner === '1' ? scalarShape() : null, start, end); // `\mathbb{1}_{\{y=k\}}`
      }
      const shape: Shape = { rows, cols: ONE };
      if (inner === '0') shape.kind = 'zero';
      return this.value(shape, start, end);
    }
    return undefined;
  }

  /** `\mathbb{E}_{x\sim p}[f(x)]`: the shape of what is averaged. */
  private expectation(start: number): Value {
    this.skipScripts();
    const next = this.peek();
    if (!next) return this.value(null, start, this.tokens[this.i - 1].end);
    if (next.text === '[' || next.text === '(' || next.text === '{') {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      const inner = this.group(this.i, close);
      return this.value(inner.shape, start, inner.end);
    }
    const operand = this.parseFactor();
    return this.value(operand.shape, start, operand.end);
  }

  /** Skips `_…` and `^…` after an operator (`\sum_{i=1}^n`, `\mathbb{E}_{x}`), returning the subscript. */
  private skipScripts(): Token[] | undefined {
    let sub: Token[] | undefined;
    while (this.peek()?.text === '_' || this.peek()?.text === '^') {
      const isSub = this.peek()!.text === '_';
      const arg = readArgument(this.tokens, this.i + 1);
      if (!arg || arg.end > this.limit) { this.i = this.limit; break; }
      if (isSub) sub = arg.tokens;
      this.i = arg.end;
    }
    return sub;
  }

  private fraction(): Value {
    const start = this.peek()!.start;
    const numerator = readArgument(this.tokens, this.i + 1);
    const denominator = numerator && readArgument(this.tokens, numerator.end);
    if (!numerator || !denominator || denominator.end > this.limit) return this.poison();
    const top = this.braced(this.i + 1, numerator.end);
    const bottom = this.braced(numerator.end, denominator.end);
    this.i = denominator.end;
    const end = this.tokens[denominator.end - 1].end;
    if (!top) return this.value(null, start, end);
    return this.value(!bottom || isScalar(bottom) ? top : null, start, end);
  }

  /** The shape of a TeX argument spanning tokens [from, to): a brace group or one token. */
  private braced(from: number, to: number): Shape | null {
    const saved = this.i;
    let result: Value | undefined;
    if (this.tokens[from].text === '{') {
      this.i = from + 1;
      this.within(to - 1, () => { result = this.parseGroupContent(); });
    } else {
      this.i = from;
      this.within(to, () => { result = this.parseGroupContent(); });
    }
    this.i = saved;
    return result?.shape ?? null;
  }

  private squareRoot(): Value {
    const start = this.peek()!.start;
    let next = this.i + 1;
    if (this.tokens[next]?.text === '[') {
      while (next < this.limit && this.tokens[next].text !== ']') next++;
      next++;
    }
    const arg = readArgument(this.tokens, next);
    if (!arg || arg.end > this.limit) return this.poison();
    const inner = this.braced(next, arg.end);
    this.i = arg.end;
    return this.value(inner, start, this.tokens[arg.end - 1].end);
  }

  /** `\sum_{i} x_i x_i^\top` has the shape of its summand; `\prod` and `\int` of a scalar are scalars. */
  private bigOperator(): Value {
    const t = this.tokens[this.i++];
    this.skipScripts();
    const summand = this.parseTerm();
    const end = summand?.end ?? t.end;
    const s = summand?.shape ?? null;
    if (t.text === '\\sum' || t.text === '\\bigoplus') return this.value(t.text === '\\sum' ? s : null, t.start, end);
    return this.value(s && isScalar(s) ? s : null, t.start, end);
  }

  /** `\nabla_w f` has the shape of `w` (for a scalar `f`); `\nabla^2_w f` is d×d for `w` in R^d. */
  private gradient(): Value {
    const t = this.tokens[this.i++];
    let variable: Token[] | undefined;
    let order = 1;
    while (this.peek()?.text === '_' || this.peek()?.text === '^') {
      const isSub = this.peek()!.text === '_';
      const arg = readArgument(this.tokens, this.i + 1);
      if (!arg || arg.end > this.limit) return this.poison();
      if (isSub) variable = arg.tokens;
      else order = arg.tokens.length === 1 && arg.tokens[0].text === '2' ? 2 : 0;
      this.i = arg.end;
    }
    const operand = this.atStop() ? undefined : this.parseFactor();
    const end = operand?.end ?? this.tokens[this.i - 1].end;
    if (!variable || order === 0) return this.value(null, t.start, end);
    if (operand?.shape && !isScalar(operand.shape)) return this.value(null, t.start, end);
    const read = readSymbol(variable, 0);
    if (!read || read.end !== variable.length) return this.value(null, t.start, end);
    const binding = this.lookup(read);
    const v = binding && binding !== 'entry' ? binding.shape : binding === 'entry' ? scalarShape() : undefined;
    if (!v) return this.value(null, t.start, end);
    if (order === 2) return this.value(isColumn(v) ? { rows: v.rows, cols: v.rows } : isScalar(v) ? v : null, t.start, end);
    return this.value({ rows: v.rows, cols: v.cols }, t.start, end);
  }

  /** `\min_w L`, `\max(0, z)`, `\arg\min_w L` (the shape of `w`). */
  private extremum(kind: string, start: number): Value {
    const sub = this.skipScripts();
    const next = this.peek();
    let operand: Value | undefined;
    if (next?.text === '(' && (kind === 'min' || kind === 'max')) {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      const items = this.listContent(this.i, close);
      const end = this.tokens[close].end;
      return this.value(commonShape(items), start, end);
    }
    if (next && !this.atStop()) operand = this.parseExpressionOperand();
    const end = operand?.end ?? this.tokens[this.i - 1].end;
    if (kind === 'min' || kind === 'max') return this.value(operand?.shape ?? null, start, end);
    if (!sub) return this.value(null, start, end);
    const read = readSymbol(sub, 0);
    if (!read) return this.value(null, start, end);
    const binding = this.lookup(read);
    const shape = binding && binding !== 'entry' && binding.shape ? { rows: binding.shape.rows, cols: binding.shape.cols } : null;
    return this.value(shape, start, end);
  }

  /** The operand of `\min_w`: the rest of the side. */
  private parseExpressionOperand(): Value {
    return this.parseExpression();
  }

  /** `\det`, `\operatorname{tr}`, `\operatorname{diag}`, softmax, argmin … by name. */
  private namedOperator(name: string, start: number, end: number): Value {
    if (ARG_OPERATORS.has(name)) return this.extremum(name, start);
    if (name === 'min' || name === 'max') return this.extremum(name, start);
    if (name === 'e' ) return this.expectation(start);
    if (ELEMENTWISE.has(name)) {
      if (this.peek()?.text === '(') return this.value(null, start, end, { elementwise: true });
      return this.functionOf(start, (s) => s);
    }
    if (name === 'tr' || name === 'trace' || name === 'det' || name === 'logdet') {
      return this.functionOf(start, (s, v) => {
        if (!isScalar(s) && s.rows && s.cols && !shapesCompatible({ rows: s.rows, cols: s.rows }, { rows: s.cols, cols: s.cols })) {
          this.report(start, v.end, `${name === 'det' || name === 'logdet' ? 'a determinant' : 'a trace'} needs a square matrix, got ${formatShape(s)}`,
            [s.rowsFrom, s.colsFrom]);
          return null;
        }
        return scalarShape();
      });
    }
    if (name === 'diag') {
      return this.functionOf(start, (s) => {
        if (isScalar(s)) return s;
        if (isColumn(s)) return { rows: s.rows, cols: s.rows };
        if (s.rows && s.cols && shapesCompatible({ rows: s.rows, cols: s.rows }, { rows: s.cols, cols: s.cols })) {
          return { rows: s.rows, cols: ONE };
        }
        return null;
      });
    }
    if (name === 'rank') return this.functionOf(start, () => scalarShape());
    return this.value(null, start, end);
  }

  /** A function applied to a bracketed group or, without brackets, to the next factor. */
  private functionOf(start: number, result: (s: Shape, v: Value) => Shape | null): Value {
    this.skipScripts();
    if (this.atStop()) return this.value(null, start, this.tokens[this.i - 1].end);
    const next = this.peek()!;
    let arg: Value;
    if (next.text === '(' || next.text === '[' || next.text === '{') {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      arg = this.group(this.i, close);
    } else {
      arg = this.parseFactor();
    }
    const s = arg.shape;
    return this.value(s ? result(s, { ...arg, end: arg.end }) : null, start, arg.end);
  }

  private norm(): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) return this.poison();
    this.group(open, close);
    return this.value(scalarShape(), this.tokens[open].start, this.tokens[close].end);
  }

  /** `|a|` of a scalar, or the determinant `|\Sigma|`: a scalar; of anything else unknown (elementwise). */
  private absolute(): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) return this.poison();
    const inner = this.group(open, close);
    const s = inner.shape;
    const square = s && s.rows && s.cols && dimsCompatible(s.rows, s.cols) && s.rows !== null;
    return this.value(s && (isScalar(s) || square) ? scalarShape() : null, inner.start, inner.end);
  }

  private innerProduct(): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) return this.poison();
    const items = this.listContent(open, close);
    const start = this.tokens[open].start;
    const end = this.tokens[close].end;
    if (items.length !== 2) return this.value(null, start, end);
    const [a, b] = items.map((v) => v?.shape ?? null);
    if (a && b && !a.kind && !b.kind && !isScalar(a) && !isScalar(b) && !shapesCompatible(a, b)) {
      this.report(start, end, `an inner product needs equal shapes, got ${formatShape(a)} and ${formatShape(b)}`,
        [a.rowsFrom, b.rowsFrom]);
      return this.value(null, start, end);
    }
    return this.value(scalarShape(), start, end);
  }

  /** `\begin{pmatrix}…\end{pmatrix}`, `cases`: unknown, but their insides are still checked. */
  private environment(): Value {
    const start = this.peek()!.start;
    const arg = readArgument(this.tokens, this.i + 1);
    if (!arg) return this.poison();
    const name = arg.tokens.map((t) => t.text).join('');
    let depth = 0;
    for (let j = this.i; j < this.limit; j++) {
      const text = this.tokens[j].text;
      const envName = (readArgument(this.tokens, j + 1)?.tokens ?? []).map((t) => t.text).join('');
      if (text === '\\begin' && envName === name) depth++;
      if (text === '\\end' && envName === name && --depth === 0) {
        const endArg = readArgument(this.tokens, j + 1)!;
        this.i = endArg.end;
        return this.value(null, start, this.tokens[endArg.end - 1].end);
      }
    }
    this.i = this.limit;
    return this.value(null, start, this.tokens[this.limit - 1].end);
  }

  /** `\boxed{…}`, `\underbrace{…}_{…}`, `\hat{Xw}`: the shape of what they wrap. */
  private groupingCommand(): Value {
    const t = this.tokens[this.i];
    let next = this.i + 1;
    if (t.text === '\\color' || t.text === '\\textcolor') {
      const colour = readArgument(this.tokens, next);
      if (!colour) return this.poison();
      next = colour.end;
      if (t.text === '\\color') { this.i = next; return this.value(null, t.start, this.tokens[next - 1].end); }
    }
    const arg = readArgument(this.tokens, next);
    if (!arg || arg.end > this.limit) return this.poison();
    const inner = this.braced(next, arg.end);
    this.i = arg.end;
    let end = this.tokens[arg.end - 1].end;
    if ((t.text === '\\underbrace' || t.text === '\\overbrace') && (this.peek()?.text === '_' || this.peek()?.text === '^')) {
      this.skipScripts();
      end = this.tokens[this.i - 1].end;
    }
    return this.value(inner, t.start, end);
  }
}

function isColumn(s: Shape): boolean {
  return !s.kind && isOne(s.cols) && !isOne(s.rows);
}

/** A row or column vector (not a scalar, not `I` or `0`). */
function isVector(s: Shape): boolean {
  return !s.kind && isOne(s.rows) !== isOne(s.cols);
}

/** Neither dimension is known to be 1. */
function isMatrix(s: Shape): boolean {
  return !s.kind && s.rows !== null && s.cols !== null && !isOne(s.rows) && !isOne(s.cols);
}

/**
 * Broadcasting (NOTE-SPEC §4): a matrix plus a vector whose length matches
 * the matrix's rows or columns (`XW + b` with `b` in `\mathbb{R}^{1\times q}`
 * or `\mathbb{R}^q`) is ML notation; the sum has the matrix's shape.
 */
function broadcastShape(x: Shape, y: Shape): Shape | undefined {
  const [matrix, vector] = isMatrix(x) && isVector(y) ? [x, y] : isMatrix(y) && isVector(x) ? [y, x] : [];
  if (!matrix || !vector) return undefined;
  const length = isOne(vector.rows) ? vector.cols : vector.rows;
  if (length === null || dimsEqual(length, matrix.cols!) || dimsEqual(length, matrix.rows!)) return matrix;
  return undefined;
}

/** How many indices a subscript holds: `ij` and `i,j` → 2, `i` → 1, anything else → 0. */
function indexCount(sub: Token[]): number {
  const parts = sub.filter((t) => t.text !== ',');
  if (!parts.every((t) => t.kind === 'letter' || t.kind === 'num')) return 0;
  return parts.length;
}

/** The shape shared by the arguments of `\max(0, z)`: zeros and scalars adapt, disagreement is unknown. */
function commonShape(items: (Value | null)[]): Shape | null {
  let result: Shape | null = null;
  for (const item of items) {
    const s = item?.shape;
    if (!s) return null;
    if (s.kind === 'zero') continue;
    if (!result) { result = s; continue; }
    if (isScalar(result) !== isScalar(s) || !shapesCompatible(result, s)) return null;
  }
  return result;
}

export interface ShapeAnalysis {
  problems: ShapeProblem[];
  nodes: ShapedNode[];
}

function usesDeclared(tokens: Token[], env: ShapeEnv): boolean {
  for (const token of tokens) if (env.bases.has(token.text)) return true;
  return false;
}

/** Parses `tex` once: its problems and the shape of every understood sub-expression. */
export function analyzeShapes(tex: string, env: ShapeEnv, collectNodes = false): ShapeAnalysis {
  const tokens = tokenize(tex);
  // Nothing declared is used here: nothing can be known, so nothing can be wrong.
  if (!usesDeclared(tokens, env)) return { problems: [], nodes: [] };
  const parser = new ShapeParser(tex, tokens, env);
  parser.collectNodes = collectNodes;
  parser.parseChain();
  return { problems: parser.problems, nodes: parser.nodes };
}

/** The shape of `tex` read as one expression; null when unknown or when more than one expression is there. */
export function wholeShape(tex: string, env: ShapeEnv): Shape | null {
  const tokens = tokenize(tex);
  const parser = new ShapeParser(tex, tokens, env);
  const value = parser.parseExpression();
  return parser.i === tokens.length && parser.problems.length === 0 ? value.shape : null;
}
